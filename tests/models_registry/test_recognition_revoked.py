"""A revoked recognition: the initiatives it recognized leave "recognized", and the reports stop counting them.

Decree 30: a wrong decision is revoked by a new decision that names it. Before, revocation only
flagged the decision: the showcase hid its initiatives, but they stayed "recognized" and the summary,
the funnel, the roll-up and the exports went on counting them.
"""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from campaigns.lifecycle import TransitionError, apply_campaign
from models_registry import lifecycle
from models_registry.models import (
    Amendment,
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    CommendationProposalState,
    Initiative,
    InitiativeCount,
    RecognitionDecision,
    State,
    TransitionLog,
)
from models_registry.models.steps import NOMINATED, PROPOSED, RECOGNIZED_ABOVE
from models_registry.reports.funnel import level_funnel
from notifications.models import Notification
from tests.factories import CommendationFactory
from tests.models_registry.test_counts import assert_table_equals_group_by
from tests.models_registry.test_levels import levels, nominated, province_decision  # noqa: F401

TODAY = datetime.date.today()


def revoke(decision: RecognitionDecision, actor, number: str = "TH-01") -> RecognitionDecision:
    return decision.amend(
        actor, kind=Amendment.REVOKE, number=number, decided_on=TODAY, signer="Chủ tịch", reason="Kê khai sai."
    )


def recognized_counted(campaign) -> int:
    """The kept count of recognized initiatives of the campaign (its total rows, at the top unit)."""
    rows = InitiativeCount.objects.filter(campaign=campaign, grain="total", state=State.RECOGNIZED)
    return sum(rows.filter(unit__parent__isnull=True).values_list("count", flat=True))


# ----- the move ---------------------------------------------------------------------------------
def test_a_revoking_decision_moves_the_initiatives_it_names_out_of_recognized(world):
    initiative = world.initiative("recognized")

    revocation = revoke(initiative.decision, world.chair)

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REVOKED
    assert not Initiative.objects.public().filter(pk=initiative.pk).exists()
    last = initiative.logs.order_by("-created_at", "-id").first()
    assert (last.action, last.from_state, last.to_state, last.actor) == (
        "decision_revoke",
        State.RECOGNIZED,
        State.RECOGNITION_REVOKED,
        world.chair,
    )
    assert str(revocation) in last.comment and "Kê khai sai." in last.comment
    # One row says it, not a move and an amendment.
    assert initiative.logs.filter(action="decision_revoke").count() == 1
    assert lifecycle.log_label(last.action) == "Thu hồi quyết định công nhận"


def test_a_correcting_decision_leaves_its_initiatives_recognized(world):
    initiative = world.initiative("recognized")

    initiative.decision.amend(
        world.chair, kind=Amendment.CORRECT, number="ĐC-01", decided_on=TODAY, signer="Chủ tịch", reason="Sai tên."
    )

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED
    assert initiative.logs.order_by("-created_at", "-id").first().to_state == State.RECOGNIZED


def test_revoking_a_replacement_takes_back_what_the_first_decision_recognized(world):
    initiative = world.initiative("recognized")
    replacement = initiative.decision.amend(
        world.chair, kind=Amendment.REPLACE, number="TT-01", decided_on=TODAY, signer="Chủ tịch", reason="Sai số."
    )

    revoke(replacement, world.chair, number="TH-02")

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REVOKED


def test_a_committee_member_who_does_not_lead_cannot_revoke_and_nothing_moves(world):
    initiative = world.initiative("recognized")

    with pytest.raises(TransitionError):
        revoke(initiative.decision, world.member)

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED
    assert not initiative.logs.filter(action="decision_revoke").exists()


def test_nobody_makes_the_revocation_move_by_hand_and_no_button_offers_it(world):
    initiative = world.initiative("recognized")

    with pytest.raises(TransitionError):
        lifecycle.apply(initiative, lifecycle.REVOCATION.action, world.chair)

    assert lifecycle.REVOCATION.action not in {t.action for t in lifecycle.available_actions(initiative, world.admin)}
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED


def test_a_revocation_after_the_year_is_summarized_still_takes_the_recognition_back(world):
    initiative = world.initiative("recognized")
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.")

    revoke(Initiative.objects.get(pk=initiative.pk).decision, world.chair)

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REVOKED
    assert_table_equals_group_by()


def test_revoking_the_level_aboves_decision_leaves_the_units_own_recognition_standing(levels):  # noqa: F811
    initiative = nominated(levels)
    upper = province_decision(levels)
    lifecycle.apply(initiative, "recognize_nomination", levels.province_chair, decision=upper)

    revoke(upper, levels.province_chair, number="T-TH-01")

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED
    assert initiative.logs.order_by("-created_at", "-id").first().action == "decision_revoke"


# ----- what was asked on the strength of the recognition ---------------------------------------
def propose(initiative, leader) -> CommendationProposal:
    return CommendationProposal.objects.propose(
        initiative,
        leader,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        level=CommendationLevel.PROVINCE,
        achievement="Giảm 80% số vụ tranh chấp.",
    )


def test_revoking_withdraws_a_waiting_commendation_proposal_with_the_revocation_as_its_reason(world):
    # It stayed "Đang đề nghị khen thưởng" forever: no commendation can be recorded for an initiative that
    # is not recognized, and once the year is summarized nobody can withdraw a proposal by hand.
    initiative = world.initiative("recognized")
    proposal = propose(initiative, world.chair)
    initiative.refresh_from_db()
    assert initiative.later_steps & PROPOSED

    revocation = revoke(initiative.decision, world.chair)

    proposal.refresh_from_db()
    initiative.refresh_from_db()
    assert proposal.state == CommendationProposalState.WITHDRAWN
    assert proposal.close_reason == revocation.log_comment
    assert (proposal.closed_by, proposal.closed_at is not None) == (world.chair, True)
    assert not initiative.later_steps & PROPOSED
    assert_table_equals_group_by()


def test_a_granted_proposal_and_its_commendation_stay_when_the_recognition_is_revoked(world):
    # Recovering an award is the commending authority's decision, not the steering committee's.
    initiative = world.initiative("recognized")
    proposal = propose(initiative, world.chair)
    commendation = CommendationFactory(initiative=initiative, decided_on=TODAY, created_by=world.chair)

    revoke(Initiative.objects.get(pk=initiative.pk).decision, world.chair)

    proposal.refresh_from_db()
    assert proposal.state == CommendationProposalState.GRANTED
    assert Commendation.objects.filter(pk=commendation.pk).exists()
    assert_table_equals_group_by()


def test_a_revocation_after_the_summary_withdraws_the_proposal_nobody_could_close_by_hand(world):
    initiative = world.initiative("recognized")
    proposal = propose(initiative, world.chair)
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.")

    revoke(Initiative.objects.get(pk=initiative.pk).decision, world.chair)

    proposal.refresh_from_db()
    assert proposal.state == CommendationProposalState.WITHDRAWN
    assert_table_equals_group_by()


# ----- the reports ------------------------------------------------------------------------------
def test_the_kept_counts_and_the_summary_stop_counting_a_revoked_recognition(client, world):
    kept, revoked = world.initiative("recognized"), world.initiative("recognized")
    assert recognized_counted(world.campaign) == 2

    revoke(revoked.decision, world.chair)

    assert recognized_counted(world.campaign) == 1
    assert_table_equals_group_by()
    client.force_login(world.chair)
    response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})
    summary = response.context["summary"]
    assert (summary.registered, summary.recognized) == (2, 1)
    assert list(summary.recognized_initiatives) == [kept]
    shown = {row.key: row.count for row in summary.by_state if row.count}
    assert shown == {State.RECOGNIZED: 1, State.RECOGNITION_REVOKED: 1}
    assert sum(row.recognized for row in response.context["funnel"]) == 1


