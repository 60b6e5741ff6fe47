import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from campaigns.models import Unit
from models_registry.imports.history_columns import TEMPLATE_HEADERS
from models_registry.models import Initiative
from tests.models_registry.imports.sheets import csv_file, xlsx

pytestmark = pytest.mark.django_db
UNITS = ["Mã", "Tên đơn vị", "Loại đơn vị", "Mã cấp trên"]


def test_import_units_command_imports_and_reports(tmp_path, capsys):
    path = csv_file(tmp_path / "u.csv", UNITS, [["T", "Tỉnh", "Tỉnh", ""], ["X", "Xã", "Xã", "T"]])

    call_command("import_units", str(path))

    assert Unit.objects.count() == 2
    assert "Tạo mới: 2" in capsys.readouterr().out


def test_import_units_command_fails_and_names_the_refused_rows(tmp_path, capsys):
    path = csv_file(tmp_path / "u.csv", UNITS, [["T", "Tỉnh", "Không biết", ""]])

    with pytest.raises(CommandError):
        call_command("import_units", str(path))

    assert "2\tTừ chối\tTỉnh\tKhông rõ loại đơn vị “Không biết”." in capsys.readouterr().out
    assert not Unit.objects.exists()


def test_import_history_command_with_explicit_columns_and_a_report_file(world, tmp_path):
    world.hamlet.code = "A1"
    world.hamlet.save()
    path = csv_file(tmp_path / "h.csv", ["STT", "Năm", "Đơn vị", "Tên"], [["1", "2019", "A1", "Mô hình A"]])

    call_command("import_history", str(path), "--columns", "1=year,2=unit,3=name", "--report", str(tmp_path / "r.csv"))

    assert Initiative.objects.get(imported_from="h.csv").campaign.year == 2019
    assert "Tạo mới" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")


def test_import_history_command_shows_the_guessed_columns(world, tmp_path, capsys):
    path = xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, [])

    call_command("import_history", str(path), "--show-columns")

    assert "0\tNăm đăng ký\tyear" in capsys.readouterr().out


def test_import_people_command_dry_run_writes_nothing(world, tmp_path, capsys):
    path = csv_file(tmp_path / "p.csv", ["Họ tên", "Email"], [["Lê Văn A", "a@example.vn"]])

    call_command("import_people", str(path), "--base-url", "https://dvk.example.vn", "--dry-run")

    assert "dry run" in capsys.readouterr().out
    assert not world.admin.__class__.objects.filter(email="a@example.vn").exists()


def test_import_units_and_people_commands_read_the_sheet_they_are_given(world, tmp_path):
    path = xlsx(
        tmp_path / "u.xlsx",
        UNITS,
        [["T8", "Tỉnh Tám", "Tỉnh", ""]],
        sheet="Cũ",
        extra_sheets=[("Mới", [UNITS, ["T9", "Tỉnh Chín", "Tỉnh", ""]])],
    )
    people = xlsx(
        tmp_path / "p.xlsx",
        ["Họ tên", "Email"],
        [["Nguyễn Văn Cũ", "cu@example.vn"]],
        sheet="Cũ",
        extra_sheets=[("Mới", [["Họ tên", "Email"], ["Nguyễn Văn Mới", "moi@example.vn"]])],
    )

    call_command("import_units", str(path), "--sheet", "Mới")
    call_command("import_people", str(people), "--sheet", "Mới", "--base-url", "https://dvk.example.vn")

    assert list(Unit.objects.filter(code__in=["T8", "T9"]).values_list("code", flat=True)) == ["T9"]
    User = get_user_model()
    assert User.objects.filter(email="moi@example.vn").exists()
    assert not User.objects.filter(email="cu@example.vn").exists()
