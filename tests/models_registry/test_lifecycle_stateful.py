"""Random walks through the lifecycle: whatever anyone tries, the state and its log agree.

Hypothesis drives random actions by random actors (with or without what each action
needs) through the one entry point, on a fresh initiative and campaign per example. After
every step the initiative's state equals the `to_state` of its last log row (draft when it
has none), and a refused action changed nothing.
"""

from __future__ import annotations

import datetime
import itertools

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from campaigns.lifecycle import apply_campaign
from campaigns.models import Campaign
from models_registry import lifecycle
from models_registry.evidence import save_attachments, upload_refusal
from models_registry.lifecycle import TransitionError
from models_registry.models import AttachmentPurpose, Initiative, RecognitionDecision, State, TransitionLog
from tests.conftest import add_inspection, png_file, score
from tests.factories import CampaignFactory, InitiativeFactory

ACTORS = ("staff", "staff2", "member", "chair", "outsider")
ACTIONS = sorted(lifecycle.TRANSITIONS)
_numbers = itertools.count(1)
# The move that takes an initiative furthest from each state.
HAPPY_PATH = {
    State.DRAFT: "submit",
    State.RETURNED: "submit",
    State.SUBMITTED: "approve",
    State.APPROVED: "request_recognition",
    State.RECOGNITION_REQUESTED: "recognize",
}


class LifecycleMachine(RuleBasedStateMachine):
    def __init__(self, world):
        super().__init__()
        self.world = world
        self.campaign = CampaignFactory(committee=world.province_committee)
        self.initiative = InitiativeFactory(campaign=self.campaign, unit=world.hamlet)

    def snapshot(self) -> tuple:
        row = Initiative.objects.get(pk=self.initiative.pk)
        return row.state, row.version, TransitionLog.objects.filter(initiative=row).count()

    def params_for(self, action: str) -> dict:
        """Everything the action needs (the rules that add evidence and scores decide whether they exist)."""
        if action == "approve":
            return {"plan_note": "Hỗ trợ tập huấn."}
        if action == "request_recognition":
            return {"results_report": "Đạt mục tiêu."}
        if action == "recognize":
            decision = RecognitionDecision.objects.create(
                committee=self.world.province_committee,
                number=f"HYP-{next(_numbers)}",
                decided_on=datetime.date.today(),
                signer="Trưởng ban",
            )
            return {"decision": decision}
        if action == "submit":
            return {}
        return {"comment": "Lý do."}

    @rule(action=st.sampled_from(ACTIONS), actor=st.sampled_from(ACTORS), complete=st.booleans())
    def try_action(self, action: str, actor: str, complete: bool):
        self.attempt(action, actor, complete)

    @rule(data=st.data(), pick=st.integers(0, 1), complete=st.sampled_from([True, True, True, False]))
    def try_a_move_of_the_current_state_in_the_right_role(self, data, pick: int, complete: bool):
        # Random actions by random actors rarely get past "submitted"; this rule walks deep into the table.
        moves = sorted(t.action for t in lifecycle.TRANSITIONS.values() if self.initiative.state in t.sources)
        if not moves:
            return
        happy = HAPPY_PATH.get(self.initiative.state)
        action = data.draw(st.sampled_from([happy, happy, *moves] if happy else moves))
        who = lifecycle.TRANSITIONS[action].who
        actor = {"staff": "staff", "leader": "chair"}.get(who, ("member", "chair")[pick])
        if complete and action == "request_recognition":
            self.add_record("both")
        if complete and action == "recognize" and not self.initiative.score_sheets.exists():
            self.add_record("scores")
        self.attempt(action, actor, complete)

    def attempt(self, action: str, actor: str, complete: bool):
        user = getattr(self.world, actor)
        offered = {t.action for t in lifecycle.available_actions(self.initiative, user)}
        params = self.params_for(action) if complete else {}
        before = self.snapshot()

        try:
            lifecycle.apply(self.initiative, action, user, **params)
        except TransitionError as error:
            assert self.snapshot() == before, f"refused {action} by {actor} changed something"
            # Buttons never offer what the server refuses, except for what the action needs.
            assert action not in offered or error.code == "needs", (action, actor, error.code, str(error))
            if actor in ("staff2", "outsider"):
                assert error.code == "scope"
        else:
            assert action in offered, f"{action} by {actor} succeeded but was not offered"
            state, version, logs = self.snapshot()
            assert state == lifecycle.TRANSITIONS[action].target
            assert (version, logs) == (before[1] + 1, before[2] + 1)

    @rule(what=st.sampled_from(["evidence", "inspection", "both", "scores", "low_scores"]))
    def add_record(self, what: str):
        if what in ("evidence", "both"):
            # A file joins exactly when the rule the evidence page asks allows it, whatever the state.
            current = Initiative.objects.select_related("campaign", "unit").get(pk=self.initiative.pk)
            allowed = upload_refusal(self.world.staff, current, AttachmentPurpose.EVIDENCE) is None
            saved, refused = save_attachments(self.initiative, [png_file()], self.world.staff)
            assert (bool(saved), bool(refused)) == (allowed, not allowed), (self.initiative.state, refused)
        if what in ("inspection", "both"):
            add_inspection(self.initiative, self.world.chair)
        if what == "scores":
            score(self.initiative, self.world.chair, 85)
            score(self.initiative, self.world.secretary, 75)
        elif what == "low_scores":
            score(self.initiative, self.world.chair, 40)

    @rule(actor=st.sampled_from(ACTORS), dice=st.integers(0, 5))
    def try_summarize_the_campaign(self, actor: str, dice: int):
        if dice:
            # Summarizing ends the walk's interesting part; let it happen now and then only.
            return
        try:
            apply_campaign(self.campaign, "summarize", getattr(self.world, actor), lessons_learned="Bài học.")
        except TransitionError:
            return
        # The initiative must see its campaign frozen from now on.
        self.initiative.campaign = Campaign.objects.get(pk=self.campaign.pk)

    @invariant()
    def state_equals_the_last_log_rows_target(self):
        row = Initiative.objects.get(pk=self.initiative.pk)
        last = row.logs.order_by("created_at", "id").last()
        assert row.state == (last.to_state if last else State.DRAFT)
        assert self.initiative.state == row.state
        # Every move bumps the version once; nothing else edits in this walk.
        assert row.version == 1 + row.logs.count()


def test_random_walks_keep_the_state_equal_to_the_last_log_row(world):
    run_state_machine_as_test(
        lambda: LifecycleMachine(world),
        settings=settings(
            max_examples=50,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )
