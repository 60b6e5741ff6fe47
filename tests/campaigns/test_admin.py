"""The organisation's admin: scoped units and campaigns, campaign moves through the lifecycle."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns.models import Campaign, CampaignLog, CampaignState, UnitKind
from models_registry.management.commands.seed_demo import Command as SeedDemo

from ..factories import CampaignFactory, UnitFactory

CHANGELIST_BUDGET = 14


@pytest.fixture
def committee_rights(world):
    group = SeedDemo().committee_group()
    for user in (world.chair, world.secretary, world.member, world.member2):
        user.groups.add(group)
    return group


def changelist(model: str) -> str:
    return reverse(f"admin:campaigns_{model}_changelist")


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def three_campaigns(world):
    for year in (2024, 2025):
        CampaignFactory(committee=world.province_committee, year=year, name=f"Dân vận khéo năm {year}")
    return Campaign.objects.all()


@pytest.mark.parametrize(
    "model",
    [
        "unit",
        "campaign",
        "criteriaset",
        "criterion",
        "steeringcommittee",
        "committeemembership",
        "unitmembership",
        "field",
        "campaignlog",
        "campaigndocument",
    ],
)
@pytest.mark.parametrize("username", ["admin", "member"])
def test_each_campaigns_changelist_stays_within_a_fixed_query_budget(
    client, world, three_campaigns, committee_rights, django_assert_max_num_queries, model, username
):
    client.force_login(getattr(world, username))

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = client.get(changelist(model))

    assert response.status_code == 200


def test_the_unit_and_campaign_changelists_show_every_row_for_one_budget(
    client, world, three_campaigns, django_assert_max_num_queries
):
    client.force_login(world.admin)

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        units = client.get(changelist("unit"))
    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        campaigns = client.get(changelist("campaign"))

    assert units.context["cl"].result_count == 5
    assert campaigns.context["cl"].result_count == 3


def test_a_committee_member_sees_only_the_units_of_their_subtree(client, world, committee_rights):
    UnitFactory(name="Ấp Phú Thạnh", kind=UnitKind.HAMLET, parent=world.commune)
    client.force_login(world.member)

    response = client.get(changelist("unit"))

    names = {unit.name for unit in response.context["cl"].result_list}
    assert names == {"Xã Long Hồ", "Ấp Phú Hòa", "Ấp Phú Thạnh"}


def test_unit_search_is_accent_insensitive(client, world):
    client.force_login(world.admin)

    response = client.get(changelist("unit"), {"q": "LONG HO"})

    assert [unit.name for unit in response.context["cl"].result_list] == ["Xã Long Hồ"]


def test_the_parent_filter_lists_a_unit_and_everything_under_it(client, world):
    client.force_login(world.admin)

    response = client.get(changelist("unit"), {"area": world.other_commune.pk})

    assert {unit.name for unit in response.context["cl"].result_list} == {"Phường Trà Vinh", "Khóm 3"}


def test_the_admin_speaks_vietnamese(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("admin:index"))

    assert "Quản trị Dân vận khéo" in response.content.decode()


def test_launch_action_launches_a_draft_campaign_through_the_lifecycle(client, world, committee_rights):
    draft = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT, name="Đợt mới")
    client.force_login(world.chair)

    response = client.post(
        changelist("campaign"), {"action": "launch_selected", ACTION_CHECKBOX_NAME: [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.state == CampaignState.LAUNCHED
    assert CampaignLog.objects.filter(campaign=draft, action="launch", actor=world.chair).count() == 1
    assert any("Đợt mới" in text for text in texts(response))


def test_summarize_action_asks_for_lessons_learned_then_summarizes(client, world, committee_rights):
    client.force_login(world.chair)
    selection = {"action": "summarize_selected", ACTION_CHECKBOX_NAME: [world.campaign.pk]}

    form_page = client.post(changelist("campaign"), selection)
    client.post(changelist("campaign"), {**selection, "apply": "1", "lessons_learned": "Dân biết, dân bàn."})

    assert "lessons_learned" in form_page.context["form"].fields
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.SUMMARIZED
    assert world.campaign.lessons_learned == "Dân biết, dân bàn."


def test_a_member_who_may_not_summarize_is_told_why(client, world, committee_rights):
    client.force_login(world.member)

    response = client.post(
        changelist("campaign"),
        {
            "action": "summarize_selected",
            ACTION_CHECKBOX_NAME: [world.campaign.pk],
            "apply": "1",
            "lessons_learned": "Bài học.",
        },
        follow=True,
    )

    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.LAUNCHED
    assert any("Vai trò của bạn không được phép" in text for text in texts(response))


def test_a_summarized_campaign_is_view_only(client, world):
    world.campaign.state = CampaignState.SUMMARIZED
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    client.force_login(world.admin)

    response = client.get(reverse("admin:campaigns_campaign_change", args=[world.campaign.pk]))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_the_campaign_page_shows_criteria_documents_and_log_inline(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("admin:campaigns_campaign_change", args=[world.campaign.pk]))

    models = {formset.opts.model.__name__ for formset in response.context["inline_admin_formsets"]}
    assert models == {"CriteriaSet", "CampaignDocument", "CampaignLog"}


def test_a_criteria_set_page_edits_its_criteria_inline(client, world):
    criteria_set = world.campaign.criteria_sets.first()
    client.force_login(world.admin)

    response = client.get(reverse("admin:campaigns_criteriaset_change", args=[criteria_set.pk]))

    (criteria,) = response.context["inline_admin_formsets"]
    assert len(criteria.formset.forms) == 5


def test_a_member_cannot_edit_a_campaign_of_a_committee_they_do_not_lead(client, world, committee_rights):
    client.force_login(world.member)

    response = client.post(
        reverse("admin:campaigns_campaign_change", args=[world.campaign.pk]),
        {"name": "Đổi tên", "year": 2026, "starts_on": datetime.date(2026, 1, 1)},
    )

    assert response.status_code == 403
    world.campaign.refresh_from_db()
    assert world.campaign.name != "Đổi tên"


def test_the_campaign_page_offers_the_moves_its_leaders_may_make(client, world, committee_rights):
    draft = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT)
    client.force_login(world.chair)

    draft_page = client.get(reverse("admin:campaigns_campaign_change", args=[draft.pk])).content.decode()
    launched_page = client.get(reverse("admin:campaigns_campaign_change", args=[world.campaign.pk])).content.decode()

    assert 'data-transition="launch"' in draft_page and 'data-transition="summarize"' not in draft_page
    assert 'data-transition="summarize"' in launched_page


def test_summarizing_from_the_campaign_page_needs_the_lessons_learned(client, world, committee_rights):
    url = reverse("admin:campaigns_campaign_transition", args=[world.campaign.pk, "summarize"])
    client.force_login(world.chair)

    refused = client.post(url, {"lessons_learned": ""})
    world.campaign.refresh_from_db()
    state_after_refusal = world.campaign.state
    done = client.post(url, {"lessons_learned": "Phát huy vai trò người có uy tín."})

    assert refused.status_code == 200 and refused.context["form"].errors["lessons_learned"]
    assert state_after_refusal == CampaignState.LAUNCHED
    assert done.status_code == 302
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.SUMMARIZED


def test_a_member_launching_from_the_campaign_page_is_told_why_not(client, world, committee_rights):
    draft = CampaignFactory(committee=world.commune_committee, state=CampaignState.DRAFT)
    client.force_login(world.member)

    response = client.post(
        reverse("admin:campaigns_campaign_transition", args=[draft.pk, "launch"]), {"comment": ""}, follow=True
    )

    draft.refresh_from_db()
    assert draft.state == CampaignState.DRAFT
    assert any("Vai trò của bạn không được phép" in text for text in texts(response))


def test_the_campaign_move_page_explains_a_refusal_before_asking_anything(client, world, committee_rights):
    client.force_login(world.member)

    response = client.get(
        reverse("admin:campaigns_campaign_transition", args=[world.campaign.pk, "summarize"]), follow=True
    )

    assert "form" not in response.context or "lessons_learned" not in response.context["form"].fields
    assert any("Vai trò của bạn không được phép “Tổng kết”" in text for text in texts(response))


def test_the_campaigns_history_in_the_admin_names_each_move_as_the_page_does_not_by_its_code(
    client, world, committee_rights
):
    for action in ("launch", CampaignLog.AMENDMENT):
        CampaignLog.objects.create(
            campaign=world.campaign, action=action, from_state="draft", to_state="launched", actor=world.chair
        )
    client.force_login(world.chair)
    url = reverse("admin:campaigns_campaign_change", args=[world.campaign.pk])

    vietnamese = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()

    assert _action_cells(vietnamese) == ["Phát động", "Điều chỉnh"]
    assert _action_cells(english) == ["Launch", "Amended"]


def _action_cells(html: str) -> list[str]:
    return re.findall(r'class="field-action_label">\s*<p>(.*?)</p>', html)


def test_the_campaign_log_list_in_the_admin_names_moves_in_its_rows_and_its_filter(client, world, committee_rights):
    CampaignLog.objects.create(
        campaign=world.campaign, action="launch", from_state="draft", to_state="launched", actor=world.chair
    )
    client.force_login(world.chair)

    html = client.get(changelist("campaignlog")).content.decode()

    assert re.search(r'class="field-action_label">Phát động<', html)
    assert re.search(r'<a href="\?action=launch"[^>]*>Phát động</a>', html)
    assert ">launch<" not in html
