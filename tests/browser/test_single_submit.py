"""One tap, one post: a double click on a form's button sends the form once, with that button's value."""

from __future__ import annotations

import pytest

from models_registry.models import Initiative, State

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_double_click_on_save_draft_posts_the_form_once_with_the_draft_intent(world, live_server, browser, password):
    # Arrange
    context = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 812})
    page = context.new_page()
    posts = []
    try:
        log_in(page, live_server.url, "staff", password)
        page.goto(f"{live_server.url}/initiatives/new/")
        page.select_option("#id_campaign", str(world.campaign.pk))
        page.fill("#id_name", "Tổ tự quản đường hoa")
        page.select_option("#id_field", label="Phát triển kinh tế")
        page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

        # Act: a second tap while the first post is on its way (what a slow phone invites).
        button = page.get_by_role("button", name="Lưu nháp")
        button.evaluate("b => { b.click(); setTimeout(() => b.click(), 30); }")
        page.wait_for_url("**/initiatives/*/**")
        page.wait_for_load_state("networkidle")

        # Assert
        assert len(posts) == 1
        drafts = Initiative.objects.filter(name="Tổ tự quản đường hoa")
        assert drafts.count() == 1
        assert drafts.get().state == State.DRAFT
    finally:
        context.close()


def test_back_to_a_sent_form_gives_working_buttons_again(world, live_server, browser, password):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, live_server.url, "staff", password)
        page.goto(f"{live_server.url}/initiatives/new/")
        page.select_option("#id_campaign", str(world.campaign.pk))
        page.fill("#id_name", "Tổ tự quản đường hoa")
        page.select_option("#id_field", label="Phát triển kinh tế")
        page.get_by_role("button", name="Lưu nháp").click()
        page.wait_for_url("**/initiatives/*/**")

        page.go_back()

        assert page.get_by_role("button", name="Lưu nháp").is_enabled()
    finally:
        context.close()
