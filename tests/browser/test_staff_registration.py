"""A unit officer registers a model on a phone-sized screen, submits it and finds it in the list."""

from __future__ import annotations

import pytest

from models_registry.models import Initiative, State

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 812}


def test_staff_registers_an_economic_model_submits_it_and_finds_it_in_the_list(world, live_server, browser, password):
    # Arrange
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    year = world.campaign.year
    try:
        log_in(page, live_server.url, "staff", password)

        # Act: fill the registration form as Chị Lan would.
        page.goto(f"{live_server.url}/initiatives/new/")
        page.select_option("#id_campaign", str(world.campaign.pk))
        page.fill("#id_name", "Tổ phụ nữ tiết kiệm")
        page.select_option("#id_field", label="Phát triển kinh tế")
        page.select_option("#id_kind", "model")
        texts = {
            "situation": "Nhiều hộ hội viên thiếu vốn sản xuất.",
            "purpose": "Giúp hội viên tiết kiệm, hỗ trợ nhau phát triển kinh tế.",
            "goals": "30 hộ tham gia; 5 hộ thoát nghèo.",
            "solutions": "Họp tổ hằng tháng; góp vốn xoay vòng.",
            "area": "Ấp Phú Hòa",
            "address": "Nhà văn hóa ấp Phú Hòa",
            "implementing_forces": "Chi hội Phụ nữ chủ trì.",
            "target_group": "Hội viên hộ nghèo.",
            "resources": "Vốn góp của hội viên.",
            "expected_outputs": "Sổ theo dõi góp vốn.",
            "sustainability": "Duy trì sau khi kết thúc.",
            "contact": "Nguyễn Thị Lan, 0909 000 000",
        }
        for name, value in texts.items():
            page.fill(f"#id_{name}", value)
        page.fill("#id_starts_on", f"{year}-03-01")
        page.fill("#id_ends_on", f"{year}-10-31")
        page.get_by_role("button", name="Gửi đăng ký").click()
        page.wait_for_url("**/initiatives/*/")

        page.set_viewport_size(PHONE)
        page.goto(f"{live_server.url}/initiatives/?q=to+phu+nu+tiet+kiem")
        row = page.locator("tr", has_text="Tổ phụ nữ tiết kiệm")
        width = page.evaluate("document.documentElement.scrollWidth")

        # Assert
        assert row.count() == 1
        assert "Đã đăng ký, chờ thẩm định" in row.inner_text()
        assert width <= PHONE["width"]
        assert Initiative.objects.get(name="Tổ phụ nữ tiết kiệm").state == State.SUBMITTED
    finally:
        context.close()


def test_registration_form_fits_a_phone_screen(world, live_server, browser, password):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "staff", password)

        page.goto(f"{live_server.url}/initiatives/new/")
        width = page.evaluate("document.documentElement.scrollWidth")

        assert width <= PHONE["width"]
    finally:
        context.close()


def test_typing_the_name_shows_last_years_similar_initiative_and_marks_it_maintained(
    world, live_server, browser, password
):
    # Arrange: last year's model of the same hamlet.
    from tests.factories import CampaignFactory, InitiativeFactory

    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    earlier = InitiativeFactory(campaign=last_year, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm vì người nghèo")
    Initiative.objects.filter(pk=earlier.pk).update(state=State.RECOGNIZED)
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "staff", password)
        page.goto(f"{live_server.url}/initiatives/new/")

        # Act
        page.fill("#id_name", "to phu nu tiet kiem")
        suggestion = page.locator("#dvk-similar li", has_text=earlier.name)
        suggestion.wait_for(timeout=5000)
        suggestion.get_by_role("button").click()

        # Assert
        assert str(last_year.year) in suggestion.inner_text()
        assert page.input_value("#id_origin") == "maintained"
        assert page.input_value("#id_continues") == str(earlier.pk)
        assert page.locator("#id_continues").is_visible()
    finally:
        context.close()
