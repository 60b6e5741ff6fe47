"""The tables every export writes — CSV, XLSX and PDF alike: columns, rows read in one query, the summary's breakdowns.

The full list is read with one `values_list(...).iterator(chunk_size=2000)` query — no model
instances, no query per row — so memory stays flat whatever the number of rows.

Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
would be run as a formula by Excel / LibreOffice when the file is opened. Such text is prefixed
with an apostrophe (`'`), OWASP's recommendation, in CSV and XLSX alike. We chose the apostrophe
over a leading space because a reader sees that the text was altered, and because tools that
trim white space on import (and Excel itself on some paths) would strip a space and revive the
formula. The cost: a Vietnamese bullet text such as "- Hội viên…" shows as "'- Hội viên…".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.models import InitiativeKind, Level, field_label

from ..models import Commendation, Initiative, Origin, State, Subject

CHUNK_SIZE = 2000
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ProgressCallback = Callable[[int], None]

TEXT, INT, DATE, BOOL = "text", "int", "date", "bool"


@dataclass(frozen=True)
class Column:
    header: Promise | str
    width: float
    kind: str = TEXT


# The columns that the full list and the recognized list share, written the same in both.
_ROW_NUMBER = Column(_("STT"), 6, INT)
_NAME = Column(_("Tên mô hình/điển hình"), 50)
_UNIT = Column(_("Đơn vị"), 28)
_FIELD = Column(_("Lĩnh vực"), 22)
_KIND = Column(_("Loại"), 11)
_SUBJECT = Column(_("Chủ thể"), 10)
# The recognition decision: its number, its date, its level, and whether the initiative is outstanding.
_DECISION_COLUMNS: tuple[Column, ...] = (
    Column(_("Số quyết định công nhận"), 18),
    Column(_("Ngày quyết định"), 12, DATE),
    Column(_("Cấp công nhận"), 14),
    Column(_("Tiêu biểu"), 9, BOOL),
)

# The full list of initiatives, in the order of the yearly list that units hand in.
LIST_COLUMNS: tuple[Column, ...] = (
    _ROW_NUMBER,
    Column(_("Mã hồ sơ"), 9, INT),
    _NAME,
    _UNIT,
    Column(_("Đơn vị cấp trên"), 24),
    _FIELD,
    _KIND,
    _SUBJECT,
    Column(_("Hình thức"), 13),
    Column(_("Trạng thái"), 22),
    Column(_("Năm"), 7, INT),
    Column(_("Đợt phát động"), 30),
    Column(_("Thời gian bắt đầu"), 12, DATE),
    Column(_("Thời gian kết thúc"), 12, DATE),
    Column(_("Địa bàn"), 26),
    *_DECISION_COLUMNS,
    Column(_("Số khen thưởng"), 10, INT),
    Column(_("Số lần nhân rộng"), 10, INT),
)

_LIST_FIELDS = (
    "pk",
    "name",
    "unit__name",
    "unit__parent__name",
    "field__name",
    "field__name_en",
    "kind",
    "subject",
    "origin",
    "state",
    "campaign__year",
    "campaign__name",
    "starts_on",
    "ends_on",
    "area",
    "decision__number",
    "decision__decided_on",
    "decision__level",
    "outstanding",
    "commendation_count",
    "replication_count",
)


# ----- cell values ------------------------------------------------------------------------
def neutralize(value: Any) -> Any:
    """Return text that no spreadsheet will run as a formula (see the module docstring)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _count_of(queryset: QuerySet, fk: str) -> Coalesce:
    """A correlated COUNT(*) — one sub-select in the same query, not a query per row."""
    inner = queryset.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def list_queryset(queryset) -> Any:
    """Return the rows of the full list as tuples, in one query, ordered by unit then name."""
    return (
        queryset.order_by()
        .annotate(
            # The awards that stand: one recovered by its authority no longer counts (`Commendation.recover`).
            commendation_count=_count_of(Commendation.objects.standing(), "initiative"),
            replication_count=_count_of(Initiative.objects.replications(), "replicates"),
        )
        .order_by("unit__path", "campaign__year", "name", "pk")
        .values_list(*_LIST_FIELDS)
    )


