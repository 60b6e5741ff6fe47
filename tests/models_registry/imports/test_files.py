"""Whole files that cannot be read are refused with one sentence; nothing is written, never a 500."""

import io
import unicodedata
import zipfile

import pytest

from campaigns.models import Unit
from models_registry.imports.history import import_history
from models_registry.imports.history_columns import TEMPLATE_HEADERS
from models_registry.imports.reading import read_headers
from models_registry.imports.units import import_units

pytestmark = pytest.mark.django_db
UNIT_HEADER = ["Mã", "Tên đơn vị", "Loại đơn vị", "Mã cấp trên"]


def reason(report):
    assert not report.applied
    return report.refused[0].message


def test_a_pdf_renamed_to_xlsx_is_refused(tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")

    assert reason(import_units(path)) == "Tệp không phải bảng tính Excel (.xlsx) hay CSV."


def test_a_word_document_renamed_to_xlsx_is_refused(tmp_path):
    path = tmp_path / "don-vi.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    assert reason(import_units(path)) == "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."


def test_a_password_protected_workbook_is_refused(tmp_path):
    # An encrypted workbook is an OLE compound file holding an "EncryptedPackage" stream.
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"))

    assert reason(import_units(path)) == "Tệp Excel được đặt mật khẩu. Hãy bỏ mật khẩu rồi tải lên lại."


def test_an_old_xls_workbook_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "Workbook".encode("utf-16-le"))

    assert reason(import_units(path)) == "Đây là tệp Excel cũ (.xls). Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."


def test_a_sheet_without_a_header_is_refused(tmp_path):
    path = tmp_path / "trong.csv"
    path.write_text("chỉ một dòng tiêu đề\n\n")

    assert reason(import_units(path)) == "Không tìm thấy dòng tiêu đề cột trong 30 dòng đầu của trang tính."


def cp1258(text: str) -> bytes:
    """Encode as Windows' Vietnamese code page does: a base letter, then the tone as a combining mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, tone = unicodedata.decomposition(char).split()
            out += chr(int(base, 16)).encode("cp1258") + chr(int(tone, 16)).encode("cp1258")
    return out


def test_a_windows_vietnamese_csv_with_semicolons_is_read(tmp_path):
    path = tmp_path / "cp.csv"
    path.write_bytes(cp1258(";".join(UNIT_HEADER) + "\r\nT;Tỉnh Vĩnh Long;Tỉnh;\r\n"))

    report = import_units(path)

    assert report.applied, report.refused
    assert Unit.objects.get(code="T").name == "Tỉnh Vĩnh Long"


def test_a_history_file_that_cannot_be_read_is_refused_before_anything(world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook at all")

    report = import_history(path)

    assert report.refused[0].message == "Không tìm thấy dòng tiêu đề cột trong 30 dòng đầu của trang tính."


def test_a_named_sheet_that_does_not_exist_is_refused(tmp_path):
    import openpyxl

    path = tmp_path / "a.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(TEMPLATE_HEADERS)
    workbook.save(path)

    with pytest.raises(Exception, match="Không có trang tính “2020” trong tệp."):
        read_headers(path, sheet_name="2020")


def test_an_xlsx_in_memory_is_never_loaded_whole():
    # Streaming is openpyxl's read-only mode: make sure that is what the reader asks for.
    import inspect

    from models_registry.imports import reading

    assert "read_only=True" in inspect.getsource(reading.open_sheet)
    assert io  # keep the import for readers of this file
