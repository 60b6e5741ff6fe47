"""The writes that live on the models: score sheets, flags, history notes, replication."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from campaigns.lifecycle import TransitionError
from models_registry import lifecycle
from models_registry.models import (
    SHEET_SEALED,
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    Initiative,
    Inspection,
    Origin,
    ScoreItem,
    ScoreSheet,
    State,
)

from ..conftest import score


def criteria_of(initiative: Initiative) -> list:
    return list(initiative.campaign.criteria_set_for(initiative.kind).criteria.order_by("order", "pk"))


# ----- ScoreSheet.objects.record ------------------------------------------------------------
def test_recording_scores_writes_the_items_and_their_total_as_a_draft(world):
    initiative = world.initiative("recognition_requested")
    first, second = criteria_of(initiative)[:2]

    recorded = ScoreSheet.objects.record(initiative, world.member, [(first, 10, "Tốt"), (second, 5, "")])

    sheet = ScoreSheet.objects.get(initiative=initiative, member=world.member)
    assert recorded == sheet and recorded.total == Decimal(15) and recorded.submitted_at is None
    assert sheet.total == Decimal(15)
    assert sheet.submitted_at is None
    assert sheet.items.get(criterion=first).comment == "Tốt"


def test_recording_a_blank_score_removes_that_criterions_item(world):
    initiative = world.initiative("recognition_requested")
    first, second = criteria_of(initiative)[:2]
    ScoreSheet.objects.record(initiative, world.member, [(first, 10, ""), (second, 5, "")])

    ScoreSheet.objects.record(initiative, world.member, [(first, 10, ""), (second, None, "")])

    sheet = ScoreSheet.objects.get(initiative=initiative, member=world.member)
    assert sheet.items.count() == 1
    assert sheet.total == Decimal(10)


def test_recording_with_submit_submits_the_sheet(world):
    initiative = world.initiative("recognition_requested")
    first = criteria_of(initiative)[0]

    recorded = ScoreSheet.objects.record(initiative, world.member, [(first, 7, "")], submit=True)

    assert ScoreSheet.objects.get(initiative=initiative, member=world.member).submitted_at == recorded.submitted_at
    assert recorded.submitted_at is not None


def test_a_submitted_sheet_is_not_written_again_and_the_refusal_says_it_is_sealed(world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member, 50)
    first = criteria_of(initiative)[0]

    with pytest.raises(TransitionError) as refused:
        ScoreSheet.objects.record(initiative, world.member, [(first, 0, "")], submit=True)

    sheet.refresh_from_db()
    assert refused.value.code == "conflict" and str(refused.value) == str(SHEET_SEALED)
    assert sheet.total == Decimal(50)


def test_discarding_a_draft_sheet_removes_it_with_its_points(world):
    initiative = world.initiative("recognition_requested")
    first = criteria_of(initiative)[0]
    ScoreSheet.objects.record(initiative, world.member, [(first, 7, "")])
    sheet = ScoreSheet.objects.get(initiative=initiative, member=world.member)

    sheet.discard()

    assert not ScoreSheet.objects.filter(pk=sheet.pk).exists()
    assert not ScoreItem.objects.filter(sheet_id=sheet.pk).exists()


def test_a_submitted_sheet_is_not_discarded(world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member, 50)

    with pytest.raises(TransitionError) as refused:
        sheet.discard()

    assert str(refused.value) == str(SHEET_SEALED)
    assert ScoreSheet.objects.filter(pk=sheet.pk).exists()


# ----- the writes about an initiative read it again under its lock ------------------------
# A page reads the initiative, asks its rule, then writes; the committee may decide in between.
# Each entry point reads the row again under its lock, so what it writes never lands after the
# move that forbids it: here the page's object is stale, the row has moved on.
def declined_meanwhile(world, initiative: Initiative) -> Initiative:
    """Decline the recognition through another object, as another leader's page would; return the stale one."""
    lifecycle.apply(Initiative.objects.get(pk=initiative.pk), "decline_recognition", world.chair, comment="Chưa đạt.")
    return initiative


