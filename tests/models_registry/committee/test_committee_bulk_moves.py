"""Returning, rejecting or declining many rows of the committee's queues with one reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from models_registry.models import State, TransitionLog
from tests.conftest import score

pytestmark = pytest.mark.django_db

URL = "committee:bulk_move"
# The queues, the counts, the menu, and the saved reasons offered beside the bulk moves (one query).
HOME_QUERIES = 9


def post(client, ids, action, comment="Hồ sơ thiếu số liệu minh chứng."):
    return client.post(reverse(URL), {"initiatives": ids, "action": action, "comment": comment})


def states(*initiatives):
    for initiative in initiatives:
        initiative.refresh_from_db()
    return [i.state for i in initiatives]


@pytest.mark.parametrize(
    ("action", "source", "target"),
    [
        ("return_for_revision", "submitted", State.RETURNED),
        ("reject", "submitted", State.REJECTED),
        ("decline_recognition", "recognition_requested", State.NOT_RECOGNIZED),
    ],
)
@pytest.mark.parametrize("who", ["member", "chair", "secretary", "admin"])
def test_a_committee_over_the_units_moves_every_ticked_row_with_the_one_reason(
    client, world, action, source, target, who
):
    first, second = world.initiative(source), world.initiative(source)
    client.force_login(getattr(world, who))

    response = post(client, [first.pk, second.pk], action)

    assert response.status_code == 302
    assert response.url == reverse("committee:home")
    assert states(first, second) == [target, target]
    logs = TransitionLog.objects.filter(initiative__in=[first, second], action=action)
    assert sorted(log.comment for log in logs) == ["Hồ sơ thiếu số liệu minh chứng."] * 2


def test_one_row_in_the_wrong_state_moves_nothing_and_is_named_with_the_reason(client, world):
    waiting = world.initiative("submitted")
    approved = world.initiative("approved")
    client.force_login(world.member)

    response = post(client, [waiting.pk, approved.pk], "reject")

    body = response.content.decode()
    assert response.status_code == 400
    assert states(waiting, approved) == [State.SUBMITTED, State.APPROVED]
    assert "data-refusals" in body
    assert approved.name in body
    # The ticks and the reason stay for a second try.
    assert f'value="{waiting.pk}" id="pick-{waiting.pk}" checked' in body
    assert "Hồ sơ thiếu số liệu minh chứng." in body


def test_a_row_of_another_committees_units_moves_nothing_and_is_not_named(client, world):
    mine = world.initiative("submitted")
    theirs = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = post(client, [mine.pk, theirs.pk], "return_for_revision")

    body = response.content.decode()
    assert response.status_code == 400
    assert states(mine, theirs) == [State.SUBMITTED, State.SUBMITTED]
    assert str(theirs.pk) in body
    assert theirs.name not in body


@pytest.mark.parametrize("who", ["staff", "outsider"])
def test_unit_staff_and_outsiders_may_not_move_rows(client, world, who):
    waiting = world.initiative("submitted")
    client.force_login(getattr(world, who))

    response = post(client, [waiting.pk], "reject")

    assert response.status_code == 403
    assert states(waiting) == [State.SUBMITTED]


def test_anonymous_is_sent_to_log_in(client, world):
    waiting = world.initiative("submitted")

    response = post(client, [waiting.pk], "reject")

    assert response.status_code == 302
    assert "login" in response.url
    assert states(waiting) == [State.SUBMITTED]


def test_the_reason_is_required_and_the_ticks_are_kept(client, world):
    first, second = world.initiative("submitted"), world.initiative("submitted")
    client.force_login(world.member)

    response = post(client, [first.pk, second.pk], "return_for_revision", comment="   ")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Hãy nhập lý do chung cho các hồ sơ đã chọn." in body
    assert f'value="{first.pk}" id="pick-{first.pk}" checked' in body
    assert f'value="{second.pk}" id="pick-{second.pk}" checked' in body
    assert states(first, second) == [State.SUBMITTED, State.SUBMITTED]


def test_no_ticked_row_says_so(client, world):
    client.force_login(world.member)

    response = post(client, [], "reject")

    assert response.status_code == 400
    assert "Hãy chọn ít nhất một hồ sơ." in response.content.decode()


def test_an_unknown_action_is_refused_with_a_message(client, world):
    waiting = world.initiative("submitted")
    client.force_login(world.chair)

    response = post(client, [waiting.pk], "approve")

    assert response.status_code == 400
    assert "Thao tác không hợp lệ." in response.content.decode()
    assert states(waiting) == [State.SUBMITTED]


def test_a_replayed_post_moves_nothing_twice(client, world):
    waiting = world.initiative("submitted")
    client.force_login(world.member)
    token = "0b7f6c1e-6a3e-4c0b-9d1e-1a2b3c4d5e6f"
    data = {"initiatives": [waiting.pk], "action": "reject", "comment": "Trùng lặp.", "form_token": token}

    first = client.post(reverse(URL), data)
    second = client.post(reverse(URL), data)

    assert first.status_code == second.status_code == 302
    assert TransitionLog.objects.filter(initiative=waiting, action="reject").count() == 1


def test_the_home_queues_offer_the_bulk_moves(client, world):
    world.initiative("submitted")
    requested = world.initiative("recognition_requested")
    score(requested, world.member, 75)
    client.force_login(world.member)

    body = client.get(reverse("committee:home")).content.decode()

    for action in ("return_for_revision", "reject", "decline_recognition"):
        assert f'value="{action}"' in body
    assert f'id="pick-recognition-{requested.pk}"' in body


@pytest.mark.parametrize("rows", [1, 3])
def test_the_home_page_with_the_bulk_forms_reads_the_same_queries_at_1_and_3_rows(
    client, world, rows, django_assert_num_queries
):
    for _ in range(rows):
        world.initiative("submitted")
        score(world.initiative("recognition_requested"), world.member, 75)
    client.force_login(world.member)
    client.get(reverse("committee:home"))  # warm the session

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("committee:home"))

    assert response.content.decode().count('name="initiatives"') == 2 * rows


def test_ids_past_the_id_column_move_nothing_and_answer_with_a_message(client, world):
    waiting = world.initiative("submitted")
    client.force_login(world.member)

    response = post(client, ["99999999999999999999", "-1", "x"], "reject")

    assert response.status_code == 400
    assert "Hãy chọn ít nhất một hồ sơ." in response.content.decode()
    assert states(waiting) == [State.SUBMITTED]


def test_a_refusal_met_halfway_rolls_back_the_rows_already_moved(client, world, monkeypatch):
    from campaigns.lifecycle import refuse_conflict
    from models_registry import lifecycle

    first, second = world.initiative("submitted"), world.initiative("submitted")
    real_apply = lifecycle.apply
    moved = []

    def apply_then_conflict(initiative, action, actor, **params):
        if moved:
            raise refuse_conflict()  # another member moved it between the check and the move
        moved.append(real_apply(initiative, action, actor, **params))
        return moved[-1]

    monkeypatch.setattr(lifecycle, "apply", apply_then_conflict)
    client.force_login(world.member)

    response = post(client, [first.pk, second.pk], "return_for_revision")

    assert response.status_code == 400
    assert len(moved) == 1
    assert states(first, second) == [State.SUBMITTED, State.SUBMITTED]
    assert not TransitionLog.objects.filter(action="return_for_revision").exists()
