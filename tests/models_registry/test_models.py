"""The initiative's own rules and the records around it (inspections, scores, decisions, commendations)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.models import Campaign, CampaignState
from models_registry.lifecycle import TransitionError
from models_registry.models import (
    CLOSED_STATES,
    COUNTED_REPLICATION_STATES,
    OPEN_STATES,
    REGISTERED_STATES,
    STOPPED_STATES,
    UNREGISTERED_STATES,
    Commendation,
    CommendationKind,
    Initiative,
    Origin,
    RecognitionDecision,
    ScoreItem,
    State,
    add_months,
    check_commendable,
    lasts_whole_months,
)
from tests.conftest import add_inspection, modules_spelling, score
from tests.factories import CampaignFactory, InitiativeFactory

TODAY = datetime.date.today()


def clean_errors(initiative: Initiative) -> dict[str, list[str]]:
    try:
        initiative.clean()
    except ValidationError as error:
        return error.message_dict
    return {}


# ----- Initiative.clean -------------------------------------------------------------------
def test_a_complete_registration_is_clean(world):
    assert clean_errors(world.initiative("draft")) == {}


def test_the_end_must_come_after_the_start(world):
    year = world.campaign.year
    initiative = InitiativeFactory.build(
        campaign=world.campaign,
        unit=world.hamlet,
        starts_on=datetime.date(year, 5, 1),
        ends_on=datetime.date(year, 4, 1),
    )

    assert clean_errors(initiative)["ends_on"] == ["Thời gian kết thúc phải sau thời gian bắt đầu."]


def test_the_database_refuses_an_end_before_the_start_too(world):
    year = world.campaign.year
    initiative = InitiativeFactory.build(
        campaign=world.campaign,
        unit=world.hamlet,
        starts_on=datetime.date(year, 5, 1),
        ends_on=datetime.date(year, 4, 1),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        initiative.save()


@pytest.mark.parametrize(
    ("starts", "ends", "ok"),
    [
        ((2, 1), (2, 28), True),
        ((2, 1), (2, 27), False),
        ((1, 31), (2, 27), True),
        ((1, 1), (12, 31), True),
        ((3, 1), (3, 30), False),
        ((3, 1), (3, 31), True),
    ],
)
def test_the_duration_is_counted_in_calendar_months(world, starts, ends, ok):
    year = 2026
    assert lasts_whole_months(datetime.date(year, *starts), datetime.date(year, *ends)) is ok


def test_more_than_twelve_months_is_too_long():
    assert not lasts_whole_months(datetime.date(2026, 3, 1), datetime.date(2027, 3, 1))
    assert lasts_whole_months(datetime.date(2026, 3, 1), datetime.date(2027, 2, 28))


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 12, 15), 2) == datetime.date(2028, 2, 15)
    assert add_months(datetime.date(2028, 3, 31), -1) == datetime.date(2028, 2, 29)


def test_a_too_short_duration_is_named_in_months(world):
    year = world.campaign.year
    initiative = InitiativeFactory.build(
        campaign=world.campaign,
        unit=world.hamlet,
        starts_on=datetime.date(year, 3, 1),
        ends_on=datetime.date(year, 3, 15),
    )

    assert clean_errors(initiative)["ends_on"] == ["Thời gian thực hiện phải từ 1 đến 12 tháng (hiện là 0,5 tháng)."]


def test_the_dates_must_lie_inside_the_campaign_period(world):
    year = world.campaign.year
    initiative = InitiativeFactory.build(
        campaign=world.campaign,
        unit=world.hamlet,
        starts_on=datetime.date(year, 6, 1),
        ends_on=datetime.date(year + 1, 1, 31),
    )

    assert clean_errors(initiative)["starts_on"] == [
        f"Thời gian thực hiện phải nằm trong thời gian của đợt phát động (01/01/{year} – 31/12/{year})."
    ]


def test_the_unit_must_lie_under_the_campaigns_committee(world):
    commune_campaign = CampaignFactory(committee=world.commune_committee)
    initiative = InitiativeFactory.build(campaign=commune_campaign, unit=world.other_hamlet)

    assert clean_errors(initiative)["unit"] == ["Đơn vị không thuộc phạm vi của đợt phát động này."]


def test_a_maintained_initiative_names_the_one_it_continues(world):
    initiative = InitiativeFactory.build(campaign=world.campaign, unit=world.hamlet, origin=Origin.MAINTAINED)

    assert "continues" in clean_errors(initiative)


def test_a_replicated_initiative_names_the_one_it_replicates(world):
    initiative = InitiativeFactory.build(campaign=world.campaign, unit=world.hamlet, origin=Origin.REPLICATED)

    assert "replicates" in clean_errors(initiative)


def test_a_new_initiative_drops_any_lineage_links(world):
    source = world.initiative("approved", unit=world.other_hamlet)
    initiative = world.initiative("draft")
    initiative.continues, initiative.replicates = source, source

    assert clean_errors(initiative) == {}
    assert (initiative.continues_id, initiative.replicates_id) == (None, None)


def test_an_initiative_cannot_continue_itself(world):
    initiative = world.initiative("draft")
    initiative.origin, initiative.continues = Origin.MAINTAINED, initiative

    assert clean_errors(initiative)["continues"] == ["Mô hình không thể duy trì từ chính nó."]


def test_missing_for_submit_names_the_empty_required_fields_in_form_order(world):
    initiative = InitiativeFactory.build(
        campaign=world.campaign, unit=world.hamlet, name=" ", resources="", ends_on=None
    )

    assert initiative.missing_for_submit() == ["tên mô hình, điển hình", "nguồn lực", "thời gian kết thúc"]


def test_an_unnamed_initiative_has_a_readable_title():
    assert str(Initiative()) == "(chưa đặt tên)"


@pytest.mark.parametrize(
    ("state", "editable"),
    [("draft", True), ("returned", True), ("submitted", False), ("approved", False), ("withdrawn", False)],
)
def test_registration_content_is_editable_only_in_draft_or_returned(world, state, editable):
    assert world.initiative(state).is_editable is editable


def test_nothing_is_editable_once_the_campaign_is_summarized(world):
    initiative = world.initiative("draft")
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    initiative = Initiative.objects.select_related("campaign").get(pk=initiative.pk)

    assert initiative.is_frozen
    assert not initiative.is_editable


# ----- scores and lineage -----------------------------------------------------------------
def test_the_mean_score_counts_submitted_sheets_only_and_rounds_half_up(world):
    initiative = world.initiative("recognition_requested")
    assert initiative.mean_score() is None
    score(initiative, world.chair, 80)
    score(initiative, world.secretary, 71)
    draft_sheet = score(initiative, world.member, 10)
    draft_sheet.submitted_at = None
    draft_sheet.save(update_fields=["submitted_at"])

    assert initiative.mean_score() == Decimal("75.50")
    row = Initiative.objects.with_scores().get(pk=initiative.pk)
    assert (row.mean_total, row.sheet_count) == (Decimal("75.5"), 2)
    # The annotation no longer shadows the method: an annotated row still rounds through it.
    assert row.mean_score() == Decimal("75.50")


def test_a_score_sheet_totals_its_items(world):
    initiative = world.initiative("recognition_requested")

    sheet = score(initiative, world.chair, 57)

    assert sheet.total == Decimal(57)
    assert sheet.items.count() == 5


def test_a_criterion_cannot_get_more_than_its_maximum(world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.chair, 50)
    item = ScoreItem(sheet=sheet, criterion=sheet.items.first().criterion, points=Decimal("20.5"))

    with pytest.raises(ValidationError) as excinfo:
        item.clean()

    assert excinfo.value.message_dict["points"] == ["Điểm tối đa của tiêu chí này là 20."]


def test_recognized_before_follows_the_lineage(world):
    recognized = world.initiative("recognized")
    follower = world.initiative("draft", name="Tiếp nối")
    assert not follower.recognized_before()

    follower.origin, follower.continues = Origin.MAINTAINED, recognized

    assert follower.recognized_before()


def test_the_public_sees_only_recognized_initiatives(world):
    recognized = world.initiative("recognized")
    world.initiative("approved")
    world.initiative("not_recognized")

    assert list(Initiative.objects.public()) == [recognized]


def test_an_inspection_keeps_the_latest_inspection_date(world):
    initiative = world.initiative("approved")
    first = add_inspection(initiative, world.chair)
    first.inspected_on = TODAY - datetime.timedelta(days=10)
    first.save()
    assert Initiative.objects.get(pk=initiative.pk).last_inspected_on == TODAY

    older = add_inspection(initiative, world.chair)
    older.inspected_on = TODAY - datetime.timedelta(days=40)
    older.save()

    assert Initiative.objects.get(pk=initiative.pk).last_inspected_on == TODAY


# ----- decisions and commendations --------------------------------------------------------
def test_a_decision_takes_its_level_from_the_committees_unit(world):
    province = RecognitionDecision.objects.create(
        committee=world.province_committee, number="12/QĐ-BCĐ", decided_on=datetime.date(2026, 11, 20), signer="A"
    )
    commune = RecognitionDecision.objects.create(
        committee=world.commune_committee, number="12/QĐ-BCĐ", decided_on=TODAY, signer="B"
    )

    assert (province.level, commune.level) == ("province", "commune")
    assert str(province) == "Quyết định số 12/QĐ-BCĐ ngày 20/11/2026"


def test_a_decision_number_is_unique_within_its_committee(world):
    RecognitionDecision.objects.create(committee=world.province_committee, number="1", decided_on=TODAY, signer="A")

    with pytest.raises(IntegrityError), transaction.atomic():
        RecognitionDecision.objects.create(committee=world.province_committee, number="1", decided_on=TODAY, signer="B")


def commendation(initiative: Initiative) -> Commendation:
    return Commendation(
        initiative=initiative,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        authority="Ủy ban nhân dân tỉnh Vĩnh Long",
        decision_number="345/QĐ-UBND",
        decided_on=TODAY,
        recipient="Chi hội Phụ nữ ấp Phú Hòa",
    )


def test_a_recognized_initiative_may_be_commended(world):
    initiative = world.initiative("recognized")

    check_commendable(initiative)
    commendation(initiative).full_clean()


def test_a_commendation_is_refused_while_a_case_is_pending(world):
    initiative = world.initiative("recognized")
    initiative.pending_case = True

    with pytest.raises(TransitionError) as excinfo:
        check_commendable(initiative)
    with pytest.raises(ValidationError) as cleaned:
        commendation(initiative).clean()

    assert excinfo.value.code == "needs"
    assert "Nghị định 152/2025/NĐ-CP, điều 4" in str(excinfo.value)
    assert "vụ việc kỷ luật, điều tra hoặc khiếu nại" in cleaned.value.messages[0]


@pytest.mark.parametrize("state", ["approved", "recognition_requested", "not_recognized"])
def test_a_commendation_is_refused_for_an_initiative_not_recognized(world, state):
    initiative = world.initiative(state)

    with pytest.raises(TransitionError) as excinfo:
        check_commendable(initiative)

    assert excinfo.value.code == "state"
    assert str(excinfo.value) == "Chỉ khen thưởng mô hình, điển hình đã được công nhận."


def test_a_commendation_is_refused_once_the_campaign_is_summarized(world):
    initiative = world.initiative("recognized")
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    initiative = Initiative.objects.select_related("campaign").get(pk=initiative.pk)

    with pytest.raises(TransitionError) as excinfo:
        check_commendable(initiative)

    assert "đã tổng kết" in str(excinfo.value)


def test_the_initiatives_state_cannot_be_edited_by_forms(db):
    editable = {f.name for f in Initiative._meta.get_fields() if getattr(f, "editable", False)}

    assert not {"state", "version", "search_text", "decision", "plan_note", "results_report"} & editable
    assert Initiative().state == State.DRAFT


def test_registered_and_unregistered_states_split_every_state_once():
    assert set(REGISTERED_STATES) | set(UNREGISTERED_STATES) == set(State)
    assert not set(REGISTERED_STATES) & set(UNREGISTERED_STATES)


def test_every_state_is_either_open_or_closed_and_closed_is_recognized_or_stopped():
    assert set(OPEN_STATES) | set(CLOSED_STATES) == set(State)
    assert not set(OPEN_STATES) & set(CLOSED_STATES)
    assert set(CLOSED_STATES) == {*STOPPED_STATES, State.RECOGNIZED}


def test_a_rejected_or_withdrawn_replication_does_not_count_but_a_not_recognized_one_does():
    assert State.REJECTED not in COUNTED_REPLICATION_STATES
    assert State.WITHDRAWN not in COUNTED_REPLICATION_STATES
    assert State.DRAFT not in COUNTED_REPLICATION_STATES
    assert State.NOT_RECOGNIZED in COUNTED_REPLICATION_STATES


@pytest.mark.parametrize("campaign_state", [CampaignState.DRAFT, CampaignState.LAUNCHED, CampaignState.SUMMARIZED])
def test_the_unfrozen_initiatives_are_those_whose_campaign_is_not_summarized(world, campaign_state):
    campaign = CampaignFactory(committee=world.campaign.committee, state=campaign_state)
    other = InitiativeFactory(campaign=campaign, unit=world.hamlet)
    open_one = world.initiative("approved")

    unfrozen = set(Initiative.objects.filter(pk__in=[other.pk, open_one.pk]).unfrozen())

    assert unfrozen == {i for i in (other, open_one) if not i.is_frozen}
    assert (other in unfrozen) is (campaign_state != CampaignState.SUMMARIZED)


def test_a_summarized_campaign_is_asked_of_its_words_and_spelt_nowhere_else():
    """`Campaign.is_frozen`, `CampaignQuerySet.not_summarized()` and `InitiativeQuerySet.unfrozen()` say
    "the campaign is summarized"; the queues, the home page, the carry-over and the campaign pages spelt it."""
    spelt = r"exclude\(\s*(campaign__)?state=CampaignState\.SUMMARIZED\s*\)|state == CampaignState\.SUMMARIZED"

    assert modules_spelling(spelt, besides={"campaigns/models.py", "models_registry/models/queries.py"}) == []


def test_an_initiative_is_locked_for_a_write_through_one_word_and_spelt_nowhere_else():
    # Every write that asks its rule of the row under its lock reads it through `locked`
    # (its campaign and unit with it), so no write asks a stale copy or locks in its own way.
    spelt = r"Initiative\.objects\.select_for_update\("
    assert modules_spelling(spelt, besides={"models_registry/models/queries.py"}) == []
