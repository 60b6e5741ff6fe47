"""The campaigns app's tasks (Django's task API): announcements to the units, run by a worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def announce_campaign_change(log_id: int) -> int:
    """E-mail the unit staff under the campaign's committee what changed in a launched campaign."""
    from .models import CampaignLog, UnitMembership

    try:
        log = CampaignLog.objects.select_related("campaign__committee__unit").get(pk=log_id)
        campaign = log.campaign
        emails = sorted(
            {
                e
                for e in UnitMembership.objects.filter(unit__path__startswith=campaign.committee.unit.path).values_list(
                    "user__email", flat=True
                )
                if e
            }
        )
        if not emails:
            return 0
        subject = gettext("[DVK] Đợt phát động “%(name)s” được điều chỉnh") % {"name": campaign.name}
        body = gettext("Ban Chỉ đạo đã điều chỉnh đợt phát động “%(name)s”:\n%(changes)s\n") % {
            "name": campaign.name,
            "changes": log.comment,
        }
        return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails])
    except Exception:  # noqa: BLE001 — the change is committed; a failed announcement is only logged.
        logger.exception("Announcement of campaign log %s failed", log_id)
        return 0


def announce(log_id: int) -> None:
    """Queue the announcement of a change (after commit); a queue that is down never breaks the change."""
    try:
        announce_campaign_change.enqueue(log_id)
    except Exception:  # noqa: BLE001
        logger.exception("Announcement of campaign log %s failed: the queue refused it", log_id)
