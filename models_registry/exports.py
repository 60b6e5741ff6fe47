"""Exports of initiatives and of the yearly summary: CSV (streamed) and XLSX (openpyxl).

The full list is read with one `values_list(...).iterator(chunk_size=2000)` query — no model
instances, no query per row — so memory stays flat whatever the number of rows: the CSV is
streamed line by line, the XLSX is written by openpyxl's write-only workbook into a temporary
file that is then streamed.

Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
would be run as a formula by Excel / LibreOffice when the file is opened. Such text is prefixed
with an apostrophe (`'`), OWASP's recommendation, in CSV and XLSX alike. We chose the apostrophe
over a leading space because a reader sees that the text was altered, and because tools that
trim white space on import (and Excel itself on some paths) would strip a space and revive the
formula. The cost: a Vietnamese bullet text such as "- Hội viên…" shows as "'- Hội viên…".
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from campaigns.models import InitiativeKind, Level

from .models import Commendation, Initiative, Origin, State, Subject

CHUNK_SIZE = 2000
DATE_FORMAT = "%d/%m/%Y"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Replications that a unit actually took up (a draft or a withdrawn copy does not count).
COUNTED_REPLICATION_STATES = [
    State.SUBMITTED,
    State.RETURNED,
    State.APPROVED,
    State.RECOGNITION_REQUESTED,
    State.RECOGNIZED,
    State.NOT_RECOGNIZED,
]

ProgressCallback = Callable[[int], None]

TEXT, INT, DATE, BOOL = "text", "int", "date", "bool"


@dataclass(frozen=True)
class Column:
    header: Promise | str
    width: float
    kind: str = TEXT


# The full list of initiatives, in the order of the yearly list that units hand in.
LIST_COLUMNS: tuple[Column, ...] = (
    Column(_("STT"), 6, INT),
    Column(_("Mã hồ sơ"), 9, INT),
    Column(_("Tên mô hình/điển hình"), 50),
    Column(_("Đơn vị"), 28),
    Column(_("Đơn vị cấp trên"), 24),
    Column(_("Lĩnh vực"), 22),
    Column(_("Loại"), 11),
    Column(_("Chủ thể"), 10),
    Column(_("Hình thức"), 13),
    Column(_("Trạng thái"), 22),
    Column(_("Năm"), 7, INT),
    Column(_("Đợt phát động"), 30),
    Column(_("Thời gian bắt đầu"), 12, DATE),
    Column(_("Thời gian kết thúc"), 12, DATE),
    Column(_("Địa bàn"), 26),
    Column(_("Số quyết định công nhận"), 18),
    Column(_("Ngày quyết định"), 12, DATE),
    Column(_("Cấp công nhận"), 14),
    Column(_("Tiêu biểu"), 9, BOOL),
    Column(_("Số khen thưởng"), 10, INT),
    Column(_("Số lần nhân rộng"), 10, INT),
)

_LIST_FIELDS = (
    "pk",
    "name",
    "unit__name",
    "unit__parent__name",
    "field__name",
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


def _xlsx_text(value: str) -> str:
    # openpyxl refuses the control characters that XML 1.0 forbids; drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", neutralize(value))


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if value is None:
        return ""
    return neutralize(value)


def _count_of(model, fk: str, **filters) -> Coalesce:
    """A correlated COUNT(*) — one sub-select in the same query, not a query per row."""
    inner = (
        model.objects.filter(**{fk: OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def list_queryset(queryset) -> Any:
    """Return the rows of the full list as tuples, in one query, ordered by unit then name."""
    return (
        queryset.order_by()
        .annotate(
            commendation_count=_count_of(Commendation, "initiative"),
            replication_count=_count_of(Initiative, "replicates", state__in=COUNTED_REPLICATION_STATES),
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
        "yes": _g("Có"),
    }


def iter_list_rows(
    queryset, labels: dict | None = None, progress: ProgressCallback | None = None, every: int = 500
) -> Iterator[tuple]:
    """Yield one tuple of typed values (str, int, date, bool) per initiative, in LIST_COLUMNS order."""
    labels = labels or choice_labels()
    kinds, subjects, origins = labels["kind"], labels["subject"], labels["origin"]
    states, levels = labels["state"], labels["level"]
    done = 0
    for (
        pk,
        name,
        unit,
        parent,
        field,
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
    ) in list_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        done += 1
        yield (
            done,
            pk,
            name,
            unit,
            parent or "",
            field,
            kinds.get(kind, kind),
            subjects.get(subject, subject),
            origins.get(origin, origin),
            states.get(state, state),
            year,
            campaign,
            starts_on,
            ends_on,
            area,
            decision_number or "",
            decided_on,
            levels.get(level, level or ""),
            bool(outstanding),
            commendations,
            replications,
        )
        if progress and done % every == 0:
            progress(done)
    if progress:
        progress(done)


def column_headers(columns: Iterable[Column] = LIST_COLUMNS) -> list[str]:
    """The header texts of a sheet's columns, in the active language (the full list's by default)."""
    return [str(column.header) for column in columns]


def list_csv_rows(rows: Iterable[tuple], yes: str) -> Iterator[list]:
    """Turn typed list rows into CSV cells (dd/mm/yyyy dates, "Có" for a flag, neutralized text)."""
    for row in rows:
        yield [(yes if value else "") if isinstance(value, bool) else _csv_value(value) for value in row]


# ----- CSV --------------------------------------------------------------------------------
class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[Iterable], batch: int = 200) -> Iterator[bytes]:
    """Yield UTF-8 bytes of a CSV (a BOM first, so Excel reads Vietnamese correctly), a few lines at a time."""
    writer = csv.writer(_Echo())
    yield BOM.encode("utf-8")
    buffer: list[str] = []
    for row in rows:
        buffer.append(writer.writerow(row))
        if len(buffer) >= batch:
            yield "".join(buffer).encode("utf-8")
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode("utf-8")


def write_csv(fileobj, rows: Iterable[Iterable]) -> None:
    """Write a CSV with a BOM to a binary file."""
    for chunk in csv_stream(rows):
        fileobj.write(chunk)


def initiatives_list_csv_rows(queryset, progress: ProgressCallback | None = None) -> Iterator[list]:
    """Return the header then one CSV row per initiative.

    Headers and labels are evaluated now, while the caller's language is active, so the rows
    can be streamed after the request has returned.
    """
    labels = choice_labels()
    headers = column_headers()

    def rows() -> Iterator[list]:
        yield headers
        yield from list_csv_rows(iter_list_rows(queryset, labels, progress), labels["yes"])

    return rows()


def _stamp() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def attachment_header(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename)


def initiatives_csv_response(queryset, filename: str | None = None) -> StreamingHttpResponse:
    """Stream the full list of the given initiatives as CSV (UTF-8 with BOM), in constant memory."""
    response = StreamingHttpResponse(csv_stream(initiatives_list_csv_rows(queryset)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(filename or f"danh-sach-mo-hinh-{_stamp()}.csv")
    return response


# ----- XLSX -------------------------------------------------------------------------------
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
TITLE_FONT = Font(bold=True, size=13)


def header_cells(ws, headers: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=_xlsx_text(str(header)))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        cells.append(cell)
    return cells


def xlsx_row(ws, values: Iterable[Any], yes: str = "") -> list[Any]:
    """Convert typed values into write-only cells: real dates and numbers, neutralized text."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, bool):
            out.append(yes if value else None)
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = XLSX_DATE_FORMAT
            out.append(cell)
        elif isinstance(value, str):
            out.append(_xlsx_text(value) if value else None)
        else:
            out.append(value)
    return out


