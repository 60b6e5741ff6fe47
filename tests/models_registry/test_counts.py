"""The counts table (`InitiativeCount`) equals a GROUP BY over the initiatives after any mix of writes.

Creations, moves along the lifecycle (one by one, in bulk, recognitions, carry-over, closing at the
summary), edits of the key's columns, the outstanding flag, imports and deletions: after each, the
table kept in the writes' transactions holds exactly what a fresh GROUP BY counts. A random walk
and a hypothesis state machine check it; both stay well under 20 s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import itertools
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from campaigns.models import Field, InitiativeKind, Level, Unit
from models_registry import bulk, counts, lifecycle
from models_registry.committee.forms import QueueFilterForm
from models_registry.committee.views.common import committee_initiatives
from models_registry.committee.views.home import counts_by_field_and_state
from models_registry.evidence import save_attachments
from models_registry.lifecycle import TransitionError
from models_registry.models import (
    Commendation,
    CommendationCount,
    CommendationKind,
    CommendationLevel,
    Initiative,
    InitiativeCount,
    Origin,
    RecognitionDecision,
    ReplicationCount,
    State,
    Subject,
)
from models_registry.models.counts import DETAIL, GROUP_BY, KEY, Grain
from models_registry.models.initiative import StaleEdit
from models_registry.models.registration import REQUIRED_FOR_SUBMIT
from models_registry.models.steps import later_steps_expression
from models_registry.reports.replications import proposals_for
from models_registry.reports.summary import build_summary, for_campaign, summary_scope_for
from tests.conftest import add_inspection, png_file, score
from tests.factories import CampaignFactory, InitiativeFactory, field

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def grouped() -> dict[tuple, int]:
    """A fresh GROUP BY over every initiative, keyed like the table."""
    aliases = {f"k_{name}": expression for name, expression in GROUP_BY.items()}
    rows = Initiative.objects.order_by().annotate(**aliases).values(*aliases).annotate(n=Count("pk"))
    return {tuple(row[f"k_{name}"] for name in KEY): row["n"] for row in rows}


def table(grain: str = Grain.UNIT) -> dict[tuple, int]:
    """What the counts table holds in one grain (keys counted at zero left out)."""
    return {
        tuple(row[:-1]): row[-1]
        for row in InitiativeCount.objects.counted().filter(grain=grain).values_list(*KEY, "count")
    }


def rolled_up() -> tuple[dict, dict]:
    """The SUBTREE and TOTAL rows that the unit rows add up to, computed here along the unit paths."""
    paths = dict(Unit.objects.values_list("pk", "path"))
    subtree: Counter = Counter()
    total: Counter = Counter()
    for key, n in table().items():
        named = dict(zip(KEY, key, strict=True))
        for unit_id, path in paths.items():
            if paths[named["unit_id"]].startswith(path):
                subtree[(*key[:1], unit_id, *key[2:])] += n
                blank = {**named, "unit_id": unit_id, **{d: 0 if d == "field_id" else "" for d in DETAIL}}
                total[tuple(blank[name] for name in KEY)] += n
    return dict(subtree), dict(total)


def commendations_table(grain: str) -> dict[tuple, int]:
    rows = CommendationCount.objects.counted().filter(grain=grain)
    return {tuple(row[:-1]): row[-1] for row in rows.values_list("campaign_id", "unit_id", "kind", "level", "count")}


def commendations_grouped() -> tuple[dict, dict]:
    """The commendations counted afresh per unit, and rolled up along the unit paths (a recovered award
    no longer counts)."""
    paths = dict(Unit.objects.values_list("pk", "path"))
    own: Counter = Counter()
    subtree: Counter = Counter()
    for campaign_id, unit_id, kind, level in Commendation.objects.standing().values_list(
        "initiative__campaign_id", "initiative__unit_id", "kind", "level"
    ):
        own[(campaign_id, unit_id, kind, level)] += 1
        for above, path in paths.items():
            if paths[unit_id].startswith(path):
                subtree[(campaign_id, above, kind, level)] += 1
    return dict(own), dict(subtree)


def replications_table(grain: str) -> dict[tuple, int]:
    rows = ReplicationCount.objects.counted().filter(grain=grain)
    return {tuple(row[:-1]): row[-1] for row in rows.values_list("campaign_id", "unit_id", "source_id", "count")}


def replications_grouped() -> tuple[dict, dict]:
    """The replications that count (`InitiativeQuerySet.replications`) counted afresh per unit and
    source, and rolled up along the unit paths."""
    paths = dict(Unit.objects.values_list("pk", "path"))
    own: Counter = Counter()
    subtree: Counter = Counter()
    counted = Initiative.objects.replications().filter(replicates__isnull=False)
    for campaign_id, unit_id, source_id in counted.values_list("campaign_id", "unit_id", "replicates_id"):
        own[(campaign_id, unit_id, source_id)] += 1
        for above, path in paths.items():
            if paths[unit_id].startswith(path):
                subtree[(campaign_id, above, source_id)] += 1
    return dict(own), dict(subtree)


def assert_table_equals_group_by():
    # The steps after recognition, a key column kept by their tables' writes (models/steps.py).
    steps = Initiative.objects.annotate(_steps=later_steps_expression()).values_list("later_steps", "_steps")
    assert all(kept == defined for kept, defined in steps)
    assert table() == grouped()
    assert (table(Grain.SUBTREE), table(Grain.TOTAL)) == rolled_up()
    assert not InitiativeCount.objects.filter(count__lt=0).exists()
    assert (commendations_table(Grain.UNIT), commendations_table(Grain.SUBTREE)) == commendations_grouped()
    assert not CommendationCount.objects.filter(count__lt=0).exists()
    assert (replications_table(Grain.UNIT), replications_table(Grain.SUBTREE)) == replications_grouped()
    assert not ReplicationCount.objects.filter(count__lt=0).exists()


def commend(initiative: Initiative, rnd: random.Random) -> Commendation:
    """Record a commendation of a recognized initiative, as the summary's form does."""
    return Commendation.objects.create(
        initiative=initiative,
        kind=rnd.choice(CommendationKind.values),
        level=rnd.choice([*CommendationLevel.values, ""]),
        authority="UBND tỉnh",
        decision_number=f"QĐ-{next(_numbers)}",
        decided_on=datetime.date.today(),
        recipient="Tập thể",
    )


