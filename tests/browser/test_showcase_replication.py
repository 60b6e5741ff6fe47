"""The showcase's pictures and the committee's replication, walked in Chromium from the labels people see."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from models_registry.models import Initiative

from .quality_fixtures import axe_violations, format_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SOURCE_NAME = "Mô hình “Chợ an toàn” ấp Phú Hòa"


def jpeg(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 80, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def loaded_width(image) -> int:
    """The image's natural width once the browser has fetched and decoded it (on a loaded machine the
    element is there before its bytes: reading `complete` at once failed now and then)."""
    image.scroll_into_view_if_needed()
    return image.evaluate("img => img.decode().then(() => img.naturalWidth)")


def test_staff_tick_consent_publish_a_photo_and_see_it_on_the_showcase(world, live_server, browser):
    # Arrange
    initiative = world.initiative("recognized", name=SOURCE_NAME, files=[jpeg("phien-cho.jpg")])
    staff = new_context(browser, live_server.url, world.staff)
    visitor = new_context(browser, live_server.url)
    page, public = staff.new_page(), visitor.new_page()
    found = {}

    try:
        # Act: first without the consent box, then with it.
        page.goto(f"/initiatives/{initiative.pk}/")
        page.get_by_role("button", name="Công khai ảnh “phien-cho.jpg”").click()
        refusal = page.get_by_text("Hãy xác nhận đã được sự đồng ý").inner_text()
        found["consent"] = axe_violations(page)
        page.get_by_label("Những người có trong ảnh “phien-cho.jpg” đã đồng ý cho công khai ảnh").check()
        page.get_by_role("button", name="Công khai ảnh “phien-cho.jpg”").click()
        page.wait_for_url(f"**/initiatives/{initiative.pk}/#evidence")
        published = page.get_by_text("Đang công khai").is_visible()

        public.goto("/showcase/")
        card = public.get_by_role("img", name=f"Ảnh của mô hình “{SOURCE_NAME}”")
        card.wait_for()
        card_width = loaded_width(card)
        found["showcase"] = axe_violations(public)
        public.get_by_role("link", name=SOURCE_NAME).click()
        gallery = public.get_by_role("img", name=f"Ảnh 1 của mô hình “{SOURCE_NAME}” (mở ảnh lớn)")
        gallery.wait_for()
        gallery_width = loaded_width(gallery)
        found["gallery"] = axe_violations(public)
    finally:
        staff.close()
        visitor.close()

    # Assert
    assert "những người có trong ảnh" in refusal
    assert published
    assert card_width == 480 and gallery_width == 480
    assert not any(found.values()), format_violations(found)


def test_the_secretariat_proposes_a_model_and_the_unit_accepts_it_into_an_adapted_draft(world, live_server, browser):
    # Arrange
    source = world.initiative("recognized", name=SOURCE_NAME)
    secretariat = new_context(browser, live_server.url, world.secretary)
    unit = new_context(browser, live_server.url, world.staff2)
    page, tab = secretariat.new_page(), unit.new_page()
    found = {}

    try:
        # Act: the secretariat finds the model in the showcase and proposes it to Khóm 3.
        page.goto("/showcase/")
        page.get_by_role("link", name=SOURCE_NAME).click()
        page.get_by_role("link", name="Đề xuất nhân rộng").click()
        found["propose"] = axe_violations(page)
        page.get_by_label("Khóm 3").check()
        page.get_by_label("Lời nhắn gửi các đơn vị").fill("Khu phố có chợ tự phát, nên làm.")
        page.get_by_role("button", name="Gửi đề xuất nhân rộng").click()
        sent = page.get_by_text("Đã gửi đề xuất nhân rộng tới: Khóm 3.").is_visible()
        found["proposed"] = axe_violations(page)

        # The unit sees it on its home page and accepts.
        tab.goto("/")
        tab.get_by_role("link", name="Xem đề xuất nhân rộng").click()
        note = tab.get_by_text("Khu phố có chợ tự phát, nên làm.").is_visible()
        found["proposals"] = axe_violations(tab)
        tab.get_by_role("button", name="Nhận nhân rộng và tạo bản nháp").click()
        tab.wait_for_url("**/edit/")
        found["draft"] = axe_violations(tab)
        title = tab.get_by_label("Tên mô hình, điển hình").input_value()
        area = tab.get_by_label("Địa bàn").input_value()
        campaign = tab.get_by_label("Đợt phát động").locator("option:checked").inner_text()
        body = tab.locator("main").inner_text() if tab.locator("main").count() else tab.inner_text("body")
    finally:
        secretariat.close()
        unit.close()

    # Assert
    draft = Initiative.objects.get(unit=world.other_hamlet)
    assert sent and note
    assert title == "Mô hình “Chợ an toàn”"
    assert area == "Khóm 3"
    assert campaign == world.campaign.name
    assert f"{SOURCE_NAME} — Ấp Phú Hòa" in body
    assert "Mã số mô hình" not in body and str(source.pk) not in body.split()
    assert draft.replicates_id == source.pk
    assert not any(found.values()), format_violations(found)
