import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Unit
from jobs.models import JobState
from models_registry.imports.history_columns import TEMPLATE_HEADERS
from models_registry.imports.models import ColumnMapping
from models_registry.models import Initiative
from tests.jobs.helpers import job_of, run_pending
from tests.models_registry.imports.sheets import csv_file, xlsx

pytestmark = pytest.mark.django_db
UNITS = ["Mã", "Tên đơn vị", "Loại đơn vị", "Mã cấp trên"]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def upload(client, kind, path, **extra):
    with open(path, "rb") as f:
        data = {"kind": kind, "file": SimpleUploadedFile(path.name, f.read()), **extra}
    return client.post("/admin/models_registry/columnmapping/import/", data)


def test_units_go_upload_then_dry_run_then_import_then_report(admin_client, tmp_path):
    path = csv_file(tmp_path / "u.csv", UNITS, [["T9", "Tỉnh Chín", "Tỉnh", ""], ["X9", "Xã Chín", "Xã", "T9"]])

    uploaded = upload(admin_client, "units", path)
    check = admin_client.get(uploaded["Location"])
    assert not Unit.objects.filter(code="T9").exists()
    done = admin_client.post(uploaded["Location"], {"rows": "2"})

    assert check.status_code == 200 and "Đây là bản kiểm tra" in check.content.decode()
    assert "Đã nhập xong." in done.content.decode()
    assert Unit.objects.get(code="X9").parent.code == "T9"


def test_a_dry_run_with_refused_rows_offers_no_import_button(admin_client, tmp_path):
    path = csv_file(tmp_path / "u.csv", UNITS, [["T9", "Tỉnh Chín", "Không biết", ""]])

    check = admin_client.get(upload(admin_client, "units", path)["Location"])

    body = check.content.decode()
    assert "Không rõ loại đơn vị “Không biết”." in body
    assert 'value="Nhập"' not in body


def test_history_goes_through_the_mapping_and_runs_as_a_job(admin_client, world, tmp_path):
    world.hamlet.code = "A1"
    world.hamlet.save()
    path = csv_file(tmp_path / "cu.csv", ["TT", "Năm", "Cơ sở", "Tên gọi"], [["1", "2019", "A1", "Đèn đường"]])

    mapping_url = upload(admin_client, "history", path)["Location"]
    form = admin_client.get(mapping_url)
    check_url = admin_client.post(mapping_url, {"c0": "", "c1": "year", "c2": "unit", "c3": "name"})["Location"]
    check = admin_client.get(check_url)
    job = run_pending(job_of(admin_client.post(check_url, {"rows": "1"})))

    assert form.status_code == 200
    assert "Tạo mới" in check.content.decode()
    assert job.state == JobState.DONE, job.error
    assert Initiative.objects.get(imported_from="cu.csv").name == "Đèn đường"
    assert ColumnMapping.objects.count() == 1


def test_the_mapping_step_refuses_a_mapping_without_the_required_fields(admin_client, tmp_path):
    path = csv_file(tmp_path / "cu.csv", ["TT", "Năm", "Cơ sở", "Tên gọi"], [["1", "2019", "A1", "Đèn đường"]])
    mapping_url = upload(admin_client, "history", path)["Location"]

    response = admin_client.post(mapping_url, {"c1": "year", "c2": "year"})

    assert response.status_code == 200
    assert "Mỗi trường chỉ ghép với một cột: Năm đăng ký." in response.content.decode()


def test_a_renamed_file_is_refused_on_the_page_not_with_a_500(admin_client, tmp_path):
    # It was refused on the check page; it is now refused at upload, beside the file field.
    path = tmp_path / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")

    check = upload(admin_client, "units", path)

    assert check.status_code == 200
    assert "Tệp không phải bảng tính Excel (.xlsx) hay CSV." in check.content.decode()


def test_a_file_of_another_type_is_refused_at_upload(admin_client, tmp_path):
    path = tmp_path / "danh-sach.docx"
    path.write_bytes(b"PK\x03\x04")

    response = upload(admin_client, "units", path)

    assert response.status_code == 200
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in response.content.decode()


