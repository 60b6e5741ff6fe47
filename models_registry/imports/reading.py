"""Reading a province's sheet, streaming: XLSX (openpyxl, read-only) or CSV, whatever lies above the header.

A sheet is refused as a whole, with one Vietnamese sentence, when it cannot be read: a renamed
file, a password-protected workbook, an old .xls. Otherwise its rows come one at a time, never
the whole workbook in memory; the header is the first row that looks like one (title rows and
merged titles above it are skipped) and empty rows are passed over.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .values import clean, key

# How far down a title block may push the header.
HEADER_SEARCH_ROWS = 30
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class SheetError(Exception):
    """The file cannot be read as a sheet; the message says why, in Vietnamese; `field` is the upload
    form's field it is about (the file, or the sheet named)."""

    def __init__(self, message: str, field: str = "file"):
        super().__init__(message)
        self.field = field


@dataclass
class Sheet:
    """One sheet: its name, its header row (number and cleaned titles) and the rows below it."""

    name: str
    header_row: int
    headers: list[str]
    rows: Iterator[tuple[int, list]]
    notes: list[str] = field(default_factory=list)


def _header_score(values: list, known: set[str]) -> tuple[int, int]:
    filled = [v for v in values if clean(v)]
    return sum(1 for v in filled if key(v) in known), len(filled)


def _find_header(rows: Iterator[tuple[int, list]], known: set[str]) -> tuple[int, list[str], list]:
    """Return the header's row number, its titles, and the rows read past it (to be read again)."""
    seen = []
    for number, values in rows:
        seen.append((number, values))
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    best = None
    for index, (_number, values) in enumerate(seen):
        matched, filled = _header_score(values, known)
        # A row naming two known columns is the header; without known names, the first row
        # with three filled cells (a title, even merged across the page, fills one).
        if (known and matched >= 2) or (not known and filled >= 3):
            best = index
            break
    if best is None:
        for index, (_number, values) in enumerate(seen):
            if _header_score(values, known)[1] >= 2:
                best = index
                break
    if best is None:
        raise SheetError(
            _("Không tìm thấy dòng tiêu đề cột trong %(rows)s dòng đầu của trang tính.") % {"rows": HEADER_SEARCH_ROWS}
        )
    number, values = seen[best]
    return number, [clean(v) for v in values], seen[best + 1 :]


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _without_empty(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    for number, values in rows:
        if any(v not in (None, "") and clean(v) for v in values):
            yield number, list(values)


def _sniff(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(1 << 20)
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        if _ENCRYPTED in head:
            raise SheetError(_("Tệp Excel được đặt mật khẩu. Hãy bỏ mật khẩu rồi tải lên lại."))
        raise SheetError(_("Đây là tệp Excel cũ (.xls). Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."))
    if b"\x00" in head[:8192]:
        raise SheetError(_("Tệp không phải bảng tính Excel (.xlsx) hay CSV."))
    return "csv"


def _xlsx_rows(worksheet) -> Iterator[tuple[int, list]]:
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        yield number, list(values)


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    with open(path, "rb") as f:
        raw = f.read(1 << 16)
    encoding = "utf-8-sig"
    try:
        # A cut in the middle of a multi-byte character at the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8-sig")().decode(raw, final=False)
    except UnicodeDecodeError:
        encoding = "cp1258"  # Windows' Vietnamese code page, still used by older office PCs
    sample = raw.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    with open(path, encoding=encoding, newline="", errors="strict") as f:
        try:
            yield from enumerate(csv.reader(f, dialect), start=1)
        except (UnicodeDecodeError, csv.Error) as error:
            raise SheetError(_("Không đọc được tệp CSV (bảng mã hoặc định dạng không đúng).")) from error


@contextmanager
def open_sheet(
    path: str | Path, known: set[str] | frozenset[str] = frozenset(), sheet_name: str = ""
) -> Iterator[Sheet]:
    """Open the file's sheet (the named one, else the first with a header) and yield it, streaming."""
    path = Path(path)
    kind = _sniff(path)
    if kind == "csv":
        rows = _without_empty(_csv_rows(path))
        header_row, headers, rest = _find_header(rows, set(known))
        yield Sheet(path.name, header_row, headers, _chain(rest, rows))
        return
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SheetError(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")) from error
    try:
        names = workbook.sheetnames
        if sheet_name and sheet_name not in names:
            raise SheetError(_("Không có trang tính “%(name)s” trong tệp.") % {"name": sheet_name}, field="sheet")
        candidates = [sheet_name] if sheet_name else names
        for name in candidates:
            worksheet = workbook[name]
            if not hasattr(worksheet, "iter_rows"):
                continue  # a chart sheet
            # Some programs write a wrong size into the sheet; read what is there instead.
            worksheet.reset_dimensions()
            rows = _without_empty(_xlsx_rows(worksheet))
            try:
                header_row, headers, rest = _find_header(rows, set(known))
            except SheetError:
                if sheet_name or name == candidates[-1]:
                    raise
                continue
            notes = []
            others = [n for n in names if n != name]
            if others:
                notes.append(
                    _("Đã đọc trang tính “%(name)s”; bỏ qua: %(others)s.") % {"name": name, "others": ", ".join(others)}
                )
            yield Sheet(name, header_row, headers, _chain(rest, rows), notes)
            return
        raise SheetError(_("Tệp không có trang tính nào có dữ liệu."))
    finally:
        workbook.close()


def read_headers(path: str | Path, known: set[str] | frozenset[str] = frozenset(), sheet_name: str = "") -> Sheet:
    """Return the sheet's header (its rows are not read)."""
    with open_sheet(path, known, sheet_name) as sheet:
        return Sheet(sheet.name, sheet.header_row, sheet.headers, iter(()), sheet.notes)


def save_upload(upload, directory: Path) -> Path:
    """Write an uploaded file to the directory, in chunks; return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name).suffix.lower()[:8]
    import tempfile

    handle, name = tempfile.mkstemp(dir=directory, suffix=suffix)
    with open(handle, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return Path(name)