def choice_labels() -> dict[str, dict[str, str]]:
    """Evaluate the choice labels once, in the active language, before rows are streamed."""
    return {
        "kind": {k: str(v) for k, v in InitiativeKind.choices},
        "subject": {k: str(v) for k, v in Subject.choices},
        "origin": {k: str(v) for k, v in Origin.choices},
        "state": {k: str(v) for k, v in State.choices},
        "level": {k: str(v) for k, v in Level.choices},
        "yes": gettext("Có"),
    }


def _typed_list_row(number: int, values: tuple, labels: dict) -> tuple:
    """One row of the full list: the query's values with their choice labels, in LIST_COLUMNS order."""
    (
        pk,
        name,
        unit,
        parent,
        field,
        field_en,
        kind,
        subject,
        origin,
        state,
        year,
        campaign,
        starts_on,
        ends_on,
        area,
        decision_number,
        decided_on,
        level,
        outstanding,
        commendations,
        replications,
    ) = values
    return (
        number,
        pk,
        name,
        unit,
        parent or "",
        field_label(field, field_en),
        labels["kind"].get(kind, kind),
        labels["subject"].get(subject, subject),
        labels["origin"].get(origin, origin),
        labels["state"].get(state, state),
        year,
        campaign,
        starts_on,
        ends_on,
        area,
        decision_number or "",
        decided_on,
        labels["level"].get(level, level or ""),
        bool(outstanding),
        commendations,
        replications,
    )


def iter_list_rows(
    queryset, labels: dict | None = None, progress: ProgressCallback | None = None, every: int = 500
) -> Iterator[tuple]:
    """Yield one tuple of typed values (str, int, date, bool) per initiative, in LIST_COLUMNS order."""
    labels = labels or choice_labels()
    done = 0
    for values in list_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        done += 1
        yield _typed_list_row(done, values, labels)
        if progress and done % every == 0:
            progress(done)
    if progress:
        progress(done)


def column_headers(columns: Iterable[Column] = LIST_COLUMNS) -> list[str]:
    """The header texts of a sheet's columns, in the active language (the full list's by default)."""
    return [str(column.header) for column in columns]


def date_stamp() -> str:
    """Return today's date as it ends an export's file name (20261231)."""
    return timezone.localdate().strftime("%Y%m%d")


# ----- the summary ------------------------------------------------------------------------
def _rate_number(rate) -> float | None:
    return float(rate) if rate is not None else None


Table = tuple[str, list[str], list[list[Any]]]


def _breakdown(title: str, first: str, rows, summary) -> Table:
    """A breakdown with registered, recognized and rate, then its total row (the summary's own rate)."""
    body = [[i, r.label, r.registered, r.recognized, _rate_number(r.rate)] for i, r in enumerate(rows, 1)]
    body.append(
        [
            None,
            gettext("Tổng cộng"),
            sum(r.registered for r in rows),
            sum(r.recognized for r in rows),
            _rate_number(summary.rate),
        ]
    )
    headers = [gettext("STT"), first, gettext("Đăng ký"), gettext("Công nhận"), gettext("Tỷ lệ công nhận (%)")]
    return title, headers, body


def _counts(title: str, first: str, rows) -> Table:
    """A breakdown with one count per row, then its total row."""
    body = [[i, r.label, r.count] for i, r in enumerate(rows, 1)]
    body.append([None, gettext("Tổng cộng"), sum(r.count for r in rows)])
    return title, [gettext("STT"), first, gettext("Số lượng")], body


def _overview(summary) -> Table:
    """The opening figures; the committee's replication proposals only when the caller counted them."""
    overview = [
        [1, gettext("Tổng số mô hình, điển hình đăng ký"), summary.registered],
        [2, gettext("Số mô hình, điển hình được công nhận"), summary.recognized],
        [3, gettext("Tỷ lệ công nhận (%)"), _rate_number(summary.rate)],
        [4, gettext("Số mô hình, điển hình tiêu biểu"), summary.outstanding],
        [5, gettext("Số mô hình nhân rộng"), summary.replications],
        [6, gettext("Số khen thưởng"), summary.commendations_total],
    ]
    if summary.proposals is not None:
        overview += [
            [7, gettext("Ban Chỉ đạo đề xuất nhân rộng"), summary.proposals],
            [8, gettext("Đơn vị nhận nhân rộng"), summary.proposals_accepted],
            [9, gettext("Đơn vị không nhận"), summary.proposals_declined],
            [10, gettext("Mô hình nhân rộng theo đề xuất được công nhận"), summary.proposals_recognized],
        ]
    return gettext("Tổng quan"), [gettext("STT"), gettext("Chỉ tiêu"), gettext("Số lượng")], overview


