import datetime
import unicodedata

import openpyxl
import pytest

from campaigns.models import CampaignState, Level
from models_registry.imports.history import import_history
from models_registry.imports.history_columns import TEMPLATE_HEADERS, suggest
from models_registry.imports.models import ColumnMapping
from models_registry.imports.report import Action
from models_registry.models import Initiative, Origin, RecognitionDecision, State
from models_registry.reports.summary import for_year
from models_registry.search import similar_earlier
from tests.models_registry.imports.sheets import csv_file, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(world):
    for unit, code in (
        (world.province, "T"),
        (world.commune, "X1"),
        (world.hamlet, "X1-A1"),
        (world.other_commune, "P2"),
    ):
        unit.code = code
        unit.save()
    return world


def row(
    year="2021",
    unit="X1-A1",
    name="Tuyến đường hoa",
    kind="Mô hình",
    field="",
    subject="",
    recognized="x",
    number="",
    date="",
    level="",
    continues="",
    content="",
    address="",
):
    return [year, unit, name, kind, field, subject, recognized, number, date, level, continues, content, address]


def test_past_initiatives_become_read_only_historical_records_of_their_year(coded, tmp_path):
    path = xlsx(
        tmp_path / "2021.xlsx",
        TEMPLATE_HEADERS,
        [row(number="12/QĐ-BCĐ", date="05/03/2021", level="Cấp tỉnh", content="Trồng hoa hai bên đường")],
        titles=["BAN CHỈ ĐẠO DÂN VẬN KHÉO TỈNH", "DANH SÁCH MÔ HÌNH NĂM 2021"],
    )

    report = import_history(path, user=coded.admin)

    assert report.applied, report.refused
    initiative = Initiative.objects.get(name="Tuyến đường hoa")
    assert initiative.is_imported and initiative.imported_from == "2021.xlsx"
    assert initiative.state == State.RECOGNIZED
    assert initiative.campaign.year == 2021 and initiative.campaign.state == CampaignState.SUMMARIZED
    assert initiative.is_frozen and not initiative.is_editable
    assert (initiative.decision.number, initiative.decision.decided_on) == ("12/QĐ-BCĐ", datetime.date(2021, 3, 5))
    assert initiative.decision.level == Level.PROVINCE
    assert not initiative.logs.exists()
    assert list(for_year(Initiative.objects.all(), 2021)) == [initiative]


def test_imported_initiatives_show_in_the_similar_initiatives_search(coded, tmp_path):
    import_history(xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, [row(name="Mô hình tuyến đường hoa kiểu mẫu")]))

    found = similar_earlier(coded.hamlet.id, "Tuyến đường hoa kiểu mẫu", campaign_id=coded.campaign.id)

    assert [i.name for i, _score in found] == ["Mô hình tuyến đường hoa kiểu mẫu"]


def test_reimporting_the_same_file_changes_nothing(coded, tmp_path):
    path = xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, [row(), row(name="Khác", recognized="", year="2020")])
    import_history(path)
    before = list(Initiative.objects.values())

    report = import_history(path)

    assert {r.action for r in report.rows} == {Action.UNCHANGED}
    assert list(Initiative.objects.values()) == before


def test_a_row_that_says_so_continues_the_earlier_initiative_even_of_a_predecessor_unit(coded, tmp_path):
    coded.hamlet.predecessors.add(coded.other_hamlet)
    coded.other_hamlet.code = "K3"
    coded.other_hamlet.save()
    rows = [
        row(year="2022", name="Tuyến đường hoa", continues="2021"),
        row(year="2021", unit="K3", name="Tuyến  đường HOA"),
    ]

    report = import_history(xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, rows))

    assert report.applied, report.refused
    later = Initiative.objects.get(campaign__year=2022)
    assert later.continues == Initiative.objects.get(campaign__year=2021)
    assert later.origin == Origin.MAINTAINED
    assert report.rows[0].action == Action.LINKED


def test_vietnamese_date_spellings_numbers_as_text_and_odd_spaces_are_read(coded, tmp_path):
    nfd = unicodedata.normalize("NFD", "Ấp Phú Hòa")
    rows = [
        row(year="2023", number="1", date="05/03/2023", name="Một"),
        row(year=" 2023\u00a0", number="2", date="5/3/23", name="Hai"),
        row(year="năm 2023", number="3", date="tháng 3/2023", name="Ba"),
        row(year=2023.0, number="4", date="năm 2023", name="Bốn", unit=nfd),
        row(year="2023", number="5", date=datetime.datetime(2023, 3, 5), name="Năm\u00a0 "),
    ]

    report = import_history(xlsx(tmp_path / "d.xlsx", TEMPLATE_HEADERS, rows))

    assert report.applied, [(r.row, r.message) for r in report.refused]
    dates = dict(Initiative.objects.values_list("name", "decision__decided_on"))
    assert dates == {
        "Một": datetime.date(2023, 3, 5),
        "Hai": datetime.date(2023, 3, 5),
        "Ba": datetime.date(2023, 3, 1),
        "Bốn": datetime.date(2023, 1, 1),
        "Năm": datetime.date(2023, 3, 5),
    }
    assert Initiative.objects.get(name="Bốn").unit == coded.hamlet


