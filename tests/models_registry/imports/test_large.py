"""60,000 rows: read streaming, imported in one transaction, and nothing half-done when one row is bad."""

import csv
import tracemalloc

import pytest

from models_registry.imports.history import import_history
from models_registry.imports.reading import open_sheet
from models_registry.models import Initiative

pytestmark = pytest.mark.django_db
ROWS = 60_000


def write_rows(path, bad_row: int | None = None):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["DANH SÁCH 2017–2024"])
        writer.writerow(["Năm", "Mã đơn vị", "Tên mô hình"])
        for i in range(ROWS):
            writer.writerow(["năm 20xx" if i == bad_row else 2017 + i % 8, "A1", f"Mô hình số {i}"])
    return path


def test_sixty_thousand_rows_are_read_one_at_a_time(tmp_path):
    path = write_rows(tmp_path / "lon.csv")
    tracemalloc.start()

    with open_sheet(path, frozenset({"nam", "ma don vi", "ten mo hinh"})) as sheet:
        count = sum(1 for _row in sheet.rows)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == ROWS
    assert peak < 5_000_000  # a few rows at a time, not 60,000 of them


def test_sixty_thousand_rows_with_one_bad_row_import_nothing_and_name_the_row(world, tmp_path):
    world.hamlet.code = "A1"
    world.hamlet.save()
    path = write_rows(tmp_path / "lon.csv", bad_row=59_999)

    report = import_history(path)

    assert [(r.row, r.message) for r in report.refused] == [(60_002, "Không đọc được năm “năm 20xx”.")]
    assert not report.applied
    assert not Initiative.objects.filter(imported_from="lon.csv").exists()
