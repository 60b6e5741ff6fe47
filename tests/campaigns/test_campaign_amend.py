"""A launched campaign is edited where it is safe, logged and announced; criteria lock at the first score sheet."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.forms import DocumentFormSet
from campaigns.lifecycle import apply_campaign
from campaigns.models import Campaign, CampaignLog, CampaignState
from campaigns.signals import campaign_announced
from models_registry.models import ScoreSheet
from tests.conftest import score
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def amend_data(campaign, **changes) -> dict:
    data = {
        "theme": campaign.theme,
        "registration_closes_on": campaign.registration_closes_on.isoformat(),
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    for kind in ("model", "exemplar"):
        criteria_set = campaign.criteria_set_for(kind)
        criteria = list(criteria_set.criteria.order_by("order", "pk")) if criteria_set else []
        data.update(
            {
                f"{kind}-set-name": criteria_set.name if criteria_set else "",
                f"{kind}-set-threshold": str(criteria_set.threshold) if criteria_set else "",
                f"{kind}-criteria-TOTAL_FORMS": str(len(criteria)),
                f"{kind}-criteria-INITIAL_FORMS": str(len(criteria)),
            }
        )
        for i, criterion in enumerate(criteria):
            data.update(
                {
                    f"{kind}-criteria-{i}-id": str(criterion.pk),
                    f"{kind}-criteria-{i}-name": criterion.name,
                    f"{kind}-criteria-{i}-max_points": str(criterion.max_points),
                }
            )
    data.update(changes)
    return data


def test_chair_extends_the_registration_deadline_and_the_units_are_told(
    client, world, django_capture_on_commit_callbacks
):
    campaign = world.campaign
    old = campaign.registration_closes_on
    new = old - datetime.timedelta(days=10)
    client.force_login(world.chair)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("campaigns:amend", args=[campaign.pk]), amend_data(campaign, registration_closes_on=new.isoformat())
        )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.registration_closes_on == new
    log = CampaignLog.objects.get(campaign=campaign, action="amend")
    assert f"{old:%d/%m/%Y} → {new:%d/%m/%Y}" in log.comment
    assert log.from_state == log.to_state == CampaignState.LAUNCHED
    assert any(world.staff.email in m.to for m in mail.outbox)
    assert any(world.staff2.email in m.to for m in mail.outbox)


def test_a_deadline_after_the_campaign_end_is_refused_beside_the_field_and_the_input_stays(client, world):
    campaign = world.campaign
    late = campaign.ends_on + datetime.timedelta(days=5)
    client.force_login(world.chair)

    response = client.post(
        reverse("campaigns:amend", args=[campaign.pk]),
        amend_data(campaign, registration_closes_on=late.isoformat(), theme="Chủ đề mới"),
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Hạn đăng ký phải nằm trong thời gian của đợt phát động." in body
    assert "Chủ đề mới" in body
    campaign.refresh_from_db()
    assert campaign.theme != "Chủ đề mới"


def test_the_threshold_may_change_until_the_first_score_sheet(client, world):
    campaign = world.campaign
    client.force_login(world.chair)
    assert not campaign.criteria_locked

    response = client.post(
        reverse("campaigns:amend", args=[campaign.pk]), amend_data(campaign, **{"model-set-threshold": "55"})
    )

    assert response.status_code == 302
    assert campaign.criteria_set_for("model").threshold == 55
    assert "Bộ tiêu chí" in CampaignLog.objects.get(action="amend").comment


def test_criteria_and_thresholds_are_locked_once_a_score_sheet_exists(client, world):
    campaign = world.campaign
    initiative = world.initiative("recognition_requested")
    ScoreSheet.objects.record(initiative, world.member, [], submit=False)  # even a draft sheet locks
    threshold = campaign.criteria_set_for("model").threshold
    client.force_login(world.chair)

    page = client.get(reverse("campaigns:amend", args=[campaign.pk])).content.decode()
    response = client.post(
        reverse("campaigns:amend", args=[campaign.pk]),
        amend_data(campaign, theme="Chủ đề mới", **{"model-set-threshold": "1"}),
    )

    assert campaign.criteria_locked
    assert "đã bị khóa" in page and 'name="model-set-threshold"' not in page
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.theme == "Chủ đề mới"
    assert campaign.criteria_set_for("model").threshold == threshold
    assert "đã có phiếu chấm điểm" in client.get(campaign.get_absolute_url()).content.decode()


def test_criteria_locked_is_false_for_a_draft_and_a_launched_campaign_without_sheets(world):
    draft = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT)

    assert not draft.criteria_locked
    assert not world.campaign.criteria_locked
    score(world.initiative("recognition_requested"), world.member, 50)
    # Read once per object (a page asks it several times): a fresh read sees the sheet.
    assert Campaign.objects.get(pk=world.campaign.pk).criteria_locked


def test_saving_without_a_change_logs_nothing(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:amend", args=[world.campaign.pk]), amend_data(world.campaign))

    assert response.status_code == 302
    assert not CampaignLog.objects.filter(action="amend").exists()


def test_a_draft_is_edited_on_its_own_page_and_a_summarized_campaign_not_at_all(client, world):
    draft = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT)
    client.force_login(world.chair)

    assert client.get(reverse("campaigns:amend", args=[draft.pk]))["Location"] == reverse(
        "campaigns:edit", args=[draft.pk]
    )
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="x")
    assert client.get(reverse("campaigns:amend", args=[world.campaign.pk])).status_code == 403


@pytest.mark.parametrize(
    ("user", "status"),
    [("outsider", 404), ("staff2", 403), ("staff", 403), ("member", 403), ("chair", 200), ("admin", 200)],
)
def test_access_matrix_of_the_amend_page(client, world, user, status):
    client.force_login(getattr(world, user))

    assert client.get(reverse("campaigns:amend", args=[world.campaign.pk])).status_code == status


def test_anonymous_visitor_of_the_amend_page_is_sent_to_login(client, world):
    response = client.get(reverse("campaigns:amend", args=[world.campaign.pk]))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_campaign_page_offers_the_amendment_to_its_leaders_only(client, world):
    client.force_login(world.chair)
    assert (
        reverse("campaigns:amend", args=[world.campaign.pk])
        in client.get(world.campaign.get_absolute_url()).content.decode()
    )
    client.force_login(world.member)
    assert (
        reverse("campaigns:amend", args=[world.campaign.pk])
        not in client.get(world.campaign.get_absolute_url()).content.decode()
    )


def no_documents(campaign) -> DocumentFormSet:
    documents = DocumentFormSet(
        {"documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"}, {}, instance=campaign, prefix="documents"
    )
    assert documents.is_valid()
    return documents


class CriteriaBlockSpy:
    """Stands for a criteria block of the page: records the campaign it would be saved to."""

    def __init__(self):
        self.saved_to = []

    def save(self, campaign) -> None:
        self.saved_to.append(campaign)


def test_save_amendment_writes_the_new_deadline_logs_it_and_announces_the_move(
    world, django_capture_on_commit_callbacks
):
    before = Campaign.objects.get(pk=world.campaign.pk)
    edited = Campaign.objects.get(pk=world.campaign.pk)
    edited.registration_closes_on = before.registration_closes_on - datetime.timedelta(days=3)
    announced = []

    def listen(sender, campaign, kind, actor, comment, **kwargs):
        announced.append((campaign.pk, kind, comment))

    campaign_announced.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            saved = edited.save_amendment(world.chair, before, ["Hạn đăng ký mới"], [], no_documents(edited))
    finally:
        campaign_announced.disconnect(listen)

    assert saved is True
    assert Campaign.objects.get(pk=edited.pk).registration_closes_on == edited.registration_closes_on
    log = CampaignLog.objects.get(campaign=edited, action="amend")
    assert (log.actor, log.comment, log.from_state, log.to_state) == (
        world.chair,
        "Hạn đăng ký mới",
        CampaignState.LAUNCHED,
        CampaignState.LAUNCHED,
    )
    assert announced == [(edited.pk, "deadline_changed", "Hạn đăng ký mới")]


def test_save_amendment_is_refused_and_writes_nothing_once_the_campaign_was_summarized_meanwhile(world):
    before = Campaign.objects.get(pk=world.campaign.pk)
    edited = Campaign.objects.get(pk=world.campaign.pk)
    Campaign.objects.filter(pk=edited.pk).update(state=CampaignState.SUMMARIZED)
    edited.theme = "Chủ đề mới"
    block = CriteriaBlockSpy()

    with pytest.raises(PermissionDenied, match="vừa được tổng kết"):
        edited.save_amendment(world.chair, before, ["Chủ đề: Chủ đề mới"], [block], no_documents(edited))

    assert Campaign.objects.get(pk=edited.pk).theme == before.theme
    assert block.saved_to == []
    assert not CampaignLog.objects.filter(action="amend").exists()


def test_save_amendment_writes_nothing_when_a_first_score_sheet_locked_the_criteria_meanwhile(world):
    before = Campaign.objects.get(pk=world.campaign.pk)
    edited = Campaign.objects.get(pk=world.campaign.pk)
    score(world.initiative("recognition_requested"), world.member, 50)
    edited.theme = "Chủ đề mới"
    block = CriteriaBlockSpy()

    saved = edited.save_amendment(world.chair, before, ["Chủ đề: Chủ đề mới"], [block], no_documents(edited))

    assert saved is False
    assert Campaign.objects.get(pk=edited.pk).theme == before.theme
    assert block.saved_to == []
    assert not CampaignLog.objects.filter(action="amend").exists()
