"""The steering committee in the browser: appraise, approve, inspect from a phone; one decision for many."""

from __future__ import annotations

import datetime

import pytest

from models_registry.models import Inspection, RecognitionDecision, State
from tests.conftest import PNG_BYTES, move_to, score
from tests.factories import CampaignFactory, InitiativeFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def test_member_approves_a_submitted_registration_and_records_an_inspection(world, live_server, browser, password):
    # Arrange
    initiative = world.initiative("submitted", name="Tổ phụ nữ tiết kiệm vì người nghèo")
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "member", password)

        # Act 1: from the queue to the appraisal page, approve with a plan and himself as support.
        page.goto(f"{live_server.url}/committee/")
        appraisal_queue = page.locator('[data-queue="appraisal"]')
        appraisal_queue.get_by_role("link", name="Thẩm định").first.click()
        page.wait_for_url(f"**/committee/initiatives/{initiative.pk}/appraise/")
        page.fill("#id_approve-plan_note", "Hỗ trợ ra mắt tổ trong tháng 3; kiểm tra giữa kỳ.")
        page.check(f'input[name="approve-supporting_cadres"][value="{world.member.pk}"]')
        page.fill("#id_approve-confirmed_criteria", "30 hộ tham gia.")
        page.click('button[data-transition="approve"]')
        page.wait_for_url(f"{live_server.url}/committee/")

        # Act 2: on a phone, record the inspection from the "not yet inspected" queue.
        page.set_viewport_size(PHONE)
        inspection_queue = page.locator('[data-queue="inspection"]')
        inspection_queue.get_by_role("link", name="Ghi kết quả kiểm tra").first.click()
        page.wait_for_url(f"**/committee/initiatives/{initiative.pk}/inspections/new/")
        form_width = page.evaluate("document.documentElement.scrollWidth")
        page.fill("#id_completion", "60")
        page.get_by_label("Khá").check()
        page.fill("#id_findings", "Tổ họp đều, 28 hộ tham gia.")
        page.set_input_files(
            "#id_files",
            [
                {"name": "hop-to-1.png", "mimeType": "image/png", "buffer": PNG_BYTES},
                {"name": "hop-to-2.png", "mimeType": "image/png", "buffer": PNG_BYTES},
            ],
        )
        page.get_by_role("button", name="Lưu kết quả kiểm tra").click()
        page.wait_for_url(f"**/committee/initiatives/{initiative.pk}/inspections/")
        listed = page.locator("[data-inspection]").inner_text()

        # Assert
        initiative.refresh_from_db()
        assert initiative.state == State.APPROVED
        assert list(initiative.supporting_cadres.all()) == [world.member]
        inspection = Inspection.objects.get(initiative=initiative)
        assert inspection.completion == 60
        assert inspection.effectiveness == "fair"
        assert list(inspection.inspectors.all()) == [world.member]
        assert inspection.attachments.count() == 2
        assert "60%" in listed and "hop-to-2.png" in listed
        assert form_width <= PHONE["width"]
    finally:
        context.close()


def test_chair_sees_two_scored_requests_and_recognizes_both_in_one_decision(world, live_server, browser, password):
    # Arrange: two recognition requests, each scored above the threshold by two members.
    # Both aimed at the province's level, so that one decision of the province's committee recognizes both.
    first = world.initiative(
        "recognition_requested", name="Dân vận khéo trong xây dựng nông thôn mới", level="province"
    )
    second = world.initiative(
        "recognition_requested", unit=world.other_hamlet, name="Khóm sạch, đường hoa", level="province"
    )
    for initiative, total in ((first, 85), (second, 78)):
        score(initiative, world.member if initiative.unit_id == world.hamlet.pk else world.secretary, total)
        score(initiative, world.chair, total)
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "chair", password)

        # Act
        page.goto(f"{live_server.url}/committee/recognition/")
        rows = page.locator("tr[data-initiative]")
        seen = rows.count()
        page.check(f"#pick-{first.pk}")
        page.check(f"#pick-{second.pk}")
        page.fill("#id_number", "21-QĐ/BCĐ")
        signer = page.input_value("#id_signer")
        page.click('button[data-transition="recognize"]')
        # The confirmation says what the decision does; only then is it issued.
        page.get_by_role("button", name="Ban hành quyết định", exact=True).click()
        page.wait_for_url("**/committee/decisions/*/")
        decision_text = page.locator("[data-decision]").inner_text()
        print_button = page.locator("[data-print]").count()

        # Assert
        decision = RecognitionDecision.objects.get()
        assert seen == 2
        assert signer == "Trưởng ban"
        assert decision.number == "21-QĐ/BCĐ"
        for initiative in (first, second):
            initiative.refresh_from_db()
            assert initiative.state == State.RECOGNIZED
            assert initiative.decision_id == decision.pk
            assert initiative.name in decision_text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in decision_text
        assert print_button == 1
    finally:
        context.close()


