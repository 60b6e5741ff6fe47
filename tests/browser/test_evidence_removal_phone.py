"""Removing a mistaken evidence file on a 375 px phone: no sideways scrolling, named buttons, no JavaScript needed."""

from __future__ import annotations

import pytest

from models_registry.evidence import save_attachments
from models_registry.models import Attachment
from tests.conftest import png_file

from .quality_fixtures import (
    PHONE,
    axe_violations,
    format_violations,
    horizontal_overflow,
    new_context,
    session_cookie,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Phone photos come with long names without spaces; they must wrap, not widen the page.
LONG_NAME = "IMG_20260314_093045_can_cuoc_cong_dan_mat_truoc_chup_nham_khong_phai_minh_chung.png"


def test_staff_removes_a_file_on_a_phone_without_javascript_and_nothing_sticks_out(world, live_server, browser):
    # Arrange
    initiative = world.initiative("approved")
    [attachment], _ = save_attachments(initiative, [png_file(LONG_NAME)], world.staff)
    detail = f"/initiatives/{initiative.pk}/"
    looks = new_context(browser, live_server.url, world.staff, viewport=PHONE)
    tab = looks.new_page()
    too_wide, found = {}, {}
    try:
        tab.goto(detail)
        too_wide["detail"] = horizontal_overflow(tab)
        found["detail"] = axe_violations(tab)
        tab.get_by_role("button", name=f"Xóa tệp “{LONG_NAME}”").click()
        tab.wait_for_load_state()
        too_wide["confirm"] = horizontal_overflow(tab)
        found["confirm"] = axe_violations(tab)
    finally:
        looks.close()
    bare = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url, java_script_enabled=False)
    bare.add_cookies(session_cookie(world.staff, live_server.url))
    page = bare.new_page()

    # Act
    try:
        page.goto(detail)
        page.get_by_role("button", name=f"Xóa tệp “{LONG_NAME}”").click()
        page.get_by_role("button", name=f"Xóa tệp “{LONG_NAME}”").click()
        page.wait_for_url(f"**{detail}#evidence")
        body = page.content()
    finally:
        bare.close()

    # Assert
    assert {k: v["scrollWidth"] for k, v in too_wide.items()} == {
        "detail": PHONE["width"],
        "confirm": PHONE["width"],
    }, too_wide
    assert not any(found.values()), format_violations({k: v for k, v in found.items() if v})
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert f"Đã xóa tệp “{LONG_NAME}”." in body
