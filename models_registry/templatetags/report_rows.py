"""The summary's long tables of counts, a row per unit or per lower committee, written in Python.

Why not in the template: a province's summary prints three such tables (the funnel by unit, the
units, the lower committees: 125–171 rows, about 2,900 cells). The template language resolves
and escapes each cell at about 9 µs, 26 ms of a 90 ms page whatever the number of initiatives;
`dvk.cells.rows` writes the same cells, escaped the same way, in about a tenth of that. The
tables' heads, captions and the empty case stay in the templates; only the repeated rows are here.
Whole counts print without localization (no thousands separator is set, so the digits are the
same); the rate keeps its decimal comma.
"""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.translation import gettext

from dvk import cells
from dvk.dates import date_text

from ..models.steps import FUNNEL_STEPS
from ..reports.rollup import NO_CAMPAIGN, OVERDUE, RUNNING, SUMMARIZED, status_text

register = template.Library()

COUNT = '<td class="text-end">{}</td>'
# The commendation steps carry their names: the tests and the page's script find them by it.
STEP_CELL = {
    "proposed": '<td class="text-end" data-step="proposed">{}</td>',
    "commended": '<td class="text-end" data-step="commended">{}</td>',
}
FUNNEL_ROW = (
    '<tr data-key="{}"{}><th scope="row">{}</th>'
    + "".join(STEP_CELL.get(step, COUNT) for step in FUNNEL_STEPS)
    + "</tr>"
)


@register.simple_tag
def funnel_rows(rows, key: str):
    """The rows of a funnel table (`_funnel_table.html`): a label, then each step's count."""
    level_attribute = ' data-level="{}"' if key == "level" else ""
    return cells.rows(
        FUNNEL_ROW,
        (
            (
                row.key,
                format_html(level_attribute, row.key) if level_attribute else "",
                row.label,
                *(getattr(row, step) for step in FUNNEL_STEPS),
            )
            for row in rows
        ),
    )


@register.simple_tag
def unit_rows(rows):
    """The rows of the summary's table by unit: each unit with its subtree, its kind, counts and rate."""
    direct = format_html(' <span class="small">({})</span>', gettext("trực tiếp"))
    return cells.rows(
        '<tr><th scope="row" class="fw-normal">{}{}</th><td>{}</td>' + COUNT * 3 + '<td class="text-end">{}</td></tr>',
        (
            (
                row.name,
                direct if row.direct else "",
                row.kind_label,
                row.registered,
                row.recognized,
                row.outstanding,
                f"{localize(row.rate)}%" if row.rate is not None else "—",
            )
            for row in rows
        ),
    )


@register.simple_tag
def rollup_rows(rows):
    """The rows of the lower committees' table: their own results and how they stand with summarizing."""
    return cells.rows(
        '<tr data-committee="{}" data-status="{}"><th scope="row">{}</th><td>{}</td>' + COUNT * 5 + "<td>{}</td></tr>",
        ((row.committee_id, row.status, row.name, row.level_label, *row.counts, _summarizing(row)) for row in rows),
    )


# How the page dresses the words of `status_text` (the XLSX and PDF print the words alone).
STATUS_DRESS = {
    OVERDUE: lambda words: cells.badge("danger", words),
    RUNNING: lambda words: words,
    NO_CAMPAIGN: lambda words: format_html('<span class="text-body-secondary">{}</span>', words),
}


def _summarizing(row) -> str:
    """The last cell of a lower committee's row: summarized (the badge, then the day), overdue, running, or none."""
    if row.status == SUMMARIZED:
        return format_html("{} {}", cells.badge("success", gettext("Đã tổng kết")), date_text(row.summarized_at))
    return STATUS_DRESS[row.status](status_text(row))
