"""The campaign's own table (launch → summarize), applied through its one way in, `apply_campaign`."""

from __future__ import annotations

import pytest

from campaigns.lifecycle import TransitionError, apply_campaign, campaign_actions_for, check_campaign
from campaigns.models import Campaign, CampaignLog, CampaignState, CriteriaSet, Role
from tests.factories import CampaignFactory, CommitteeMembershipFactory, UserFactory


@pytest.fixture
def draft_campaign(world) -> Campaign:
    return CampaignFactory(committee=world.province_committee, name="Đợt phát động mới", state=CampaignState.DRAFT)


@pytest.fixture
def province_member(world):
    user = UserFactory(username="province_member")
    CommitteeMembershipFactory(committee=world.province_committee, user=user, role=Role.MEMBER)
    return user


def assert_refused(campaign: Campaign, action: str, actor, code: str, text: str = "", **params) -> TransitionError:
    state_before = Campaign.objects.get(pk=campaign.pk).state
    logs_before = CampaignLog.objects.filter(campaign=campaign).count()

    with pytest.raises(TransitionError) as excinfo:
        apply_campaign(campaign, action, actor, **params)

    assert excinfo.value.code == code, str(excinfo.value)
    assert text in str(excinfo.value)
    assert Campaign.objects.get(pk=campaign.pk).state == state_before
    assert CampaignLog.objects.filter(campaign=campaign).count() == logs_before
    return excinfo.value


# ----- launch -----------------------------------------------------------------------------
@pytest.mark.parametrize("leader", ["chair", "secretary", "admin"])
def test_a_committee_leader_launches_a_draft_campaign(world, draft_campaign, leader):
    actor = getattr(world, leader)

    apply_campaign(draft_campaign, "launch", actor, comment="Phát động tại hội nghị.")

    row = Campaign.objects.get(pk=draft_campaign.pk)
    assert row.state == draft_campaign.state == CampaignState.LAUNCHED
    assert row.launched_at is not None
    log = CampaignLog.objects.get(campaign=draft_campaign)
    assert (log.action, log.actor, log.from_state, log.to_state, log.comment) == (
        "launch",
        actor,
        "draft",
        "launched",
        "Phát động tại hội nghị.",
    )


def test_a_launched_campaign_cannot_be_launched_again(world):
    assert_refused(world.campaign, "launch", world.chair, "state", "Đã phát động")


def test_a_plain_member_of_the_owning_committee_cannot_launch(world, draft_campaign, province_member):
    assert_refused(draft_campaign, "launch", province_member, "role", "“Phát động”")


@pytest.mark.parametrize("actor", ["member", "staff", "staff2", "outsider"])
def test_a_draft_campaign_is_out_of_scope_for_everyone_outside_its_committee(world, draft_campaign, actor):
    assert_refused(draft_campaign, "launch", getattr(world, actor), "scope", "không thuộc phạm vi")


def test_launch_needs_criteria(world):
    campaign = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT, criteria=False)

    error = assert_refused(campaign, "launch", world.chair, "needs")

    assert error.missing == ["bộ tiêu chí công nhận (ít nhất một tiêu chí)"]


def test_launch_needs_criteria_with_at_least_one_criterion(world):
    campaign = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT, criteria=False)
    CriteriaSet.objects.create(campaign=campaign, kind="model", name="Trống", threshold=70)

    assert_refused(campaign, "launch", world.chair, "needs", "bộ tiêu chí")


def test_an_unknown_campaign_action_is_refused(world):
    assert_refused(world.campaign, "restart", world.chair, "unknown")


# ----- summarize --------------------------------------------------------------------------
def test_a_committee_leader_summarizes_a_launched_campaign_with_its_lessons(world):
    apply_campaign(world.campaign, "summarize", world.secretary, lessons_learned="  Lắng nghe dân.  ")

    row = Campaign.objects.get(pk=world.campaign.pk)
    assert row.state == CampaignState.SUMMARIZED
    assert row.is_frozen
    assert row.lessons_learned == "Lắng nghe dân."
    assert row.summarized_at is not None
    log = CampaignLog.objects.get(campaign=world.campaign)
    assert (log.actor, log.from_state, log.to_state, log.comment) == (
        world.secretary,
        "launched",
        "summarized",
        "Lắng nghe dân.",
    )


def test_summarize_needs_lessons_learned(world):
    error = assert_refused(world.campaign, "summarize", world.chair, "needs", lessons_learned="   ")

    assert error.missing == ["bài học kinh nghiệm"]


def test_a_draft_campaign_cannot_be_summarized(world, draft_campaign):
    assert_refused(draft_campaign, "summarize", world.chair, "state", "Dự thảo", lessons_learned="Bài học.")


@pytest.mark.parametrize("actor", ["member", "staff"])
def test_those_who_see_a_launched_campaign_but_do_not_lead_its_committee_cannot_summarize(world, actor):
    assert_refused(world.campaign, "summarize", getattr(world, actor), "role", "“Tổng kết”", lessons_learned="x")


def test_an_outsider_cannot_summarize(world):
    assert_refused(world.campaign, "summarize", world.outsider, "scope", lessons_learned="x")


@pytest.mark.parametrize("action", ["launch", "summarize"])
def test_a_summarized_campaign_refuses_every_campaign_move(world, action):
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.")

    assert_refused(world.campaign, action, world.chair, "state", "Đã tổng kết", lessons_learned="Lần nữa.")
    assert campaign_actions_for(world.campaign, world.chair) == []


def test_a_stale_campaign_object_loses_the_race_with_a_clear_message(world):
    stale = Campaign.objects.get(pk=world.campaign.pk)
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.")

    error = assert_refused(stale, "summarize", world.secretary, "conflict", lessons_learned="Bài học khác.")

    assert "Người khác đã thay đổi" in str(error)
    assert CampaignLog.objects.filter(campaign=world.campaign).count() == 1


def test_campaign_actions_are_offered_only_to_leaders_of_the_owning_committee(world, draft_campaign):
    assert [t.action for t in campaign_actions_for(draft_campaign, world.chair)] == ["launch"]
    assert [t.action for t in campaign_actions_for(world.campaign, world.secretary)] == ["summarize"]
    assert campaign_actions_for(world.campaign, world.member) == []
    assert campaign_actions_for(world.campaign, world.staff) == []


# ----- check_campaign: the one question behind the buttons, the admin and apply_campaign -----------
@pytest.mark.parametrize(
    ("campaign_name", "action", "actor", "code"),
    [
        ("draft", "launch", "chair", None),
        ("launched", "summarize", "secretary", None),
        ("launched", "restart", "chair", "unknown"),
        ("launched", "launch", "chair", "state"),
        ("draft", "summarize", "chair", "state"),
        ("launched", "summarize", "member", "role"),
        ("draft", "launch", "outsider", "scope"),
    ],
)
def test_check_campaign_says_whether_a_move_is_allowed_and_why_not(
    world, draft_campaign, campaign_name, action, actor, code
):
    campaign = draft_campaign if campaign_name == "draft" else world.campaign

    refusal = check_campaign(getattr(world, actor), action, campaign)

    assert (refusal.code if refusal else None) == code


def test_apply_campaign_raises_the_refusal_check_campaign_gives(world):
    expected = check_campaign(world.member, "summarize", world.campaign)

    error = assert_refused(world.campaign, "summarize", world.member, "role", lessons_learned="Bài học.")

    assert str(error) == str(expected)
