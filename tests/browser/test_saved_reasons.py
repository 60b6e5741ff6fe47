"""Choosing a saved reason fills the reason's box, which stays editable, and the move logs what was sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from models_registry.models import ReasonTemplate, State

from .quality_fixtures import new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDRESS = "Đề nghị ghi rõ địa bàn thực hiện và số hộ dân tham gia."
DUPLICATE = "Nội dung trùng với mô hình đã được công nhận năm trước."


def test_a_member_fills_the_return_reason_from_a_saved_one_and_edits_it(world, live_server, browser):
    # Arrange
    ReasonTemplate.objects.create(committee=world.commune_committee, action="return_for_revision", text=ADDRESS)
    ReasonTemplate.objects.create(
        committee=world.commune_committee, action="return_for_revision", text=DUPLICATE, position=2
    )
    initiative = world.initiative("submitted")
    context = new_context(browser, live_server.url, world.member)
    tab = context.new_page()

    # Act
    try:
        tab.goto(reverse("committee:act", args=[initiative.pk, "return_for_revision"]))
        box = tab.get_by_label("Nội dung cần điều chỉnh")
        tab.get_by_label("Chọn lý do mẫu").select_option(label=ADDRESS)
        first = box.input_value()
        # Changing one's mind replaces what the last choice copied…
        tab.get_by_label("Chọn lý do mẫu").select_option(index=2)
        replaced = box.input_value()
        # …but what the member wrote stays, the next reason goes below it.
        box.fill("Bổ sung ảnh buổi ra mắt.")
        tab.get_by_label("Chọn lý do mẫu").select_option(index=1)
        kept = box.input_value()
        tab.get_by_role("button", name="Yêu cầu điều chỉnh").click()
        tab.wait_for_url(f"**{initiative.get_absolute_url()}")
    finally:
        context.close()

    # Assert
    assert first == ADDRESS
    assert replaced == DUPLICATE
    assert kept == f"Bổ sung ảnh buổi ra mắt.\n{ADDRESS}"
    initiative.refresh_from_db()
    assert initiative.state == State.RETURNED
    # A textarea sends its line breaks as CRLF.
    assert initiative.logs.get(action="return_for_revision").comment.replace("\r\n", "\n") == kept
