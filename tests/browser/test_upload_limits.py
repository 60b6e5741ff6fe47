"""A file too big for the limit is named beside the field as soon as it is picked, and is never sent."""

from __future__ import annotations

import pytest

from models_registry.models import Attachment
from tests.conftest import PNG_BYTES

from .quality_fixtures import new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LIMIT = 2048


def test_a_too_big_evidence_file_is_refused_in_the_browser_without_a_request(world, live_server, browser, settings):
    # Arrange: the live server runs in this process, so the lowered limit is the one the page states.
    settings.DVK_MAX_UPLOAD_BYTES = LIMIT
    initiative = world.initiative("approved")
    context = new_context(browser, live_server.url, world.staff)
    page = context.new_page()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    try:
        page.goto(f"/initiatives/{initiative.pk}/")
        field = page.get_by_label("Tệp minh chứng")

        # Act
        field.set_input_files(
            files=[{"name": "anh-lon.png", "mimeType": "image/png", "buffer": PNG_BYTES + b"\x00" * (2 * LIMIT)}]
        )
        message = page.get_by_role("alert").filter(has_text="anh-lon.png")
        message.wait_for()
        text = message.inner_text()
        page.get_by_role("button", name="Tải lên").click()
        page.wait_for_timeout(300)
        focused = page.evaluate("document.activeElement.id")
    finally:
        context.close()

    # Assert
    assert "Tệp “anh-lon.png” quá lớn; dung lượng tối đa là 2,0" in text
    assert posts == []
    assert focused == "id_files"
    assert not Attachment.objects.exists()


def test_a_file_of_a_type_the_field_does_not_take_is_named_beside_it(world, live_server, browser):
    initiative = world.initiative("approved")
    context = new_context(browser, live_server.url, world.staff)
    page = context.new_page()
    try:
        page.goto(f"/initiatives/{initiative.pk}/")
        page.get_by_label("Tệp minh chứng").set_input_files(
            files=[{"name": "cai-dat.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}]
        )
        text = page.get_by_role("alert").filter(has_text="cai-dat.exe").inner_text()
    finally:
        context.close()

    assert "Tệp “cai-dat.exe” không thuộc loại được chấp nhận." in text
