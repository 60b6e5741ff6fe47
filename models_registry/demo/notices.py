"""The demo users' inbox: what the replayed 2026 moves would have told them (no mail: it is all in the past).

Built from the transition logs, with the recipients the live code chooses (`concerned_by`),
so `staff`, `member` and the chair each open the site to a few notifications of their own; the
older ones are read, the last fortnight's are not.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType

from campaigns.access import concerned_by, people_under
from campaigns.models import Campaign, CampaignLog
from notifications.models import Notification

from ..models import Initiative, TransitionLog

UNREAD_DAYS = 14


def build_notifications(campaign: Campaign) -> int:
    """Fill the inbox from the campaign's launch and its initiatives' moves; return how many notifications."""
    initiative_type = ContentType.objects.get_for_model(Initiative)
    latest = TransitionLog.objects.filter(initiative__campaign=campaign).order_by("-created_at").first()
    if latest is None:
        return 0
    read_before = latest.created_at - datetime.timedelta(days=UNREAD_DAYS)
    rows: list[Notification] = []

    def add(user_ids, kind, content_type, object_id, actor_id, comment, at) -> None:
        for user_id in sorted(set(user_ids) - {actor_id}):
            rows.append(
                Notification(
                    recipient_id=user_id,
                    kind=kind,
                    content_type=content_type,
                    object_id=object_id,
                    actor_id=actor_id,
                    comment=comment,
                    created_at=at,
                    mailed_at=at,
                    read_at=at if at < read_before else None,
                )
            )

    launch = CampaignLog.objects.filter(campaign=campaign, action="launch").first()
    if launch is not None:
        add(
            people_under(campaign.committee.unit),
            "campaign_launched",
            ContentType.objects.get_for_model(Campaign),
            campaign.pk,
            launch.actor_id,
            "",
            launch.created_at,
        )
    concerned: dict[tuple[int, str], set[int]] = {}
    logs = TransitionLog.objects.filter(initiative__campaign=campaign).select_related("initiative__unit")
    for log in logs.order_by("created_at", "pk"):
        unit, level = log.initiative.unit, log.initiative.level
        if (unit.pk, level) not in concerned:
            concerned[unit.pk, level] = concerned_by(unit, level)
        add(
            concerned[unit.pk, level],
            log.action,
            initiative_type,
            log.initiative_id,
            log.actor_id,
            log.comment,
            log.created_at,
        )
    Notification.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
