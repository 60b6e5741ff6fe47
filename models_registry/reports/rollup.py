"""The roll-up (issue 15): what each lower committee did in its own campaigns, read upward as data.

The province's summary counts its own campaign; the communes' and the blocks' committees run
theirs. Here each committee under the summary's root (not the root's own) gets one row: its
campaigns of the period, the counts of their initiatives (registered, recognized, outstanding,
nominated upward) and whether it has summarized them — and which have not, once their end date
has passed. One query, whatever the number of committees: the counts are correlated subqueries
of the committee row over the kept counts (`InitiativeCount`: the TOTAL rows of the committee's
own unit in each of its campaigns, a few rows by state, flag and steps each, whatever the number of
initiatives), the campaigns' state a grouped join.

The committees are those under the root that the user oversees, so every initiative of their
campaigns (registered in their own units' subtree) is one the user sees.

Definitions, as in `funnel.py`: registered = every state but draft and withdrawn; recognized =
state recognized; outstanding = recognized and marked; nominated = recognized and proposed upward
(a nomination waiting, accepted or returned).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, JSONArray
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.access import scope
from campaigns.models import CampaignState, Level, SteeringCommittee, Unit, level_of_kind
from dvk.dates import date_text

from ..models import UNREGISTERED_STATES, InitiativeCount, State
from ..models.counts import Grain
from ..models.steps import NOMINATED, holding
from .periods import Period

# Campaigns with no summary due: not launched yet, or summarized already.
OPEN_EXCLUDED = (CampaignState.DRAFT, CampaignState.SUMMARIZED)
# How a lower committee stands with summarizing its campaigns of the period.
SUMMARIZED, OVERDUE, RUNNING, NO_CAMPAIGN = "summarized", "overdue", "running", "none"


@dataclass
class LowerCommittee:
    committee_id: int
    name: str
    unit_name: str
    level_label: str
    campaigns: int
    summarized_campaigns: int
    due_on: datetime.date | None
    summarized_at: datetime.datetime | None
    registered: int
    recognized: int
    outstanding: int
    nominated: int
    today: datetime.date

    @property
    def counts(self) -> tuple[int, int, int, int, int]:
        """The committee's counts in the table's order (the page, the XLSX sheet, the PDF and DOCX table)."""
        return self.campaigns, self.registered, self.recognized, self.outstanding, self.nominated

    @property
    def status(self) -> str:
        """Summarized (every campaign of the period), overdue (one not summarized past its end), running, or none."""
        if not self.campaigns:
            return NO_CAMPAIGN
        if self.summarized_campaigns == self.campaigns:
            return SUMMARIZED
        if self.due_on is not None and self.due_on < self.today:
            return OVERDUE
        return RUNNING


@dataclass
class Rollup:
    rows: list[LowerCommittee]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summarized(self) -> int:
        return self.count(SUMMARIZED)

    @property
    def overdue(self) -> int:
        return self.count(OVERDUE)

    @property
    def running(self) -> int:
        return self.count(RUNNING)

    @property
    def without_campaign(self) -> int:
        return self.count(NO_CAMPAIGN)


def lower_committees(user, period: Period, root: Unit | None):
    """The committees under `root` this user oversees, the root's own (and the period's campaign's) left out."""
    s = scope(user)
    qs = SteeringCommittee.objects.select_related("unit")
    if root is not None:
        qs = qs.filter(unit__path__startswith=root.path).exclude(unit=root)
    else:
        qs = qs.filter(unit__parent__isnull=False)
    if period.campaign is not None:
        qs = qs.exclude(pk=period.campaign.committee_id)
    if not s.is_admin:
        qs = qs.filter(s.oversight_q("unit__"))
    return qs


# The roll-up's counts of a committee's initiatives, in the order of `_counted`'s array.
COUNTED = ("registered", "recognized", "outstanding", "nominated")


def _counted(rows) -> Subquery:
    """The committee row's counts (COUNTED, each 0 when none) added up from the kept counts `rows` of its
    campaigns: one correlated subquery that answers one array, not one subquery per count."""
    recognized = Q(state=State.RECOGNIZED)
    conditions = {
        "registered": ~Q(state__in=UNREGISTERED_STATES),
        "recognized": recognized,
        "outstanding": recognized & Q(outstanding=True),
        "nominated": recognized & Q(later_steps__in=holding(NOMINATED)),
    }
    sums = (Coalesce(Sum("count", filter=conditions[name]), Value(0)) for name in COUNTED)
    return Subquery(rows.values("campaign__committee").annotate(n=JSONArray(*sums)).values("n")[:1])