def test_the_units_page_says_its_recognition_was_revoked(client, world):
    initiative = world.initiative("recognized")
    revoke(initiative.decision, world.chair)
    client.force_login(world.staff)

    response = client.get(initiative.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã bị thu hồi công nhận" in html
    assert "Thu hồi quyết định công nhận" in html


# ----- the databases revoked before -------------------------------------------------------------
def test_the_migration_moves_the_initiatives_of_decisions_revoked_before_it(world):
    """As the old `amend` left them: the decision flagged, a "decision_revoke" row, the state unchanged."""
    kept, revoked = world.initiative("recognized"), world.initiative("recognized")
    RecognitionDecision.objects.filter(pk=revoked.decision_id).update(revoked=True)
    TransitionLog.objects.create(
        initiative=revoked, action="decision_revoke", from_state="recognized", to_state="recognized", actor=world.chair
    )
    migration = importlib.import_module("models_registry.migrations.0043_revoked_recognitions_leave_recognized")
    from django.apps import apps

    migration.forwards(apps, SimpleNamespace(connection=connection))

    revoked.refresh_from_db()
    kept.refresh_from_db()
    assert (kept.state, revoked.state) == (State.RECOGNIZED, State.RECOGNITION_REVOKED)
    last = revoked.logs.order_by("-created_at", "-id").first()
    assert (last.action, last.to_state) == ("decision_revoke", State.RECOGNITION_REVOKED)
    assert revoked.logs.filter(action="decision_revoke").count() == 1
    assert recognized_counted(world.campaign) == 1
    assert_table_equals_group_by()


def test_the_migration_withdraws_the_proposals_left_waiting_by_revocations_before_it(world):
    """As 0043 left them: the initiative moved to "recognition revoked", its proposal still waiting."""
    kept, revoked = world.initiative("recognized"), world.initiative("recognized")
    kept_proposal, revoked_proposal = propose(kept, world.chair), propose(revoked, world.chair)
    Initiative.objects.filter(pk=revoked.pk).update(state=State.RECOGNITION_REVOKED)
    migration = importlib.import_module("models_registry.migrations.0044_revoked_recognitions_withdraw_proposals")
    from django.apps import apps

    migration.forwards(apps, SimpleNamespace(connection=connection))

    kept_proposal.refresh_from_db()
    revoked_proposal.refresh_from_db()
    assert kept_proposal.state == CommendationProposalState.PROPOSED
    assert revoked_proposal.state == CommendationProposalState.WITHDRAWN
    assert revoked_proposal.close_reason == "Quyết định công nhận mô hình, điển hình đã bị thu hồi."
    assert_table_equals_group_by()


# ----- the level above -------------------------------------------------------------------------
def recognized_above(levels, number: str = "T-01") -> Initiative:  # noqa: F811
    """A commune's model the province recognized at its level by decision `number` (on the nomination)."""
    initiative = nominated(levels)
    decision = province_decision(levels, number=number)
    lifecycle.apply(initiative, "recognize_nomination", levels.province_chair, decision=decision)
    return Initiative.objects.get(pk=initiative.pk)


def test_revoking_the_level_aboves_decision_stops_counting_the_initiative_as_recognized_above(levels):  # noqa: F811
    initiative = recognized_above(levels)
    upper = initiative.nominations.get().decision
    assert initiative.later_steps & RECOGNIZED_ABOVE

    revoke(upper, levels.province_chair, number="T-TH-01")

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED
    assert not initiative.later_steps & RECOGNIZED_ABOVE
    assert initiative.later_steps & NOMINATED  # it was nominated: that stays
    [row] = level_funnel(Initiative.objects.filter(pk=initiative.pk))
    assert (row.recognized, row.nominated, row.recognized_above) == (1, 1, 0)
    assert_table_equals_group_by()


def test_correcting_or_replacing_the_level_aboves_decision_keeps_it_recognized_above(levels):  # noqa: F811
    initiative = recognized_above(levels)
    upper = initiative.nominations.get().decision

    upper.amend(
        levels.province_chair,
        kind=Amendment.CORRECT,
        number="T-DC-01",
        decided_on=TODAY,
        signer="Chủ tịch",
        reason="Sai tên.",
    )
    replacement = upper.amend(
        levels.province_chair,
        kind=Amendment.REPLACE,
        number="T-TT-01",
        decided_on=TODAY,
        signer="Chủ tịch",
        reason="Thay thế.",
    )
    assert Initiative.objects.get(pk=initiative.pk).later_steps & RECOGNIZED_ABOVE

    # Revoking the replacement takes back what the first decision recognized above.
    revoke(replacement, levels.province_chair, number="T-TH-02")

    assert not Initiative.objects.get(pk=initiative.pk).later_steps & RECOGNIZED_ABOVE
    assert_table_equals_group_by()


def told_of_revocation() -> list[str]:
    return sorted(
        Notification.objects.filter(kind="decision_amended", data__amendment="revoke").values_list(
            "recipient__username", flat=True
        )
    )


def test_revoking_the_units_own_recognition_tells_the_level_above_that_recognized_it(
    client,
    levels,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    initiative = recognized_above(levels)

    with django_capture_on_commit_callbacks(execute=True):
        revoke(initiative.decision, levels.commune_chair, number="X-TH-01")

    # The unit's staff and its commune's committee as before, and now the province's committee too:
    # its own recognition rests on the one taken back (it stays until the province decides).
    told = told_of_revocation()
    assert {"staff", "member", "province_member", "province_chair"} <= set(told)
    assert "other_chair" not in told and "commune_chair" not in told
    notification = Notification.objects.filter(recipient=levels.province_member, kind="decision_amended").get()
    assert notification.target == initiative
    assert notification.summary == (
        f"Quyết định công nhận số X-{initiative.pk} bị thu hồi bằng Quyết định số X-TH-01 ngày {TODAY:%d/%m/%Y}."
    )
    assert initiative.nominations.get().state == "accepted"
    assert Initiative.objects.get(pk=initiative.pk).later_steps & RECOGNIZED_ABOVE
    # The province's member opens it from the inbox, on the initiative's page.
    client.force_login(levels.province_member)
    response = client.get(notification.get_absolute_url(), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == initiative.get_absolute_url()


def test_revoking_a_nominated_initiatives_recognition_tells_the_level_above_whose_queue_it_leaves(
    levels,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    initiative = nominated(levels)

    with django_capture_on_commit_callbacks(execute=True):
        revoke(Initiative.objects.get(pk=initiative.pk).decision, levels.commune_chair, number="X-TH-01")

    assert initiative.nominations.get().state == "returned"
    assert "province_member" in told_of_revocation()


def test_a_correction_below_nor_a_returned_nomination_of_long_ago_tells_the_level_above(
    levels,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    initiative = nominated(levels)
    lifecycle.apply(initiative, "return_nomination", levels.province_chair, comment="Chưa đủ tiêu biểu.")
    decision = Initiative.objects.get(pk=initiative.pk).decision

    with django_capture_on_commit_callbacks(execute=True):
        decision.amend(
            levels.commune_chair,
            kind=Amendment.CORRECT,
            number="X-DC-01",
            decided_on=TODAY,
            signer="Chủ tịch",
            reason="Sai tên.",
        )
        revoke(decision, levels.commune_chair, number="X-TH-01")

    assert not Notification.objects.filter(recipient=levels.province_member).exists()
    assert "staff" in told_of_revocation()


def test_the_migration_stops_counting_what_was_recognized_above_by_a_decision_revoked_before_it(levels):  # noqa: F811
    """As the old `amend` left it: the upper decision flagged revoked, the kept step still set."""
    initiative = recognized_above(levels)
    upper = initiative.nominations.get().decision
    RecognitionDecision.objects.filter(pk=upper.pk).update(revoked=True)
    assert Initiative.objects.get(pk=initiative.pk).later_steps & RECOGNIZED_ABOVE
    migration = importlib.import_module(
        "models_registry.migrations.0047_revoked_upper_recognitions_leave_recognized_above"
    )
    from django.apps import apps

    migration.forwards(apps, SimpleNamespace(connection=connection))

    assert not Initiative.objects.get(pk=initiative.pk).later_steps & RECOGNIZED_ABOVE
    assert_table_equals_group_by()
