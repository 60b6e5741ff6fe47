"""Defects found by using the staff pages as a commune officer would (second audit)."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns.submissions import new_token
from models_registry.models import Initiative, State
from tests.conftest import add_inspection, png_file
from tests.models_registry.staff.test_staff_registration import registration_data
from tests.races import on_postgresql, race


def test_an_empty_file_among_evidence_is_named_and_the_other_files_are_kept(client, world):
    initiative = world.initiative("approved")
    empty = SimpleUploadedFile("trong.pdf", b"", content_type="application/pdf")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [empty, png_file()]}, follow=True
    )

    html = response.content.decode()
    assert "trong.pdf" in html and "rỗng" in html
    assert list(initiative.attachments.values_list("original_name", flat=True)) == ["anh.png"]


def test_an_empty_file_does_not_block_a_recognition_request_that_has_other_evidence(client, world):
    initiative = world.initiative("approved")
    add_inspection(initiative, world.chair)
    empty = SimpleUploadedFile("trong.jpg", b"", content_type="image/jpeg")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"]),
        {"results_report": "Đạt 100% mục tiêu.", "files": [empty, png_file()]},
        follow=True,
    )

    initiative.refresh_from_db()
    assert "trong.jpg" in response.content.decode()
    assert initiative.state == State.RECOGNITION_REQUESTED
    assert list(initiative.attachments.values_list("original_name", flat=True)) == ["anh.png"]


def test_the_edit_page_of_a_returned_registration_shows_what_the_committee_asked_for(client, world):
    initiative = world.initiative("returned")  # returned with "Ghi rõ địa chỉ."
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_edit", args=[initiative.pk])).content.decode()

    assert "Ý kiến Ban Chỉ đạo:" in html
    assert "Ghi rõ địa chỉ." in html


def test_the_edit_page_of_a_draft_shows_no_committee_comment(client, world):
    initiative = world.initiative("draft")
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_edit", args=[initiative.pk])).content.decode()

    assert "Ý kiến Ban Chỉ đạo:" not in html


def test_the_recognition_request_page_shows_the_registered_goals_to_report_against(client, world):
    initiative = world.initiative("approved", goals="Năm mươi hộ tham gia tổ tiết kiệm.")
    client.force_login(world.staff)

    html = client.get(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"])
    ).content.decode()

    assert "Năm mươi hộ tham gia tổ tiết kiệm." in html


def test_a_double_submitted_new_registration_is_saved_once(client, world):
    client.force_login(world.staff)
    form_html = client.get(reverse("staff:initiative_create")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', form_html).group(1)
    data = {**registration_data(world), "intent": "submit", "form_token": token}

    first = client.post(reverse("staff:initiative_create"), data)
    second = client.post(reverse("staff:initiative_create"), data)

    created = Initiative.objects.get(name=data["name"])
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("staff:initiative_detail", args=[created.pk])
    assert created.state == State.SUBMITTED


def test_two_new_registrations_from_two_fresh_forms_are_both_saved(client, world):
    client.force_login(world.staff)
    for name in ("Tổ phụ nữ tiết kiệm", "Tổ tự quản đường hoa"):
        token = re.search(
            r'name="form_token" value="([^"]+)"', client.get(reverse("staff:initiative_create")).content.decode()
        ).group(1)
        client.post(reverse("staff:initiative_create"), {**registration_data(world, name=name), "form_token": token})

    assert Initiative.objects.filter(unit=world.hamlet).count() == 2


def fresh_token(client) -> str:
    """The token a freshly opened "new registration" page carries."""
    html = client.get(reverse("staff:initiative_create")).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_two_different_registrations_of_the_same_name_posted_within_seconds_are_both_kept(client, world):
    # Two fillings-in of the form (two pages, two tokens) are two registrations, even when they share
    # a name and arrive together: the second used to be dropped and the user sent to the first.
    client.force_login(world.staff)
    data = {**registration_data(world), "intent": "draft"}

    first = client.post(reverse("staff:initiative_create"), {**data, "form_token": fresh_token(client)})
    second = client.post(reverse("staff:initiative_create"), {**data, "form_token": fresh_token(client)})

    created = list(Initiative.objects.filter(name=data["name"]).order_by("pk"))
    assert len(created) == 2
    assert first["Location"] == reverse("staff:initiative_edit", args=[created[0].pk])
    assert second["Location"] == reverse("staff:initiative_edit", args=[created[1].pk])


def test_the_progress_steps_follow_the_chosen_language(client, world, settings):
    # The step labels were translated once, at import, in the default language.
    initiative = world.initiative("submitted")
    client.force_login(world.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert '<html lang="en"' in html
    assert "Launch" in html and "Summarize" in html
    assert "Phát động" not in html and "Tổng kết" not in html


def test_a_new_registration_cannot_be_maintained_from_one_of_the_same_campaign(client, world):
    same_year = world.initiative("submitted", name="Tổ tự quản đường hoa")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_create"),
        registration_data(world, origin="maintained", continues=same_year.pk, intent="submit"),
    )

    assert response.status_code == 400
    assert "Hãy chọn mô hình năm trước mà mô hình này duy trì." in response.content.decode()
    assert not Initiative.objects.filter(name="Tổ phụ nữ tiết kiệm").exists()


def test_a_registration_cannot_be_maintained_from_another_units_initiative(client, world):
    from campaigns.models import UnitMembership
    from tests.factories import CampaignFactory, InitiativeFactory

    UnitMembership.objects.create(unit=world.other_hamlet, user=world.staff)
    earlier = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    other_units = InitiativeFactory(campaign=earlier, unit=world.other_hamlet, state=State.RECOGNIZED)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_create"),
        registration_data(world, unit=world.hamlet.pk, origin="maintained", continues=other_units.pk),
    )

    assert response.status_code == 400
    assert "Hãy chọn mô hình năm trước mà mô hình này duy trì." in response.content.decode()
    assert not Initiative.objects.filter(name="Tổ phụ nữ tiết kiệm").exists()


def test_submitting_the_same_edit_twice_leads_to_the_submitted_registration_not_an_error(client, world):
    initiative = world.initiative("draft")
    client.force_login(world.staff)
    data = {**registration_data(world, name=initiative.name), "version": initiative.version, "intent": "submit"}
    url = reverse("staff:initiative_edit", args=[initiative.pk])

    first = client.post(url, data)
    second = client.post(url, data)

    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("staff:initiative_detail", args=[initiative.pk])


def test_a_changed_edit_after_the_registration_was_submitted_is_still_refused_with_the_input_kept(client, world):
    initiative = world.initiative("draft")
    client.force_login(world.staff)
    data = {**registration_data(world, name=initiative.name), "version": initiative.version, "intent": "submit"}
    url = reverse("staff:initiative_edit", args=[initiative.pk])
    client.post(url, data)

    response = client.post(url, {**data, "goals": "Bốn mươi hộ tham gia."})

    assert response.status_code == 403
    assert "Bốn mươi hộ tham gia." in response.content.decode()


def test_evidence_chosen_with_a_recognition_request_missing_its_report_is_kept(client, world):
    # A browser never fills a file input again: files dropped with the invalid form were lost unseen.
    initiative = world.initiative("approved")
    add_inspection(initiative, world.chair)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"]),
        {"results_report": "", "files": [png_file("anh-hop-to.png")]},
    )

    initiative.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 400
    assert initiative.state == State.APPROVED
    assert list(initiative.attachments.values_list("original_name", flat=True)) == ["anh-hop-to.png"]
    assert "Hãy viết báo cáo kết quả đạt được so với mục tiêu." in html
    assert "anh-hop-to.png" in html


def test_replicating_twice_opens_the_draft_already_made_instead_of_a_second_one(client, world):
    source = world.initiative("recognized", unit=world.other_hamlet, name="Camera an ninh khu phố")
    client.force_login(world.staff)

    first = client.post(reverse("staff:initiative_replicate", args=[source.pk]))
    second = client.post(reverse("staff:initiative_replicate", args=[source.pk]))

    copy = Initiative.objects.get(replicates=source)
    assert first["Location"] == second["Location"] == reverse("staff:initiative_edit", args=[copy.pk])


def test_a_returned_registration_stays_on_the_home_page_behind_many_newer_drafts(client, world):
    # A commune registers 50-75 a period: its drafts must not push the committee's request off the page.
    returned = world.initiative("returned", name="Đường hoa ấp Phú Hòa")
    Initiative.objects.filter(pk=returned.pk).update(updated_at=returned.updated_at.replace(year=2000))
    for number in range(35):
        world.initiative("draft", name=f"Bản nháp số {number}")
    client.force_login(world.staff)

    html = client.get(reverse("staff:home")).content.decode()

    assert "Đường hoa ấp Phú Hòa" in html


def test_a_double_tapped_withdrawal_lands_on_the_detail_page_not_a_refusal(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.staff)
    url = reverse("staff:initiative_transition", args=[initiative.pk, "withdraw"])

    first = client.post(url, {"comment": "Đơn vị không đủ nguồn lực."})
    second = client.post(url, {"comment": "Đơn vị không đủ nguồn lực."})

    initiative.refresh_from_db()
    assert initiative.state == State.WITHDRAWN
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("staff:initiative_detail", args=[initiative.pk])
    assert initiative.logs.filter(action="withdraw").count() == 1


def test_an_action_another_user_already_took_is_not_taken_twice_and_says_who_took_it(client, world):
    initiative = world.initiative("submitted")
    from campaigns.models import UnitMembership
    from tests.factories import UserFactory

    colleague = UserFactory(username="colleague")
    UnitMembership.objects.create(unit=world.hamlet, user=colleague)
    client.force_login(colleague)
    client.post(reverse("staff:initiative_transition", args=[initiative.pk, "withdraw"]), {"comment": "Rút."})
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "withdraw"]), {"comment": "Rút."}, follow=True
    )

    assert response.redirect_chain[-1][0] == initiative.get_absolute_url()
    assert "colleague" in response.content.decode()
    assert initiative.logs.filter(action="withdraw").count() == 1


def test_the_same_new_form_posted_twice_with_its_token_is_saved_once(client, world):
    # What two simultaneous POSTs of one page look like once the token's key puts them in turn.
    client.force_login(world.staff)
    data = {**registration_data(world), "intent": "draft", "form_token": fresh_token(client)}

    first = client.post(reverse("staff:initiative_create"), data)
    second = client.post(reverse("staff:initiative_create"), data)

    created = Initiative.objects.get(name=data["name"])
    assert first["Location"] == second["Location"] == reverse("staff:initiative_edit", args=[created.pk])


def test_new_forms_posted_without_a_token_are_each_saved(client, world):
    # A page opened before the token existed: nothing names its filling-in, so each POST is its own.
    client.force_login(world.staff)
    data = {**registration_data(world), "intent": "draft"}

    first = client.post(reverse("staff:initiative_create"), data)
    second = client.post(reverse("staff:initiative_create"), data)

    created = list(Initiative.objects.filter(name=data["name"]).order_by("pk"))
    assert len(created) == 2
    assert first["Location"] == reverse("staff:initiative_edit", args=[created[0].pk])
    assert second["Location"] == reverse("staff:initiative_edit", args=[created[1].pk])


@on_postgresql
def test_a_double_click_on_a_new_registration_sends_two_posts_at_once_and_saves_one(world):
    data = {**registration_data(world), "intent": "submit", "form_token": new_token()}

    def log_in(index: int) -> Client:
        browser = Client()
        browser.force_login(world.staff)
        return browser

    statuses = race(
        2, lambda index, browser: browser.post(reverse("staff:initiative_create"), data).status_code, log_in
    )

    assert statuses == [302, 302]
    assert Initiative.objects.filter(name=data["name"]).count() == 1