def _unit_table(summary) -> Table:
    """One row per unit of the summary (the root's own marked "direct"), then the total row."""
    body: list[list[Any]] = []
    for i, row in enumerate(summary.by_unit, 1):
        name = gettext("%(unit)s (trực tiếp)") % {"unit": row.name} if row.direct else row.name
        body.append([i, name, row.kind_label, row.registered, row.recognized, row.outstanding, _rate_number(row.rate)])
    body.append(
        [
            None,
            gettext("Tổng cộng"),
            None,
            sum(r.registered for r in summary.by_unit),
            sum(r.recognized for r in summary.by_unit),
            sum(r.outstanding for r in summary.by_unit),
            _rate_number(summary.rate),
        ]
    )
    headers = [
        gettext("STT"),
        gettext("Đơn vị"),
        gettext("Loại đơn vị"),
        gettext("Đăng ký"),
        gettext("Công nhận"),
        gettext("Tiêu biểu"),
        gettext("Tỷ lệ công nhận (%)"),
    ]
    return gettext("Theo đơn vị"), headers, body


def summary_tables(summary) -> list[Table]:
    """Return each breakdown as (title, headers, rows of typed values) — shared by XLSX, CSV and PDF.

    Rates are numbers (percent, one decimal) or None when nothing was registered.
    """
    return [
        _overview(summary),
        _breakdown(gettext("Theo lĩnh vực"), gettext("Lĩnh vực"), summary.by_field, summary),
        _breakdown(gettext("Mô hình và điển hình"), gettext("Loại"), summary.by_kind, summary),
        _breakdown(gettext("Tập thể và cá nhân"), gettext("Chủ thể"), summary.by_subject, summary),
        _breakdown(gettext("Mới, duy trì, nhân rộng"), gettext("Hình thức"), summary.by_origin, summary),
        _counts(gettext("Theo cấp công nhận"), gettext("Cấp công nhận"), summary.by_level),
        _unit_table(summary),
        _counts(gettext("Khen thưởng"), gettext("Hình thức khen thưởng"), summary.commendations_by_kind),
        _counts(gettext("Khen thưởng theo cấp"), gettext("Cấp khen thưởng"), summary.commendations_by_level),
        _counts(gettext("Theo trạng thái hồ sơ"), gettext("Trạng thái"), summary.by_state),
    ]


RECOGNIZED_COLUMNS: tuple[Column, ...] = (_ROW_NUMBER, _NAME, _UNIT, _FIELD, _KIND, _SUBJECT, *_DECISION_COLUMNS)


def recognized_queryset(summary) -> Any:
    """Return the rows of the recognized list as tuples, in one query, in the summary's order."""
    return summary.recognized_initiatives.values_list(
        "name",
        "unit__name",
        "field__name",
        "field__name_en",
        "kind",
        "subject",
        "decision__number",
        "decision__decided_on",
        "decision__level",
        "outstanding",
    )


def iter_recognized_rows(summary, labels: dict | None = None) -> Iterator[tuple]:
    """Yield the recognized initiatives with their decisions, one query, in the summary's order."""
    labels = labels or choice_labels()
    rows = recognized_queryset(summary).iterator(chunk_size=CHUNK_SIZE)
    for index, (name, unit, field, field_en, kind, subject, number, decided_on, level, outstanding) in enumerate(
        rows, 1
    ):
        yield (
            index,
            name,
            unit,
            field_label(field, field_en),
            labels["kind"].get(kind, kind),
            labels["subject"].get(subject, subject),
            number or "",
            decided_on,
            labels["level"].get(level, level or ""),
            bool(outstanding),
        )
