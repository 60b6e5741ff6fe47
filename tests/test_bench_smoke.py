"""The benchmark's data generator builds a small but consistent province (no timings here)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from bench.generator import INITIATIVE_COLUMNS
from campaigns.models import Campaign, CampaignState, Unit
from campaigns.text import fold
from models_registry.models import (
    SEARCH_CONTENT_CHARS,
    Amendment,
    Commendation,
    CommendationCount,
    Initiative,
    InitiativeCount,
    RecognitionDecision,
    ScoreSheet,
    State,
    TransitionLog,
)
from models_registry.models.counts import Grain

pytestmark = pytest.mark.django_db

N = 200


def seed(**options) -> None:
    call_command("seed_bench", initiatives=N, communes=4, agencies=3, stdout=_Quiet(), **options)


class _Quiet:
    def write(self, *_args) -> None:
        pass

    def flush(self) -> None:
        pass


def test_seed_bench_creates_the_requested_initiatives_in_every_state():
    seed()

    counts = Counter(Initiative.objects.values_list("state", flat=True))
    assert sum(counts.values()) == N
    assert set(counts) == set(State.values)
    # The realistic mix: recognized is the largest group, returned one of the smallest.
    assert counts[State.RECOGNIZED] == max(counts.values())


def test_every_state_equals_the_target_of_its_last_log_row():
    seed()

    last_target: dict[int, str] = {}
    for initiative_id, to_state in TransitionLog.objects.order_by("created_at", "id").values_list(
        "initiative_id", "to_state"
    ):
        last_target[initiative_id] = to_state
    for pk, state in Initiative.objects.values_list("pk", "state"):
        assert last_target.get(pk, State.DRAFT) == state, pk


def test_every_log_row_starts_where_the_previous_one_ended():
    seed()

    previous: dict[int, str] = {}
    for initiative_id, from_state, to_state in TransitionLog.objects.order_by("created_at", "id").values_list(
        "initiative_id", "from_state", "to_state"
    ):
        assert previous.get(initiative_id, State.DRAFT) == from_state
        previous[initiative_id] = to_state


def test_every_unit_has_its_materialized_path():
    seed()

    units = {u.pk: u for u in Unit.objects.all()}
    assert len(units) > 4 * 3
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else ""
        assert unit.path == f"{parent_path}{unit.pk:07d}/"
        assert unit.depth == unit.path.count("/") - 1


def test_search_text_is_what_initiative_normalize_computes():
    seed()

    for initiative in Initiative.objects.all():
        stored = initiative.search_text
        initiative.normalize()
        assert stored == initiative.search_text, initiative.pk
    assert Initiative.objects.search("dan van").count() == Initiative.objects.search("DÂN VẬN").count()
    assert SEARCH_CONTENT_CHARS > 0


def test_recognized_initiatives_carry_a_decision_and_passing_score_sheets():
    seed()

    recognized = Initiative.objects.filter(state=State.RECOGNIZED).with_scores()
    assert recognized.exists()
    for initiative in recognized:
        assert initiative.decision_id is not None
        assert initiative.sheet_count == 3
        assert initiative.mean_total >= 70
    # An amending decision recognizes none by itself (its initiatives stay on the decision it amends).
    assert RecognitionDecision.objects.filter(initiatives__isnull=True, amends__isnull=True).count() == 0
    assert ScoreSheet.objects.filter(items__isnull=True).count() == 0


def test_a_revoked_recognition_has_its_revoked_decision_the_decision_that_revoked_it_and_its_count():
    seed()

    revoked = Initiative.objects.filter(state=State.RECOGNITION_REVOKED).with_scores()
    revoking = RecognitionDecision.objects.filter(amendment=Amendment.REVOKE).select_related("amends")
    counted = InitiativeCount.objects.counted().filter(grain=Grain.UNIT, state=State.RECOGNITION_REVOKED)

    assert revoked.exists()
    for initiative in revoked:
        assert initiative.decision.revoked and initiative.sheet_count == 3 and initiative.mean_total >= 70
        amending = initiative.decision.amendments.get()
        assert amending.amendment == Amendment.REVOKE and amending.reason and not amending.revoked
        assert amending.decided_on > initiative.decision.decided_on
        last = initiative.logs.order_by("created_at", "id").last()
        assert (last.action, last.from_state, last.to_state) == ("decision_revoke", "recognized", "recognition_revoked")
        assert amending.number in last.comment and amending.reason in last.comment
        if connection.vendor == "postgresql":  # bulk_create elsewhere stamps `auto_now_add` with the present
            assert timezone.localtime(last.created_at).date() == amending.decided_on
    # A small decision of their own: no initiative still recognized by a revoked decision, none public.
    assert {d.amends_id for d in revoking} == set(
        RecognitionDecision.objects.filter(revoked=True).values_list("pk", flat=True)
    )
    assert not Initiative.objects.filter(state=State.RECOGNIZED, decision__revoked=True).exists()
    assert not Initiative.objects.public().filter(state=State.RECOGNITION_REVOKED).exists()
    assert sum(counted.values_list("count", flat=True)) == revoked.count()


def test_every_initiative_aims_at_its_committees_level_and_a_recognized_one_is_decided_at_it():
    seed()

    levels = Counter(Initiative.objects.values_list("level", flat=True))
    recognized = Initiative.objects.filter(state=State.RECOGNIZED).values_list("level", "decision__level")

    assert set(levels) == {"commune", "province"}
    assert all(level == decided for level, decided in recognized)


def test_the_running_campaign_is_launched_and_the_older_ones_summarized():
    seed()

    states = dict(Campaign.objects.values_list("year", "state"))
    assert states == {
        2022: CampaignState.SUMMARIZED,
        2023: CampaignState.SUMMARIZED,
        2024: CampaignState.SUMMARIZED,
        2025: CampaignState.SUMMARIZED,
        2026: CampaignState.LAUNCHED,
    }


def test_seed_bench_refuses_a_database_that_already_has_initiatives():
    seed()

    with pytest.raises(CommandError):
        seed()
    seed(force=True)
    assert Initiative.objects.count() == 2 * N
    assert fold("Dân vận khéo") == "dan van kheo"


def test_the_initiative_columns_keep_the_order_the_writer_fills_its_row_in():
    # COPY is positional and InitiativeWriter._write_row writes its values in this order: a column list
    # derived from registration.py that moved (a reordered form) would put text into the wrong columns.
    assert INITIATIVE_COLUMNS == (
        "campaign_id",
        "unit_id",
        "field_id",
        "kind",
        "subject",
        "origin",
        "continues_id",
        "replicates_id",
        "name",
        "situation",
        "purpose",
        "goals",
        "solutions",
        "area",
        "address",
        "implementing_forces",
        "target_group",
        "resources",
        "starts_on",
        "ends_on",
        "expected_outputs",
        "sustainability",
        "advantages",
        "difficulties",
        "contact",
        "state",
        "plan_note",
        "confirmed_criteria",
        "results_report",
        "decision_id",
        "outstanding",
        "pending_case",
        "version",
        "search_text",
        "created_by_id",
        "created_at",
        "updated_at",
        "submitted_at",
        "last_inspected_on",
        "level",
    )


def test_a_few_awards_are_recovered_as_commendation_recover_leaves_them_and_stop_counting():
    seed()

    recovered = Commendation.objects.exclude(recovered_on=None)
    standing = Commendation.objects.standing()
    kept = CommendationCount.objects.filter(grain=Grain.UNIT)

    assert recovered.exists() and standing.exists()
    for award in recovered:
        assert award.recovery_number and award.recovery_reason and award.recovery_recorded_by_id
        assert award.recovered_on > award.decided_on
        if connection.vendor == "postgresql":  # bulk_create elsewhere stamps `auto_now` with the present
            assert award.updated_at == award.recovery_recorded_at
    assert not Commendation.objects.filter(recovered_on=None).exclude(recovery_number="").exists()
    assert sum(kept.values_list("count", flat=True)) == standing.count()