@pytest.mark.django_db
def test_committee_pages_in_their_other_states_are_valid_html(world, tmp_path):
    """Error, result and refusal pages that the shared page catalog does not reach."""
    from django.test import Client
    from django.urls import reverse

    from .quality_fixtures import format_html_errors, validate_html, vnu_command

    # Arrange
    vnu_command()  # skips, saying why, when Java or the checker is missing
    submitted = [world.initiative("submitted") for _ in range(2)]
    approved = world.initiative("approved")
    requested = world.initiative("recognition_requested")
    score(requested, world.member2, 60)
    recognized = world.initiative("recognized")
    member, chair = Client(), Client()
    member.force_login(world.member)
    chair.force_login(world.chair)
    responses = {
        "home-with-rows": member.get(reverse("committee:home"), {"kind": "model"}),
        "approve-errors": member.post(reverse("committee:act", args=[submitted[0].pk, "approve"]), {}),
        "bulk-result": member.post(
            reverse("committee:bulk_approve"),
            {"initiatives": [submitted[1].pk, approved.pk], "plan_note": "Kế hoạch chung."},
            follow=True,
        ),
        # A move the record has moved on from lands on the record with what happened (the back button);
        # a move that is not the member's to make is a 403 page.
        "moved-on": member.post(
            reverse("committee:act", args=[approved.pk, "reject"]), {"reject-comment": "x"}, follow=True
        ),
        "forbidden": member.post(
            reverse("committee:act", args=[approved.pk, "close_unfinished"]), {"close_unfinished-comment": "x"}
        ),
        "inspection-errors": member.post(reverse("committee:inspection_create", args=[approved.pk]), {}),
        "score-errors": member.post(reverse("committee:score", args=[requested.pk]), {"submit": "1"}),
        "score-chair": chair.get(reverse("committee:score", args=[requested.pk])),
        "recognition-errors": chair.post(reverse("committee:recognition"), {"number": ""}),
        "decision-leader": chair.get(reverse("committee:decision_detail", args=[recognized.decision_id])),
        "amend-errors": chair.post(
            reverse("committee:decision_amend", args=[recognized.decision_id]), {"amendment": "revoke", "number": ""}
        ),
    }

    # Act
    errors = validate_html({name: r.content for name, r in responses.items()}, tmp_path)

    # Assert
    assert all("text/html" in r["Content-Type"] for r in responses.values())
    assert responses["forbidden"].status_code == 403
    assert responses["amend-errors"].status_code == 400
    report = "\n".join(format_html_errors(name, "", errs) for name, errs in sorted(errors.items()))
    assert not errors, report


def test_committee_pages_with_rows_have_no_serious_axe_violation_and_fit_a_phone(world, live_server, browser):
    from django.urls import reverse

    from .quality_fixtures import axe_violations, format_violations, horizontal_overflow, new_context

    # Arrange: every queue holds rows, and the unit has a recognized initiative from last year.
    submitted = world.initiative("submitted")
    world.initiative("approved")
    requested = world.initiative("recognition_requested")
    score(requested, world.member2, 80)
    recognized = world.initiative("recognized")
    pages = {
        "member": [
            reverse("committee:home"),
            reverse("committee:appraise", args=[submitted.pk]),
            reverse("committee:score", args=[requested.pk]),
            reverse("committee:due_inspections"),
        ],
        "chair": [
            reverse("committee:recognition"),
            reverse("committee:score", args=[requested.pk]),
            reverse("committee:decision_detail", args=[recognized.decision_id]),
        ],
    }
    found, overflowing = {}, {}

    # Act
    for role, urls in pages.items():
        context = new_context(browser, live_server.url, getattr(world, role), viewport=PHONE)
        try:
            tab = context.new_page()
            for url in urls:
                tab.goto(url)
                violations = axe_violations(tab)
                if violations:
                    found[f"{role} {url}"] = violations
                overflow = horizontal_overflow(tab)
                if overflow["scrollWidth"] > PHONE["width"]:
                    overflowing[f"{role} {url}"] = overflow["culprits"]
        finally:
            context.close()

    # Assert
    assert not found, format_violations(found)
    assert not overflowing, overflowing


def test_the_chair_opens_a_twins_side_by_side_inline_from_the_recognition_queue(world, live_server, browser, password):
    # Arrange: last year's recognized patrol group, and this year's maintained copy asking for recognition.
    from tests.models_registry.test_guard import PATROL, maintained_close_twin

    previous = CampaignFactory(
        committee=world.province_committee,
        year=world.campaign.year - 1,
        registration_closes_on=datetime.date.today() + datetime.timedelta(days=1),
    )
    recognized = move_to(
        world,
        InitiativeFactory(campaign=previous, unit=world.hamlet, name="Tổ tuần tra ấp Phú Hòa", **PATROL),
        "recognized",
    )
    successor = maintained_close_twin(world, recognized)
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "chair", password)

        # Act: the queue shows the verdict only; the link opens the side by side under the row.
        page.goto(f"{live_server.url}/committee/recognition/")
        before = page.locator("[data-twin-compare]").count()
        page.locator(f'[data-twin-row="{successor.pk}"]').get_by_role("link", name="Xem so sánh chi tiết").click()
        compare = page.locator(f"#twin-detail-{successor.pk} [data-twin-compare]")
        compare.wait_for()

        # Assert: still the queue (the reason and the selection kept), the differences marked.
        assert before == 0
        assert page.url == f"{live_server.url}/committee/recognition/"
        assert compare.locator("ins").count() > 0 and compare.locator("del").count() > 0
        assert page.locator(f'textarea[name="twin_reason-{successor.pk}"]').is_visible()
    finally:
        context.close()
