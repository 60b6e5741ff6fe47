"""Exports of initiatives and of the yearly summary: CSV (streamed) and XLSX (XlsxWriter).

The full list is read with one `values_list(...).iterator(chunk_size=2000)` query — no model
instances, no query per row — so memory stays flat whatever the number of rows: the CSV is
streamed line by line; the XLSX is written by XlsxWriter in constant-memory mode (each row goes
to disk once the next one starts, text as inline strings) into a temporary file that is then
streamed. Rows are therefore written strictly top to bottom. Every cell is written with
write_string / write_number / write_datetime, so no text ever becomes a formula, a link or a
number; text loses the control characters that XML 1.0 forbids, and text that looks like
XlsxWriter's rich-string markup is written as two runs (see `write_text`).

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
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from xlsxwriter.format import Format

from campaigns.models import InitiativeKind, Level

from ..models import Commendation, Initiative, Origin, State, Subject

CHUNK_SIZE = 2000
DATE_FORMAT = "%d/%m/%Y"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
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


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if value is None:
        return ""
    return neutralize(value)


def _count_of(queryset: QuerySet, fk: str) -> Coalesce:
    """A correlated COUNT(*) — one sub-select in the same query, not a query per row."""
    inner = queryset.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def list_queryset(queryset) -> Any:
    """Return the rows of the full list as tuples, in one query, ordered by unit then name."""
    return (
        queryset.order_by()
        .annotate(
            commendation_count=_count_of(Commendation.objects.all(), "initiative"),
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


def _csv_date(value: datetime.date | None) -> str:
    # Same text as strftime("%d/%m/%Y") for four-digit years, at a fraction of the cost per cell.
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year}"


def _csv_converters(columns: Iterable[Column], yes: str) -> list[Callable[[Any], Any]]:
    """One converter per column, chosen once by the column's kind instead of per cell."""
    by_kind: dict[str, Callable[[Any], Any]] = {
        TEXT: _csv_value,
        INT: lambda value: "" if value is None else value,
        DATE: _csv_date,
        BOOL: lambda value: yes if value else "",
    }
    return [by_kind[column.kind] for column in columns]


def list_csv_rows(rows: Iterable[tuple], yes: str, columns: Iterable[Column] = LIST_COLUMNS) -> Iterator[list]:
    """Turn typed rows into CSV cells (dd/mm/yyyy dates, "Có" for a flag, neutralized text)."""
    converters = _csv_converters(columns, yes)
    for row in rows:
        yield [convert(value) for convert, value in zip(converters, row, strict=True)]


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
# The control characters that XML 1.0 forbids (the same set openpyxl refuses); they are dropped.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
RATE_FORMAT = "0.0"
TITLE_ROWS = 3  # title, subtitle, blank — the table header is on row 4 and frozen below it


class ExportWorkbook(xlsxwriter.Workbook):
    """A constant-memory XlsxWriter workbook holding this module's cell formats, each added once."""

    def __init__(self, fileobj) -> None:
        # Every cell goes through write_string/write_number/write_datetime; the options also keep
        # a stray write() from turning text into a formula, a link or a number.
        super().__init__(
            fileobj,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.header_format = self.add_format(
            {"bold": True, "pattern": 1, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "vcenter"}
        )
        self.title_format = self.add_format({"bold": True, "font_size": 13})
        self.total_format = self.add_format({"bold": True})
        self.rate_format = self.add_format({"num_format": RATE_FORMAT})
        self.total_rate_format = self.add_format({"bold": True, "num_format": RATE_FORMAT})
        self.day_format = self.add_format({"num_format": XLSX_DATE_FORMAT})

    def add_worksheet(self, name: str | None = None, worksheet_class=None):
        """Add a sheet, numbering a name that another sheet already has (Excel ignores case)."""
        if name is not None:
            taken = {sheet.name.casefold() for sheet in self.worksheets()}
            unique, number = name, 1
            while unique.casefold() in taken:
                number += 1
                suffix = f" ({number})"
                unique = name[: 31 - len(suffix)].rstrip() + suffix
            name = unique
        return super().add_worksheet(name, worksheet_class)


# The font of a rich-text run that changes nothing (XlsxWriter uses a bare Format the same way).
_PLAIN_RUN = Format()


def _xlsx_text(value: str) -> str:
    # Stripped first, so that a control character cannot hide a formula trigger.
    return neutralize(ILLEGAL_CHARACTERS_RE.sub("", value))


def write_text(ws, row: int, col: int, text: str, cell_format=None) -> None:
    """Write text as a text cell: neutralized, without XML-illegal characters, never read as markup."""
    text = _xlsx_text(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        # In constant-memory mode XlsxWriter copies such a string into the sheet's XML unescaped,
        # as rich-text markup; split into two runs, each is escaped and the text reads the same.
        run = cell_format or _PLAIN_RUN
        ws.write_rich_string(row, col, text[:1], run, text[1:], *([cell_format] if cell_format else []))
    else:
        ws.write_string(row, col, text, cell_format)


def write_header(ws, row: int, headers: Iterable[str], header_format) -> None:
    for col, header in enumerate(headers):
        write_text(ws, row, col, str(header), header_format)


def write_row(ws, row: int, values: Iterable[Any], yes: str, day_format) -> None:
    """Write typed values on one row: real dates and numbers, neutralized text, `yes` for a set flag."""
    # The innermost loop of a 100,000-row export: the common text cell skips write_text's call.
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
    for col, value in enumerate(values):
        if isinstance(value, str):
            if not value:
                continue
            text = ILLEGAL_CHARACTERS_RE.sub("", value)
            if text.startswith(FORMULA_TRIGGERS) or text.startswith("<r>"):
                write_text(ws, row, col, text)
            else:
                write_string(row, col, text)
        elif value is None or value is False:
            continue
        elif value is True:
            write_text(ws, row, col, yes)
        elif isinstance(value, datetime.date):
            write_datetime(row, col, value, day_format)
        else:
            write_number(row, col, value)


def set_widths(ws, widths: Iterable[float]) -> None:
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)


_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("\\/?*[]:", "-"))


