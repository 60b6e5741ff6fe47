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
  returned); **recognized above**: the level above recognized it (an accepted nomination, its
  decision not revoked);
- **proposed**: recognized and proposed for a commendation (`CommendationProposal`, not withdrawn:
  waiting, granted or declined);
- **commended**: recognized with at least one commendation recorded.

The steps after recognition are kept on the initiative (`Initiative.later_steps`, models/steps.py,
which also says which rows make each step) and in the kept counts: the summary reads them with
everything else, and the funnel adds up its numbers without a query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from campaigns.models import Level

from ..models import UNREGISTERED_STATES, State
from ..models.steps import BITS, FUNNEL_STEPS, step_rows


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
        for step in FUNNEL_STEPS:
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

    The definition read straight from the step tables (`steps.step_rows`), with an EXISTS per
    initiative and step: it reads every initiative of the set (1.2 s for a year at a million), so the
    pages use `build_funnel`, which adds up the kept counts; this stays for `level_funnel` and the
    tests, which check the kept steps against it.
    """
    recognized = Q(state=State.RECOGNIZED)
    rows = step_rows()
    reached = {f"_{step}": Exists(rows[bit].filter(initiative=OuterRef("pk"))) for step, bit in BITS.items()}
    return list(
        initiatives.order_by()
        .annotate(**reached)
        .values("level", "field__code", "unit__path")
        .annotate(
            registered=Count("pk", filter=~Q(state__in=UNREGISTERED_STATES)),
            recognized=Count("pk", filter=recognized),
            outstanding=Count("pk", filter=recognized & Q(outstanding=True)),
            **{step: Count("pk", filter=recognized & Q(**{f"_{step}": True})) for step in BITS},
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


def build_funnel(summary) -> Funnel:
    """Return the funnel per level, per field (the summary's fields) and per unit (the summary's unit rows).

    Every step is the summary's own numbers (the kept counts, or its grouped query when it read the
    initiatives): per level aimed at and field (`Summary.by_aimed_level_and_field`) and per unit row
    (`UnitRow.later` for the steps after recognition). No query of its own.
    """
    cells = [
        {"level": level, "field__code": field_key, **dict(zip(FUNNEL_STEPS, numbers, strict=True))}
        for (level, field_key), numbers in summary.by_aimed_level_and_field.items()
    ]
    fields = {row.key: FunnelRow(row.key, row.label) for row in summary.by_field}
    for cell in cells:
        code = cell["field__code"]
        fields.setdefault(code, FunnelRow(code, code)).add(cell)
    units = []
    for row in summary.by_unit:
        label = gettext("%(unit)s (trực tiếp)") % {"unit": row.name} if row.direct else row.name
        units.append(FunnelRow(row.path, label, row.registered, row.recognized, row.outstanding, **row.later))
    return Funnel(
        by_level=_levels(cells),
        by_field=[row for row in fields.values() if row.registered],
        by_unit=[row for row in units if row.registered],
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
        body: list[list[Any]] = [
            [i, r.label, *(getattr(r, step) for step in FUNNEL_STEPS)] for i, r in enumerate(rows, 1)
        ]
        body.append([None, gettext("Tổng cộng"), *(sum(getattr(r, step) for r in rows) for step in FUNNEL_STEPS)])
        return title, funnel_headers(first), body

    if not funnel:
        return []
    return [
        table(gettext("Đến khen thưởng theo cấp"), gettext("Cấp đăng ký"), funnel.by_level),
        table(gettext("Đến khen thưởng theo lĩnh vực"), gettext("Lĩnh vực"), funnel.by_field),
        table(gettext("Đến khen thưởng theo đơn vị"), gettext("Đơn vị"), funnel.by_unit),
    ]
