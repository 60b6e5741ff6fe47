"""Reminders before deadlines, sent by the daily `send_reminders` command: each one once (SentReminder).

For every launched campaign that sends reminders (`Campaign.sends_reminders`, on by default),
on the days `Campaign.reminder_offsets()` before each deadline:
- registration closing → the staff of every unit in the campaign's scope;
- results report due (an approved initiative's end date) → the initiative's unit;
- honouring before 15 October, statistics due 15 December of the campaign's year → the campaign's committee.
And, whatever the offsets:
- inspections due (approved initiatives not inspected for DVK_INSPECTION_DUE_DAYS) → each committee
  responsible for some, once a week;
- score sheets missing → each member of the responsible committee without a submitted sheet, once
  per request, DVK_SCORE_SHEET_REMINDER_DAYS after recognition was requested.

A day missed (the timer did not run) is caught up the next day: the reminder of the nearest
offset already reached is sent, saying how many days are actually left.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction

from campaigns.access import acting_committees, staff_of
from campaigns.models import (
    Campaign,
    CampaignState,
    CommitteeMembership,
    SteeringCommittee,
    UnitMembership,
    level_of_kind,
)
from notifications.models import SentReminder
from notifications.sending import notify

from .models import Initiative, State, TransitionLog

logger = logging.getLogger(__name__)

HONOURING = (10, 15)  # the mass mobilization tradition day, before which the province honours
STATISTICS = (12, 15)  # state emulation statistics are due


def _once(key: str, today: datetime.date) -> bool:
    """Record the reminder `key` as sent today; False when it was sent before (by this run or another)."""
    _row, created = SentReminder.objects.get_or_create(key=key, defaults={"sent_on": today})
    return created


def _due_offset(deadline: datetime.date, offsets: list[int], today: datetime.date) -> int | None:
    """Return the offset whose day has come (the nearest to the deadline among those reached), or None."""
    if deadline is None or today > deadline:
        return None
    reached = [d for d in offsets if deadline - datetime.timedelta(days=d) <= today]
    return min(reached) if reached else None


def _remind(key: str, today: datetime.date, user_ids, kind: str, target, data: dict) -> int:
    with transaction.atomic():
        if not _once(key, today):
            return 0
        return len(notify(user_ids, kind, target=target, data=data))


def _before(campaign, name: str, deadline, offsets, today, user_ids_of, kind: str, target=None) -> int:
    offset = _due_offset(deadline, offsets, today)
    if offset is None:
        return 0
    data = {"days": (deadline - today).days, "date": deadline.isoformat()}
    return _remind(
        f"{name}:{campaign.pk}:{deadline.isoformat()}:{offset}", today, user_ids_of(), kind, target or campaign, data
    )


def send_reminders(today: datetime.date) -> int:
    """Send every reminder due on `today` that was not sent before; return the number of notifications made."""
    made = 0
    campaigns = Campaign.objects.filter(state=CampaignState.LAUNCHED, sends_reminders=True).select_related(
        "committee__unit"
    )
    for campaign in campaigns:
        offsets = campaign.reminder_offsets()
        scope_unit = campaign.committee.unit
        made += _before(
            campaign,
            "registration_closing",
            campaign.registration_closes_on,
            offsets,
            today,
            lambda u=scope_unit: set(
                UnitMembership.objects.filter(unit__path__startswith=u.path).values_list("user_id", flat=True)
            ),
            "registration_closing",
        )
        committee_people = lambda c=campaign: set(  # noqa: E731
            CommitteeMembership.objects.filter(committee=c.committee).values_list("user_id", flat=True)
        )
        for name, (month, day) in (("honouring_due", HONOURING), ("statistics_due", STATISTICS)):
            made += _before(
                campaign, name, datetime.date(campaign.year, month, day), offsets, today, committee_people, name
            )
        made += _results_due(campaign, offsets, today)
        made += _inspections_due(campaign, today)
        made += _score_sheets_missing(campaign, today)
    return made


def _results_due(campaign, offsets: list[int], today: datetime.date) -> int:
    if not offsets:
        return 0
    latest = today + datetime.timedelta(days=max(offsets))
    made = 0
    approved = Initiative.objects.filter(
        campaign=campaign, state=State.APPROVED, ends_on__gte=today, ends_on__lte=latest
    ).select_related("unit")
    for initiative in approved:
        offset = _due_offset(initiative.ends_on, offsets, today)
        if offset is None:
            continue
        data = {"days": (initiative.ends_on - today).days, "date": initiative.ends_on.isoformat()}
        key = f"results_due:{initiative.pk}:{initiative.ends_on.isoformat()}:{offset}"
        made += _remind(key, today, staff_of(initiative.unit), "results_due", initiative, data)
    return made


def _inspections_due(campaign, today: datetime.date) -> int:
    """Tell each committee how many of the initiatives it acts on wait for an inspection (once a week)."""
    cutoff = today - datetime.timedelta(days=settings.DVK_INSPECTION_DUE_DAYS)
    paths = (
        Initiative.objects.filter(campaign=campaign, state=State.APPROVED)
        .due_for_inspection(cutoff)  # the committee's queue's own rule
        .order_by()
        .values_list("unit__path", "level")
    )
    committees = list(
        SteeringCommittee.objects.filter(unit__path__startswith=campaign.committee.unit.path).values_list(
            "pk", "unit__path", "unit__kind"
        )
    )
    # Each initiative counts for the deepest committee over its unit of its level (the one that acts on it).
    committees.sort(key=lambda row: len(row[1]), reverse=True)
    counts: dict[int, int] = defaultdict(int)
    for path, level in paths:
        for committee_id, committee_path, kind in committees:
            if path.startswith(committee_path) and level_of_kind(kind) == level:
                counts[committee_id] += 1
                break
    year, week, _weekday = today.isocalendar()
    made = 0
    for committee_id, count in sorted(counts.items()):
        members = set(CommitteeMembership.objects.filter(committee_id=committee_id).values_list("user_id", flat=True))
        key = f"inspections_due:{campaign.pk}:{committee_id}:{year}-W{week:02d}"
        made += _remind(key, today, members, "inspections_due", campaign, {"count": count})
    return made


def _score_sheets_missing(campaign, today: datetime.date) -> int:
    """Remind each member of the acting committee (the initiative's level's) who has not scored a recognition request waiting for days."""
    waited = today - datetime.timedelta(days=settings.DVK_SCORE_SHEET_REMINDER_DAYS)
    made = 0
    waiting = Initiative.objects.filter(campaign=campaign, state=State.RECOGNITION_REQUESTED).select_related("unit")
    for initiative in waiting:
        request = (
            TransitionLog.objects.filter(initiative=initiative, action="request_recognition")
            .order_by("-created_at", "-pk")
            .first()
        )
        if request is None or request.created_at.date() > waited:
            continue
        members = set(
            CommitteeMembership.objects.filter(
                committee__in=acting_committees(initiative.unit, initiative.level)
            ).values_list("user_id", flat=True)
        )
        scored = set(initiative.score_sheets.submitted().values_list("member_id", flat=True))
        for user_id in sorted(members - scored):
            key = f"score_sheets_missing:{request.pk}:{user_id}"
            made += _remind(key, today, {user_id}, "score_sheets_missing", initiative, {})
    return made


__all__ = ["send_reminders"]
