"""The movement across levels in a summary (issue 15): the funnel per level, per field and per unit.

Kept apart from `summary.py` (which counts everything else) so each stays small; the summary page and
the exports (XLSX, PDF, Word: `funnel_tables`) add it beside the summary. Definitions, the numbers the
page, the files and the tests agree on:

- the **level** of an initiative is the level it aims at (`Initiative.level`); its **field** its
  field; its **unit** row the summary's unit row that holds it (a child of the report's root, with
  its subtree, or the root's own row);
- **registered**: every state but draft and withdrawn (as in summary.py);
- **recognized**: state recognized; **outstanding**: recognized and marked outstanding;
- **nominated**: recognized and proposed to the level above (a nomination waiting, accepted or
  returned); **recognized above**: the level above recognized it (an accepted nomination);
- **proposed**: recognized and proposed for a commendation (`CommendationProposal`, not withdrawn:
  waiting, granted or declined);
- **commended**: recognized with at least one commendation recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from campaigns.models import PATH_STEP, Level

from ..models import UNREGISTERED_STATES, Commendation, CommendationProposal, Nomination, NominationState, State

STEPS = ("registered", "recognized", "outstanding", "nominated", "recognized_above", "proposed", "commended")


@dataclass
class FunnelRow:
    key: str
    label: str
    registered: int = 0
    recognized: int = 0
    outstanding: int = 0
    nominated: int = 0
    recognized_above: int = 0
    proposed: int = 0
    commended: int = 0

    @property
    def level(self) -> str:
        """The key of a row of the table per level (the template's and the tests' name for it)."""
        return self.key

    def add(self, cell: dict) -> None:
        for step in STEPS:
            setattr(self, step, getattr(self, step) + cell[step])


@dataclass
class Funnel:
    by_level: list[FunnelRow] = field(default_factory=list)
    by_field: list[FunnelRow] = field(default_factory=list)
    by_unit: list[FunnelRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.by_level)


def funnel_cells(initiatives: QuerySet) -> list[dict]:
    """Return the funnel's counts per (level, field code, unit path), in one grouped query."""
    nominations = Nomination.objects.filter(initiative=OuterRef("pk"))
    recognized = Q(state=State.RECOGNIZED)
    return list(
        initiatives.order_by()
        .annotate(
            _nominated=Exists(nominations),
            _above=Exists(nominations.filter(state=NominationState.ACCEPTED)),
            _proposed=Exists(CommendationProposal.objects.counted().filter(initiative=OuterRef("pk"))),
            _commended=Exists(Commendation.objects.filter(initiative=OuterRef("pk"))),
        )
        .values("level", "field__code", "unit__path")
        .annotate(
            registered=Count("pk", filter=~Q(state__in=UNREGISTERED_STATES)),
            recognized=Count("pk", filter=recognized),
            outstanding=Count("pk", filter=recognized & Q(outstanding=True)),
            nominated=Count("pk", filter=recognized & Q(_nominated=True)),
            recognized_above=Count("pk", filter=recognized & Q(_above=True)),
            proposed=Count("pk", filter=recognized & Q(_proposed=True)),
            commended=Count("pk", filter=recognized & Q(_commended=True)),
        )
    )


def _levels(cells: list[dict]) -> list[FunnelRow]:
    rows = {value: FunnelRow(value, str(label)) for value, label in Level.choices}
    for cell in cells:
        rows.setdefault(cell["level"], FunnelRow(cell["level"], cell["level"] or "—")).add(cell)
    return [row for row in rows.values() if row.registered]


def level_funnel(initiatives: QuerySet) -> list[FunnelRow]:
    """Return the funnel per level aimed at (levels with nothing registered are left out)."""
    return _levels(funnel_cells(initiatives))


def build_funnel(initiatives: QuerySet, summary) -> Funnel:
    """Return the funnel per level, per field (the summary's fields) and per unit (the summary's unit rows)."""
    cells = funnel_cells(initiatives)
    fields = {row.key: FunnelRow(row.key, row.label) for row in summary.by_field}
    units = [(row, FunnelRow(row.path, row.name)) for row in summary.by_unit]
    direct = {row.path: funnel_row for row, funnel_row in units if row.direct}
    children = {row.path: funnel_row for row, funnel_row in units if not row.direct}
    root_path = summary.root_unit.path if summary.root_unit is not None else ""
    child_len = len(root_path) + PATH_STEP + 1
    for cell in cells:
        code = cell["field__code"]
        fields.setdefault(code, FunnelRow(code, code)).add(cell)
        path = cell["unit__path"] or ""
        unit_row = direct.get(root_path) if len(path) < child_len else children.get(path[:child_len])
        if unit_row is not None and path.startswith(root_path):
            unit_row.add(cell)
    for row, funnel_row in units:
        if row.direct:
            funnel_row.label = gettext("%(unit)s (trực tiếp)") % {"unit": row.name}
    return Funnel(
        by_level=_levels(cells),
        by_field=[row for row in fields.values() if row.registered],
        by_unit=[row for _row, row in units if row.registered],
    )


def funnel_headers(first: str) -> list[str]:
    """The columns of a funnel table, as the page, the workbook and the report print them."""
    return [
        gettext("STT"),
        first,
        gettext("Đăng ký"),
        gettext("Được công nhận"),
        gettext("Tiêu biểu"),
        gettext("Đề cử lên cấp trên"),
        gettext("Cấp trên công nhận"),
        gettext("Đề nghị khen thưởng"),
        gettext("Được khen thưởng"),
    ]


def funnel_tables(funnel: Funnel) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Return the funnel as (title, headers, rows) tables for the XLSX, the PDF and the Word report.

    Titles stay under 31 characters and apart from the summary's: they name the workbook's sheets.
    """

    def table(title: str, first: str, rows: list[FunnelRow]):
        body: list[list[Any]] = [[i, r.label, *(getattr(r, step) for step in STEPS)] for i, r in enumerate(rows, 1)]
        body.append([None, gettext("Tổng cộng"), *(sum(getattr(r, step) for r in rows) for step in STEPS)])
        return title, funnel_headers(first), body

    if not funnel:
        return []
    return [
        table(gettext("Đến khen thưởng theo cấp"), gettext("Cấp đăng ký"), funnel.by_level),
        table(gettext("Đến khen thưởng theo lĩnh vực"), gettext("Lĩnh vực"), funnel.by_field),
        table(gettext("Đến khen thưởng theo đơn vị"), gettext("Đơn vị"), funnel.by_unit),
    ]