def set_widths(ws, widths: Iterable[float]) -> None:
    # Write-only sheets take column widths only before the first row is written.
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("\\/?*[]:", "-"))


def sheet_title(text: str) -> str:
    """Return a valid sheet name: no \\ / ? * [ ] : and at most 31 characters (Excel's rules)."""
    return str(text).translate(_SHEET_TITLE_FORBIDDEN)[:31] or "Sheet"


def write_list_sheet(
    workbook: Workbook, queryset, title: str | None = None, progress: ProgressCallback | None = None
) -> None:
    """Add the full list of initiatives as a sheet: frozen bold header, widths, dates and numbers typed."""
    ws = workbook.create_sheet(title=sheet_title(title or _g("Danh sách")))
    set_widths(ws, (column.width for column in LIST_COLUMNS))
    ws.freeze_panes = "A2"
    labels = choice_labels()
    ws.append(header_cells(ws, column_headers()))
    for row in iter_list_rows(queryset, labels, progress):
        ws.append(xlsx_row(ws, row, labels["yes"]))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(LIST_COLUMNS))}1"


def save_workbook(workbook: Workbook) -> Any:
    """Save a workbook into a temporary file (not memory) and return it rewound."""
    # Left open on purpose: the caller streams it (FileResponse closes it) or copies it out.
    tmp = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(tmp)
    tmp.seek(0)
    return tmp


def initiatives_workbook(queryset, progress: ProgressCallback | None = None) -> Workbook:
    workbook = Workbook(write_only=True)
    write_list_sheet(workbook, queryset, progress=progress)
    return workbook


