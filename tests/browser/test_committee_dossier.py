"""On a phone, the score sheet shows the whole record: photos as small copies linking to the original in a new tab."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from models_registry.evidence import save_attachments
from tests.conftest import pdf_file

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 780}


def jpeg(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 120, 200)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_a_member_on_a_phone_sees_small_photos_that_link_to_the_original_in_a_new_tab(
    world, live_server, browser, password
):
    # Arrange
    initiative = world.initiative("recognition_requested")
    save_attachments(initiative, [jpeg("ao-ca.jpg"), jpeg("lop-hoc.jpg"), pdf_file("bien-ban.pdf")], world.staff)
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "member", password)

        # Act
        page.goto(f"{live_server.url}/committee/initiatives/{initiative.pk}/score/")
        evidence = page.locator("[data-dossier-evidence]")
        evidence.scroll_into_view_if_needed()
        photo = evidence.get_by_role("img", name="ao-ca.jpg")
        photo.wait_for()
        loaded = page.wait_for_function(
            "el => el.complete && el.naturalWidth > 0", arg=photo.element_handle(), timeout=10_000
        )
        natural_width = photo.evaluate("el => el.naturalWidth")
        width = page.evaluate("document.documentElement.scrollWidth")
        # Not clicked: Chromium's own image viewer styles itself inline, which the download's CSP
        # reports as a violation; the link's target is what keeps the score sheet open.
        link = photo.locator("xpath=ancestor::a[1]")
        target, rel, href = (link.get_attribute(name) for name in ("target", "rel", "href"))

        # Assert
        assert loaded
        assert natural_width == 480  # the small copy, not the camera's 1600 px
        assert width <= PHONE["width"]
        assert "bien-ban.pdf" in evidence.inner_text()
        assert (target, rel) == ("_blank", "noopener")
        assert href == initiative.attachments.get(original_name="ao-ca.jpg").get_absolute_url()
    finally:
        context.close()
