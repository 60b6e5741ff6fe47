"""The year's summary and a write about a decided initiative at one instant.

The summary writes its open initiatives (under their own row locks) and, last, its campaign's row; it
never writes a recognized initiative. An award, a proposal, a remark or the outstanding flag about one reads the campaign's row
again under a lock that the summary's write holds until it commits
(`Initiative.objects.locked(…, against_summary=True)`): it comes before the summary, or waits and is
refused after it; it never lands in a year the summary has closed. Real concurrent transactions:
PostgreSQL only.
"""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from campaigns.models import Campaign, CampaignState
from models_registry.lifecycle import TransitionError
from models_registry.models import (
    Commendation,
    CommendationProposal,
    Initiative,
    Remark,
)
from models_registry.summarize import summarize_campaign
from tests.models_registry.test_writes import AWARD
from tests.races import on_postgresql, race

# How long a transaction held open waits for the other thread's write to return: long enough for a write
# that does not wait for it (the failure these tests catch), never reached by one that does.
HOLD_SECONDS = 3.0


def _award(initiative, actor):
    Commendation.objects.record(initiative, actor, **AWARD)


def _proposal(initiative, actor):
    CommendationProposal.objects.propose(
        initiative, actor, kind=AWARD["kind"], level=AWARD["level"], achievement="Giảm 80% tranh chấp đất đai."
    )


def _remark(initiative, actor):
    Remark.objects.post(actor, initiative, "Ý kiến gửi đúng lúc tổng kết.")


def _outstanding(initiative, actor):
    if not initiative.mark_outstanding():
        raise TransitionError(initiative.outstanding_refusal_now())


WRITES = {"award": _award, "proposal": _proposal, "remark": _remark, "outstanding": _outstanding}


def _summary_against(world, write, state: str = "recognized") -> tuple:
    """Summarize in one thread and hold its transaction open; once the summary has written, run `write` on an
    initiative in `state` in another. Return (whether the write returned while the summary was still open,
    what the write returned or raised)."""
    initiative = world.initiative(state)
    summary_written, write_returned = threading.Event(), threading.Event()

    def prepare(index: int):
        actor = get_user_model().objects.get(pk=world.chair.pk)
        if index == 0:
            return Campaign.objects.get(pk=world.campaign.pk), actor
        return Initiative.objects.select_related("campaign", "unit").get(pk=initiative.pk), actor

    def act(index: int, prepared):
        if index == 0:
            campaign, actor = prepared
            with transaction.atomic():
                summarize_campaign(campaign, actor, lessons_learned="Bài học kinh nghiệm.", choices={})
                summary_written.set()
                return write_returned.wait(timeout=HOLD_SECONDS)  # then the summary commits
        on_the_page, actor = prepared
        summary_written.wait(timeout=30)
        try:
            (WRITES.get(write) or write)(on_the_page, actor)
        except TransitionError as refusal:
            return refusal
        finally:
            write_returned.set()
        return "written"

    returned_before_the_summary_committed, outcome = race(2, act, prepare)
    return returned_before_the_summary_committed, outcome


@on_postgresql
def test_an_award_a_proposal_a_remark_or_the_outstanding_flag_waits_for_a_summary_under_way_and_is_then_refused(world):
    for write in WRITES:
        returned_early, outcome = _summary_against(world, write)

        assert returned_early is False, write  # it waited for the summary's commit
        assert isinstance(outcome, TransitionError), (write, outcome)
        assert outcome.code == "state" and "đã tổng kết" in str(outcome).lower(), (write, outcome)
        assert not Commendation.objects.exists()
        assert not CommendationProposal.objects.exists()
        assert not Remark.objects.exists()
        assert not Initiative.objects.filter(outstanding=True).exists()
        # The next write races a fresh year.
        Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.LAUNCHED, summarized_at=None)


@on_postgresql
def test_a_draft_submitted_at_the_instant_of_the_summary_waits_and_is_refused_so_nothing_is_left_open(world):
    from models_registry import lifecycle
    from models_registry.models import OPEN_AT_SUMMARY_STATES

    def submit(initiative, _chair):
        lifecycle.apply(initiative, "submit", world.staff)

    returned_early, outcome = _summary_against(world, submit, state="draft")

    assert returned_early is False  # it waited for the summary's commit
    assert isinstance(outcome, TransitionError), outcome
    assert outcome.code == "state" and "đã tổng kết" in str(outcome).lower(), outcome
    assert not Initiative.objects.filter(campaign=world.campaign, state__in=OPEN_AT_SUMMARY_STATES).exists()


@on_postgresql
def test_two_writes_held_against_the_summary_in_one_campaign_do_not_wait_for_each_other(world):
    # The campaign's row is held shared: only the summary's write waits for a remark (or an award, a
    # nomination, a submitted draft), not another one of those.
    first, second = world.initiative("recognized"), world.initiative("recognized")
    posted, second_posted = threading.Event(), threading.Event()

    def prepare(index: int):
        return Initiative.objects.select_related("campaign", "unit").get(pk=(first, second)[index].pk)

    def act(index: int, initiative):
        actor = get_user_model().objects.get(pk=world.chair.pk)
        if index == 0:
            with transaction.atomic():
                _remark(initiative, actor)
                posted.set()
                return second_posted.wait(timeout=HOLD_SECONDS)  # then the first commits
        posted.wait(timeout=30)
        _remark(initiative, actor)
        second_posted.set()
        return "posted"

    second_posted_while_the_first_was_open, outcome = race(2, act, prepare)

    assert outcome == "posted"
    assert second_posted_while_the_first_was_open is True
    assert Remark.objects.count() == 2


@pytest.mark.django_db
def test_a_decision_moves_its_requests_before_its_nominations(world, monkeypatch):
    # A nomination holds its campaign's row shared; a request moved after it could wait for a summary
    # that waits for that row. Moved first, neither waits for the other in a circle.
    from models_registry import bulk, lifecycle

    nominated, requested = world.initiative("recognized"), world.initiative("recognition_requested")
    moved = []
    monkeypatch.setattr(lifecycle, "apply", lambda initiative, *args, **kwargs: moved.append(initiative.pk))

    bulk._recognize_each([nominated, requested], world.chair, None, None, {})

    assert moved == [requested.pk, nominated.pk]
