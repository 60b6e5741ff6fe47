"""The XLSX exports, written by XlsxWriter: the full list of initiatives and the summary workbook.

XlsxWriter writes in constant-memory mode (each row goes to disk once the next one starts, text
as inline strings) into a temporary file that is then streamed. Rows are therefore written
strictly top to bottom. Every cell is written with write_string / write_number /
write_datetime, so no text ever becomes a formula, a link or a number; text loses the control
characters that XML 1.0 forbids, and text that looks like XlsxWriter's rich-string markup is
written as two runs (see `write_text`). Text is neutralized against formula injection
(see tables.py).
"""

from __future__ import annotations

import datetime
import re
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils.translation import gettext
from xlsxwriter.format import Format

from .tables import (
    FORMULA_TRIGGERS,
    LIST_COLUMNS,
    RECOGNIZED_COLUMNS,
    ProgressCallback,
    choice_labels,
    column_headers,
    date_stamp,
    iter_list_rows,
    iter_recognized_rows,
    neutralize,
    summary_tables,
)

XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


A4_PAPER = 9  # Excel's paper code for A4


def _header_text(text: str) -> str:
    # "&" starts a control code in a page header; a literal one is written "&&". Excel caps a header at 255.
    return text.replace("&", "&&")[:200]


def print_setup(ws, header_row: int, title: str = "", *, landscape: bool = True) -> None:
    """Make the sheet print cleanly: A4, landscape, fit to the page's width, the table's header repeated, pages numbered."""
    ws.set_paper(A4_PAPER)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.5, right=0.4, top=0.7, bottom=0.7)
    ws.center_horizontally()
    if title:
        ws.set_header(f"&L&8{_header_text(title)}&R&8&A")
    ws.set_footer("&C&9" + _header_text(gettext("Trang")) + " &P / &N")


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
    print_setup(ws, 0, title or gettext("Danh sách mô hình, điển hình"))
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
        filename=filename or f"danh-sach-mo-hinh-{date_stamp()}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# ----- the summary ------------------------------------------------------------------------
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
    print_setup(ws, TITLE_ROWS, title, landscape=len(headers) > 5)
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
    extra_tables: list | tuple = (),
) -> None:
    """Fill a workbook with the summary: one sheet per breakdown, the recognized list, then the full list."""
    tables = summary_tables(summary)
    for name, headers, rows in [tables[0], *extra_tables, *tables[1:]]:
        _table_sheet(workbook, name, title, f"{subtitle} — {name}" if subtitle else name, headers, rows)

    labels = choice_labels()
    ws = workbook.add_worksheet(sheet_title(gettext("Đã công nhận")))
    set_widths(ws, (c.width for c in RECOGNIZED_COLUMNS))
    ws.freeze_panes(TITLE_ROWS + 1, 0)
    print_setup(ws, TITLE_ROWS, title)
    _title_rows(workbook, ws, title, gettext("Danh sách mô hình, điển hình được công nhận"))
    write_header(ws, TITLE_ROWS, column_headers(RECOGNIZED_COLUMNS), workbook.header_format)
    yes, day_format = labels["yes"], workbook.day_format
    for row, values in enumerate(iter_recognized_rows(summary, labels), start=TITLE_ROWS + 1):
        write_row(ws, row, values, yes, day_format)

    write_list_sheet(workbook, initiatives_qs, gettext("Danh sách đăng ký"), progress)


def summary_xlsx(summary, initiatives_qs, title: str, subtitle: str = "", progress: ProgressCallback | None = None):
    """Return the summary workbook as an open temporary file (rewound), ready to stream or copy."""
    return xlsx_file(lambda workbook: summary_workbook(workbook, summary, initiatives_qs, title, subtitle, progress))
