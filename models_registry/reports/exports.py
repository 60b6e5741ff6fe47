"""Exports of initiatives and of the yearly summary: CSV (streamed) here, XLSX in xlsx.py.

The CSV is streamed line by line from the one-query rows of tables.py, so memory stays flat
whatever the number of rows; text is neutralized against formula injection (see tables.py).
This module is also the exports' one entry point: it re-exports the names of tables.py and
xlsx.py, so callers import from here whatever the format.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from .csv_copy import LIST_CELLS, RECOGNIZED_CELLS, copy_csv_rows, copy_supported
from .tables import (
    _LIST_FIELDS,
    BOOL,
    DATE,
    INT,
    LIST_COLUMNS,
    RECOGNIZED_COLUMNS,
    TEXT,
    Column,
    ProgressCallback,
    choice_labels,
    column_headers,
    date_stamp,
    iter_list_rows,
    iter_recognized_rows,
    list_queryset,
    neutralize,
    recognized_queryset,
    summary_tables,
)
from .xlsx import (
    XLSX_CONTENT_TYPE,
    ExportWorkbook,
    initiatives_workbook,
    initiatives_xlsx_response,
    sheet_title,
    summary_workbook,
    summary_xlsx,
    xlsx_file,
)

DATE_FORMAT = "%d/%m/%Y"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"


# ----- cell values ------------------------------------------------------------------------
def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if value is None:
        return ""
    return neutralize(value)


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


def attachment_header(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename)


def initiatives_csv_response(queryset, filename: str | None = None) -> StreamingHttpResponse:
    """Stream the full list of the given initiatives as CSV (UTF-8 with BOM), in constant memory."""
    response = StreamingHttpResponse(csv_stream(initiatives_list_csv_rows(queryset)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(filename or f"danh-sach-mo-hinh-{date_stamp()}.csv")
    return response


def csv_line(row: Iterable) -> str:
    """Return one row as Python's csv module writes it (default dialect: minimal quoting, CRLF)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)
    return buffer.getvalue()


def write_initiatives_csv(out, queryset, progress: ProgressCallback | None = None) -> None:
    """Write the full list of the given initiatives as CSV (with a BOM) to a binary file.

    The one place that picks the writer: on PostgreSQL the database writes the rows itself (COPY,
    csv_copy.py, ~3× faster), elsewhere Python converts them; both write the same bytes.
    """
    rows = list_queryset(queryset)
    if not copy_supported(rows):
        write_csv(out, initiatives_list_csv_rows(queryset, progress=progress))
        return
    out.write((BOM + csv_line(column_headers())).encode("utf-8"))
    copy_csv_rows(out, rows, LIST_CELLS, choice_labels(), progress)


def write_summary_csv(out, summary, title: str = "", subtitle: str = "") -> None:
    """Write the summary's tables then its recognized initiatives as CSV (with a BOM) to a binary file.

    The recognized list (a year's worth of rows) is written by the database where it can, as above.
    """
    rows = recognized_queryset(summary)
    if not copy_supported(rows):
        write_csv(out, summary_csv_rows(summary, title, subtitle))
        return
    write_csv(out, summary_tables_csv_rows(summary, title, subtitle))
    copy_csv_rows(out, rows, RECOGNIZED_CELLS, choice_labels())


def summary_tables_csv_rows(summary, title: str = "", subtitle: str = "") -> Iterator[list]:
    """Yield the summary's tables, down to the heading of the recognized list (summary_csv_rows without its rows)."""
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
    yield []
    yield [gettext("Danh sách mô hình, điển hình được công nhận")]
    yield column_headers(RECOGNIZED_COLUMNS)


def summary_csv_rows(summary, title: str = "", subtitle: str = "") -> Iterator[list]:
    """Yield the summary's tables for a CSV: a title line, then each table under its own heading.

    The full list is a separate CSV (`initiatives_list_csv_rows`) so that it stays one clean table.
    """
    yield from summary_tables_csv_rows(summary, title, subtitle)
    labels = choice_labels()
    yield from list_csv_rows(iter_recognized_rows(summary, labels), labels["yes"], RECOGNIZED_COLUMNS)


__all__ = [
    "BOM",
    "BOOL",
    "CSV_CONTENT_TYPE",
    "Column",
    "DATE",
    "DATE_FORMAT",
    "ExportWorkbook",
    "INT",
    "LIST_COLUMNS",
    "ProgressCallback",
    "RECOGNIZED_COLUMNS",
    "TEXT",
    "XLSX_CONTENT_TYPE",
    "_LIST_FIELDS",
    "attachment_header",
    "choice_labels",
    "column_headers",
    "csv_line",
    "csv_stream",
    "date_stamp",
    "initiatives_csv_response",
    "initiatives_list_csv_rows",
    "initiatives_workbook",
    "initiatives_xlsx_response",
    "iter_list_rows",
    "iter_recognized_rows",
    "list_csv_rows",
    "list_queryset",
    "neutralize",
    "sheet_title",
    "summary_csv_rows",
    "summary_tables_csv_rows",
    "summary_tables",
    "summary_workbook",
    "summary_xlsx",
    "write_csv",
    "write_initiatives_csv",
    "write_summary_csv",
    "xlsx_file",
]
