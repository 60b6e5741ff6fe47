"""Telling a unit about a record made on its initiative (an inspection, a commendation), after commit.

The moves tell the people they concern from the lifecycle (`lifecycle.send_notifications`); the
records that are not moves come here. The inbox and the mail are the notifications app's.
"""

from __future__ import annotations

import logging

from django.db import transaction

from campaigns.access import staff_of

logger = logging.getLogger(__name__)


def tell_unit(initiative, kind: str, actor, comment: str = "") -> None:
    """Tell the staff of the initiative's unit that `kind` happened to it (after commit; a failure is only logged)."""
    from notifications.sending import notify

    def send() -> None:
        try:
            notify(staff_of(initiative.unit), kind, target=initiative, actor=actor, comment=comment)
        except Exception:  # noqa: BLE001 — the record is saved; telling people must not break it.
            logger.exception("Notification %s of initiative %s failed", kind, initiative.pk)

    transaction.on_commit(send)
