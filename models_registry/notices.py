"""Telling a unit about a record made on its initiative (an inspection, a commendation), after commit.

A move tells the people it concerns (`send_notifications`, queued by `lifecycle.write_log`); the
records that are not moves tell the unit (`tell_unit`). The inbox and the mail are the notifications app's.
"""

from __future__ import annotations

import logging

from django.db import transaction

from campaigns.access import concerned_by, staff_of

from .models import TransitionLog

logger = logging.getLogger(__name__)


def tell_unit(initiative, kind: str, actor, comment: str = "", data: dict | None = None) -> None:
    """Tell the staff of the initiative's unit that `kind` happened to it (after commit; a failure is only logged)."""
    from notifications.sending import notify

    def send() -> None:
        try:
            notify(staff_of(initiative.unit), kind, target=initiative, actor=actor, comment=comment, data=data)
        except Exception:  # noqa: BLE001 — the record is saved; telling people must not break it.
            logger.exception("Notification %s of initiative %s failed", kind, initiative.pk)

    transaction.on_commit(send)


def send_notifications(initiative_id: int, log_id: int) -> None:
    """Tell the people a move concerns (inbox now, mail through the queue), after commit; never break the move."""
    from notifications.sending import notify

    try:
        log = TransitionLog.objects.select_related("initiative__unit", "actor").get(pk=log_id)
        initiative = log.initiative
        also: tuple[int, ...] = ()
        if log.action == "nominate":
            # The committee the nomination went to has it in its queue: its members are told too.
            nominations = initiative.nominations.order_by("-created_at", "-pk")
            also = tuple(nominations.values_list("to_committee_id", flat=True)[:1])
        notify(
            concerned_by(initiative.unit, initiative.level, also=also),
            log.action,
            target=initiative,
            actor=log.actor,
            comment=log.comment,
        )
    except Exception:  # noqa: BLE001 — the move is committed; telling people is only logged when it fails.
        logger.exception("Notification for transition log %s failed", log_id)