def test_a_sheet_sent_after_the_recognition_was_declined_is_refused_and_nothing_is_written(world):
    initiative = world.initiative("recognition_requested")
    first = criteria_of(initiative)[0]
    on_the_page = declined_meanwhile(world, initiative)

    with pytest.raises(TransitionError) as refused:
        ScoreSheet.objects.record(on_the_page, world.member, [(first, 7, "")], submit=True)

    assert refused.value.code == "state" and "đang đề nghị công nhận" in str(refused.value)
    assert not ScoreSheet.objects.filter(initiative=initiative, member=world.member).exists()


def test_a_sheet_of_a_member_the_chair_left_out_meanwhile_is_refused_and_nothing_is_written(world):
    from models_registry.models import assign_scorers

    initiative = world.initiative("recognition_requested")
    first = criteria_of(initiative)[0]
    # The member's score page was open, with no scorers named yet; the chair names only the secretary.
    assign_scorers(Initiative.objects.get(pk=initiative.pk), [world.secretary], world.chair)

    with pytest.raises(TransitionError) as refused:
        ScoreSheet.objects.record(initiative, world.member, [(first, 7, "")], submit=True)

    assert refused.value.code == "role"
    assert str(refused.value) == (
        f"Trưởng ban đã phân công người chấm hồ sơ này; {world.member.username} không có trong danh sách."
    )
    assert not ScoreSheet.objects.filter(initiative=initiative, member=world.member).exists()


def test_an_inspection_sent_after_the_initiative_was_withdrawn_is_refused(world):
    on_the_page = world.initiative("approved")
    lifecycle.apply(Initiative.objects.get(pk=on_the_page.pk), "withdraw", world.staff, comment="Đơn vị rút.")

    with pytest.raises(TransitionError) as refused:
        Inspection.objects.record(
            on_the_page,
            world.chair,
            inspectors=[world.chair],
            inspected_on=datetime.date.today(),
            completion=80,
            effectiveness="good",
        )

    assert refused.value.code == "state"
    assert not on_the_page.inspections.exists()


AWARD = {
    "kind": CommendationKind.CERTIFICATE_OF_MERIT,
    "level": CommendationLevel.PROVINCE,
    "authority": "UBND tỉnh",
    "decision_number": "7/QĐ-UBND",
    "decided_on": datetime.date.today(),
    "recipient": "Ấp Phú Hòa",
}


def test_an_award_or_a_proposal_sent_after_a_pending_case_was_set_is_refused(world):
    # Decree 152/2025, art. 4: no award while a discipline, investigation or complaint case is open.
    on_the_page = world.initiative("recognized")
    Initiative.objects.get(pk=on_the_page.pk).set_pending_case(True, "Đơn khiếu nại đang xem xét.", by=world.chair)
    assert on_the_page.pending_case is False  # the page's object did not see it

    with pytest.raises(TransitionError) as award:
        Commendation.objects.record(on_the_page, world.chair, **AWARD)
    with pytest.raises(TransitionError) as proposal:
        CommendationProposal.objects.propose(
            on_the_page, world.chair, kind=AWARD["kind"], level=AWARD["level"], achievement="Giảm 80% tranh chấp."
        )

    assert award.value.code == proposal.value.code == "needs"
    assert not on_the_page.commendations.exists() and not on_the_page.commendation_proposals.exists()


def test_a_remark_award_or_proposal_sent_from_a_page_read_before_the_summary_is_refused(world):
    # The page read the initiative (and its campaign) before the secretariat summarized the year: each
    # entry point reads the campaign again under its lock, not the page's copy.
    from models_registry.models import Remark
    from models_registry.summarize import summarize_campaign

    on_the_page = Initiative.objects.select_related("campaign").get(pk=world.initiative("recognized").pk)
    summarize_campaign(world.campaign, world.chair, lessons_learned="Bài học.", choices={})
    assert on_the_page.is_frozen is False  # the page's copy did not see it

    with pytest.raises(TransitionError) as remark:
        Remark.objects.post(world.chair, on_the_page, "Ý kiến gửi sau khi tổng kết.")
    with pytest.raises(TransitionError) as award:
        Commendation.objects.record(on_the_page, world.chair, **AWARD)
    with pytest.raises(TransitionError) as proposal:
        CommendationProposal.objects.propose(
            on_the_page, world.chair, kind=AWARD["kind"], level=AWARD["level"], achievement="Giảm 80% tranh chấp."
        )

    assert remark.value.code == award.value.code == proposal.value.code == "state"
    assert "đã tổng kết" in str(remark.value).lower()
    assert not Remark.objects.filter(initiative=on_the_page).exists()
    assert not on_the_page.commendations.exists() and not on_the_page.commendation_proposals.exists()


# ----- Initiative.mark_outstanding ----------------------------------------------------------
def test_a_recognized_initiative_is_marked_and_unmarked_outstanding(world):
    initiative = world.initiative("recognized")

    marked = initiative.mark_outstanding()
    assert marked is True
    assert Initiative.objects.get(pk=initiative.pk).outstanding is True

    initiative.mark_outstanding(False)
    assert Initiative.objects.get(pk=initiative.pk).outstanding is False


def test_an_initiative_no_longer_recognized_is_not_marked_outstanding(world):
    # The page was read while it was recognized; the flag must not land on another state.
    initiative = world.initiative("recognized")
    Initiative.objects.filter(pk=initiative.pk).update(state=State.NOT_RECOGNIZED)

    marked = initiative.mark_outstanding()

    assert marked is False
    assert Initiative.objects.get(pk=initiative.pk).outstanding is False


def test_an_initiative_whose_year_was_summarized_since_its_page_was_read_is_not_marked_outstanding(world):
    from models_registry.summarize import summarize_campaign

    on_the_page = Initiative.objects.select_related("campaign").get(pk=world.initiative("recognized").pk)
    summarize_campaign(world.campaign, world.chair, lessons_learned="Bài học.", choices={})

    marked = on_the_page.mark_outstanding()

    assert marked is False
    assert Initiative.objects.get(pk=on_the_page.pk).outstanding is False
    assert "đã tổng kết" in Initiative.objects.get(pk=on_the_page.pk).outstanding_refusal()


def test_closing_a_proposal_or_withdrawing_a_remark_read_before_the_summary_is_refused(world):
    from models_registry.models import CommendationProposalState, Remark
    from models_registry.summarize import summarize_campaign

    initiative = world.initiative("recognized")
    CommendationProposal.objects.propose(
        initiative, world.chair, kind=AWARD["kind"], level=AWARD["level"], achievement="Giảm 80% tranh chấp."
    )
    Remark.objects.post(world.chair, initiative, "Nên nhân rộng.")
    proposal = CommendationProposal.objects.select_related("initiative__campaign").get(initiative=initiative)
    remark = Remark.objects.select_related("initiative__campaign").get(initiative=initiative)
    summarize_campaign(world.campaign, world.chair, lessons_learned="Bài học.", choices={})

    with pytest.raises(TransitionError) as closing:
        proposal.close(world.chair, CommendationProposalState.WITHDRAWN, "Đơn vị xin rút.")
    with pytest.raises(TransitionError) as withdrawal:
        remark.withdraw(world.chair)

    assert "đã tổng kết" in str(closing.value).lower() and "đã tổng kết" in str(withdrawal.value).lower()
    assert CommendationProposal.objects.get(pk=proposal.pk).state == CommendationProposalState.PROPOSED
    assert Remark.objects.get(pk=remark.pk).withdrawn_at is None


# ----- Initiative.set_pending_case and note_in_history --------------------------------------
def test_a_pending_case_set_from_a_page_read_before_the_summary_is_refused_and_nothing_is_noted(world):
    from models_registry.summarize import summarize_campaign

    on_the_page = Initiative.objects.select_related("campaign").get(pk=world.initiative("recognized").pk)
    summarize_campaign(world.campaign, world.chair, lessons_learned="Bài học.", choices={})
    notes = LogEntry.objects.count()

    with pytest.raises(TransitionError) as refused:
        on_the_page.set_pending_case(True, "Đơn khiếu nại gửi sau.", by=world.chair)

    assert refused.value.code == "state" and "đã tổng kết" in str(refused.value).lower()
    assert Initiative.objects.get(pk=on_the_page.pk).pending_case is False
    assert LogEntry.objects.count() == notes


def test_setting_a_pending_case_bumps_the_version_and_notes_why(world):
    initiative = world.initiative("recognized")
    version = Initiative.objects.get(pk=initiative.pk).version

    initiative.set_pending_case(True, "  Đơn khiếu nại số 7. ", by=world.chair)

    stored = Initiative.objects.get(pk=initiative.pk)
    note = LogEntry.objects.get(object_id=str(initiative.pk))
    assert stored.pending_case is True
    assert stored.version == version + 1
    assert note.user == world.chair
    assert note.change_message.endswith(": Đơn khiếu nại số 7.")


