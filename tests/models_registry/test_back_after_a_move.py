"""The back button after a move: the record's page with what happened, while real refusals stay 403 / 404."""

from __future__ import annotations

import pytest
from django.contrib.messages import WARNING, get_messages
from django.urls import reverse

from models_registry import lifecycle
from models_registry.models import State

pytestmark = pytest.mark.django_db


def act_url(initiative, action: str) -> str:
    return reverse("committee:act", args=[initiative.pk, action])


def warnings_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == WARNING]


def test_reopening_the_approve_page_after_approving_lands_on_the_record_with_who_approved(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)
    client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."})

    response = client.get(act_url(initiative, "approve"))

    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    [warning] = warnings_of(response)
    assert "Duyệt" in warning and "không còn áp dụng" in warning
    assert (world.member.get_full_name() or world.member.username) in warning


def test_reposting_a_return_after_the_chair_approved_keeps_the_approval_and_one_log(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.chair)
    client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."})
    client.force_login(world.member)

    response = client.post(act_url(initiative, "return_for_revision"), {"return_for_revision-comment": "Sửa."})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED
    assert initiative.logs.filter(action="return_for_revision").count() == 0
    assert "Đã duyệt" in warnings_of(response)[0]


def test_unit_staff_asking_a_committee_move_on_a_moved_record_still_gets_403(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.staff)

    response = client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."})

    assert response.status_code == 403


def test_a_member_asking_a_leaders_move_on_a_moved_record_still_gets_403(client, world):
    # Closing as unfinished is the leaders' move: a plain member is refused for who they are, not for the state.
    initiative = world.initiative("recognized")
    client.force_login(world.member)

    response = client.get(act_url(initiative, "close_unfinished"))

    assert response.status_code == 403
    assert lifecycle.moved_on(world.member, "close_unfinished", initiative) is None


def test_a_member_outside_the_subtree_still_gets_404_on_a_moved_record(client, world):
    initiative = world.initiative("approved", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.get(act_url(initiative, "approve"))

    assert response.status_code == 404


def test_staff_of_another_unit_still_gets_404_on_a_submitted_record(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.staff2)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]))

    assert response.status_code == 404


def test_a_committee_member_using_a_staff_move_on_a_moved_record_still_gets_403(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]))

    assert response.status_code == 403


def test_back_to_the_registration_form_after_submitting_lands_on_the_record(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.staff)

    response = client.get(reverse("staff:initiative_edit", args=[initiative.pk]))

    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert "Gửi đăng ký" in warnings_of(response)[0]


def test_moved_on_says_nothing_while_the_move_is_still_open(world):
    initiative = world.initiative("submitted")

    assert lifecycle.moved_on(world.member, "approve", initiative) is None
