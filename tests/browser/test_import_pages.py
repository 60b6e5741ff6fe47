"""The admin's import pages in a browser, from visible labels only: upload → dry run → import → report."""

from __future__ import annotations

import pytest

from campaigns.models import Unit
from tests.models_registry.imports.sheets import csv_file, xlsx

from .quality_fixtures import new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
UNITS = ["Mã", "Tên đơn vị", "Loại đơn vị", "Mã cấp trên"]


def open_upload_page(tab) -> None:
    """From the admin's home, as an administrator finds it."""
    tab.goto("/admin/")
    tab.get_by_role("link", name="Cách ghép cột khi nhập").first.click()
    tab.get_by_role("link", name="Nhập dữ liệu từ tệp").click()


def upload(tab, kind: str, path) -> None:
    tab.get_by_label("Loại dữ liệu").select_option(label=kind)
    tab.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(str(path))
    tab.get_by_role("button", name="Tải lên và kiểm tra").click()


def test_a_units_sheet_is_checked_row_by_row_then_imported_on_confirmation(world, live_server, browser, tmp_path):
    # Arrange
    sheet = xlsx(
        tmp_path / "don-vi.xlsx",
        UNITS,
        [["T9", "Tỉnh Chín", "Tỉnh", ""], ["X9", "Xã Chín", "Xã", "T9"]],
        titles=["DANH SÁCH ĐƠN VỊ"],
    )
    context = new_context(browser, live_server.url, world.admin)
    tab = context.new_page()

    try:
        # Act: upload, read the dry run
        open_upload_page(tab)
        upload(tab, "Đơn vị (cây tổ chức)", sheet)
        tab.get_by_text("Đây là bản kiểm tra: chưa có gì được ghi vào hệ thống.").wait_for()
        dry_run_rows = tab.get_by_role("table").get_by_role("row").all_inner_texts()
        created_before_confirming = Unit.objects.filter(code__in=["T9", "X9"]).count()
        # Act: confirm
        tab.get_by_role("button", name="Nhập", exact=True).click()
        tab.get_by_text("Đã nhập xong.").wait_for()
        done_heading = tab.get_by_role("heading", level=1).inner_text()
    finally:
        context.close()

    # Assert
    assert created_before_confirming == 0
    assert any("Tỉnh Chín" in row and "Tạo mới" in row for row in dry_run_rows), dry_run_rows
    assert any("Xã Chín" in row and "Tạo mới" in row for row in dry_run_rows), dry_run_rows
    assert "Kết quả nhập" in done_heading
    assert Unit.objects.get(code="X9").parent == Unit.objects.get(code="T9")


def test_a_refused_row_is_shown_with_its_reason_and_nothing_can_be_imported(world, live_server, browser, tmp_path):
    # Arrange
    sheet = csv_file(tmp_path / "don-vi.csv", UNITS, [["T9", "Tỉnh Chín", "Không biết", ""]])
    context = new_context(browser, live_server.url, world.admin)
    tab = context.new_page()

    try:
        # Act
        open_upload_page(tab)
        upload(tab, "Đơn vị (cây tổ chức)", sheet)
        tab.get_by_text("Không rõ loại đơn vị “Không biết”.").wait_for()
        import_buttons = tab.get_by_role("button", name="Nhập", exact=True).count()
        advice = tab.get_by_text("Có dòng bị từ chối").count()
    finally:
        context.close()

    # Assert
    assert import_buttons == 0
    assert advice == 1
    assert not Unit.objects.filter(code="T9").exists()


def test_a_file_of_the_wrong_type_is_refused_beside_the_file_field(world, live_server, browser, tmp_path):
    # Arrange
    wrong = tmp_path / "don-vi.pdf"
    wrong.write_bytes(b"%PDF-1.4 not a sheet")
    context = new_context(browser, live_server.url, world.admin)
    tab = context.new_page()

    try:
        # Act
        open_upload_page(tab)
        upload(tab, "Cán bộ, thành viên Ban Chỉ đạo", wrong)
        tab.get_by_text("Chỉ nhận tệp .xlsx hoặc .csv.").wait_for()
        kept_kind = tab.get_by_label("Loại dữ liệu").evaluate("select => select.selectedOptions[0].text")
    finally:
        context.close()

    # Assert: the form stays filled with what can be kept (a browser never refills a file field)
    assert kept_kind == "Cán bộ, thành viên Ban Chỉ đạo"