def test_bad_rows_are_refused_with_the_reason_in_vietnamese_and_nothing_is_written(coded, tmp_path):
    rows = [
        row(name="Tốt"),
        row(unit="Ấp Phú Hoa Mới", name="Sai đơn vị"),
        row(date="32/13/2021", number="9", name="Sai ngày"),
        row(kind="Phong trào", name="Sai loại"),
        row(field="Thể thao", name="Sai lĩnh vực"),
        row(name="Tốt"),
        row(year="hai nghìn", name="Sai năm"),
        row(recognized="có lẽ", name="Không rõ"),
    ]

    report = import_history(xlsx(tmp_path / "bad.xlsx", TEMPLATE_HEADERS, rows))

    assert not report.applied
    assert not Initiative.objects.filter(imported_from__gt="").exists()
    assert {r.row: r.message for r in report.refused} == {
        3: "Không có đơn vị “Ấp Phú Hoa Mới”. Tên gần nhất: Ấp Phú Hòa.",
        4: "Không đọc được ngày “32/13/2021”.",
        5: "Không rõ loại “Phong trào”.",
        6: "Không rõ lĩnh vực “Thể thao”.",
        7: "Trùng với dòng 2.",
        8: "Không đọc được năm “hai nghìn”.",
        9: "Không rõ đã công nhận hay chưa: “có lẽ”.",
    }


def test_a_dry_run_reports_row_by_row_and_writes_nothing(coded, tmp_path):
    path = xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, [row(), row(name="Hai")])

    report = import_history(path, dry_run=True)

    assert [(r.row, r.action) for r in report.rows] == [(2, Action.CREATED), (3, Action.CREATED)]
    assert not Initiative.objects.filter(imported_from__gt="").exists()
    assert not RecognitionDecision.objects.exists()
    assert not ColumnMapping.objects.exists()


def test_a_mapping_is_remembered_for_the_header_layout(coded, tmp_path):
    header = ["STT", "Năm", "Cơ sở", "Tên gọi", "Kết quả"]
    path = csv_file(tmp_path / "cu.csv", header, [["1", "2019", "X1", "Đèn đường", "Đạt"]])
    columns = {1: "year", 2: "unit", 3: "name", 4: "recognized"}

    report = import_history(path, columns)

    assert report.applied, report.refused
    assert suggest(header) == columns
    again = csv_file(tmp_path / "cu2.csv", header, [["1", "2019", "X1", "Đèn đường", "Đạt"]])
    assert [r.action for r in import_history(again).rows] == [Action.UNCHANGED]


def test_a_failed_import_leaves_the_database_as_it_was(coded, tmp_path, monkeypatch):
    path = xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, [row(name=f"Mô hình {i}") for i in range(600)])
    original = Initiative.objects.bulk_create
    calls = []

    def fail_second(objs, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(objs, **kwargs)

    monkeypatch.setattr(Initiative.objects, "bulk_create", fail_second)

    with pytest.raises(RuntimeError):
        import_history(path)

    assert not Initiative.objects.filter(imported_from__gt="").exists()
    assert not ColumnMapping.objects.exists()


def test_formulas_merged_titles_several_sheets_and_empty_rows_are_handled(coded, tmp_path):
    path = tmp_path / "nhieu.xlsx"
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Ghi chú"
    notes.append(["Hướng dẫn điền"])
    data = workbook.create_sheet("2021")
    data.append(["DANH SÁCH"])
    data.merge_cells("A1:E1")
    data.append(TEMPLATE_HEADERS)
    data.append(row(name="Có"))
    data.append([])
    data.append([None] * 13)
    data.append(row(name="Sau dòng trống", year="=2020+1"))
    workbook.save(path)

    report = import_history(path)

    # A formula that no spreadsheet program computed has no value: the year is missing, said so.
    assert {r.row: r.message for r in report.refused} == {6: "Thiếu năm đăng ký."}
    assert any("2021" in note and "Ghi chú" in note for note in report.notes)


def test_a_decision_number_reused_in_another_year_is_another_decision(coded, tmp_path):
    rows = [
        row(year="2021", number="01/QĐ", name="A"),
        row(year="2022", number="01/QĐ", name="B"),
        row(year="2022", number="01/QĐ", name="C"),
    ]

    import_history(xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, rows))
    again = import_history(xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, rows))

    assert sorted(RecognitionDecision.objects.values_list("number", flat=True)) == ["01/QĐ", "01/QĐ (2022)"]
    assert Initiative.objects.get(name="B").decision == Initiative.objects.get(name="C").decision
    assert {r.action for r in again.rows} == {Action.UNCHANGED}


def test_the_initiative_page_says_it_is_an_imported_historical_record(coded, tmp_path, client):
    import_history(xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, [row(number="12/QĐ", date="05/03/2021")]))
    initiative = Initiative.objects.get(name="Tuyến đường hoa")
    client.force_login(coded.staff)

    body = client.get(initiative.get_absolute_url()).content.decode()

    assert "Hồ sơ lịch sử: đăng ký năm 2021, nhập từ danh sách của tỉnh (tệp h.xlsx)" in body
    assert "Quyết định công nhận số 12/QĐ ngày 05/03/2021, Cấp tỉnh." in body


def test_reimporting_a_corrected_row_updates_it_in_place(coded, tmp_path):
    import_history(xlsx(tmp_path / "a.xlsx", TEMPLATE_HEADERS, [row(recognized="", content="Cũ")]))
    first = Initiative.objects.get(name="Tuyến đường hoa")

    report = import_history(xlsx(tmp_path / "b.xlsx", TEMPLATE_HEADERS, [row(recognized="x", content="Mới")]))

    assert [r.action for r in report.rows] == [Action.UPDATED]
    updated = Initiative.objects.get(name="Tuyến đường hoa")
    assert (updated.pk, updated.state, updated.solutions) == (first.pk, State.RECOGNIZED, "Mới")
    assert "moi" in updated.search_text