def sheet_title(text: str) -> str:
    """Return a valid sheet name: no \\ / ? * [ ] :, no apostrophe at either end, at most 31 characters."""
    return str(text).translate(_SHEET_TITLE_FORBIDDEN)[:31].strip("'") or "Sheet"


def write_list_sheet(
    workbook: ExportWorkbook, queryset, title: str | None = None, progress: ProgressCallback | None = None
) -> None:
    """Add the full list of initiatives as a sheet: frozen bold header, widths, dates and numbers typed."""
    ws = workbook.add_worksheet(sheet_title(title or gettext("Danh sách")))
    set_widths(ws, (column.width for column in LIST_COLUMNS))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, 0, len(LIST_COLUMNS) - 1)
    labels = choice_labels()
    write_header(ws, 0, column_headers(), workbook.header_format)
    yes, day_format = labels["yes"], workbook.day_format
    for row, values in enumerate(iter_list_rows(queryset, labels, progress), start=1):
        write_row(ws, row, values, yes, day_format)


def xlsx_file(fill: Callable[[ExportWorkbook], None]) -> Any:
    """Build a workbook with `fill` into a temporary file (not memory) and return the file rewound."""
    # Left open on purpose: the caller streams it (FileResponse closes it) or copies it out.
    tmp = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        with ExportWorkbook(tmp) as workbook:
            fill(workbook)
    except BaseException:
        tmp.close()
        raise
    tmp.seek(0)
    return tmp


def initiatives_workbook(workbook: ExportWorkbook, queryset, progress: ProgressCallback | None = None) -> None:
    """Fill a workbook with the full list of the given initiatives, on one sheet."""
    write_list_sheet(workbook, queryset, progress=progress)


def initiatives_xlsx_response(queryset, filename: str | None = None) -> FileResponse:
    """Return the full list of the given initiatives as an XLSX attachment."""
    tmp = xlsx_file(lambda workbook: initiatives_workbook(workbook, queryset))
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
    registered, recognized, rate = gettext("Đăng ký"), gettext("Công nhận"), gettext("Tỷ lệ công nhận (%)")

    def breakdown(title: str, first: str, rows) -> tuple[str, list[str], list[list[Any]]]:
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
        return title, [gettext("STT"), first, registered, recognized, rate], body

    def counts(title: str, first: str, rows, total_label: str = "") -> tuple[str, list[str], list[list[Any]]]:
        body = [[i, r.label, r.count] for i, r in enumerate(rows, 1)]
        body.append([None, total_label or gettext("Tổng cộng"), sum(r.count for r in rows)])
        return title, [gettext("STT"), first, gettext("Số lượng")], body

    unit_body: list[list[Any]] = []
    for i, row in enumerate(summary.by_unit, 1):
        name = gettext("%(unit)s (trực tiếp)") % {"unit": row.name} if row.direct else row.name
        unit_body.append(
            [i, name, row.kind_label, row.registered, row.recognized, row.outstanding, _rate_number(row.rate)]
        )
    unit_body.append(
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
    overview = [
        [1, gettext("Tổng số mô hình, điển hình đăng ký"), summary.registered],
        [2, gettext("Số mô hình, điển hình được công nhận"), summary.recognized],
        [3, gettext("Tỷ lệ công nhận (%)"), _rate_number(summary.rate)],
        [4, gettext("Số mô hình, điển hình tiêu biểu"), summary.outstanding],
        [5, gettext("Số mô hình nhân rộng"), summary.replications],
        [6, gettext("Số khen thưởng"), summary.commendations_total],
    ]
    return [
        (gettext("Tổng quan"), [gettext("STT"), gettext("Chỉ tiêu"), gettext("Số lượng")], overview),
        breakdown(gettext("Theo lĩnh vực"), gettext("Lĩnh vực"), summary.by_field),
        breakdown(gettext("Mô hình và điển hình"), gettext("Loại"), summary.by_kind),
        breakdown(gettext("Tập thể và cá nhân"), gettext("Chủ thể"), summary.by_subject),
        breakdown(gettext("Mới, duy trì, nhân rộng"), gettext("Hình thức"), summary.by_origin),
        counts(gettext("Theo cấp công nhận"), gettext("Cấp công nhận"), summary.by_level),
        (
            gettext("Theo đơn vị"),
            [
                gettext("STT"),
                gettext("Đơn vị"),
                gettext("Loại đơn vị"),
                registered,
                recognized,
                gettext("Tiêu biểu"),
                rate,
            ],
            unit_body,
        ),
        counts(gettext("Khen thưởng"), gettext("Hình thức khen thưởng"), summary.commendations_by_kind),
        counts(gettext("Khen thưởng theo cấp"), gettext("Cấp khen thưởng"), summary.commendations_by_level),
        counts(gettext("Theo trạng thái hồ sơ"), gettext("Trạng thái"), summary.by_state),
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


def _title_rows(workbook: ExportWorkbook, ws, title: str, subtitle: str) -> None:
    """Write the title and subtitle above a table; the row after them stays blank."""
    write_text(ws, 0, 0, title, workbook.title_format)
    if subtitle:
        write_text(ws, 1, 0, subtitle)


def _table_sheet(workbook: ExportWorkbook, name: str, title: str, subtitle: str, headers, rows) -> None:
    ws = workbook.add_worksheet(sheet_title(name))
    widths = [6, 46] + [14] * (len(headers) - 2)
    if len(headers) == 7:  # the units' table has a "kind of unit" column
        widths[2] = 18
    set_widths(ws, widths)
    ws.freeze_panes(TITLE_ROWS + 1, 0)
    _title_rows(workbook, ws, title, subtitle)
    write_header(ws, TITLE_ROWS, headers, workbook.header_format)
    rate_column = len(headers) - 1 if headers[-1] == gettext("Tỷ lệ công nhận (%)") else None
    for row_index, row in enumerate(rows, start=TITLE_ROWS + 1):
        is_total = row[0] is None and row is rows[-1]
        for col, value in enumerate(row):
            is_rate = col == rate_column or (rate_column is None and isinstance(value, float))
            if is_rate:
                cell_format = workbook.total_rate_format if is_total else workbook.rate_format
            else:
                cell_format = workbook.total_format if is_total else None
            if value is None or value == "":
                if cell_format is not None:
                    ws.write_blank(row_index, col, None, cell_format)
            elif isinstance(value, str):
                write_text(ws, row_index, col, value, cell_format)
            else:
                ws.write_number(row_index, col, value, cell_format)


def summary_workbook(
    workbook: ExportWorkbook,
    summary,
    initiatives_qs,
    title: str,
    subtitle: str = "",
    progress: ProgressCallback | None = None,
) -> None:
    """Fill a workbook with the summary: one sheet per breakdown, the recognized list, then the full list."""
    for name, headers, rows in summary_tables(summary):
        _table_sheet(workbook, name, title, f"{subtitle} — {name}" if subtitle else name, headers, rows)

    labels = choice_labels()
    ws = workbook.add_worksheet(sheet_title(gettext("Đã công nhận")))
    set_widths(ws, (c.width for c in RECOGNIZED_COLUMNS))
    ws.freeze_panes(TITLE_ROWS + 1, 0)
    _title_rows(workbook, ws, title, gettext("Danh sách mô hình, điển hình được công nhận"))
    write_header(ws, TITLE_ROWS, column_headers(RECOGNIZED_COLUMNS), workbook.header_format)
    yes, day_format = labels["yes"], workbook.day_format
    for row, values in enumerate(iter_recognized_rows(summary, labels), start=TITLE_ROWS + 1):
        write_row(ws, row, values, yes, day_format)

    write_list_sheet(workbook, initiatives_qs, gettext("Danh sách đăng ký"), progress)


def summary_xlsx(summary, initiatives_qs, title: str, subtitle: str = "", progress: ProgressCallback | None = None):
    """Return the summary workbook as an open temporary file (rewound), ready to stream or copy."""
    return xlsx_file(lambda workbook: summary_workbook(workbook, summary, initiatives_qs, title, subtitle, progress))


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
    yield [gettext("Danh sách mô hình, điển hình được công nhận")]
    yield column_headers(RECOGNIZED_COLUMNS)
    yield from list_csv_rows(iter_recognized_rows(summary, labels), labels["yes"], RECOGNIZED_COLUMNS)
