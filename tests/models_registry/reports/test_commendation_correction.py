"""A recorded commendation is corrected in the site by a leader in scope, until the year is summarized."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from campaigns.models import CampaignState
from models_registry.models import Commendation
from tests.models_registry.reports.test_commendations import commendation_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def commendation(world):
    initiative = world.initiative("recognized")
    return Commendation.objects.create(
        initiative=initiative,
        level="province",
        kind="certificate_of_merit",
        authority="Ủy ban nhân dân tỉnh Vĩnh Long",
        decision_number="1234/QĐ-UBND",
        decided_on=datetime.date(2026, 10, 14),
        recipient="Chi hội Phụ nữ ấp Phú Hòa",
        created_by=world.chair,
    )


def edit_url(commendation) -> str:
    return reverse("reports:commendation_edit", args=[commendation.initiative_id, commendation.pk])


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
def test_access_matrix_of_the_commendation_correction_page(client, world, commendation, user, status):
    client.force_login(getattr(world, user))

    assert client.get(edit_url(commendation)).status_code == status


def test_anonymous_visitor_of_the_commendation_correction_is_sent_to_login(client, world, commendation):
    response = client.get(edit_url(commendation))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_leader_corrects_the_decision_number_and_the_history_says_so(client, world, commendation):
    client.force_login(world.secretary)

    response = client.post(edit_url(commendation), commendation_data(decision_number="1243/QĐ-UBND"))

    assert response.status_code == 302
    commendation.refresh_from_db()
    assert commendation.decision_number == "1243/QĐ-UBND"
    assert LogEntry.objects.filter(
        object_id=str(commendation.initiative_id), change_message__contains="Sửa khen thưởng"
    ).exists()


def test_a_plain_member_may_not_correct_and_nothing_changes(client, world, commendation):
    client.force_login(world.member)

    response = client.post(edit_url(commendation), commendation_data(decision_number="9/QĐ"))

    assert response.status_code == 403
    commendation.refresh_from_db()
    assert commendation.decision_number == "1234/QĐ-UBND"


def test_a_summarized_year_s_commendation_is_not_corrected(client, world, commendation):
    world.campaign.state = CampaignState.SUMMARIZED
    world.campaign.save(update_fields=["state"])
    client.force_login(world.chair)

    response = client.post(edit_url(commendation), commendation_data(decision_number="9/QĐ"))

    assert response.status_code == 403
    commendation.refresh_from_db()
    assert commendation.decision_number == "1234/QĐ-UBND"


def test_a_future_date_is_refused_beside_the_field_and_the_rest_stays_filled(client, world, commendation):
    client.force_login(world.chair)

    response = client.post(
        edit_url(commendation), commendation_data(decided_on="2999-01-01", recipient="Giữ lại tên này")
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Ngày quyết định không thể ở tương lai." in body and "Giữ lại tên này" in body
    commendation.refresh_from_db()
    assert commendation.decided_on == datetime.date(2026, 10, 14)


def test_a_commendation_is_not_reached_through_another_initiative(client, world, commendation):
    other = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.get(reverse("reports:commendation_edit", args=[other.pk, commendation.pk]))

    assert response.status_code == 404


def test_the_commendations_page_links_each_row_to_its_correction(client, world, commendation):
    client.force_login(world.chair)

    body = client.get(reverse("reports:commendation_create", args=[commendation.initiative_id])).content.decode()

    assert edit_url(commendation) in body


def test_a_correction_from_a_page_read_before_the_summary_is_refused_and_nothing_is_noted(world, commendation):
    from models_registry.lifecycle import TransitionError
    from models_registry.summarize import summarize_campaign

    on_the_page = Commendation.objects.select_related("initiative__campaign").get(pk=commendation.pk)
    summarize_campaign(world.campaign, world.chair, lessons_learned="Bài học.", choices={})
    notes = LogEntry.objects.count()

    with pytest.raises(TransitionError) as refused:
        on_the_page.correct(world.chair, decision_number="9/QĐ-UBND")

    assert refused.value.code == "state" and "đã tổng kết" in str(refused.value).lower()
    assert Commendation.objects.get(pk=commendation.pk).decision_number == "1234/QĐ-UBND"
    assert LogEntry.objects.count() == notes


def test_a_correction_from_a_tab_read_before_the_award_was_recovered_is_refused(world, commendation):
    from models_registry.lifecycle import TransitionError

    on_the_page = Commendation.objects.get(pk=commendation.pk)
    commendation.recover(world.chair, number="88/QĐ-UBND", decided_on=datetime.date.today(), reason="Gian lận.")

    with pytest.raises(TransitionError) as refused:
        on_the_page.correct(world.chair, decision_number="9/QĐ-UBND")

    assert refused.value.code == "state" and "đã bị thu hồi" in str(refused.value)
    stored = Commendation.objects.get(pk=commendation.pk)
    assert (stored.decision_number, stored.recovery_number) == ("1234/QĐ-UBND", "88/QĐ-UBND")


def test_a_plain_member_is_refused_by_the_correction_itself(world, commendation):
    from models_registry.lifecycle import TransitionError

    with pytest.raises(TransitionError) as refused:
        commendation.correct(world.member, decision_number="9/QĐ-UBND")

    assert refused.value.code == "role"
    assert Commendation.objects.get(pk=commendation.pk).decision_number == "1234/QĐ-UBND"


def test_a_correction_refused_by_its_entry_point_keeps_what_was_typed_on_the_page(
    client, world, commendation, monkeypatch
):
    from models_registry.lifecycle import TransitionError

    def summarized_meanwhile(self, actor, **values):
        raise TransitionError("Đợt phát động đã tổng kết: hồ sơ của đợt này không thể thay đổi nữa.", code="state")

    monkeypatch.setattr(Commendation, "correct", summarized_meanwhile)
    client.force_login(world.chair)

    response = client.post(edit_url(commendation), commendation_data(decision_number="1243/QĐ-UBND"))

    body = response.content.decode()
    assert response.status_code == 400
    assert "Đợt phát động đã tổng kết" in body and 'value="1243/QĐ-UBND"' in body
    assert Commendation.objects.get(pk=commendation.pk).decision_number == "1234/QĐ-UBND"


def test_the_admin_corrects_an_award_through_its_entry_point_and_the_initiatives_history_says_so(
    client, world, commendation
):
    client.force_login(world.admin)
    change = reverse("admin:models_registry_commendation_change", args=[commendation.pk])
    data = commendation_data(initiative=commendation.initiative_id, decision_number="1243/QĐ-UBND")

    response = client.post(change, data)

    assert response.status_code == 302
    assert Commendation.objects.get(pk=commendation.pk).decision_number == "1243/QĐ-UBND"
    assert LogEntry.objects.filter(
        object_id=str(commendation.initiative_id), change_message__contains="Sửa khen thưởng"
    ).exists()


def test_the_admin_change_form_never_moves_an_award_to_another_initiative(client, world, commendation):
    # The initiative is read only on a change: an award moved elsewhere would be a new award, not a correction.
    other = world.initiative("recognized")
    client.force_login(world.admin)
    change = reverse("admin:models_registry_commendation_change", args=[commendation.pk])
    data = commendation_data(initiative=other.pk, decision_number="1243/QĐ-UBND")

    response = client.post(change, data)

    assert response.status_code == 302
    corrected = Commendation.objects.get(pk=commendation.pk)
    assert corrected.initiative_id == commendation.initiative_id
    assert corrected.decision_number == "1243/QĐ-UBND"
    assert not other.commendations.exists()