def change_a_commendation(rnd: random.Random) -> None:
    """Edit one commendation's kind and level (the admin may) or delete it."""
    commendation = Commendation.objects.order_by("?").first()
    if commendation is None:
        return
    if rnd.random() < 0.5:
        commendation.delete()
    else:
        commendation = Commendation.objects.get(pk=commendation.pk)
        commendation.kind = rnd.choice(CommendationKind.values)
        commendation.level = rnd.choice(CommendationLevel.values)
        commendation.save()


# ----- what a test does to an initiative ----------------------------------------------------
def params_for(world, initiative: Initiative, action: str) -> dict:
    if action == "approve":
        return {"plan_note": "Hỗ trợ tập huấn."}
    if action == "request_recognition":
        return {"results_report": "Đạt mục tiêu."}
    if action == "recognize":
        # Signed by the committee of the level the initiative aims at (a province decision cannot
        # recognize a commune-level initiative: the walk would never reach "recognized").
        decision = RecognitionDecision.objects.create(
            committee=initiative.acting_committee() or world.province_committee,
            number=f"CNT-{next(_numbers)}",
            decided_on=datetime.date.today(),
            signer="Trưởng ban",
        )
        return {"decision": decision}
    if action == "submit":
        return {}
    return {"comment": "Lý do."}


def prepare(world, initiative: Initiative, action: str) -> None:
    """Add what `action` needs besides its parameters (evidence and an inspection, score sheets)."""
    if action == "request_recognition" and not initiative.attachments.exists():
        save_attachments(initiative, [png_file()], world.staff)
        add_inspection(initiative, world.chair)
    if action == "recognize" and not initiative.score_sheets.exists():
        score(initiative, world.chair, 85)
        score(initiative, world.secretary, 75)


HAPPY_PATH = {
    State.DRAFT: "submit",
    State.RETURNED: "submit",
    State.SUBMITTED: "approve",
    State.APPROVED: "request_recognition",
    State.RECOGNITION_REQUESTED: "recognize",
}
ACTOR_FOR = {
    "staff": "staff",
    "committee": "chair",
    "leader": "chair",
    "campaign_leader": "chair",
    "upper_leader": "chair",
}