def initiatives_xlsx_response(queryset, filename: str | None = None) -> FileResponse:
    """Return the full list of the given initiatives as an XLSX attachment."""
    tmp = save_workbook(initiatives_workbook(queryset))
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=filename or f"danh-sach-mo-hinh-{_stamp()}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# ----- the summary ------------------------------------------------------------------------
def _rate_number(rate) -> float | None:
    return float(rate) if rate is not None else None


def summary_tables(summary) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Return each breakdown as (title, headers, rows of typed values) — shared by XLSX, CSV and PDF.

    Rates are numbers (percent, one decimal) or None when nothing was registered.
    """
    registered, recognized, rate = _g("Đăng ký"), _g("Công nhận"), _g("Tỷ lệ công nhận (%)")

    def breakdown(title: str, first: str, rows) -> tuple[str, list[str], list[list[Any]]]:
        body = [[i, r.label, r.registered, r.recognized, _rate_number(r.rate)] for i, r in enumerate(rows, 1)]
        body.append(
            [
                None,
                _g("Tổng cộng"),
                sum(r.registered for r in rows),
                sum(r.recognized for r in rows),
                _rate_number(summary.rate),
            ]
        )
        return title, [_g("STT"), first, registered, recognized, rate], body

    def counts(title: str, first: str, rows, total_label: str = "") -> tuple[str, list[str], list[list[Any]]]:
        body = [[i, r.label, r.count] for i, r in enumerate(rows, 1)]
        body.append([None, total_label or _g("Tổng cộng"), sum(r.count for r in rows)])
        return title, [_g("STT"), first, _g("Số lượng")], body

    unit_body: list[list[Any]] = []
    for i, row in enumerate(summary.by_unit, 1):
        name = _g("%(unit)s (trực tiếp)") % {"unit": row.name} if row.direct else row.name
        unit_body.append(
            [i, name, row.kind_label, row.registered, row.recognized, row.outstanding, _rate_number(row.rate)]
        )
    unit_body.append(
        [
            None,
            _g("Tổng cộng"),
            None,
            sum(r.registered for r in summary.by_unit),
            sum(r.recognized for r in summary.by_unit),
            sum(r.outstanding for r in summary.by_unit),
            _rate_number(summary.rate),
        ]
    )
    overview = [
        [1, _g("Tổng số mô hình, điển hình đăng ký"), summary.registered],
        [2, _g("Số mô hình, điển hình được công nhận"), summary.recognized],
        [3, _g("Tỷ lệ công nhận (%)"), _rate_number(summary.rate)],
        [4, _g("Số mô hình, điển hình tiêu biểu"), summary.outstanding],
        [5, _g("Số mô hình nhân rộng"), summary.replications],
        [6, _g("Số khen thưởng"), summary.commendations_total],
    ]
    return [
        (_g("Tổng quan"), [_g("STT"), _g("Chỉ tiêu"), _g("Số lượng")], overview),
        breakdown(_g("Theo lĩnh vực"), _g("Lĩnh vực"), summary.by_field),
        breakdown(_g("Mô hình và điển hình"), _g("Loại"), summary.by_kind),
        breakdown(_g("Tập thể và cá nhân"), _g("Chủ thể"), summary.by_subject),
        breakdown(_g("Mới, duy trì, nhân rộng"), _g("Hình thức"), summary.by_origin),
        counts(_g("Theo cấp công nhận"), _g("Cấp công nhận"), summary.by_level),
        (
            _g("Theo đơn vị"),
            [_g("STT"), _g("Đơn vị"), _g("Loại đơn vị"), registered, recognized, _g("Tiêu biểu"), rate],
            unit_body,
        ),
        counts(_g("Khen thưởng"), _g("Hình thức khen thưởng"), summary.commendations_by_kind),
        counts(_g("Theo trạng thái hồ sơ"), _g("Trạng thái"), summary.by_state),
    ]


RECOGNIZED_COLUMNS: tuple[Column, ...] = (
    Column(_("STT"), 6, INT),
    Column(_("Tên mô hình/điển hình"), 50),
    Column(_("Đơn vị"), 28),
    Column(_("Lĩnh vực"), 22),
    Column(_("Loại"), 11),
    Column(_("Chủ thể"), 10),
    Column(_("Số quyết định công nhận"), 18),
    Column(_("Ngày quyết định"), 12, DATE),
    Column(_("Cấp công nhận"), 14),
    Column(_("Tiêu biểu"), 9, BOOL),
)


def iter_recognized_rows(summary, labels: dict | None = None) -> Iterator[tuple]:
    """Yield the recognized initiatives with their decisions, one query, in the summary's order."""
    labels = labels or choice_labels()
    rows = summary.recognized_initiatives.values_list(
        "name",
        "unit__name",
        "field__name",
        "kind",
        "subject",
        "decision__number",
        "decision__decided_on",
        "decision__level",
        "outstanding",
    ).iterator(chunk_size=CHUNK_SIZE)
    for index, (name, unit, field, kind, subject, number, decided_on, level, outstanding) in enumerate(rows, 1):
        yield (
            index,
            name,
            unit,
            field,
            labels["kind"].get(kind, kind),
            labels["subject"].get(subject, subject),
            number or "",
            decided_on,
            labels["level"].get(level, level or ""),
            bool(outstanding),
        )


def _append_title(ws, title: str, subtitle: str) -> None:
    ws.append([_cell(ws, title, TITLE_FONT)])
    ws.append([_xlsx_text(subtitle)] if subtitle else [])
    ws.append([])


def _cell(ws, value: Any, font: Font | None = None, number_format: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=_xlsx_text(value) if isinstance(value, str) else value)
    if font is not None:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell


RATE_FORMAT = "0.0"
TITLE_ROWS = 3  # title, subtitle, blank — the table header is on row 4 and frozen below it


def _table_sheet(workbook: Workbook, name: str, title: str, subtitle: str, headers, rows) -> None:
    ws = workbook.create_sheet(title=sheet_title(name))
    widths = [6, 46] + [14] * (len(headers) - 2)
    if len(headers) == 7:  # the units' table has a "kind of unit" column
        widths[2] = 18
    set_widths(ws, widths)
    ws.freeze_panes = f"A{TITLE_ROWS + 2}"
    _append_title(ws, title, subtitle)
    ws.append(header_cells(ws, headers))
    rate_column = len(headers) - 1 if headers[-1] == _g("Tỷ lệ công nhận (%)") else None
    for row in rows:
        is_total = row[0] is None and row is rows[-1]
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, str):
                value = _xlsx_text(value)
            cell = WriteOnlyCell(ws, value=value)
            if is_total:
                cell.font = HEADER_FONT
            if index == rate_column or (rate_column is None and isinstance(value, float)):
                cell.number_format = RATE_FORMAT
            cells.append(cell)
        ws.append(cells)


def summary_workbook(
    summary, initiatives_qs, title: str, subtitle: str = "", progress: ProgressCallback | None = None
) -> Workbook:
    """Build the summary workbook: one sheet per breakdown, the recognized list, then the full list."""
    workbook = Workbook(write_only=True)
    for name, headers, rows in summary_tables(summary):
        _table_sheet(workbook, name, title, f"{subtitle} — {name}" if subtitle else name, headers, rows)

    labels = choice_labels()
    ws = workbook.create_sheet(title=sheet_title(_g("Đã công nhận")))
    set_widths(ws, (c.width for c in RECOGNIZED_COLUMNS))
    ws.freeze_panes = f"A{TITLE_ROWS + 2}"
    _append_title(ws, title, _g("Danh sách mô hình, điển hình được công nhận"))
    ws.append(header_cells(ws, column_headers(RECOGNIZED_COLUMNS)))
    for row in iter_recognized_rows(summary, labels):
        ws.append(xlsx_row(ws, row, labels["yes"]))

    write_list_sheet(workbook, initiatives_qs, _g("Danh sách đăng ký"), progress)
    return workbook


def summary_xlsx(summary, initiatives_qs, title: str, subtitle: str = "", progress: ProgressCallback | None = None):
    """Return the summary workbook as an open temporary file (rewound), ready to stream or copy."""
    return save_workbook(summary_workbook(summary, initiatives_qs, title, subtitle, progress))


def summary_csv_rows(summary, title: str = "", subtitle: str = "") -> Iterator[list]:
    """Yield the summary's tables for a CSV: a title line, then each table under its own heading.

    The full list is a separate CSV (`initiatives_list_csv_rows`) so that it stays one clean table.
    """
    if title:
        yield [neutralize(title)]
    if subtitle:
        yield [neutralize(subtitle)]
    for table_title, headers, rows in summary_tables(summary):
        yield []
        yield [neutralize(table_title)]
        yield headers
        for row in rows:
            yield [_csv_value(v) if not isinstance(v, float) else f"{v:.1f}" for v in row]
    labels = choice_labels()
    yield []
    yield [_g("Danh sách mô hình, điển hình được công nhận")]
    yield column_headers(RECOGNIZED_COLUMNS)
    yield from list_csv_rows(iter_recognized_rows(summary, labels), labels["yes"])