def test_clearing_a_pending_case_notes_the_clearing(world):
    initiative = world.initiative("recognized")
    initiative.set_pending_case(True, "Đơn số 7.", by=world.chair)

    initiative.set_pending_case(False, "Đã giải quyết.", by=world.chair)

    assert Initiative.objects.get(pk=initiative.pk).pending_case is False
    assert LogEntry.objects.filter(object_id=str(initiative.pk)).count() == 2


def test_a_history_note_is_a_change_entry_of_the_initiative(world):
    initiative = world.initiative("approved")
    message = json.dumps([{"deleted": {"name": "minh chứng", "object": "anh.png"}}])
    moves = initiative.logs.count()

    note = initiative.note_in_history(world.staff, message)

    assert note.action_flag == CHANGE
    assert note.get_edited_object() == initiative
    assert note.change_message == message
    assert initiative.logs.count() == moves  # a note is no move: the lifecycle's last log stays the last move


# ----- Initiative.replicate_into ------------------------------------------------------------
def test_replicating_copies_the_content_into_a_new_draft_of_the_unit(world):
    source = world.initiative("recognized", unit=world.other_hamlet, name="Camera an ninh khu phố")

    draft, created = source.replicate_into(world.hamlet, world.campaign, by=world.staff)

    assert created is True
    assert (draft.unit, draft.state, draft.origin, draft.replicates) == (
        world.hamlet,
        State.DRAFT,
        Origin.REPLICATED,
        source,
    )
    assert draft.name == source.name
    assert draft.created_by == world.staff


def test_replicating_again_into_the_same_unit_returns_the_draft_already_made(world):
    source = world.initiative("recognized", unit=world.other_hamlet)
    first, _created = source.replicate_into(world.hamlet, world.campaign, by=world.staff)

    again, created = source.replicate_into(world.hamlet, world.campaign, by=world.staff)

    assert created is False
    assert again == first
    assert Initiative.objects.filter(replicates=source).count() == 1


# ----- the admin writes the flags through the same methods ---------------------------------
def _flag_post(client, initiative: Initiative, **flags) -> None:
    from django.urls import reverse

    url = reverse("admin:models_registry_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in ("continues", "replicates")}
    data.update({"_save": "1", "logs-TOTAL_FORMS": 0, "logs-INITIAL_FORMS": 0})
    data.update({"attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0})
    for name in ("outstanding", "pending_case"):
        data.pop(name, None)
    data.update({name: "on" for name, value in flags.items() if value})
    client.post(url, data)


def test_a_pending_case_set_in_the_admin_bumps_the_version_like_the_committee_page(client, world):
    initiative = world.initiative("recognized")
    version = Initiative.objects.get(pk=initiative.pk).version
    client.force_login(world.admin)

    _flag_post(client, initiative, pending_case=True)

    stored = Initiative.objects.get(pk=initiative.pk)
    assert stored.pending_case is True
    assert stored.version == version + 1


def test_the_admin_marks_a_recognized_initiative_outstanding(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.admin)

    _flag_post(client, initiative, outstanding=True)

    assert Initiative.objects.get(pk=initiative.pk).outstanding is True


def test_the_admin_cannot_mark_an_initiative_outstanding_before_it_is_recognized(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.admin)

    _flag_post(client, initiative, outstanding=True)

    assert Initiative.objects.get(pk=initiative.pk).outstanding is False


def test_a_sheet_is_either_a_draft_or_submitted_and_submitted_ones_come_in_the_order_they_came_in(world):
    initiative = world.initiative("recognition_requested")
    first = criteria_of(initiative)[0]
    ScoreSheet.objects.record(initiative, world.member, [(first, 7, "")])
    later = score(initiative, world.chair, 40)
    earlier = score(initiative, world.secretary, 60)
    ScoreSheet.objects.filter(pk=earlier.pk).update(submitted_at=later.submitted_at - datetime.timedelta(minutes=5))
    sheets = ScoreSheet.objects.filter(initiative=initiative)

    assert list(sheets.drafts().values_list("member", flat=True)) == [world.member.pk]
    assert list(sheets.submitted_with_points()) == [earlier, later]
    assert set(sheets.submitted()) == {earlier, later}