def step(world, initiative: Initiative, rnd: random.Random) -> bool:
    """Try one move of the initiative's state (True when it moved)."""
    moves = sorted(t.action for t in lifecycle.TRANSITIONS.values() if initiative.state in t.sources)
    if not moves:
        return False
    # Mostly forward, so that walks reach recognition (and its level) rather than stopping at "withdrawn".
    happy = HAPPY_PATH.get(initiative.state)
    action = happy if happy and rnd.random() < 0.75 else rnd.choice(moves)
    prepare(world, initiative, action)
    actor = getattr(world, ACTOR_FOR[lifecycle.TRANSITIONS[action].who])
    try:
        lifecycle.apply(initiative, action, actor, notify=False, **params_for(world, initiative, action))
    except TransitionError:
        return False
    return True


def replicate(world, source: Initiative, unit: Unit, campaign) -> Initiative:
    """A unit's replication of `source`, as the showcase's button starts it (a draft), with the place,
    dates and contact its staff then write (so that it can be submitted)."""
    draft, created = source.replicate_into(unit, campaign, world.staff)
    if created:
        for name in REQUIRED_FOR_SUBMIT:
            if getattr(draft, name) in (None, ""):
                setattr(draft, name, getattr(source, name) or "Ấp 1")
        draft.save_edit(draft.version)
    return draft


def edit(initiative: Initiative, rnd: random.Random) -> bool:
    """Change the key's registration columns the way the registration form does (editable states only)."""
    initiative = Initiative.objects.get(pk=initiative.pk)
    initiative.field = rnd.choice(list(Field.objects.all()))
    initiative.kind = rnd.choice(InitiativeKind.values)
    initiative.subject = rnd.choice(Subject.values)
    # The level aimed at is a key column too (chosen at registration among the committees' levels).
    initiative.level = rnd.choice([Level.COMMUNE, Level.PROVINCE])
    try:
        initiative.save_edit(initiative.version)
    except StaleEdit:
        return False
    return True


# ----- tests ------------------------------------------------------------------------------------
def test_a_new_initiative_is_counted_in_its_own_key(world):
    initiative = InitiativeFactory(campaign=world.campaign, unit=world.hamlet)

    assert table() == {counts.key_of(initiative)[: len(KEY)]: 1}


def test_a_move_takes_its_count_from_the_old_key_to_the_new(world):
    initiative = InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    old = counts.key_of(initiative)

    lifecycle.apply(initiative, "submit", world.staff, notify=False)

    assert table() == {counts.key_of(initiative)[: len(KEY)]: 1}
    assert counts.key_of(initiative) != old
    assert InitiativeCount.objects.get(grain=Grain.UNIT, **dict(zip(KEY, old[: len(KEY)], strict=True))).count == 0


def test_a_move_from_a_key_changed_since_it_was_read_is_refused_and_counts_nothing(world):
    # Someone else changed the field after this copy was read: the move must not count from the old key.
    initiative = InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    stale = Initiative.objects.get(pk=initiative.pk)
    fresh = Initiative.objects.get(pk=initiative.pk)
    fresh.field = field("culture_society")
    fresh.save_edit(fresh.version)

    with pytest.raises(TransitionError):
        lifecycle.apply(stale, "submit", world.staff, notify=False)

    assert_table_equals_group_by()


def test_the_level_aimed_at_is_a_dimension_and_an_edit_of_it_moves_the_count(world):
    initiative = InitiativeFactory(campaign=world.campaign, unit=world.hamlet, level=Level.COMMUNE)
    assert InitiativeCount.objects.counted().get(grain=Grain.UNIT).level == Level.COMMUNE

    initiative = Initiative.objects.get(pk=initiative.pk)
    initiative.level = Level.PROVINCE
    initiative.save_edit(initiative.version)

    assert InitiativeCount.objects.counted().get(grain=Grain.UNIT).level == Level.PROVINCE
    # The TOTAL rows count by state and flag only: the level is left out there as the other details.
    assert set(InitiativeCount.objects.counted().filter(grain=Grain.TOTAL).values_list("level", flat=True)) == {""}
    assert_table_equals_group_by()


def test_a_commendation_is_counted_in_its_units_rows_and_moves_when_edited_or_deleted(world):
    initiative = world.initiative("recognized")
    commendation = commend(initiative, random.Random(1))
    assert_table_equals_group_by()

    commendation.kind, commendation.level = CommendationKind.HIGHER_CERTIFICATE_OF_MERIT, CommendationLevel.PROVINCE
    commendation.save()
    assert commendations_table(Grain.UNIT) == {
        (
            initiative.campaign_id,
            initiative.unit_id,
            CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            CommendationLevel.PROVINCE,
        ): 1
    }

    commendation.delete()
    assert commendations_table(Grain.UNIT) == {}
    assert_table_equals_group_by()