def test_the_history_template_downloads_with_vietnamese_headers(admin_client):
    response = admin_client.get("/admin/models_registry/columnmapping/import/template/history/")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == TEMPLATE_HEADERS


def test_staff_who_are_not_administrators_cannot_import(client, world, tmp_path):
    client.force_login(world.chair)

    response = client.get("/admin/models_registry/columnmapping/import/")

    assert response.status_code == 403


def test_the_history_template_imports_as_is(world, tmp_path):
    from models_registry.imports.admin import EXAMPLES

    world.commune.code = "VLG-001"
    world.commune.save()
    path = xlsx(tmp_path / "mau.xlsx", TEMPLATE_HEADERS, EXAMPLES["history"])
    from models_registry.imports.history import import_history

    assert import_history(path).applied


def test_the_sheet_named_on_the_upload_form_is_the_one_units_are_imported_from(admin_client, tmp_path):
    # The units and people imports read the first sheet with a header whatever sheet the form named.
    path = xlsx(
        tmp_path / "don-vi.xlsx",
        UNITS,
        [["T8", "Tỉnh Tám (bản cũ)", "Tỉnh", ""]],
        sheet="Bản cũ",
        extra_sheets=[("Đơn vị", [UNITS, ["T9", "Tỉnh Chín", "Tỉnh", ""]])],
    )

    check_url = upload(admin_client, "units", path, sheet="Đơn vị")["Location"]
    admin_client.post(check_url, {"rows": "1"})

    assert Unit.objects.filter(code="T9").exists()
    assert not Unit.objects.filter(code="T8").exists()


def test_a_file_that_is_not_a_sheet_is_refused_as_a_file_not_as_row_0(admin_client, tmp_path):
    # A file-level refusal was shown and written as "row 0", a row no sheet has. A file whose header reads
    # well is kept at upload; one that turns unreadable further down (a CSV whose bytes stop being text
    # after the first 64 KiB the reader samples) is refused by the check page, as a file.
    from models_registry.imports.report import Report

    path = tmp_path / "u.csv"
    rows = "".join(f"T{n},Tỉnh {n},Tỉnh,\n" for n in range(3000))
    path.write_bytes(("Mã,Tên đơn vị,Loại đơn vị,Mã cấp trên\n" + rows).encode() + b"T,\xff\xfe\xfa,T\xc3,\n")
    report = Report()
    report.refuse(0, "Không đọc được tệp CSV (bảng mã hoặc định dạng không đúng).")
    out = io.StringIO()

    check = admin_client.get(upload(admin_client, "units", path)["Location"]).content.decode()
    report.write_csv(out)

    assert "<tr><td>—</td><td>Từ chối</td>" in check
    assert "<td>0</td>" not in check
    assert out.getvalue().splitlines()[-1].startswith(",Từ chối,")


@pytest.mark.parametrize(
    ("content", "sheet", "field", "said"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "", "file", "Tệp không phải bảng tính Excel (.xlsx) hay CSV."),
        (None, "Năm 2019", "sheet", "Không có trang tính “Năm 2019” trong tệp."),
    ],
)
def test_a_history_sheet_without_a_header_to_map_is_refused_beside_its_field_with_the_form_kept(
    admin_client, tmp_path, content, sheet, field, said
):
    # It was refused by the next step, as a message over an emptied upload form (kind and sheet lost).
    from django.core.files.storage import default_storage

    path = tmp_path / "lich-su.xlsx"
    if content is None:
        xlsx(path, ["Năm", "Tên"], [["2018", "Đèn đường"]], sheet="Năm 2018")
    else:
        path.write_bytes(content)
    kept_before = default_storage.listdir("imports")[1] if default_storage.exists("imports") else []

    response = upload(admin_client, "history", path, sheet=sheet, skip_refused="on")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field: [said]}
    assert form["kind"].value() == "history" and form["sheet"].value() == sheet and form["skip_refused"].value()
    assert said in response.content.decode()
    kept_after = default_storage.listdir("imports")[1] if default_storage.exists("imports") else []
    assert kept_after == kept_before  # the refused file is not kept


