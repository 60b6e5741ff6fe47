"""Irreversible moves are confirmed in plain words; summarizing resolves, carries over or closes what is open."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.lifecycle import apply_campaign
from campaigns.models import Campaign, CampaignState
from models_registry import bulk, lifecycle
from models_registry.lifecycle import TransitionError
from models_registry.models import ScoreSheet, State, TransitionLog
from tests.conftest import score
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def sheet_data(initiative, confirmed: bool) -> dict:
    criteria = initiative.campaign.criteria_set_for(initiative.kind).criteria.order_by("order", "pk")
    data = {"submit": "1", **({"confirmed": "1"} if confirmed else {})}
    for criterion in criteria:
        data[f"points_{criterion.pk}"] = "10"
        data[f"comment_{criterion.pk}"] = "Tốt"
    return data


def next_campaign(world, **kwargs) -> Campaign:
    year = world.campaign.year + 1
    campaign = CampaignFactory(committee=world.province_committee, name=f"Dân vận khéo năm {year}", year=year, **kwargs)
    return campaign


# ----- confirmations ------------------------------------------------------------------------
def test_launch_shows_what_will_happen_and_launches_only_once_confirmed(client, world):
    campaign = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT, name="Đợt mới")
    client.force_login(world.chair)
    url = reverse("campaigns:transition", args=[campaign.pk, "launch"])

    page = client.get(url)
    unconfirmed = client.post(url)

    assert page.status_code == 200 and unconfirmed.status_code == 200
    assert "đăng ký được từ" in page.content.decode()
    assert "Không thể đưa đợt phát động trở lại dự thảo." in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_the_launch_confirmation_is_refused_to_a_member_who_does_not_lead(client, world):
    campaign = CampaignFactory(committee=world.commune_committee, state=CampaignState.DRAFT)
    client.force_login(world.member)

    assert client.get(reverse("campaigns:transition", args=[campaign.pk, "launch"])).status_code == 403


def test_submitting_a_score_sheet_asks_first_and_keeps_the_input_as_a_draft(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)
    url = reverse("committee:score", args=[initiative.pk])

    first = client.post(url, sheet_data(initiative, confirmed=False))

    body = first.content.decode()
    assert first.status_code == 200
    assert "Phiếu đã nộp không sửa được nữa" in body
    assert "50/100" in body or "50/" in body
    sheet = ScoreSheet.objects.get(initiative=initiative, member=world.member)
    assert sheet.submitted_at is None and sheet.total == 50
    confirmed = client.post(url, sheet_data(initiative, confirmed=True))
    assert confirmed.status_code == 302
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None


def test_issuing_a_decision_asks_first_and_names_what_it_recognizes(client, world):
    initiative = world.initiative("recognition_requested", name="Ngõ xóm sáng đèn")
    score(initiative, world.chair, 90)
    client.force_login(world.chair)
    data = {
        "initiatives": [initiative.pk],
        "number": "21/QĐ-BCĐ",
        "decided_on": datetime.date.today().isoformat(),
        "signer": "Nguyễn Văn An",
    }

    first = client.post(reverse("committee:recognition"), data)

    body = first.content.decode()
    assert first.status_code == 200
    assert "Ngõ xóm sáng đèn" in body and "không sửa hay xóa được" in body
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REQUESTED
    second = client.post(reverse("committee:recognition"), {**data, "confirmed": "1"})
    assert second.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED


# ----- the period's name --------------------------------------------------------------------
def test_a_campaign_over_twelve_months_named_a_year_is_refused_beside_the_name(client, world):
    client.force_login(world.chair)
    data = {
        "committee": world.province_committee.pk,
        "name": "Dân vận khéo năm 2027",
        "year": 2027,
        "starts_on": "2027-01-01",
        "ends_on": "2028-06-30",
        "registration_opens_on": "2027-01-01",
        "registration_closes_on": "2027-03-31",
        "quorum": 1,
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("campaigns:create"), data)

    body = response.content.decode()
    assert response.status_code == 400
    assert "kéo dài 18 tháng (hơn 12 tháng) là một giai đoạn" in body
    assert 'value="Dân vận khéo năm 2027"' in body


def test_a_period_named_giai_doan_or_a_twelve_month_year_is_accepted(world):
    period = Campaign(
        committee=world.province_committee,
        name="Dân vận khéo giai đoạn 2027–2028",
        year=2027,
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2028, 6, 30),
        registration_opens_on=datetime.date(2027, 1, 1),
        registration_closes_on=datetime.date(2027, 3, 31),
    )
    year = Campaign(
        committee=world.province_committee,
        name="Dân vận khéo năm 2027",
        year=2027,
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        registration_opens_on=datetime.date(2027, 1, 1),
        registration_closes_on=datetime.date(2027, 3, 31),
    )

    period.clean()
    year.clean()

    assert period.is_period and not year.is_period


# ----- close_unfinished and carry_over: allowed and refused -----------------------------------
@pytest.mark.parametrize("state", ["submitted", "returned", "approved", "recognition_requested"])
def test_a_leader_closes_an_open_initiative_as_unfinished_and_the_unit_is_told(
    world, state, django_capture_on_commit_callbacks
):
    initiative = world.initiative(state)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "close_unfinished", world.chair, comment="Tổng kết đợt.")

    initiative.refresh_from_db()
    assert initiative.state == State.UNFINISHED
    assert TransitionLog.objects.filter(initiative=initiative, action="close_unfinished").count() == 1
    assert any(world.staff.email in m.to for m in mail.outbox)


@pytest.mark.parametrize("state", ["draft", "rejected", "recognized", "withdrawn", "not_recognized"])
def test_closing_as_unfinished_is_refused_outside_the_open_states(world, state):
    initiative = world.initiative(state)

    refusal = lifecycle.check(world.chair, "close_unfinished", initiative)

    assert refusal is not None and refusal.code == "state"


def test_a_plain_member_or_the_unit_may_not_close_as_unfinished(world):
    initiative = world.initiative("approved")

    assert lifecycle.check(world.member, "close_unfinished", initiative).code == "role"
    assert lifecycle.check(world.staff, "close_unfinished", initiative).code == "role"
    with pytest.raises(TransitionError):
        lifecycle.apply(initiative, "close_unfinished", world.chair, comment="")


def test_a_leader_is_offered_closing_as_unfinished_and_a_member_is_not(world):
    initiative = world.initiative("approved")

    assert "close_unfinished" in [t.action for t in lifecycle.available_actions(initiative, world.chair)]
    assert "close_unfinished" not in [t.action for t in lifecycle.available_actions(initiative, world.member)]


def test_carry_over_moves_the_initiative_with_its_history_and_tells_the_unit(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("approved")
    target = next_campaign(world)
    logs_before = initiative.logs.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        bulk.carry_over(initiative, target, world.chair, comment="Tiếp tục năm sau.")

    initiative.refresh_from_db()
    assert initiative.campaign_id == target.pk and initiative.state == State.APPROVED
    assert initiative.logs.count() == logs_before + 1
    assert "Chuyển từ" in initiative.logs.last().comment
    assert any(world.staff.email in m.to for m in mail.outbox)


def test_carry_over_is_refused_to_an_earlier_or_summarized_campaign_or_by_a_member(world):
    initiative = world.initiative("approved")
    earlier = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    summarized = next_campaign(world, state=CampaignState.SUMMARIZED)

    for target in (earlier, summarized, world.campaign):
        with pytest.raises(TransitionError):
            bulk.carry_over(initiative, target, world.chair)
    with pytest.raises(TransitionError) as refused:
        bulk.carry_over(initiative, next_campaign(world), world.member)
    assert refused.value.code == "role"
    recognized = world.initiative("recognized")
    with pytest.raises(TransitionError):
        bulk.carry_over(recognized, next_campaign(world), world.chair)


# ----- the summary page ---------------------------------------------------------------------
def summarize_data(**extra) -> dict:
    return {"lessons_learned": "Phát huy người có uy tín.", "early": "1", **extra}


def test_the_summary_page_lists_what_is_open_and_says_how_early_it_is(client, world):
    world.initiative("submitted", name="Chờ thẩm định A")
    world.initiative("approved", name="Đã duyệt B")
    world.initiative("recognition_requested", name="Chờ công nhận C")
    client.force_login(world.secretary)

    body = client.get(reverse("committee:summarize", args=[world.campaign.pk])).content.decode()

    for name in ("Chờ thẩm định A", "Đã duyệt B", "Chờ công nhận C"):
        assert name in body
    assert "tổng kết bây giờ là sớm" in body
    assert "Thời hạn đăng ký vẫn còn mở" in body


def test_resolve_first_blocks_the_summary_with_a_message_beside_the_group(client, world):
    world.initiative("submitted")
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:summarize", args=[world.campaign.pk]),
        summarize_data(choice_appraisal="resolve", confirmed="1"),
    )

    assert response.status_code == 400
    assert "hãy giải quyết trước khi tổng kết" in response.content.decode()
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.LAUNCHED


def test_summarizing_early_without_the_explicit_consent_is_refused(client, world):
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:summarize", args=[world.campaign.pk]),
        {"lessons_learned": "Bài học.", "confirmed": "1"},
    )

    assert response.status_code == 400
    assert "Hãy xác nhận việc tổng kết sớm" in response.content.decode()
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.LAUNCHED


def test_summary_shows_a_confirmation_then_carries_over_and_closes_as_chosen(client, world):
    waiting = world.initiative("submitted")
    approved = world.initiative("approved")
    requested = world.initiative("recognition_requested")
    target = next_campaign(world)
    client.force_login(world.chair)
    url = reverse("committee:summarize", args=[world.campaign.pk])
    data = summarize_data(
        choice_appraisal="close",
        choice_results="carry_over",
        choice_recognition="carry_over",
        next_campaign=target.pk,
        reason="Đợt tổng kết sớm theo chỉ đạo.",
    )

    confirmation = client.post(url, data)
    done = client.post(url, {**data, "confirmed": "1"})

    body = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "được chuyển sang" in body and "được đóng" in body
    assert done.status_code == 302
    for initiative in (waiting, approved, requested):
        initiative.refresh_from_db()
    assert waiting.state == State.UNFINISHED
    assert approved.campaign_id == target.pk and requested.campaign_id == target.pk
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.SUMMARIZED


def test_carry_over_is_not_offered_without_a_later_campaign(client, world):
    world.initiative("approved")
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:summarize", args=[world.campaign.pk]),
        summarize_data(choice_results="carry_over", reason="x", confirmed="1"),
    )

    assert response.status_code == 400
    assert 'value="carry_over"' not in response.content.decode()


def test_an_initiative_arriving_after_the_page_was_read_stops_the_summary(world):
    from models_registry.summarize import summarize_campaign

    world.initiative("submitted")

    with pytest.raises(TransitionError):
        summarize_campaign(world.campaign, world.chair, lessons_learned="x", choices={})
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.LAUNCHED


def test_the_campaign_page_leads_to_the_summary_page(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("campaigns:transition", args=[world.campaign.pk, "summarize"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("committee:summarize", args=[world.campaign.pk])


def test_a_summarized_campaign_sends_the_leader_back_with_the_reason(client, world):
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="x")
    client.force_login(world.chair)

    response = client.get(reverse("committee:summarize", args=[world.campaign.pk]))

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("outsider", 404),
        ("staff2", 403),
        ("staff", 403),
        ("member", 403),
        ("chair", 200),
        ("secretary", 200),
        ("admin", 200),
    ],
)
def test_access_matrix_of_the_summary_page(client, world, user, status):
    client.force_login(getattr(world, user))

    assert client.get(reverse("committee:summarize", args=[world.campaign.pk])).status_code == status


def test_anonymous_visitor_of_the_summary_page_is_sent_to_login(client, world):
    response = client.get(reverse("committee:summarize", args=[world.campaign.pk]))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_summary_page_query_count_does_not_grow_with_open_rows(client, world, django_assert_num_queries):
    client.force_login(world.chair)
    url = reverse("committee:summarize", args=[world.campaign.pk])
    world.initiative("approved")
    client.get(url)
    with django_assert_num_queries(QUERIES) as one:
        client.get(url)
    world.initiative("approved")
    world.initiative("approved")
    with django_assert_num_queries(QUERIES) as three:
        client.get(url)
    assert len(one.captured_queries) == len(three.captured_queries)


# Session, user, scope (1), campaign, the open counts, the named rows of the one open group,
# the later campaigns' exists and their choices, savepoint-free: the same at one row and at three.
QUERIES = 9
