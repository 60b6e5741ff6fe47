import pytest

from campaigns.models import Unit, UnitKind
from models_registry.imports.report import Action
from models_registry.imports.units import import_units
from tests.models_registry.imports.sheets import csv_file, xlsx

pytestmark = pytest.mark.django_db
HEADER = ["Mã", "Tên đơn vị", "Loại đơn vị", "Mã cấp trên", "Hình thành từ"]


def actions(report):
    return [(r.row, r.action) for r in report.rows]


def test_units_are_created_with_their_parents_whatever_the_row_order(tmp_path):
    path = xlsx(
        tmp_path / "don-vi.xlsx",
        HEADER,
        [["X1-A1", "Ấp Một", "Ấp", "X1", ""], ["T", "Tỉnh Thử", "Tỉnh", "", ""], ["X1", "Xã Một", "Xã", "T", ""]],
        titles=["DANH SÁCH ĐƠN VỊ"],
    )

    report = import_units(path)

    assert report.applied
    hamlet = Unit.objects.get(code="X1-A1")
    assert hamlet.kind == UnitKind.HAMLET
    assert hamlet.parent.code == "X1" and hamlet.parent.parent.code == "T"
    assert hamlet.path.startswith(Unit.objects.get(code="T").path)
    assert [a for _r, a in actions(report)] == [Action.CREATED] * 3


def test_reimporting_the_same_sheet_changes_nothing(tmp_path):
    path = csv_file(tmp_path / "u.csv", HEADER, [["T", "Tỉnh Thử", "Tỉnh", "", ""], ["X1", "Xã Một", "xa", "T", ""]])
    import_units(path)

    report = import_units(path)

    assert Unit.objects.count() == 2
    assert {a for _r, a in actions(report)} == {Action.UNCHANGED}


def test_moving_a_unit_moves_its_subtree(tmp_path):
    rows = [
        ["T", "Tỉnh", "Tỉnh", "", ""],
        ["X1", "Xã Một", "Xã", "T", ""],
        ["X2", "Xã Hai", "Xã", "T", ""],
        ["A", "Ấp A", "Ấp", "X1", ""],
        ["A-1", "Tổ 1", "Tổ dân phố", "A", ""],
    ]
    import_units(csv_file(tmp_path / "a.csv", HEADER, rows))
    rows[3][3] = "X2"

    report = import_units(csv_file(tmp_path / "b.csv", HEADER, rows))

    assert report.applied
    group = Unit.objects.get(code="A-1")
    assert group.path.startswith(Unit.objects.get(code="X2").path)
    assert group.depth == 3
    assert Unit.objects.subtree_of(Unit.objects.get(code="X1")).count() == 1


def test_a_merged_commune_names_its_predecessors_and_follows_them_transitively(tmp_path):
    rows = [
        ["T", "Tỉnh", "Tỉnh", "", ""],
        ["OLD1", "Xã Cũ Một", "Xã", "T", ""],
        ["OLD2", "Xã Cũ Hai", "Xã", "T", "OLDER"],
        ["OLDER", "Xã Xưa", "Xã", "T", ""],
        ["NEW", "Xã Mới", "Xã", "T", "OLD1; OLD2"],
    ]

    report = import_units(csv_file(tmp_path / "m.csv", HEADER, rows))

    assert report.applied, report.refused
    new = Unit.objects.get(code="NEW")
    codes = set(Unit.objects.filter(pk__in=new.with_predecessors()).values_list("code", flat=True))
    assert codes == {"NEW", "OLD1", "OLD2", "OLDER"}


def test_a_unit_without_predecessors_has_only_itself(world):
    assert world.hamlet.with_predecessors() == {world.hamlet.pk}


def test_refused_rows_say_why_and_nothing_is_written(tmp_path):
    rows = [
        ["T", "Tỉnh", "Tỉnh", "", ""],
        ["X1", "Xã Một", "Hợp tác xã", "T", ""],
        ["X2", "Xã Hai", "Xã", "KHONGCO", ""],
        ["T", "Tỉnh lặp", "Tỉnh", "", ""],
        ["X3", "", "Xã", "T", ""],
        ["X4", "Xã Bốn", "Xã", "T", "MATMA"],
    ]

    report = import_units(csv_file(tmp_path / "bad.csv", HEADER, rows, delimiter=";"))

    assert not report.applied
    assert Unit.objects.count() == 0
    reasons = {r.row: r.message for r in report.refused}
    assert reasons == {
        3: "Không rõ loại đơn vị “Hợp tác xã”.",
        4: "Không có đơn vị cấp trên mã KHONGCO.",
        5: "Mã T trùng với dòng 2.",
        6: "Thiếu tên đơn vị.",
        7: "Không có đơn vị mã MATMA (cột “hình thành từ”).",
    }


def test_skipping_refused_rows_imports_the_others(tmp_path):
    rows = [["T", "Tỉnh", "Tỉnh", "", ""], ["X1", "Xã Một", "???", "T", ""]]

    report = import_units(csv_file(tmp_path / "s.csv", HEADER, rows), skip_refused=True)

    assert report.applied
    assert list(Unit.objects.values_list("code", flat=True)) == ["T"]


def test_a_dry_run_reports_without_writing(tmp_path):
    path = csv_file(tmp_path / "d.csv", HEADER, [["T", "Tỉnh", "Tỉnh", "", ""]])

    report = import_units(path, dry_run=True)

    assert actions(report) == [(2, Action.CREATED)]
    assert not Unit.objects.exists()


def test_a_parent_placed_under_its_own_child_is_refused(tmp_path):
    import_units(csv_file(tmp_path / "a.csv", HEADER, [["T", "Tỉnh", "Tỉnh", "", ""], ["X", "Xã", "Xã", "T", ""]]))

    report = import_units(
        csv_file(tmp_path / "b.csv", HEADER, [["T", "Tỉnh", "Tỉnh", "X", ""], ["X", "Xã", "Xã", "T", ""]])
    )

    assert not report.applied
    assert Unit.objects.get(code="T").parent is None


def test_a_sheet_without_the_kind_column_is_refused_at_its_header_row_naming_the_column_as_the_template_does(
    tmp_path,
):
    # The command line reads the sheet without the upload page: its report said "Thiếu cột: kind.".
    path = xlsx(tmp_path / "don-vi.xlsx", ["Mã", "Tên đơn vị"], [["T", "Tỉnh Thử"]], titles=["DANH SÁCH"])

    report = import_units(path)

    assert not report.applied
    assert [(r.row, r.message) for r in report.rows] == [(2, "Thiếu cột: Loại đơn vị.")]
    assert not Unit.objects.filter(code="T").exists()
