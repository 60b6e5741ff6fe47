"""The path to each state, derived from the transition table, and moves replayed at a past moment."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.lifecycle import TransitionError, apply_campaign
from campaigns.models import CampaignState
from models_registry import lifecycle
from models_registry.models import State, TransitionLog
from tests.factories import CampaignFactory, InitiativeFactory


@pytest.mark.parametrize("state", State.values)
def test_every_state_is_reached_by_its_derived_path_through_the_entry_point(world, state):
    path = lifecycle.path_to(state)

    initiative = world.initiative(state)

    assert initiative.state == state
    assert list(initiative.logs.order_by("created_at", "id").values_list("action", flat=True)) == path


def test_the_derived_path_is_the_shortest_one_from_draft():
    assert lifecycle.path_to(State.DRAFT) == []
    assert lifecycle.path_to(State.WITHDRAWN) == ["withdraw"]
    assert lifecycle.path_to(State.RETURNED) == ["submit", "return_for_revision"]
    assert lifecycle.path_to(State.RECOGNIZED) == ["submit", "approve", "request_recognition", "recognize"]


def test_every_step_of_a_derived_path_is_allowed_by_the_table_from_where_it_starts():
    for target in State.values:
        for start in State.values:
            try:
                path = lifecycle.path_to(target, start=start)
            except ValueError:
                continue
            here = start
            for action in path:
                assert here in lifecycle.MOVES[action].sources, (start, target, action)
                here = lifecycle.MOVES[action].target
            assert here == target


def test_a_state_that_cannot_be_left_has_no_path_onwards():
    with pytest.raises(ValueError):
        lifecycle.path_to(State.SUBMITTED, start=State.RECOGNIZED)


def test_a_path_through_detours_joins_the_shortest_legs():
    path = lifecycle.path_through(State.RETURNED, State.APPROVED, State.WITHDRAWN)

    assert path == ["submit", "return_for_revision", "submit", "approve", "withdraw"]


def test_a_move_replayed_at_a_past_moment_is_checked_and_dated_at_that_moment(world):
    campaign = CampaignFactory(
        committee=world.province_committee,
        year=2020,
        registration_opens_on=datetime.date(2020, 2, 1),
        registration_closes_on=datetime.date(2020, 3, 31),
    )
    initiative = InitiativeFactory(campaign=campaign, unit=world.hamlet)
    moment = timezone.make_aware(datetime.datetime(2020, 2, 10, 10, 0))

    lifecycle.apply(initiative, "submit", world.staff, at=moment)

    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
    assert initiative.submitted_at == moment
    assert TransitionLog.objects.get(initiative=initiative).created_at == moment


def test_a_move_replayed_outside_the_registration_window_is_refused(world):
    campaign = CampaignFactory(
        committee=world.province_committee,
        year=2020,
        registration_opens_on=datetime.date(2020, 2, 1),
        registration_closes_on=datetime.date(2020, 3, 31),
    )
    initiative = InitiativeFactory(campaign=campaign, unit=world.hamlet)

    with pytest.raises(TransitionError):
        lifecycle.apply(initiative, "submit", world.staff, at=timezone.make_aware(datetime.datetime(2020, 4, 2, 10, 0)))

    initiative.refresh_from_db()
    assert initiative.state == State.DRAFT


def test_a_move_without_notification_sends_no_email(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("draft")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "submit", world.staff, notify=False)

    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
    assert mail.outbox == []


def test_a_campaign_move_replayed_at_a_past_moment_is_dated_at_that_moment(world):
    campaign = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT)
    moment = timezone.make_aware(datetime.datetime(2020, 1, 10, 9, 0))

    apply_campaign(campaign, "launch", world.chair, at=moment, notify=False)

    campaign.refresh_from_db()
    assert campaign.state == CampaignState.LAUNCHED
    assert campaign.launched_at == moment
    assert campaign.logs.get().created_at == moment