def test_a_deleted_initiative_is_uncounted_by_model_and_queryset_delete(world):
    first, second, third = InitiativeFactory.create_batch(3, campaign=world.campaign, unit=world.hamlet)

    first.delete()
    Initiative.objects.filter(pk__in=[second.pk, third.pk]).delete()

    assert table() == {}
    assert_table_equals_group_by()


def test_a_replication_counts_under_its_source_only_while_it_counts_as_a_replication(world):
    source = world.initiative("recognized", unit=world.other_hamlet)
    replication = replicate(world, source, world.hamlet, world.campaign)
    assert replications_table(Grain.UNIT) == {}  # a draft is not a replication yet

    lifecycle.apply(replication, "submit", world.staff, notify=False)
    assert replications_table(Grain.UNIT) == {(world.campaign.pk, world.hamlet.pk, source.pk): 1}
    assert replications_table(Grain.SUBTREE)[(world.campaign.pk, world.province.pk, source.pk)] == 1
    assert_table_equals_group_by()

    lifecycle.apply(replication, "reject", world.chair, notify=False, comment="Trùng lặp.")
    assert replications_table(Grain.UNIT) == {}  # a rejected replication does not count
    assert_table_equals_group_by()


@pytest.mark.parametrize("together", [True, False], ids=["in one deletion", "the source alone"])
def test_deleting_a_replicated_source_takes_its_rows_and_leaves_no_negative_count(world, together):
    source = InitiativeFactory(campaign=world.campaign, unit=world.other_hamlet)
    replication = replicate(world, source, world.hamlet, world.campaign)
    lifecycle.apply(replication, "submit", world.staff, notify=False)
    assert replications_table(Grain.UNIT)

    # In one deletion the source's rows go first (CASCADE), then the replication's post_delete
    # takes its count from rows that are no longer there: nothing may come back, negative.
    Initiative.objects.filter(pk__in=[source.pk, replication.pk] if together else [source.pk]).delete()

    assert not ReplicationCount.objects.exists()
    assert_table_equals_group_by()


def test_moving_a_unit_under_another_parent_moves_its_subtree_counts(world):
    for unit in (world.hamlet, world.commune, world.other_hamlet):
        InitiativeFactory.create_batch(2, campaign=world.campaign, unit=unit)
    commend(world.initiative("recognized", unit=world.hamlet), random.Random(2))
    source = world.initiative("recognized", unit=world.other_hamlet)
    lifecycle.apply(replicate(world, source, world.hamlet, world.campaign), "submit", world.staff, notify=False)
    hamlet = Unit.objects.get(pk=world.hamlet.pk)

    hamlet.parent = world.other_commune
    hamlet.save()

    assert_table_equals_group_by()


def test_rebuild_recomputes_the_table_after_writes_that_bypassed_it(world):
    initiatives = InitiativeFactory.create_batch(3, campaign=world.campaign, unit=world.hamlet)
    # A raw write (as a bulk load's COPY) is not counted until the rebuild.
    Initiative.objects.filter(pk=initiatives[0].pk).update(state=State.SUBMITTED)
    InitiativeCount.objects.update(count=99)
    commend(world.initiative("recognized"), random.Random(3))
    CommendationCount.objects.update(count=7)
    replication = replicate(world, initiatives[1], world.other_hamlet, world.campaign)
    Initiative.objects.filter(pk=replication.pk).update(state=State.APPROVED)

    call_command("rebuild_counts", "--campaign", str(world.campaign.pk), verbosity=0)

    assert_table_equals_group_by()


