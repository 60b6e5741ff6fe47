"""The page where a leader records that the authority recovered an award (Law 06/2022)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from campaigns.lifecycle import apply_campaign
from tests.factories import CommendationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def commendation(world):
    return CommendationFactory(
        initiative=world.initiative("recognized"),
        decision_number="1234/QĐ-UBND",
        decided_on=TODAY - datetime.timedelta(days=60),
        created_by=world.chair,
    )


def recover_url(commendation) -> str:
    return reverse("reports:commendation_recover", args=[commendation.initiative_id, commendation.pk])


def recovery_data(**overrides) -> dict:
    return {
        "recovery_number": "88/QĐ-UBND",
        "recovered_on": TODAY.isoformat(),
        "recovery_reason": "Kê khai thành tích không đúng sự thật.",
        **overrides,
    }


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("staff2", 404),  # another unit: not in scope
        ("staff", 403),  # the unit's staff
        ("member", 403),  # a plain member of the committee
        ("chair", 200),
        ("secretary", 200),
        ("admin", 200),
    ],
)
def test_access_matrix_of_the_recovery_page(client, world, commendation, user, status):
    client.force_login(getattr(world, user))

    assert client.get(recover_url(commendation)).status_code == status


def test_an_anonymous_visitor_of_the_recovery_page_is_sent_to_login(client, world, commendation):
    response = client.get(recover_url(commendation))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_leader_records_the_recovery_and_the_commendation_page_marks_the_award(client, world, commendation):
    client.force_login(world.secretary)

    response = client.post(recover_url(commendation), recovery_data(), follow=True)

    commendation.refresh_from_db()
    assert commendation.recovery_number == "88/QĐ-UBND" and commendation.recovery_recorded_by == world.secretary
    html = response.content.decode()
    assert "Đã ghi nhận thu hồi khen thưởng" in html
    assert "data-recovered" in html and "Đã bị thu hồi theo Quyết định số 88/QĐ-UBND" in html
    # Neither corrected nor recovered again from the list.
    assert recover_url(commendation) not in html
    assert reverse("reports:commendation_edit", args=[commendation.initiative_id, commendation.pk]) not in html


@pytest.mark.parametrize("who", ["member", "staff"])
def test_who_may_not_record_a_recovery_is_refused_and_nothing_changes(client, world, commendation, who):
    client.force_login(getattr(world, who))

    response = client.post(recover_url(commendation), recovery_data())

    assert response.status_code == 403
    commendation.refresh_from_db()
    assert not commendation.is_recovered


@pytest.mark.parametrize(
    ("overrides", "field", "said"),
    [
        ({"recovery_number": ""}, "recovery_number", "Hãy nhập số quyết định thu hồi."),
        ({"recovery_reason": "  "}, "recovery_reason", "Hãy nhập lý do thu hồi ghi trong quyết định."),
        ({"recovered_on": "31/02/2026"}, "recovered_on", "Ngày không hợp lệ."),
        (
            {"recovered_on": (TODAY + datetime.timedelta(days=2)).isoformat()},
            "recovered_on",
            "Ngày quyết định thu hồi không thể ở tương lai.",
        ),
        (
            {"recovered_on": (TODAY - datetime.timedelta(days=61)).isoformat()},
            "recovered_on",
            "Quyết định thu hồi không thể trước quyết định khen thưởng",
        ),
    ],
)
def test_bad_input_is_said_beside_its_field_and_the_rest_stays_filled(
    client, world, commendation, overrides, field, said
):
    client.force_login(world.chair)

    response = client.post(recover_url(commendation), recovery_data(**overrides))

    assert response.status_code == 400
    form = response.context["form"]
    assert any(said in error for error in form.errors[field])
    assert form["recovery_number"].value() == recovery_data(**overrides)["recovery_number"]
    assert form["recovery_reason"].value() == recovery_data(**overrides)["recovery_reason"]
    commendation.refresh_from_db()
    assert not commendation.is_recovered


def test_raw_input_is_not_echoed_into_the_page(client, world, commendation):
    client.force_login(world.chair)

    response = client.post(recover_url(commendation), recovery_data(recovery_number="", recovery_reason="<b>x</b>"))

    html = response.content.decode()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_recovery_is_recorded_after_the_year_is_summarized(client, world, commendation):
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.")
    client.force_login(world.chair)

    response = client.post(recover_url(commendation), recovery_data())

    assert response.status_code == 302
    commendation.refresh_from_db()
    assert commendation.is_recovered


def test_a_recovered_award_says_so_and_offers_no_form(client, world, commendation):
    commendation.recover(world.chair, number="88/QĐ-UBND", decided_on=TODAY, reason="Gian lận.")
    client.force_login(world.chair)

    again = client.post(recover_url(commendation), recovery_data(recovery_number="99/QĐ-UBND"))
    page = client.get(recover_url(commendation))

    # A second tab's form meets the award recovered: refused, the page says by which decision.
    assert again.status_code == 400
    assert "Đã bị thu hồi theo Quyết định số 88/QĐ-UBND" in again.content.decode()
    commendation.refresh_from_db()
    assert commendation.recovery_number == "88/QĐ-UBND"
    html = page.content.decode()
    assert "Đã bị thu hồi theo Quyết định số 88/QĐ-UBND" in html and 'name="recovery_number"' not in html


def test_a_recovered_award_is_not_corrected_on_the_page_nor_in_the_admin(client, world, commendation):
    commendation.recover(world.chair, number="88/QĐ-UBND", decided_on=TODAY, reason="Gian lận.")
    edit = reverse("reports:commendation_edit", args=[commendation.initiative_id, commendation.pk])
    admin_change = reverse("admin:models_registry_commendation_change", args=[commendation.pk])
    client.force_login(world.admin)

    page = client.post(edit, {"decision_number": "1/QĐ"})
    admin_page = client.get(admin_change)
    admin_post = client.post(admin_change, {"decision_number": "1/QĐ"})
    admin_delete = client.get(reverse("admin:models_registry_commendation_delete", args=[commendation.pk]))

    assert page.status_code == 403
    assert admin_page.status_code == 200
    html = admin_page.content.decode()
    assert 'name="decision_number"' not in html and "Đã bị thu hồi theo Quyết định số 88/QĐ-UBND" in html
    assert admin_post.status_code == 403 and admin_delete.status_code == 403
    commendation.refresh_from_db()
    assert commendation.decision_number == "1234/QĐ-UBND"


def test_the_units_page_marks_a_recovered_award(client, world, commendation):
    commendation.recover(world.chair, number="88/QĐ-UBND", decided_on=TODAY, reason="Gian lận.")
    client.force_login(world.staff)

    html = client.get(commendation.initiative.get_absolute_url()).content.decode()

    assert "Đã bị thu hồi theo Quyết định số 88/QĐ-UBND" in html