def _committee_rows(user, period: Period, root: Unit | None):
    """The lower committees' rows with their campaigns' state and their counts, in one query."""
    years = Q(campaigns__year__gte=period.year_from, campaigns__year__lte=period.year_to)
    # Each campaign of the committee row counted whole: the TOTAL rows of the committee's own unit.
    rows = InitiativeCount.objects.filter(
        grain=Grain.TOTAL,
        campaign__committee=OuterRef("pk"),
        campaign__year__gte=period.year_from,
        campaign__year__lte=period.year_to,
        unit=OuterRef("unit"),
    ).order_by()
    return (
        lower_committees(user, period, root)
        .annotate(
            campaign_count=Count("campaigns", filter=years & ~Q(campaigns__state=CampaignState.DRAFT)),
            summarized_count=Count("campaigns", filter=years & Q(campaigns__state=CampaignState.SUMMARIZED)),
            # The deadline that matters: the earliest end among the campaigns still to summarize (the
            # latest end of all would hide a campaign left unsummarized behind a later one still running).
            due_on=Min("campaigns__ends_on", filter=years & ~Q(campaigns__state__in=OPEN_EXCLUDED)),
            last_summarized_at=Max("campaigns__summarized_at", filter=years),
            counted=_counted(rows),
        )
        .order_by("unit__path", "pk")
        # Rows as dicts, not committees with their units: 125 rows for a province, no model to build.
        .values(
            "pk",
            "name",
            "unit__name",
            "unit__kind",
            "campaign_count",
            "summarized_count",
            "due_on",
            "last_summarized_at",
            "counted",
        )
    )


def _lower_committee(c: dict, today: datetime.date) -> LowerCommittee:
    """The roll-up's row of one committee, from its row of `_committee_rows`."""
    return LowerCommittee(
        committee_id=c["pk"],
        name=c["name"],
        unit_name=c["unit__name"],
        level_label=str(Level(level_of_kind(c["unit__kind"])).label),
        campaigns=c["campaign_count"],
        summarized_campaigns=c["summarized_count"],
        due_on=c["due_on"],
        summarized_at=c["last_summarized_at"],
        # No kept row (no campaign in the period): every count 0.
        **dict(zip(COUNTED, c["counted"] or [0] * len(COUNTED), strict=True)),
        today=today,
    )


def rollup(user, period: Period | None, root: Unit | None, today: datetime.date | None = None) -> Rollup | None:
    """Return the lower committees' own results in the period, for a committee member or an administrator.

    None (and no query) for whoever sits on no committee: unit staff have nobody below them.
    """
    s = scope(user)
    if period is None or not s.may_open_committee_pages:
        return None
    today = today or timezone.localdate()
    return Rollup([_lower_committee(c, today) for c in _committee_rows(user, period, root)])


def status_text(row: LowerCommittee) -> str:
    """Say in words how the committee stands with its summary (the page says the same in badges)."""
    if row.status == SUMMARIZED:
        return f"{gettext('Đã tổng kết')} {date_text(row.summarized_at)}".strip()
    if row.status == OVERDUE:
        return gettext("Quá hạn (%(date)s), chưa tổng kết") % {"date": date_text(row.due_on)}
    if row.status == RUNNING:
        return gettext("Đang thực hiện, hạn %(date)s") % {"date": date_text(row.due_on)}
    return gettext("Chưa phát động đợt nào trong kỳ")


def rollup_table(result: Rollup) -> tuple[str, list[str], list[list]]:
    """The roll-up as a report table (title, headers, rows with a total row): the XLSX sheet, the PDF and DOCX table."""
    headers = [
        gettext("STT"),
        gettext("Ban Chỉ đạo"),
        gettext("Cấp"),
        gettext("Đợt phát động"),
        gettext("Đăng ký"),
        gettext("Được công nhận"),
        gettext("Tiêu biểu"),
        gettext("Đề cử lên cấp trên"),
        gettext("Tổng kết"),
    ]
    rows: list[list] = [
        [
            i,
            row.name,
            row.level_label,
            *row.counts,
            status_text(row),
        ]
        for i, row in enumerate(result.rows, start=1)
    ]
    total = [
        None,
        gettext("Tổng cộng"),
        "",
        *(sum(r[col] for r in rows) for col in range(3, 8)),
        gettext("Đã tổng kết: %(done)s/%(count)s") % {"done": result.summarized, "count": len(result.rows)},
    ]
    return gettext("Ban Chỉ đạo cấp dưới"), headers, [*rows, total]
