import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from campaigns.models import CommitteeMembership, Profile, Role, UnitMembership
from models_registry.imports.people import import_people
from models_registry.imports.report import Action
from tests.models_registry.imports.sheets import csv_file, xlsx

pytestmark = pytest.mark.django_db
User = get_user_model()
HEADER = ["Họ tên", "Email", "Điện thoại", "Đơn vị", "Chức vụ", "Ban Chỉ đạo", "Vai trò"]
BASE = "https://dvk.example.vn"


@pytest.fixture
def coded(world):
    for unit, code in ((world.province, "T"), (world.commune, "X1"), (world.hamlet, "X1-A1")):
        unit.code = code
        unit.save()
    return world


def test_new_people_are_created_without_a_password_and_invited_through_the_queue(
    coded, tmp_path, django_capture_on_commit_callbacks
):
    path = xlsx(
        tmp_path / "nguoi.xlsx",
        HEADER,
        [["Nguyễn Văn An", " An.Nguyen@Example.vn\u00a0", "0909 123 456", "X1-A1", "Bí thư chi bộ", "T", "Ủy viên"]],
        titles=["DANH SÁCH CÁN BỘ", ""],
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = import_people(path, BASE)

    assert report.applied, report.refused
    user = User.objects.get(email="an.nguyen@example.vn")
    assert (user.last_name, user.first_name, user.username) == ("Nguyễn Văn", "An", "an.nguyen@example.vn")
    assert not user.has_usable_password()
    assert UnitMembership.objects.get(user=user).title == "Bí thư chi bộ"
    assert CommitteeMembership.objects.get(user=user).role == Role.MEMBER
    assert len(mail.outbox) == 1
    link = re.search(r"https://dvk\.example\.vn/accounts/reset/\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    assert mail.outbox[0].to == ["an.nguyen@example.vn"]


def test_the_invitation_link_lets_the_user_set_a_password(coded, tmp_path, client, django_capture_on_commit_callbacks):
    path = csv_file(tmp_path / "p.csv", HEADER, [["Lê Thị Bình", "binh@example.vn", "", "X1", "", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        import_people(path, BASE)
    link = re.search(r"https://dvk\.example\.vn(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}
    )

    assert response.status_code == 302
    assert User.objects.get(email="binh@example.vn").check_password("Mat-khau-moi-2026")


def test_reimporting_people_updates_and_never_duplicates_nor_reinvites(
    coded, tmp_path, django_capture_on_commit_callbacks
):
    rows = [["Lê Thị Bình", "binh@example.vn", "", "X1", "", "", ""]]
    with django_capture_on_commit_callbacks(execute=True):
        import_people(csv_file(tmp_path / "a.csv", HEADER, rows), BASE)
    rows[0][6], rows[0][5] = "Phó ban", "T"

    with django_capture_on_commit_callbacks(execute=True):
        report = import_people(csv_file(tmp_path / "b.csv", HEADER, rows), BASE)
    again = import_people(csv_file(tmp_path / "b.csv", HEADER, rows), BASE)

    assert [r.action for r in report.rows] == [Action.UPDATED]
    assert [r.action for r in again.rows] == [Action.UNCHANGED]
    assert User.objects.filter(email="binh@example.vn").count() == 1
    assert CommitteeMembership.objects.get(user__email="binh@example.vn").role == Role.VICE_CHAIR
    assert len(mail.outbox) == 1


def test_bad_people_rows_are_refused_with_their_reason_and_nobody_is_invited(
    coded, tmp_path, django_capture_on_commit_callbacks
):
    rows = [
        ["Trần Văn C", "c@example.vn", "", "X1", "", "", ""],
        ["Không Mail", "khong-phai-email", "", "X1", "", "", ""],
        ["Trần Văn C", "C@example.vn", "", "X1", "", "", ""],
        ["Sai Đơn Vị", "d@example.vn", "", "KHONGCO", "", "", ""],
        ["Sai Ban", "e@example.vn", "", "", "", "Ban không có", ""],
        ["Sai Vai Trò", "f@example.vn", "", "", "", "T", "Chủ tịch"],
        ["Sai Số", "g@example.vn", "abc", "", "", "", ""],
    ]

    with django_capture_on_commit_callbacks(execute=True):
        report = import_people(csv_file(tmp_path / "bad.csv", HEADER, rows), BASE)

    assert not report.applied
    assert {r.row: r.message for r in report.refused} == {
        3: "Địa chỉ e-mail “khong-phai-email” không hợp lệ.",
        4: "E-mail c@example.vn trùng với dòng 2.",
        5: "Không có đơn vị mã KHONGCO.",
        6: "Không xác định được Ban Chỉ đạo “Ban không có”.",
        7: "Không rõ vai trò “Chủ tịch”.",
        8: "Số điện thoại “abc” không hợp lệ.",
    }
    assert not User.objects.filter(email="c@example.vn").exists()
    assert mail.outbox == []


def test_the_phone_is_stored_and_a_reimport_updates_it_without_a_second_record(coded, tmp_path):
    rows = [["Lê Thị Bình", "binh@example.vn", "0909 123 456", "X1", "", "", ""]]
    first = import_people(csv_file(tmp_path / "a.csv", HEADER, rows), BASE)
    same = import_people(csv_file(tmp_path / "a.csv", HEADER, rows), BASE)
    rows[0][2] = "+84 270 3822 111"
    changed = import_people(csv_file(tmp_path / "b.csv", HEADER, rows), BASE)

    assert [r.action for r in first.rows] == [Action.CREATED]
    assert [r.action for r in same.rows] == [Action.UNCHANGED]
    assert [r.action for r in changed.rows] == [Action.UPDATED]
    assert Profile.objects.filter(user__email="binh@example.vn").count() == 1
    assert Profile.objects.get(user__email="binh@example.vn").phone == "+84 270 3822 111"


def test_a_sheet_without_a_phone_keeps_the_phone_on_file(coded, tmp_path):
    rows = [["Lê Thị Bình", "binh@example.vn", "0909 123 456", "X1", "", "", ""]]
    import_people(csv_file(tmp_path / "a.csv", HEADER, rows), BASE)
    rows[0][2] = ""

    report = import_people(csv_file(tmp_path / "b.csv", HEADER, rows), BASE)

    assert [r.action for r in report.rows] == [Action.UNCHANGED]
    assert Profile.objects.get(user__email="binh@example.vn").phone == "0909 123 456"


def test_a_dry_run_stores_no_phone(coded, tmp_path):
    existing = User.objects.create(username="binh@example.vn", email="binh@example.vn")
    rows = [["Lê Thị Bình", "binh@example.vn", "0909 123 456", "X1", "", "", ""]]

    report = import_people(csv_file(tmp_path / "a.csv", HEADER, rows), BASE, dry_run=True)

    assert [r.action for r in report.rows] == [Action.UPDATED]
    assert not Profile.objects.filter(user=existing).exists()
