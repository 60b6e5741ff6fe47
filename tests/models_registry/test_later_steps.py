"""The steps after recognition kept on the initiative and in its count (models/steps.py).

Nominated, recognized above, proposed for a commendation and commended: each write of a nomination,
a proposal or a commendation sets `Initiative.later_steps` from the three tables and moves the
initiative's count in the same transaction, so the summary's funnel adds up kept rows. After every
write below, the column equals its definition read from the tables and the counts equal a GROUP BY.
"""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from models_registry import bulk, lifecycle
from models_registry.models import (
    CommendationKind,
    CommendationProposal,
    CommendationProposalState,
    Initiative,
    InitiativeCount,
    Nomination,
)
from models_registry.models.counts import Grain
from models_registry.models.steps import (
    COMMENDED,
    NOMINATED,
    PROPOSED,
    RECOGNIZED_ABOVE,
    holding,
    later_steps_expression,
)
from tests.factories import InitiativeFactory
from tests.models_registry import test_levels
from tests.models_registry.test_counts import assert_table_equals_group_by, commend
from tests.models_registry.test_levels import TODAY, commune_initiative, drive, nominated

pytestmark = pytest.mark.django_db

levels = test_levels.levels  # the fixture: a commune's campaign and committee beside the province's


def steps_of(initiative: Initiative) -> int:
    return Initiative.objects.values_list("later_steps", flat=True).get(pk=initiative.pk)


def assert_steps_equal_their_tables():
    kept = dict(Initiative.objects.values_list("pk", "later_steps"))
    defined = dict(Initiative.objects.annotate(_steps=later_steps_expression()).values_list("pk", "_steps"))
    assert kept == defined
    assert_table_equals_group_by()


def counted_with(bit: int) -> int:
    rows = InitiativeCount.objects.filter(grain=Grain.TOTAL, unit__parent__isnull=True, state="recognized")
    return sum(rows.filter(later_steps__in=holding(bit)).values_list("count", flat=True))


def test_a_nomination_marks_its_initiative_nominated_and_its_acceptance_recognized_above(levels):
    initiative = nominated(levels)
    assert steps_of(initiative) == NOMINATED
    assert counted_with(NOMINATED) == 1 and counted_with(RECOGNIZED_ABOVE) == 0
    assert_steps_equal_their_tables()

    bulk.recognize_many([initiative], levels.province_chair, number="T-01", decided_on=TODAY, signer="Trưởng ban")

    assert steps_of(initiative) == NOMINATED | RECOGNIZED_ABOVE
    assert counted_with(RECOGNIZED_ABOVE) == 1
    assert_steps_equal_their_tables()


def test_a_returned_nomination_still_counts_as_nominated_and_not_as_recognized_above(levels):
    initiative = nominated(levels)

    lifecycle.apply(initiative, "return_nomination", levels.province_chair, comment="Chưa đủ minh chứng.")

    assert steps_of(initiative) == NOMINATED
    assert_steps_equal_their_tables()


def test_the_initiative_object_of_a_nomination_move_can_be_moved_again_without_a_conflict(levels):
    # The move keeps the caller's object in step with its row: the next guarded write is not refused.
    initiative = nominated(levels)

    lifecycle.apply(initiative, "return_nomination", levels.province_chair, comment="Chưa đủ minh chứng.")
    lifecycle.apply(initiative, "nominate", levels.commune_chair, comment="Bổ sung minh chứng.")

    assert Nomination.objects.filter(initiative=initiative).count() == 2
    assert initiative.later_steps == NOMINATED
    assert_steps_equal_their_tables()


def test_a_proposal_counts_as_proposed_until_it_is_withdrawn_and_a_declined_one_still_counts(world):
    kept, withdrawn = world.initiative("recognized"), world.initiative("recognized")
    proposals = [
        CommendationProposal.objects.propose(
            initiative, world.chair, kind=CommendationKind.CERTIFICATE_OF_MERIT, level="province", achievement="Tốt."
        )
        for initiative in (kept, withdrawn)
    ]
    assert counted_with(PROPOSED) == 2

    proposals[0].close(world.chair, CommendationProposalState.DECLINED, "Chưa đủ tiêu chuẩn.")
    proposals[1].close(world.chair, CommendationProposalState.WITHDRAWN, "Đề nghị nhầm.")

    assert (steps_of(kept), steps_of(withdrawn)) == (PROPOSED, 0)
    assert counted_with(PROPOSED) == 1
    assert_steps_equal_their_tables()


def test_a_commendation_marks_its_initiative_commended_until_the_last_one_is_deleted(world):
    initiative = world.initiative("recognized")
    first, second = commend(initiative, random.Random(1)), commend(initiative, random.Random(2))
    assert steps_of(initiative) == COMMENDED
    assert counted_with(COMMENDED) == 1  # an initiative, not its commendations

    first.delete()
    assert steps_of(initiative) == COMMENDED
    second.delete()

    assert steps_of(initiative) == 0
    assert counted_with(COMMENDED) == 0
    assert_steps_equal_their_tables()


def test_a_commendation_moved_to_another_initiative_moves_the_step_with_it(world):
    # The admin may correct which initiative a commendation was recorded against.
    first, second = world.initiative("recognized"), world.initiative("recognized")
    commendation = commend(first, random.Random(3))

    commendation.initiative = Initiative.objects.get(pk=second.pk)
    commendation.save()

    assert (steps_of(first), steps_of(second)) == (0, COMMENDED)
    assert_steps_equal_their_tables()


def test_deleting_a_nominated_initiative_uncounts_it_once(levels):
    initiative = nominated(levels)
    other = drive(levels, commune_initiative(levels), "recognized")

    # The nomination goes with it (a cascade): its receiver leaves the counting to the initiative's.
    Initiative.objects.get(pk=initiative.pk).delete()

    assert not Nomination.objects.exists()
    assert counted_with(NOMINATED) == 0
    assert Initiative.objects.filter(pk=other.pk).exists()
    assert_steps_equal_their_tables()


def test_rebuild_sets_the_steps_of_rows_loaded_without_them(world):
    # A bulk load (the benchmark's COPY) writes the tables and leaves the column at 0.
    initiative = world.initiative("recognized")
    commend(initiative, random.Random(4))
    untouched = InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    Initiative.objects.update(later_steps=0)
    Initiative.objects.filter(pk=untouched.pk).update(later_steps=PROPOSED)  # a stale bit, cleared too

    call_command("rebuild_counts", verbosity=0)

    assert (steps_of(initiative), steps_of(untouched)) == (COMMENDED, 0)
    assert_steps_equal_their_tables()


def test_the_initiative_of_a_withdrawn_proposal_is_counted_right_by_its_next_write(world):
    # The proposal's own initiative object is kept in step: a later write through it moves the count
    # from the key the row holds (a stale "proposed" bit would leave the counts off).
    initiative = world.initiative("recognized")
    proposal = CommendationProposal.objects.propose(
        initiative, world.chair, kind=CommendationKind.CERTIFICATE_OF_MERIT, level="province", achievement="Tốt."
    )
    proposal = CommendationProposal.objects.select_related("initiative").get(pk=proposal.pk)
    proposal.close(world.chair, CommendationProposalState.WITHDRAWN, "Đề nghị nhầm.")

    proposal.initiative.mark_outstanding()

    assert proposal.initiative.later_steps == 0
    assert_steps_equal_their_tables()
