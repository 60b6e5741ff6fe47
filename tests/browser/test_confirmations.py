"""Irreversible moves in the browser, walked from visible labels only: launch, submit a score
sheet, summarize with open initiatives. Each asks first, in plain words, on a page of its own."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import CampaignState
from models_registry.models import ScoreSheet, State
from tests.factories import CampaignFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}


def test_chair_launches_a_campaign_after_reading_what_will_happen(world, live_server, browser, password):
    # Arrange: a draft with criteria.
    from tests.campaigns.test_campaign_pages import draft_campaign

    campaign = draft_campaign(world)
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "chair", password)
        page.goto(f"{live_server.url}{campaign.get_absolute_url()}")

        # Act: the button leads to a page that says what launching does; nothing happens yet.
        page.get_by_role("region", name="Thao tác").get_by_role("link", name="Phát động", exact=True).click()
        expect(page.get_by_role("heading", name="Điều gì sẽ xảy ra")).to_be_visible()
        expect(page.get_by_text("Không thể đưa đợt phát động trở lại dự thảo.")).to_be_visible()
        campaign.refresh_from_db()
        before = campaign.state
        page.get_by_role("button", name="Phát động", exact=True).click()
        expect(page.get_by_text("Các đơn vị đã có thể đăng ký.")).to_be_visible()

        # Assert
        campaign.refresh_from_db()
        assert before == CampaignState.DRAFT
        assert campaign.state == CampaignState.LAUNCHED
    finally:
        context.close()


def test_member_submits_a_score_sheet_after_a_confirmation(world, live_server, browser, password):
    # Arrange
    initiative = world.initiative("recognition_requested", name="Tổ tự quản đường hoa")
    criteria = list(initiative.campaign.criteria_set_for(initiative.kind).criteria.order_by("order", "pk"))
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "member", password)
        page.goto(f"{live_server.url}/committee/initiatives/{initiative.pk}/score/")

        # Act: fill every criterion by its label, submit, read the confirmation, confirm.
        for criterion in criteria:
            group = page.get_by_role("group", name=re.compile(re.escape(criterion.name)))
            group.get_by_label(re.compile("^Điểm")).fill("10")
        page.get_by_role("button", name="Nộp phiếu").click()
        expect(page.get_by_text("Phiếu đã nộp không sửa được nữa", exact=False)).to_be_visible()
        draft = ScoreSheet.objects.get(initiative=initiative, member=world.member)
        page.get_by_role("button", name="Nộp phiếu").click()
        expect(page.get_by_text("Đã nộp phiếu chấm điểm.")).to_be_visible()

        # Assert
        assert draft.submitted_at is None
        draft.refresh_from_db()
        assert draft.submitted_at is not None
        assert draft.total == 10 * len(criteria)
    finally:
        context.close()


def test_secretariat_summarizes_early_closing_what_is_open_and_carrying_over_the_rest(
    world, live_server, browser, password
):
    # Arrange: one registration waiting for appraisal, one approved; a later campaign exists.
    waiting = world.initiative("submitted", name="Chờ thẩm định ấp Phú Hòa")
    approved = world.initiative("approved", name="Đã duyệt chưa có kết quả")
    later = CampaignFactory(
        committee=world.province_committee, name="Dân vận khéo năm sau", year=world.campaign.year + 1
    )
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "secretary", password)
        page.goto(f"{live_server.url}{world.campaign.get_absolute_url()}")

        # Act 1: the summary page lists what is open; "resolve first" blocks.
        page.get_by_role("region", name="Thao tác").get_by_role("link", name="Tổng kết", exact=True).click()
        expect(page.get_by_text("Chờ thẩm định ấp Phú Hòa")).to_be_visible()
        expect(page.get_by_text("tổng kết bây giờ là sớm", exact=False)).to_be_visible()
        page.get_by_label("Bài học kinh nghiệm").fill("Phát huy vai trò người có uy tín.")
        page.get_by_label("Tôi hiểu: tổng kết sớm", exact=False).check()
        page.get_by_role("button", name="Xem lại trước khi tổng kết").click()
        expect(page.get_by_text("hãy giải quyết trước khi tổng kết", exact=False).first).to_be_visible()

        # Act 2: close the waiting registration, carry the approved one over, confirm.
        appraisal = page.get_by_role("group", name=re.compile("Đăng ký chờ thẩm định"))
        appraisal.get_by_label("Đóng, ghi là chưa hoàn thành").check()
        results = page.get_by_role("group", name=re.compile("Đã duyệt, chưa báo cáo kết quả"))
        results.get_by_label("Chuyển sang đợt phát động sau", exact=False).check()
        page.get_by_label("Đợt phát động nhận hồ sơ chuyển sang").select_option(label="Dân vận khéo năm sau")
        page.get_by_label("Lời nhắn gửi các đơn vị", exact=False).fill("Đợt tổng kết sớm theo chỉ đạo.")
        page.get_by_label("Tôi hiểu: tổng kết sớm", exact=False).check()
        page.get_by_role("button", name="Xem lại trước khi tổng kết").click()
        expect(page.get_by_role("heading", name="Điều gì sẽ xảy ra")).to_be_visible()
        expect(page.get_by_text("được đóng với trạng thái", exact=False)).to_be_visible()
        page.get_by_role("button", name="Tổng kết", exact=True).click()
        expect(page.get_by_text("Số liệu của đợt đã được chốt.", exact=False)).to_be_visible()

        # Assert
        world.campaign.refresh_from_db()
        waiting.refresh_from_db()
        approved.refresh_from_db()
        assert world.campaign.state == CampaignState.SUMMARIZED
        assert waiting.state == State.UNFINISHED
        assert approved.campaign_id == later.pk and approved.state == State.APPROVED
    finally:
        context.close()
