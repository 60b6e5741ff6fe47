"""Races: eight committee members approve at once; two editors save the same registration.

The thread race needs real concurrent transactions, which only PostgreSQL gives (SQLite
serializes every writer on one file lock, so no race could happen there).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from models_registry import lifecycle
from models_registry.lifecycle import TransitionError
from models_registry.models import Initiative, StaleEdit, State, TransitionLog
from tests.races import on_postgresql, race

THREADS = 8


@on_postgresql
def test_eight_simultaneous_approvals_give_one_move_one_log_row_and_seven_clear_refusals(world):
    initiative = world.initiative("submitted")
    actor_ids = [world.chair.pk, world.secretary.pk, world.member.pk, world.member2.pk] * 2

    def prepare(index: int):
        # Load everything before the start, so every thread passes the in-memory checks with
        # state "submitted" and the race is decided by the database alone.
        mine = Initiative.objects.select_related("unit", "campaign").get(pk=initiative.pk)
        actor = get_user_model().objects.get(pk=actor_ids[index])
        assert lifecycle.available_actions(mine, actor)
        return mine, actor

    def approve(index: int, prepared) -> str:
        mine, actor = prepared
        lifecycle.apply(mine, "approve", actor, plan_note=f"Kế hoạch của luồng {index}.")
        return "ok"

    results = race(THREADS, approve, prepare)

    assert results.count("ok") == 1, results
    refusals = [r for r in results if r != "ok"]
    assert all(isinstance(r, TransitionError) and r.code == "conflict" for r in refusals), refusals
    assert all("Người khác đã thay đổi hồ sơ này trước bạn" in str(r) for r in refusals)
    assert TransitionLog.objects.filter(initiative=initiative, action="approve").count() == 1
    row = Initiative.objects.get(pk=initiative.pk)
    assert row.state == State.APPROVED
    assert row.version == initiative.version + 1
    winner = results.index("ok")
    assert row.plan_note == f"Kế hoạch của luồng {winner}."


def test_a_move_from_a_stale_copy_is_refused_as_a_conflict_and_writes_nothing(world):
    initiative = world.initiative("submitted")
    stale = Initiative.objects.get(pk=initiative.pk)
    lifecycle.apply(initiative, "approve", world.member, plan_note="Duyệt trước.")

    with pytest.raises(TransitionError) as excinfo:
        lifecycle.apply(stale, "reject", world.chair, comment="Không duyệt.")

    assert excinfo.value.code == "conflict"
    assert "Hãy tải lại trang" in str(excinfo.value)
    assert Initiative.objects.get(pk=initiative.pk).state == State.APPROVED
    assert not TransitionLog.objects.filter(initiative=initiative, action="reject").exists()


# ----- optimistic lock on registration content --------------------------------------------
def test_a_stale_save_edit_is_refused_and_writes_nothing(world):
    initiative = world.initiative("draft")
    first, second = Initiative.objects.get(pk=initiative.pk), Initiative.objects.get(pk=initiative.pk)
    first.goals = "Mục tiêu của người thứ nhất."
    first.save_edit(expected_version=first.version)
    saved = Initiative.objects.get(pk=initiative.pk)
    second.goals = "Mục tiêu của người thứ hai."
    second.name = "Tên của người thứ hai"

    with pytest.raises(StaleEdit) as excinfo:
        second.save_edit(expected_version=second.version)

    assert "Người khác đã lưu hoặc chuyển bước hồ sơ này" in str(excinfo.value)
    after = Initiative.objects.get(pk=initiative.pk)
    assert (after.goals, after.name, after.version, after.updated_at, after.search_text) == (
        saved.goals,
        saved.name,
        saved.version,
        saved.updated_at,
        saved.search_text,
    )
    # The user's input is still on the object, to be shown again in the form.
    assert second.goals == "Mục tiêu của người thứ hai."


def test_a_fresh_save_edit_bumps_the_version_and_refreshes_the_search_column(world):
    initiative = world.initiative("draft")
    version = initiative.version

    initiative.name = "Mô hình Đường hoa nông thôn mới"
    initiative.save_edit(expected_version=version)

    row = Initiative.objects.get(pk=initiative.pk)
    assert row.version == initiative.version == version + 1
    assert row.name == "Mô hình Đường hoa nông thôn mới"
    assert "duong hoa nong thon moi" in row.search_text


def test_save_edit_of_named_fields_touches_only_those(world):
    initiative = world.initiative("draft")
    other = Initiative.objects.get(pk=initiative.pk)
    other.contact = "Người khác"
    other.save(update_fields=["contact"])  # a save that does not bump the version
    initiative.purpose = "Mục đích mới."

    initiative.save_edit(expected_version=initiative.version, update_fields=["purpose"])

    row = Initiative.objects.get(pk=initiative.pk)
    assert (row.purpose, row.contact) == ("Mục đích mới.", "Người khác")


@pytest.mark.parametrize("state", ["submitted", "approved", "recognized"])
def test_save_edit_is_refused_once_the_registration_left_draft_or_returned(world, state):
    initiative = world.initiative(state)
    initiative.name = "Sửa sau khi gửi"

    with pytest.raises(StaleEdit):
        initiative.save_edit(expected_version=initiative.version)

    assert Initiative.objects.get(pk=initiative.pk).name != "Sửa sau khi gửi"


def test_save_edit_is_allowed_when_returned_for_revision(world):
    initiative = world.initiative("returned")
    initiative.address = "Số 5, ấp Phú Hòa"

    initiative.save_edit(expected_version=initiative.version)

    assert Initiative.objects.get(pk=initiative.pk).address == "Số 5, ấp Phú Hòa"


def test_an_edit_that_raced_a_submission_is_refused(world):
    initiative = world.initiative("draft")
    editor_copy = Initiative.objects.get(pk=initiative.pk)
    lifecycle.apply(initiative, "submit", world.staff)
    editor_copy.name = "Sửa trong lúc người khác gửi"

    # The editor's copy still says "draft", but the submission bumped the version in the database.
    with pytest.raises(StaleEdit):
        editor_copy.save_edit(expected_version=editor_copy.version)

    assert Initiative.objects.get(pk=initiative.pk).name != "Sửa trong lúc người khác gửi"
