"""What a report covers: one campaign, the campaigns of a year, or a period of years.

Reports a province hands up are yearly, mid-term (e.g. 2020–2022) and five-year (2020–2025,
2025–2030). One `Period` names the choice once: the summary page, the exports, the report and
its assessment draft all read their filter, label, key and file name from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext

from campaigns.models import Campaign
from campaigns.sql import in_campaigns

# A period report spans at most two five-year terms: anything longer is a typo.
MAX_SPAN = 10
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")


@dataclass(frozen=True)
class Period:
    year_from: int
    year_to: int
    campaign: Campaign | None = None

    @classmethod
    def of_campaign(cls, campaign: Campaign) -> Period:
        return cls(campaign.year, campaign.year, campaign)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(year, year)

    @property
    def is_years(self) -> bool:
        """True for a period of several years (mid-term, five-year)."""
        return self.campaign is None and self.year_to > self.year_from

    @property
    def year(self) -> int:
        """The year the report is dated by: the last one of the period."""
        return self.year_to

    @property
    def key(self) -> str:
        """A stable key of the period, e.g. "c12", "2026" or "2020-2025" (assessment drafts are saved under it)."""
        if self.campaign is not None:
            return f"c{self.campaign.pk}"
        if self.is_years:
            return f"{self.year_from}-{self.year_to}"
        return str(self.year_from)

    @property
    def query(self) -> dict:
        """The URL parameters that select this period on the summary page and the exports."""
        if self.campaign is not None:
            return {"campaign": self.campaign.pk}
        if self.is_years:
            return {"period": f"{self.year_from}-{self.year_to}"}
        return {"year": self.year_from}

    @property
    def label(self) -> str:
        """How the page names the period: the campaign, "Năm 2026" or "Giai đoạn 2020–2025"."""
        if self.campaign is not None:
            return str(self.campaign.name)
        if self.is_years:
            return gettext("Giai đoạn %(start)s–%(end)s") % {"start": self.year_from, "end": self.year_to}
        return gettext("Năm %(year)s") % {"year": self.year_from}

    @property
    def span_text(self) -> str:
        """The period inside a sentence or a title: "năm 2026" or "giai đoạn 2020 - 2025"."""
        if self.is_years:
            return gettext("giai đoạn %(start)s - %(end)s") % {"start": self.year_from, "end": self.year_to}
        return gettext("năm %(year)s") % {"year": self.year_from}

    def file_stem(self, what: str) -> str:
        """Return a file name's stem: "Tổng hợp DVK năm 2026 - Dân vận khéo đợt 1" (never an internal id)."""
        stem = f"{what} DVK {self.span_text}"
        if self.campaign is not None:
            stem += f" - {self.campaign.name}"
        return stem

    def filter(self, initiatives: QuerySet) -> QuerySet:
        """Limit a set of initiatives to this period's campaigns."""
        if self.campaign is not None:
            return initiatives.filter(campaign_id=self.campaign.pk)
        return in_campaigns(initiatives, self._campaigns())

    @cached_property
    def campaign_ids(self) -> list[int]:
        """The ids of the period's campaigns, read once (`cached_property` writes past the frozen fields)."""
        return list(self._campaigns().values_list("pk", flat=True))

    def _campaigns(self) -> QuerySet:
        return Campaign.objects.filter(year__gte=self.year_from, year__lte=self.year_to).order_by()


def parse_period(text: str) -> tuple[int, int] | None:
    """Return (first year, last year) of "2020-2025", or None when the text is no valid period."""
    match = _PERIOD.match(text or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if not (start < end <= start + MAX_SPAN):
        return None
    return start, end


def period_choices(years: list[int]) -> list[tuple[str, str]]:
    """The mid-term and five-year periods (terms 2020–2025, 2025–2030, …) that hold at least one of `years`."""
    if not years:
        return []
    choices = []
    first_term = 2020 + 5 * ((min(years) - 2020) // 5)  # terms run 2020–2025, 2025–2030, …
    for start in range(first_term, max(years) + 1, 5):
        for end, kind in ((start + 2, gettext("giữa nhiệm kỳ")), (start + 5, gettext("5 năm"))):
            if any(start <= y <= end for y in years):
                choices.append((f"{start}-{end}", f"{start}–{end} ({kind})"))
    return choices


def year_table(initiatives: QuerySet) -> tuple[str, list[str], list[list]]:
    """The table a period report adds: registered and recognized per year, one grouped query."""
    from django.db.models import Count, Q

    from ..models import State
    from .tables import _rate_number
    from .tally import rate_of, registered_q

    counts = (
        initiatives.order_by()
        .values("campaign__year")
        .annotate(
            registered=Count("id", filter=registered_q()), recognized=Count("id", filter=Q(state=State.RECOGNIZED))
        )
        .order_by("campaign__year")
    )
    rows = [
        [
            i,
            str(c["campaign__year"]),
            c["registered"],
            c["recognized"],
            _rate_number(rate_of(c["recognized"], c["registered"])),
        ]
        for i, c in enumerate(counts, start=1)
    ]
    registered, recognized = sum(r[2] for r in rows), sum(r[3] for r in rows)
    rows.append([None, gettext("Tổng cộng"), registered, recognized, _rate_number(rate_of(recognized, registered))])
    headers = [gettext("STT"), gettext("Năm"), gettext("Đăng ký"), gettext("Công nhận"), gettext("Tỷ lệ công nhận (%)")]
    return gettext("Theo năm"), headers, rows
