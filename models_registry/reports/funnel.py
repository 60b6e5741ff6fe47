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

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext

from campaigns.models import PATH_STEP, Level

from ..models import (
    UNREGISTERED_STATES,
    Commendation,
    CommendationProposal,
    Initiative,
    Nomination,
    NominationState,
    State,
)

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
    """Return the funnel's counts per (level, field code, unit path), in one grouped query.

    The definition read straight from the initiatives, with an EXISTS per initiative: it reads every
    initiative of the set (1.2 s for a year at a million), so the pages use `build_funnel`, which reads
    the kept counts and the later steps' own tables; this stays for `level_funnel` and the tests.
    """
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


def _later_steps() -> dict[str, QuerySet]:
    """The steps after recognition, each with the rows of its own table that make an initiative count in it."""
    return {
        "nominated": Nomination.objects.all(),
        "recognized_above": Nomination.objects.filter(state=NominationState.ACCEPTED),
        "proposed": CommendationProposal.objects.counted(),
        "commended": Commendation.objects.all(),
    }


def later_cells(initiatives: QuerySet) -> list[dict]:
    """Return nominated, recognized above, proposed and commended per (level, field code, unit path).

    One query, a UNION ALL of one grouped part per step: the recognized initiatives of the set with a
    row in the step's table, found first by their ids alone (`pk IN (…EXISTS…)`: the year's recognized
    read from a covering index, semi-joined to the step's table, or that small table probed into the
    initiatives, as the planner finds cheaper), and only those read for their level, field and unit.
    A join that read each initiative's row for every commendation of every year took 250 ms at a
    million; an EXISTS per initiative of the year (the definition, `funnel_cells`) 1.2 s.
    """
    recognized = initiatives.order_by().filter(state=State.RECOGNIZED)
    parts = [
        Initiative.objects.filter(pk__in=recognized.filter(Exists(rows.filter(initiative=OuterRef("pk")))).values("pk"))
        .order_by()
        .values("level", "field__code", "unit__path")
        .annotate(step=Value(step), n=Count("pk"))
        for step, rows in _later_steps().items()
    ]
    cells = []
    for row in parts[0].union(*parts[1:], all=True):
        cell = {**dict.fromkeys(STEPS, 0), row["step"]: row["n"]}
        cells.append(
            {**cell, "level": row["level"], "field__code": row["field__code"], "unit__path": row["unit__path"]}
        )
    return cells


def _levels(cells: list[dict]) -> list[FunnelRow]:
    rows = {value: FunnelRow(value, str(label)) for value, label in Level.choices}
    for cell in cells:
        rows.setdefault(cell["level"], FunnelRow(cell["level"], cell["level"] or "—")).add(cell)
    return [row for row in rows.values() if row.registered]


def level_funnel(initiatives: QuerySet) -> list[FunnelRow]:
    """Return the funnel per level aimed at (levels with nothing registered are left out)."""
    return _levels(funnel_cells(initiatives))


def build_funnel(initiatives: QuerySet, summary) -> Funnel:
    """Return the funnel per level, per field (the summary's fields) and per unit (the summary's unit rows).

    Registered, recognized and outstanding are the summary's own numbers (the kept counts, or its
    grouped query when it read the initiatives): per level aimed at and field
    (`Summary.by_aimed_level_and_field`) and per unit row. The later steps are `later_cells`, one query.
    Nothing here reads every initiative of the set.
    """
    first_steps = [
        {
            **dict.fromkeys(STEPS, 0),
            "level": level,
            "field__code": field_key,
            "registered": registered,
            "recognized": recognized,
            "outstanding": outstanding,
        }
        for (level, field_key), (registered, recognized, outstanding) in summary.by_aimed_level_and_field.items()
    ]
    later = later_cells(initiatives)
    fields = {row.key: FunnelRow(row.key, row.label) for row in summary.by_field}
    units = [
        (row, FunnelRow(row.path, row.name, row.registered, row.recognized, row.outstanding)) for row in summary.by_unit
    ]
    direct = {row.path: funnel_row for row, funnel_row in units if row.direct}
    children = {row.path: funnel_row for row, funnel_row in units if not row.direct}
    root_path = summary.root_unit.path if summary.root_unit is not None else ""
    child_len = len(root_path) + PATH_STEP + 1
    for cell in first_steps + later:
        code = cell["field__code"]
        fields.setdefault(code, FunnelRow(code, code)).add(cell)
    for cell in later:
        path = cell["unit__path"] or ""
        unit_row = direct.get(root_path) if len(path) < child_len else children.get(path[:child_len])
        if unit_row is not None and path.startswith(root_path):
            unit_row.add(cell)
    for row, funnel_row in units:
        if row.direct:
            funnel_row.label = gettext("%(unit)s (trực tiếp)") % {"unit": row.name}
    return Funnel(
        by_level=_levels(first_steps + later),
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