@pytest.mark.parametrize(
    ("kind", "content", "sheet", "field", "said"),
    [
        ("units", b"\x89PNG\r\n\x1a\n\x00\x00binary", "", "file", "Tệp không phải bảng tính Excel (.xlsx) hay CSV."),
        ("people", b"\x89PNG\r\n\x1a\n\x00\x00binary", "", "file", "Tệp không phải bảng tính Excel (.xlsx) hay CSV."),
        ("units", None, "Năm 2019", "sheet", "Không có trang tính “Năm 2019” trong tệp."),
        ("people", None, "Cán bộ", "sheet", "Không có trang tính “Cán bộ” trong tệp."),
    ],
)
def test_a_units_or_people_file_that_cannot_be_read_is_refused_beside_its_field_with_the_form_kept(
    admin_client, tmp_path, kind, content, sheet, field, said
):
    # Units and people reported it on the next step, as a refused "row" of an import that could not start.
    from django.core.files.storage import default_storage

    path = tmp_path / "danh-sach.xlsx"
    if content is None:
        xlsx(path, UNITS, [["T9", "Tỉnh Chín", "Tỉnh", ""]], sheet="Trang 1")
    else:
        path.write_bytes(content)
    kept_before = default_storage.listdir("imports")[1] if default_storage.exists("imports") else []

    response = upload(admin_client, kind, path, sheet=sheet, skip_refused="on")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field: [said]}
    assert form["kind"].value() == kind and form["sheet"].value() == sheet and form["skip_refused"].value()
    kept_after = default_storage.listdir("imports")[1] if default_storage.exists("imports") else []
    assert kept_after == kept_before


@pytest.mark.parametrize(
    ("kind", "headers", "said"),
    [
        ("units", ["Mã", "Tên đơn vị", "Mã cấp trên"], "Thiếu cột: Loại đơn vị."),
        ("units", ["Tên", "Cấp trên"], "Thiếu cột: Mã, Loại đơn vị."),
        ("people", ["Họ tên", "Điện thoại", "Đơn vị"], "Thiếu cột: Email."),
    ],
)
def test_a_sheet_without_a_required_column_is_refused_at_upload_naming_the_columns_as_the_template_does(
    admin_client, tmp_path, kind, headers, said
):
    # The check page said "Thiếu cột: kind." or "Thiếu cột: email.": the program's own names, not the sheet's.
    path = csv_file(tmp_path / "thieu.csv", headers, [["x"] * len(headers)])

    response = upload(admin_client, kind, path)

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [said]}
    assert said in response.content.decode()


def test_a_missing_column_is_said_in_english_in_the_english_interface(admin_client, tmp_path, settings):
    path = csv_file(tmp_path / "thieu.csv", ["Mã", "Tên đơn vị"], [["T9", "Tỉnh Chín"]])

    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = upload(admin_client, "units", path)

    assert response.context["form"].errors == {"file": ["Missing columns: Loại đơn vị."]}


@pytest.mark.parametrize("kind", ["units", "people", "history"])
def test_each_downloaded_template_passes_its_own_upload_check(admin_client, tmp_path, kind):
    # The template's header row and the columns the upload requires come from one description.
    path = tmp_path / f"mau-{kind}.xlsx"
    path.write_bytes(admin_client.get(f"/admin/models_registry/columnmapping/import/template/{kind}/").content)

    response = upload(admin_client, kind, path)

    assert response.status_code == 302, response.context["form"].errors


def test_a_sheet_swept_while_its_check_waited_sends_the_admin_back_to_upload_with_why(admin_client, tmp_path):
    # Left unconfirmed past the grace period, the uploaded sheet goes with the stray files (jobs/strays.py).
    path = csv_file(tmp_path / "u.csv", UNITS, [["T9", "Tỉnh Chín", "Tỉnh", ""]])
    check_url = upload(admin_client, "units", path)["Location"]
    default_storage.delete(admin_client.session["dvk_import"]["file"])

    back = admin_client.get(check_url, follow=True)

    assert back.redirect_chain[-1][0].endswith("/admin/models_registry/columnmapping/import/")
    assert "Tệp “u.csv” đã tải lên từ lâu mà chưa nhập nên không còn được giữ" in back.content.decode()
    assert "dvk_import" not in admin_client.session
    assert not Unit.objects.filter(code="T9").exists()
