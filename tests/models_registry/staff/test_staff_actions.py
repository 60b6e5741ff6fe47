"""Staff actions on the detail page: submit, withdraw, request recognition, evidence, downloads."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import CampaignState
from models_registry import lifecycle
from models_registry.models import Attachment, Initiative, State
from tests.conftest import add_inspection, pdf_file, png_file


def transitions_in(html: str) -> set[str]:
    return set(re.findall(r'data-transition="([a-z_]+)"', html))


def test_submit_through_the_action_page(client, world):
    initiative = world.initiative("draft")
    client.force_login(world.staff)

    page = client.get(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]))
    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]))

    initiative.refresh_from_db()
    assert page.status_code == 200
    assert response.status_code == 302
    assert initiative.state == State.SUBMITTED


def test_submit_of_an_incomplete_draft_is_refused_with_what_is_missing(client, world):
    initiative = world.initiative("draft", address="", contact="")
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]))

    html = response.content.decode()
    initiative.refresh_from_db()
    assert response.status_code == 400
    assert initiative.state == State.DRAFT
    assert "địa chỉ cụ thể" in html and "người liên hệ, điện thoại" in html


def test_submit_once_the_committee_has_moved_it_lands_on_the_record_saying_so(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]), follow=True)

    assert response.redirect_chain[-1][0] == initiative.get_absolute_url()
    html = response.content.decode()
    assert "Duyệt" in html and "không còn áp dụng" in html
    initiative.refresh_from_db()
    assert initiative.state == "approved"


def test_submitting_again_what_the_user_just_submitted_changes_nothing_and_shows_the_detail(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:initiative_detail", args=[initiative.pk])
    assert initiative.logs.filter(action="submit").count() == 1


def test_resubmit_after_return_through_the_action_page(client, world):
    initiative = world.initiative("returned")
    client.force_login(world.staff)

    client.post(reverse("staff:initiative_transition", args=[initiative.pk, "submit"]))

    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
    assert initiative.logs.last().from_state == State.RETURNED


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "approved"])
def test_withdraw_with_a_reason(client, world, state):
    initiative = world.initiative(state)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "withdraw"]), {"comment": "Đơn vị đổi kế hoạch."}
    )

    initiative.refresh_from_db()
    assert response.status_code == 302
    assert initiative.state == State.WITHDRAWN
    assert initiative.logs.last().comment == "Đơn vị đổi kế hoạch."


def test_withdraw_without_a_reason_is_refused_and_nothing_changes(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "withdraw"]), {"comment": "  "})

    initiative.refresh_from_db()
    assert response.status_code == 400
    assert "Hãy nêu lý do rút đăng ký." in response.content.decode()
    assert initiative.state == State.SUBMITTED


def test_withdraw_of_a_recognized_initiative_changes_nothing_and_lands_on_the_record(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "withdraw"]), {"comment": "x"})

    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    initiative.refresh_from_db()
    assert initiative.state == "recognized"


def test_committee_member_cannot_use_a_staff_action(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(reverse("staff:initiative_transition", args=[initiative.pk, "withdraw"]), {"comment": "x"})

    assert response.status_code == 403


def test_committee_actions_are_not_served_by_the_staff_action_page(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.chair)

    assert client.get(reverse("staff:initiative_transition", args=[initiative.pk, "approve"])).status_code == 404


def _approved_and_inspected(world):
    initiative = world.initiative("approved")
    add_inspection(initiative, world.chair)
    return initiative


def test_request_recognition_with_report_and_evidence_in_one_form(client, world):
    initiative = _approved_and_inspected(world)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"]),
        {"results_report": "Đạt 120% mục tiêu: 36 hộ tham gia.", "files": [png_file(), pdf_file()]},
    )

    initiative.refresh_from_db()
    assert response.status_code == 302
    assert initiative.state == State.RECOGNITION_REQUESTED
    assert initiative.results_report == "Đạt 120% mục tiêu: 36 hộ tham gia."
    assert initiative.attachments.count() == 2


def test_request_recognition_without_evidence_is_refused_and_keeps_the_report(client, world):
    initiative = _approved_and_inspected(world)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"]),
        {"results_report": "Báo cáo tôi đã viết."},
    )

    html = response.content.decode()
    initiative.refresh_from_db()
    assert response.status_code == 400
    assert "ít nhất một tệp minh chứng" in html
    assert "Báo cáo tôi đã viết." in html
    assert initiative.state == State.APPROVED


def test_request_recognition_without_a_report_is_refused(client, world):
    initiative = _approved_and_inspected(world)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"]), {"files": [png_file()]}
    )

    initiative.refresh_from_db()
    assert response.status_code == 400
    assert "Hãy viết báo cáo kết quả" in response.content.decode()
    assert initiative.state == State.APPROVED


def test_request_recognition_keeps_accepted_files_and_names_refused_ones(client, world):
    initiative = _approved_and_inspected(world)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00not a document", content_type="image/png")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"]),
        {"results_report": "Đạt mục tiêu.", "files": [bad, png_file()]},
        follow=True,
    )

    initiative.refresh_from_db()
    assert "virus.exe" in response.content.decode()
    assert initiative.attachments.count() == 1
    assert initiative.state == State.RECOGNITION_REQUESTED


def test_evidence_upload_accepts_several_files(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [png_file("a.png"), pdf_file("b.pdf")]}
    )

    assert response.status_code == 302
    assert sorted(initiative.attachments.values_list("original_name", flat=True)) == ["a.png", "b.pdf"]


def test_evidence_upload_refuses_a_file_by_content_and_keeps_the_others(client, world, settings):
    settings.DVK_MAX_UPLOAD_BYTES = 200
    initiative = world.initiative("approved")
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"x" * 500, content_type="application/pdf")
    fake = SimpleUploadedFile("gia.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [big, fake, png_file()]}, follow=True
    )

    html = response.content.decode()
    assert "lon.pdf" in html and "quá lớn" in html
    assert "gia.pdf" in html and "không phải định dạng" in html
    assert list(initiative.attachments.values_list("original_name", flat=True)) == ["anh.png"]


def test_evidence_upload_without_files_says_so(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_evidence", args=[initiative.pk]), {}, follow=True)

    assert "Hãy chọn ít nhất một tệp minh chứng." in response.content.decode()


@pytest.mark.parametrize("state", ["recognized", "rejected", "withdrawn", "not_recognized"])
def test_evidence_upload_is_refused_after_the_decision(client, world, state):
    initiative = world.initiative(state)
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [png_file()]})

    assert response.status_code == 403


def test_evidence_upload_is_refused_once_the_campaign_is_summarized(client, world):
    initiative = world.initiative("approved")
    world.campaign.state = CampaignState.SUMMARIZED
    world.campaign.save()
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [png_file()]})

    assert response.status_code == 403


def test_evidence_upload_is_refused_to_the_committee(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [png_file()]})

    assert response.status_code == 403


def test_download_of_an_image_is_inline_and_not_sniffed(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.staff)
    client.post(reverse("staff:initiative_evidence", args=[initiative.pk]), {"files": [png_file()]})
    attachment = Attachment.objects.get()

    response = client.get(reverse("staff:attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_download_of_a_word_file_is_an_attachment(client, world):
    from models_registry.evidence import save_attachments

    initiative = world.initiative("approved")
    doc = SimpleUploadedFile("bien-ban.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    saved, refused = save_attachments(initiative, [doc], world.staff)
    client.force_login(world.member)

    response = client.get(reverse("staff:attachment_download", args=[saved[0].pk]))

    assert not refused
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("state", "who", "expected"),
    [
        ("draft", "staff", {"submit", "withdraw"}),
        ("submitted", "staff", {"withdraw"}),
        ("returned", "staff", {"submit", "withdraw"}),
        ("approved", "staff", {"request_recognition", "withdraw"}),
        ("recognition_requested", "staff", set()),
        ("recognized", "staff", set()),
        ("withdrawn", "staff", set()),
        ("recognized", "member", set()),
    ],
)
def test_detail_offers_only_the_allowed_actions(client, world, state, who, expected):
    initiative = world.initiative(state)
    user = getattr(world, who)
    client.force_login(user)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    allowed = {t.action for t in lifecycle.available_actions(initiative, user) if t.who == "staff"}
    assert transitions_in(html) == expected
    assert transitions_in(html) <= allowed | {t.action for t in lifecycle.available_actions(initiative, user)}


def test_detail_shows_committee_actions_to_a_committee_member(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert transitions_in(html) == {"approve", "reject", "return_for_revision"}


def test_detail_shows_timeline_progress_and_score_to_the_committee(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert 'aria-current="step"' in html
    assert "Ghi rõ địa chỉ." not in html
    assert "Kế hoạch hỗ trợ." in html  # the approval's plan note in the timeline
    assert "Điểm bình quân" in html
    assert initiative.decision.number in html


def test_detail_hides_the_score_from_unit_staff(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert "Điểm bình quân" not in html
    assert initiative.decision.number in html


def test_detail_offers_replication_to_staff_of_other_units(client, world):
    from campaigns.models import UnitMembership

    initiative = world.initiative("recognized")
    UnitMembership.objects.create(user=world.member, unit=world.other_hamlet)
    client.force_login(world.member)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert reverse("staff:initiative_replicate", args=[initiative.pk]) in html


def test_detail_does_not_offer_replication_to_the_units_own_staff(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert reverse("staff:initiative_replicate", args=[initiative.pk]) not in html


def test_the_progress_of_a_withdrawn_initiative_stops_where_it_was(world):
    from models_registry.staff.detail import progress

    initiative = world.initiative("approved")
    lifecycle.apply(initiative, "withdraw", world.staff, comment="Thôi.")
    initiative = Initiative.objects.get(pk=initiative.pk)

    steps = progress(initiative, list(initiative.logs.all()))

    assert [s["status"] for s in steps] == ["done", "done", "done", "current", "todo", "todo"]


def test_request_recognition_page_shows_what_the_committee_asked_for(client, world):
    initiative = world.initiative("recognition_requested")
    lifecycle.apply(initiative, "request_more_evidence", world.chair, comment="Thêm ảnh buổi họp tổ.")
    client.force_login(world.staff)

    html = client.get(
        reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"])
    ).content.decode()

    assert "Thêm ảnh buổi họp tổ." in html


def test_request_recognition_without_an_inspection_is_announced_and_refused(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.staff)
    url = reverse("staff:initiative_transition", args=[initiative.pk, "request_recognition"])

    page = client.get(url).content.decode()
    response = client.post(url, {"results_report": "Đạt.", "files": [png_file()]})

    initiative.refresh_from_db()
    assert "chưa có lần kiểm tra nào" in page
    assert "ít nhất một lần kiểm tra" in response.content.decode()
    assert initiative.state == State.APPROVED


def test_detail_of_a_returned_registration_shows_why_at_the_top(client, world):
    initiative = world.initiative("returned")
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert "Ban Chỉ đạo yêu cầu điều chỉnh:" in html
    assert html.index("Ghi rõ địa chỉ.") < html.index("dvk-progress")


def test_the_six_steps_are_the_guidances_six_verbs_in_both_languages(world):
    # In English the progress read "Launch, Registration, Approve, Inspection, Recognize, Summarize":
    # two nouns among the guidance's verbs.
    from django.utils import translation

    from models_registry.staff.detail import progress

    initiative = world.initiative("approved")
    logs = list(initiative.logs.all())

    with translation.override("en"):
        english = [str(s["label"]) for s in progress(initiative, logs)]
    with translation.override("vi"):
        vietnamese = [str(s["label"]) for s in progress(initiative, logs)]

    assert english == ["Launch", "Register", "Approve", "Inspect", "Recognize", "Summarize"]
    assert vietnamese == ["Phát động", "Đăng ký", "Duyệt", "Kiểm tra", "Công nhận", "Tổng kết"]
