"""manage.py export_summary writes each format, shows a progress bar, and limits to a unit on request."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.models_registry.export_helpers import recognize_batch


@pytest.fixture
def data(world):
    own = recognize_batch(world, 3, number="QĐ-BA")
    other = world.initiative("submitted", unit=world.other_hamlet, name="Mô hình của khóm 3")
    return own, other


def _run(*args, verbosity: int = 1) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_summary", *args, stdout=out, stderr=err, verbosity=verbosity)
    return out.getvalue(), err.getvalue()


def test_the_command_writes_the_full_list_csv_of_a_campaign_with_a_progress_bar(world, data, tmp_path):
    target = tmp_path / "danh-sach.csv"

    out, err = _run("--campaign", str(world.campaign.pk), "--format", "csv", "--output", str(target))

    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Mã hồ sơ", "Tên mô hình/điển hình"]
    assert len(rows) == 1 + 4
    assert "\r" in err and "4/4 (100%)" in err
    assert str(target) in out


def test_the_command_writes_the_summary_workbook_of_a_year(world, data, tmp_path):
    target = tmp_path / "tong-hop.xlsx"

    _, err = _run("--year", str(world.campaign.year), "--format", "xlsx", "--output", str(target))

    workbook = load_workbook(target)
    overview = {row[1]: row[2] for row in workbook["Tổng quan"].iter_rows(min_row=5, values_only=True)}
    assert overview["Tổng số mô hình, điển hình đăng ký"] == 4
    assert overview["Số mô hình, điển hình được công nhận"] == 3
    assert workbook["Danh sách đăng ký"].max_row == 1 + 4
    assert "Danh sách [" in err and "4/4" in err


def test_the_command_writes_the_pdf_report(world, data, tmp_path):
    target = tmp_path / "bao-cao.pdf"

    _, err = _run("--campaign", str(world.campaign.pk), "--format", "pdf", "--output", str(target))

    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Tổng kết phong trào thi đua “Dân vận khéo”" in text
    assert "có 4 mô hình, điển hình đăng ký" in text
    assert "3/3" in err


def test_the_command_writes_the_summary_tables_as_csv(world, data, tmp_path):
    target = tmp_path / "tong-hop.csv"

    _run("--campaign", str(world.campaign.pk), "--format", "csv", "--part", "summary", "--output", str(target))

    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert ["Theo lĩnh vực"] in rows and ["Theo đơn vị"] in rows


def test_the_command_limits_the_export_to_one_units_subtree(world, data, tmp_path):
    target = tmp_path / "xa.csv"

    _run(
        "--campaign",
        str(world.campaign.pk),
        "--format",
        "csv",
        "--unit",
        str(world.other_commune.pk),
        "--output",
        str(target),
    )

    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["Mô hình của khóm 3"]


def test_verbosity_zero_is_quiet(world, data, tmp_path):
    target = tmp_path / "q.csv"

    out, err = _run("--campaign", str(world.campaign.pk), "--format", "csv", "--output", str(target), verbosity=0)

    assert out == "" and err == ""
    assert target.exists()


def test_an_unknown_campaign_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="Không có đợt phát động"):
        _run("--campaign", "999999", "--format", "csv", "--output", str(tmp_path / "x.csv"))


def test_campaign_and_year_cannot_be_given_together(world, tmp_path):
    with pytest.raises(CommandError):
        _run("--campaign", "1", "--year", "2026", "--output", str(tmp_path / "x.csv"))


def test_a_year_without_campaigns_is_a_clear_error_not_an_empty_report(world, data, tmp_path):
    # A mistyped year (2062 for 2026) must not hand in an empty report that looks finished.
    target = tmp_path / "bao-cao.pdf"

    with pytest.raises(CommandError, match="Không có đợt phát động nào của năm này."):
        _run("--year", str(world.campaign.year + 36), "--format", "pdf", "--output", str(target))

    assert not target.exists()


def test_an_unwritable_output_ends_the_progress_line_before_the_error(world, data, tmp_path):
    err = io.StringIO()
    target = tmp_path / "missing-folder" / "bao-cao.pdf"

    with pytest.raises(CommandError, match="Không ghi được tệp"):
        call_command(
            "export_summary",
            "--campaign",
            str(world.campaign.pk),
            "--format",
            "pdf",
            "--output",
            str(target),
            stderr=err,
        )

    assert "(100%)" in err.getvalue()
    assert err.getvalue().endswith("\n")  # the shell prints the error on a line of its own
