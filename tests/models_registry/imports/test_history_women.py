"""The history import reads an exemplar's gender and a collective's share of women when the sheet has them
(the tie rule of commendations, issue 15); both columns are optional."""

import pytest

from models_registry.imports.history import import_history
from models_registry.imports.history_columns import TEMPLATE_HEADERS
from models_registry.models import Gender, Initiative
from tests.models_registry.imports.sheets import xlsx
from tests.models_registry.imports.test_history import coded, row  # noqa: F401 — the units with codes, as a fixture

pytestmark = pytest.mark.django_db
HEADERS = [*TEMPLATE_HEADERS, "Giới tính", "Tỷ lệ nữ (%)"]


def test_the_gender_and_the_share_of_women_are_read_when_the_sheet_has_them(coded, tmp_path):  # noqa: F811
    path = xlsx(
        tmp_path / "2021.xlsx",
        HEADERS,
        [
            [*row(name="Chị Lan nuôi heo", kind="Điển hình", subject="Cá nhân"), "Nữ", ""],
            [*row(name="Chi hội phụ nữ", subject="Tập thể"), "", "75%"],
            [*row(name="Tổ tự quản", subject="Tập thể"), "", ""],
        ],
    )

    report = import_history(path, user=coded.admin)

    assert report.applied, report.refused
    assert Initiative.objects.get(name="Chị Lan nuôi heo").gender == Gender.FEMALE
    assert Initiative.objects.get(name="Chi hội phụ nữ").women_share == 75
    assert Initiative.objects.get(name="Tổ tự quản").women_share is None


def test_a_share_past_100_or_a_gender_for_a_collective_is_refused_in_vietnamese(coded, tmp_path):  # noqa: F811
    path = xlsx(
        tmp_path / "2021.xlsx",
        HEADERS,
        [
            [*row(name="Chi hội A", subject="Tập thể"), "", "120"],
            [*row(name="Chi hội B", subject="Tập thể"), "Nữ", ""],
        ],
    )

    report = import_history(path, user=coded.admin)

    reasons = " ".join(str(r.message) for r in report.rows)
    assert "Không đọc được tỷ lệ nữ “120”" in reasons
    assert "Giới tính chỉ ghi cho điển hình cá nhân" in reasons
    assert not Initiative.objects.exists()