def test_random_creations_moves_edits_and_deletions_leave_the_table_equal_to_a_group_by(world):
    rnd = random.Random(16)
    later = CampaignFactory(committee=world.province_committee, name="Đợt sau", starts_on=datetime.date(2100, 1, 1))
    units = [world.hamlet, world.commune, world.other_hamlet]
    fields = [field("economic"), field("culture_society")]
    initiatives = [
        InitiativeFactory(
            campaign=world.campaign,
            unit=rnd.choice(units),
            field=rnd.choice(fields),
            kind=rnd.choice(InitiativeKind.values),
            origin=Origin.NEW,
        )
        for _ in range(8)
    ]
    for turn in range(60):
        initiative = rnd.choice(initiatives)
        initiative = Initiative.objects.get(pk=initiative.pk)
        what = rnd.random()
        if what < 0.6:
            step(world, initiative, rnd)
        elif what < 0.7:
            edit(initiative, rnd)
        elif what < 0.74 and initiative.state == State.RECOGNIZED:
            initiative.mark_outstanding(not initiative.outstanding)
        elif what < 0.78 and initiative.state == State.RECOGNIZED:
            commend(initiative, rnd)
            if rnd.random() < 0.3:
                change_a_commendation(rnd)
        elif what < 0.84 and initiative.state in lifecycle.OPEN_AT_SUMMARY_STATES:
            with contextlib.suppress(TransitionError):
                bulk.carry_over(initiative, later, world.chair, notify=False)
        elif what < 0.9 and initiative.state == State.DRAFT:
            initiatives.remove(next(i for i in initiatives if i.pk == initiative.pk))
            initiative.delete()
        elif what < 0.95:
            # A replication of one of them (its count per source moves with its own moves).
            initiatives.append(replicate(world, initiative, rnd.choice(units), world.campaign))
        else:
            initiatives.append(InitiativeFactory(campaign=world.campaign, unit=rnd.choice(units)))
        if turn % 10 == 0:
            assert_table_equals_group_by()

    assert_table_equals_group_by()
    kept = {grain: table(grain) for grain in Grain.values}
    call_command("rebuild_counts", verbosity=0)
    assert {grain: table(grain) for grain in Grain.values} == kept


class CountsMachine(RuleBasedStateMachine):
    """Random writes of every kind on a few initiatives; after each, the table equals the GROUP BY."""

    def __init__(self, world):
        super().__init__()
        self.world = world
        self.rnd = random.Random(0)
        self.campaign = CampaignFactory(committee=world.province_committee)
        self.later = CampaignFactory(committee=world.province_committee, starts_on=datetime.date(2100, 1, 1))
        self.ids: list[int] = []

    def pick(self, index: int) -> Initiative:
        return Initiative.objects.get(pk=self.ids[index % len(self.ids)])

    @rule(unit=st.sampled_from(["hamlet", "commune", "other_hamlet"]), kind=st.sampled_from(InitiativeKind.values))
    def create(self, unit, kind):
        self.ids.append(InitiativeFactory(campaign=self.campaign, unit=getattr(self.world, unit), kind=kind).pk)

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20), unit=st.sampled_from(["hamlet", "commune", "other_hamlet"]))
    def replicate(self, index, unit):
        draft = replicate(self.world, self.pick(index), getattr(self.world, unit), self.campaign)
        if draft.pk not in self.ids:
            self.ids.append(draft.pk)

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20), seed=st.integers(0, 1000))
    def move(self, index, seed):
        step(self.world, self.pick(index), random.Random(seed))

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20), seed=st.integers(0, 1000))
    def edit_the_key(self, index, seed):
        edit(self.pick(index), random.Random(seed))

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20))
    def flip_outstanding(self, index):
        initiative = self.pick(index)
        initiative.mark_outstanding(not initiative.outstanding)

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20), seed=st.integers(0, 1000))
    def commend_or_change_a_commendation(self, index, seed):
        rnd = random.Random(seed)
        initiative = self.pick(index)
        if initiative.state == State.RECOGNIZED and rnd.random() < 0.7:
            commend(initiative, rnd)
        else:
            change_a_commendation(rnd)

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20), seed=st.integers(0, 1000))
    def propose_or_close_a_proposal(self, index, seed):
        from models_registry.models import CommendationProposal, CommendationProposalState

        rnd = random.Random(seed)
        initiative = self.pick(index)
        open_one = CommendationProposal.objects.open().filter(initiative=initiative).first()
        with contextlib.suppress(TransitionError):
            if open_one is None:
                CommendationProposal.objects.propose(
                    initiative,
                    self.world.chair,
                    kind=CommendationKind.CERTIFICATE_OF_MERIT,
                    level="province",
                    achievement="Tốt.",
                )
            else:
                state = rnd.choice([CommendationProposalState.WITHDRAWN, CommendationProposalState.DECLINED])
                open_one.close(self.world.chair, state, "Lý do.")

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20))
    def carry_over(self, index):
        with contextlib.suppress(TransitionError):
            bulk.carry_over(self.pick(index), self.later, self.world.chair, notify=False)

    @precondition(lambda self: self.ids)
    @rule(index=st.integers(0, 20))
    def delete_a_draft(self, index):
        initiative = self.pick(index)
        if initiative.state == State.DRAFT:
            self.ids.remove(initiative.pk)
            initiative.delete()

    @invariant()
    def table_equals_group_by(self):
        assert_table_equals_group_by()


