"""The movement across levels in a summary (issue 15): the funnel per level.

Kept apart from `summary.py` (which counts everything else) so each stays small; the summary page
adds it to its context. Definitions, the numbers the page and the tests agree on:

- the **level** of an initiative is the level it aims at (`Initiative.level`);
- **registered**: every state but draft and withdrawn (as in summary.py);
- **recognized**: state recognized; **outstanding**: recognized and marked outstanding;
- **nominated**: recognized and proposed to the level above (a nomination waiting, accepted or
  returned); **recognized above**: the level above recognized it (an accepted nomination);
- **commended**: recognized with at least one commendation recorded.
- "Proposed for a commendation" is not counted: nothing records a proposal as data (the proposal
  letter is a paper, `reports/papers/proposal.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from campaigns.models import Level

from ..models import UNREGISTERED_STATES, Commendation, Nomination, NominationState, State


@dataclass
class FunnelRow:
    level: str
    label: str
    registered: int = 0
    recognized: int = 0
    outstanding: int = 0
    nominated: int = 0
    recognized_above: int = 0
    commended: int = 0


def level_funnel(initiatives: QuerySet) -> list[FunnelRow]:
    """Return the funnel per level aimed at, in one grouped query (levels with nothing registered are left out)."""
    nominations = Nomination.objects.filter(initiative=OuterRef("pk"))
    recognized = Q(state=State.RECOGNIZED)
    grouped = (
        initiatives.order_by()
        .annotate(
            _nominated=Exists(nominations),
            _above=Exists(nominations.filter(state=NominationState.ACCEPTED)),
            _commended=Exists(Commendation.objects.filter(initiative=OuterRef("pk"))),
        )
        .values("level")
        .annotate(
            registered=Count("pk", filter=~Q(state__in=UNREGISTERED_STATES)),
            recognized=Count("pk", filter=recognized),
            outstanding=Count("pk", filter=recognized & Q(outstanding=True)),
            nominated=Count("pk", filter=recognized & Q(_nominated=True)),
            recognized_above=Count("pk", filter=recognized & Q(_above=True)),
            commended=Count("pk", filter=recognized & Q(_commended=True)),
        )
    )
    found = {row.pop("level"): row for row in grouped}
    return [
        FunnelRow(value, str(label), **found[value])
        for value, label in Level.choices
        if value in found and found[value]["registered"]
    ]
