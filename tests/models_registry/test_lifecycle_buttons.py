"""The buttons and the server agree: every page offers exactly the moves `lifecycle.check` allows,
and every move's page opens exactly when `check` allows it (staff, member, chair; every state)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns.lifecycle import SUMMARIZED_MESSAGE, apply_campaign, check_campaign
from campaigns.models import CampaignState
from models_registry import lifecycle
from models_registry.management.commands.seed_demo import Command as SeedDemo
from models_registry.models import Initiative, State
from models_registry.transition_forms import TRANSITION_FORMS
from tests.factories import CampaignFactory

USERS = ("staff", "member", "chair")
STATES = [state for state, _label in State.choices]


@pytest.fixture
def committee_rights(world):
    """Give the committee users the admin rights that seed_demo gives the "Ban Chỉ đạo" group."""
    group = SeedDemo().committee_group()
    for user in (world.chair, world.member):
        user.groups.add(group)
    return group


def transitions_in(html: str) -> set[str]:
    return set(re.findall(r'data-transition="([a-z_]+)"', html))


def action_forms_in(html: str) -> set[str]:
    return set(re.findall(r'data-action-form="([a-z_]+)"', html))


def allowed(user, initiative: Initiative) -> set[str]:
    return {action for action in lifecycle.TRANSITIONS if lifecycle.check(user, action, initiative) is None}


def summarized(world, initiative: Initiative) -> Initiative:
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.")
    return Initiative.objects.select_related("campaign", "unit").get(pk=initiative.pk)


def action_page(initiative: Initiative, action: str) -> str:
    if lifecycle.TRANSITIONS[action].who == "staff":
        return reverse("staff:initiative_transition", args=[initiative.pk, action])
    return reverse("committee:act", args=[initiative.pk, action])


@pytest.fixture(params=[*STATES, "approved, campaign summarized"])
def initiative(request, world) -> Initiative:
    state, _sep, frozen = request.param.partition(", ")
    initiative = world.initiative(state)
    return summarized(world, initiative) if frozen else initiative


# ----- the one function -------------------------------------------------------------------------
def test_check_allows_a_move_the_table_role_and_scope_allow(world):
    initiative = world.initiative("submitted")

    refusal = lifecycle.check(world.member, "approve", initiative)

    assert refusal is None


@pytest.mark.parametrize(
    ("state", "action", "who", "code"),
    [
        ("submitted", "publish", "chair", "unknown"),
        ("approved", "approve", "chair", "state"),
        ("submitted", "approve", "staff", "role"),
        ("recognition_requested", "recognize", "member", "role"),
        ("submitted", "approve", "outsider", "scope"),
    ],
)
def test_check_says_why_a_move_is_refused(world, state, action, who, code):
    initiative = world.initiative(state)

    refusal = lifecycle.check(getattr(world, who), action, initiative)

    assert refusal is not None and refusal.code == code and str(refusal)


def test_check_refuses_every_move_under_a_summarized_campaign_with_the_one_wording(world):
    initiative = summarized(world, world.initiative("submitted"))

    refusal = lifecycle.check(world.chair, "approve", initiative)

    assert refusal.code == "state"
    assert str(refusal) == str(SUMMARIZED_MESSAGE)


def test_apply_raises_the_refusal_check_gives(world):
    initiative = world.initiative("approved")
    expected = lifecycle.check(world.member, "approve", initiative)

    with pytest.raises(lifecycle.TransitionError) as excinfo:
        lifecycle.apply(initiative, "approve", world.member, plan_note="Lần nữa.")

    assert (excinfo.value.code, str(excinfo.value)) == (expected.code, str(expected))


def test_the_registry_entry_point_does_not_move_campaigns(world):
    draft = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT)

    with pytest.raises(lifecycle.TransitionError) as excinfo:
        lifecycle.apply(draft, "launch", world.chair)

    assert excinfo.value.code == "unknown"
    draft.refresh_from_db()
    assert draft.state == CampaignState.DRAFT


def test_every_action_has_one_form_in_the_one_map():
    assert set(TRANSITION_FORMS) == set(lifecycle.TRANSITIONS)


# ----- the buttons agree with check ---------------------------------------------------------
def test_the_initiative_page_offers_exactly_the_moves_check_allows(client, world, initiative):
    for who in USERS:
        user = getattr(world, who)
        client.force_login(user)

        html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

        assert transitions_in(html) == allowed(user, initiative), who


def test_the_appraisal_page_offers_exactly_the_appraisal_moves_check_allows(client, world, initiative):
    for who in ("member", "chair"):
        user = getattr(world, who)
        client.force_login(user)

        html = client.get(reverse("committee:appraise", args=[initiative.pk])).content.decode()

        assert action_forms_in(html) == allowed(user, initiative) & set(lifecycle.APPRAISAL_ACTIONS), who


def test_the_admin_page_offers_exactly_the_moves_check_allows(client, world, initiative, committee_rights):
    for who in ("member", "chair"):
        user = getattr(world, who)
        client.force_login(user)

        html = client.get(reverse("admin:models_registry_initiative_change", args=[initiative.pk])).content.decode()

        assert transitions_in(html) == allowed(user, initiative), who


# ----- the server agrees with check ---------------------------------------------------------
def test_every_move_page_opens_exactly_when_check_allows(client, world, initiative):
    for who in USERS:
        user = getattr(world, who)
        client.force_login(user)
        for action in lifecycle.TRANSITIONS:
            if action in ("recognize", "recognize_nomination"):
                # Recognition is issued by one decision for many, from the committee's recognition queue.
                continue

            response = client.get(action_page(initiative, action))

            if lifecycle.check(user, action, initiative) is None:
                assert response.status_code == 200, (who, action)
            elif lifecycle.moved_on(user, action, initiative) is not None:
                # A move that was theirs to make, asked again once the record moved on: its page says so.
                assert response.status_code == 302, (who, action, response.status_code)
                assert response["Location"] == initiative.get_absolute_url(), (who, action)
            else:
                assert response.status_code in (403, 404), (who, action, response.status_code)


def test_every_admin_move_page_opens_exactly_when_check_allows(client, world, initiative, committee_rights):
    for who in ("member", "chair"):
        user = getattr(world, who)
        client.force_login(user)
        for action in lifecycle.TRANSITIONS:
            url = reverse("admin:models_registry_initiative_transition", args=[initiative.pk, action])

            response = client.get(url)

            refusal = lifecycle.check(user, action, initiative)
            if refusal is None:
                assert response.status_code == 200, (who, action)
            else:
                assert response.status_code == 302, (who, action)
                assert str(refusal) in [str(m) for m in get_messages(response.wsgi_request)], (who, action)


# ----- campaigns: the same question, the same answer on every side ----------------------------
@pytest.mark.parametrize("state", [CampaignState.DRAFT, CampaignState.LAUNCHED, CampaignState.SUMMARIZED])
def test_the_campaign_page_offers_exactly_the_moves_check_campaign_allows(client, world, state):
    campaign = CampaignFactory(committee=world.province_committee, state=state)
    for who in ("chair", "member", "staff"):
        user = getattr(world, who)
        client.force_login(user)

        response = client.get(reverse("campaigns:detail", args=[campaign.pk]))

        expected = {a for a in ("launch", "summarize") if check_campaign(user, a, campaign) is None}
        shown = transitions_in(response.content.decode()) if response.status_code == 200 else set()
        assert shown == expected, who


def test_the_summarized_refusal_is_worded_once_in_the_application():
    root = Path(__file__).resolve().parents[2]
    sources = [
        path
        for folder in ("campaigns", "models_registry", "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html") and "migrations" not in path.parts
    ]

    wordings = [path for path in sources if "đã tổng kết:" in path.read_text(encoding="utf-8")]

    assert [path.relative_to(root).as_posix() for path in wordings] == ["campaigns/lifecycle.py"]