def test_a_state_machine_of_random_writes_keeps_the_table_equal_to_a_group_by(world):
    run_state_machine_as_test(
        lambda: CountsMachine(world),
        settings=settings(
            max_examples=15,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )


# ----- readers: the pages show what a fresh GROUP BY counts -------------------------------------
def summary_fields(summary) -> dict:
    """Every number and row of a summary (the lazy list of recognized initiatives left out)."""
    fields = {
        f.name: getattr(summary, f.name) for f in dataclasses.fields(summary) if f.name != "recognized_initiatives"
    }
    return {**fields, "chart_data": summary.chart_data()}


@pytest.fixture
def walked(world):
    """A campaign whose initiatives, in every unit of the world, went different ways through the lifecycle."""
    rnd = random.Random(2026)
    units = [world.province, world.commune, world.hamlet, world.other_commune, world.other_hamlet]
    initiatives = [
        InitiativeFactory(
            campaign=world.campaign,
            unit=rnd.choice(units),
            field=rnd.choice([field("economic"), field("culture_society")]),
            kind=rnd.choice(InitiativeKind.values),
            subject=rnd.choice(Subject.values),
        )
        for _ in range(14)
    ]
    # A few aim above their lowest committee: the commune's committee sees them but does not act on them.
    initiatives += InitiativeFactory.create_batch(3, campaign=world.campaign, unit=world.hamlet, level=Level.PROVINCE)
    # About eight tries each: enough for several to go the four moves from draft to recognized.
    for _ in range(140):
        step(world, Initiative.objects.get(pk=rnd.choice(initiatives).pk), rnd)
    # The outstanding marks and commendations below need recognized initiatives to act on.
    assert Initiative.objects.filter(state=State.RECOGNIZED).count() >= 2, "the walk must reach recognition"
    for initiative in Initiative.objects.filter(state=State.RECOGNIZED)[:2]:
        initiative.mark_outstanding()
    for initiative in Initiative.objects.filter(state=State.RECOGNIZED)[:3]:
        commend(initiative, rnd)
        commend(initiative, rnd)
    # Replications of the recognized ones across the units, some submitted (counted), some left as
    # drafts (not): the summary's most replicated list.
    sources = list(Initiative.objects.filter(state=State.RECOGNIZED)[:3])
    for source, (unit, staff) in itertools.product(
        sources, [(world.hamlet, world.staff), (world.other_hamlet, world.staff2)]
    ):
        draft = replicate(world, source, unit, world.campaign)
        if rnd.random() < 0.7:
            lifecycle.apply(draft, "submit", staff, notify=False)
    assert Initiative.objects.replications().exists()
    return world


@pytest.mark.parametrize("who", ["chair", "member", "staff", "staff2", "admin"])
def test_the_summary_page_shows_from_the_table_what_a_fresh_group_by_counts(client, walked, who):
    user = getattr(walked, who)
    client.force_login(user)

    response = client.get(reverse("reports:summary"), {"campaign": walked.campaign.pk})

    initiatives, root = summary_scope_for(user)
    proposals = proposals_for(user, campaign=walked.campaign)
    fresh = build_summary(for_campaign(initiatives, walked.campaign), root_unit=root, proposals=proposals)
    assert response.status_code == 200
    assert summary_fields(response.context["summary"]) == summary_fields(fresh)
    assert fresh.total  # each of these users sees something


@pytest.mark.parametrize("query", ["year", "period"])
def test_a_summary_of_a_year_or_a_period_shows_from_the_table_what_a_fresh_group_by_counts(client, walked, query):
    # Counts of a year's campaigns are read by the campaigns' ids (`summary.kept_counts`); the
    # initiatives of the same period are the reference.
    from models_registry.reports.periods import Period
    from models_registry.reports.replications import proposals_of_period

    year = walked.campaign.year
    params, period = {
        "year": ({"year": year}, Period.of_year(year)),
        "period": ({"period": f"{year - 1}-{year}"}, Period(year - 1, year)),
    }[query]
    client.force_login(walked.chair)

    response = client.get(reverse("reports:summary"), params)

    initiatives, root = summary_scope_for(walked.chair)
    proposals = proposals_of_period(walked.chair, period)
    fresh = build_summary(period.filter(initiatives), root_unit=root, proposals=proposals)
    assert response.status_code == 200
    assert summary_fields(response.context["summary"]) == summary_fields(fresh)
    assert fresh.total


@pytest.mark.parametrize("who", ["chair", "member", "admin"])
def test_the_campaign_overview_shows_from_the_table_what_a_fresh_group_by_counts(client, walked, who):
    user = getattr(walked, who)
    client.force_login(user)

    response = client.get(reverse("reports:campaign_overview", args=[walked.campaign.pk]))

    initiatives, root = summary_scope_for(user)
    fresh = build_summary(for_campaign(initiatives, walked.campaign), root_unit=root)
    assert summary_fields(response.context["summary"]) == summary_fields(fresh)
    # The replications' kept counts are read too (the member's committee oversees no replicating unit).
    assert fresh.top_replicated or who == "member"


@pytest.mark.parametrize("who", ["chair", "member", "admin"])
@pytest.mark.parametrize("narrowed", ["none", "unit", "field and kind"])
def test_the_committee_home_table_from_the_counts_equals_a_fresh_group_by(client, walked, who, narrowed):
    user = getattr(walked, who)
    query = {
        "none": {},
        "unit": {"unit": walked.commune.pk},
        "field and kind": {"field": field("economic").pk, "kind": InitiativeKind.MODEL},
    }[narrowed]
    client.force_login(user)

    response = client.get(reverse("committee:home"), query)

    filters = QueueFilterForm(query or None, user=user)
    fresh = counts_by_field_and_state(filters.apply(committee_initiatives(user)), fields=filters.all_fields)
    assert response.status_code == 200
    assert response.context["counts"] == fresh


def funnel_by_definition(initiatives, root) -> dict[str, dict]:
    """The funnel per level, field and unit row, added up here from `funnel_cells` (an EXISTS per initiative)."""
    from campaigns.models import PATH_STEP
    from models_registry.models.steps import FUNNEL_STEPS as STEPS
    from models_registry.reports.funnel import funnel_cells

    tables: dict[str, dict] = {"level": {}, "field": {}, "unit": {}}
    root_path = root.path if root is not None else ""
    for cell in funnel_cells(initiatives):
        path = cell["unit__path"]
        # The unit row that holds the initiative: the root's own row, or the root's child above it.
        unit = path if len(path) < len(root_path) + PATH_STEP + 1 else path[: len(root_path) + PATH_STEP + 1]
        for table, key in (("level", cell["level"]), ("field", cell["field__code"]), ("unit", unit)):
            row = tables[table].setdefault(key, [0] * len(STEPS))
            for index, name in enumerate(STEPS):
                row[index] += cell[name]
    return {table: {key: tuple(row) for key, row in rows.items() if row[0]} for table, rows in tables.items()}


@pytest.mark.parametrize("who", ["chair", "member", "staff", "admin"])
def test_the_funnel_from_the_counts_equals_its_definition_after_random_moves(client, walked, who):
    from models_registry.models import CommendationProposal, Nomination, NominationState
    from models_registry.models.steps import FUNNEL_STEPS as STEPS

    # The walk's recognitions are signed by the province, which does not act on the hamlets' commune-level
    # initiatives: three recognized through the entry point, so that every later step has something to count.
    for unit in (walked.hamlet, walked.hamlet, walked.other_hamlet):
        walked.initiative("recognized", unit=unit)
    recognized = list(Initiative.objects.filter(state=State.RECOGNIZED).order_by("pk"))
    assert len(recognized) >= 3
    recognized[1].mark_outstanding()
    commend(recognized[1], random.Random(5))
    commend(recognized[1], random.Random(6))  # twice: one initiative commended
    # Nominated twice (one returned, one accepted: counted once, recognized above), and proposed.
    for state in (NominationState.RETURNED, NominationState.ACCEPTED):
        Nomination.objects.create(
            initiative=recognized[0],
            from_committee=walked.commune_committee,
            to_committee=walked.province_committee,
            state=state,
            reason="Tiêu biểu.",
        )
    CommendationProposal.objects.propose(
        recognized[-1], walked.chair, kind=CommendationKind.CERTIFICATE_OF_MERIT, level="province", achievement="Tốt."
    )
    user = getattr(walked, who)
    client.force_login(user)

    response = client.get(reverse("reports:summary"), {"campaign": walked.campaign.pk})

    initiatives, root = summary_scope_for(user)
    expected = funnel_by_definition(for_campaign(initiatives, walked.campaign), root)
    paths = {row.path: row.name for row in response.context["summary"].by_unit}

    def shown(name: str, key) -> dict:
        return {key(row): tuple(getattr(row, step) for step in STEPS) for row in response.context[name]}

    assert shown("funnel", lambda row: row.key) == expected["level"]
    assert shown("funnel_by_field", lambda row: row.key) == expected["field"]
    assert shown("funnel_by_unit", lambda row: row.key) == {
        path: steps for path, steps in expected["unit"].items() if path in paths
    }
    assert any(steps[3] for steps in expected["level"].values())  # nominated: counted, so compared


def test_the_staff_home_counts_by_state_from_the_kept_counts_as_a_group_by_would(client, world):
    # The home reads `InitiativeCount.objects.of_own_units(user)`: the same numbers as counting the
    # unit's own initiatives, after moves, and none of a unit below it.
    world.initiative("draft")
    submitted = world.initiative("submitted")
    world.initiative("recognized")
    world.initiative("submitted", unit=world.other_hamlet)
    lifecycle.apply(submitted, "approve", world.chair, plan_note="Nhân rộng ra các ấp.")
    client.force_login(world.staff)

    response = client.get(reverse("staff:home"))

    expected = dict(
        Initiative.objects.filter(unit__in=[world.hamlet]).order_by().values_list("state").annotate(n=Count("id"))
    )
    shown = {value: n for value, _label, n in response.context["state_rows"] if n}
    assert shown == expected == {"draft": 1, "approved": 1, "recognized": 1}
    assert response.context["total"] == 3


def test_the_most_replicated_of_one_campaign_and_one_root_are_read_off_their_rows_as_a_group_by_counts(walked):
    from models_registry.reports.periods import Period
    from models_registry.reports.replications import counted_by_source, replications_by_source, top_replicated
    from models_registry.reports.summary import summary_counts_for

    initiatives, root = summary_scope_for(walked.chair)
    kept = summary_counts_for(walked.chair, root, Period.of_campaign(walked.campaign))

    assert kept.one_row_per_source  # one committee's subtree, one campaign: nothing to add up
    fresh = top_replicated(replications_by_source(for_campaign(initiatives, walked.campaign).replications()))
    assert fresh
    assert top_replicated(kept.replications_by_source()) == fresh
    assert top_replicated(counted_by_source(kept.replication_counts)) == fresh


def test_the_most_replicated_are_added_up_over_several_campaigns_or_roots(walked):
    from models_registry.reports.periods import Period
    from models_registry.reports.summary import summary_counts_for

    CampaignFactory(committee=walked.province_committee, name="Đợt hai", starts_on=walked.campaign.starts_on)
    year = Period.of_year(walked.campaign.year)
    assert len(year.campaign_ids) == 2

    assert not summary_counts_for(walked.chair, summary_scope_for(walked.chair)[1], year).one_row_per_source
    # An administrator reads the rows of every top unit.
    campaign = Period.of_campaign(walked.campaign)
    assert not summary_counts_for(walked.admin, summary_scope_for(walked.admin)[1], campaign).one_row_per_source


@pytest.mark.parametrize("query", ["none", "campaign", "year", "campaign and year"])
@pytest.mark.parametrize("who", ["chair", "admin"])
def test_the_api_summary_shows_from_the_table_what_a_fresh_group_by_counts(client, walked, who, query):
    from models_registry.api.serializers import SummarySerializer
    from models_registry.reports.summary import for_year

    user = getattr(walked, who)
    client.force_login(user)
    campaign, year = walked.campaign, walked.campaign.year
    params = {
        "none": {},
        "campaign": {"campaign": campaign.pk},
        "year": {"year": year},
        "campaign and year": {"campaign": campaign.pk, "year": year},
    }[query]

    response = client.get("/api/v1/summary/", params)

    initiatives, root = summary_scope_for(user)
    if "campaign" in params:
        initiatives = for_campaign(initiatives, campaign)
    if "year" in params:
        initiatives = for_year(initiatives, year)
    fresh = SummarySerializer(build_summary(initiatives, root_unit=root)).data
    assert response.status_code == 200
    assert response.json() == dict(fresh)
    assert response.json()["total"]
    assert response.json()["top_replicated"]
