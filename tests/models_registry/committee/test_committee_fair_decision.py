"""A fair decision: the quorum, assigned scorers, recusals, reopened sheets and the appraisal minutes."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from campaigns.models import CommitteeMembership, Role
from models_registry import bulk, lifecycle
from models_registry.lifecycle import TransitionError
from models_registry.models import (
    Initiative,
    Recusal,
    ScorerAssignment,
    ScoreSheet,
    State,
    assign_scorers,
    recuse,
    reopen_sheet,
)
from tests.conftest import score
from tests.factories import UnitMembershipFactory

pytestmark = pytest.mark.django_db


def sheet_data(initiative, points=(18, 16, 15, 20, 10), button="submit", confirmed=True) -> dict:
    criteria = initiative.campaign.criteria_set_for(initiative.kind).criteria.order_by("order", "pk")
    data = {button: "1"}
    if confirmed:
        data["confirmed"] = "1"
    for criterion, value in zip(criteria, points, strict=True):
        data[f"points_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = ""
    return data


def with_quorum(world, quorum: int) -> None:
    world.campaign.quorum = quorum
    world.campaign.save(update_fields=["quorum"])


def recognize(world, initiative):
    return bulk.recognize_many(
        [initiative], world.chair, number="07/QĐ-BCĐ", decided_on=datetime.date.today(), signer="Chủ tịch"
    )


# ----- quorum -------------------------------------------------------------------------------
def test_recognition_below_the_quorum_is_refused_and_check_says_how_many_sheets_are_missing(world):
    with_quorum(world, 3)
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    score(initiative, world.secretary, 85)

    refusal = lifecycle.check(world.chair, "recognize", initiative)

    assert refusal is not None and refusal.code == "needs"
    assert "cần ít nhất 3 phiếu đã nộp, hiện có 2" in str(refusal)
    with pytest.raises(TransitionError):
        recognize(world, initiative)
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REQUESTED


def test_a_recognition_counts_the_sheets_as_they_are_under_its_lock_not_as_the_list_read_them(world):
    # The queue's row says two sheets are in; the chair reopened one meanwhile (another page).
    with_quorum(world, 2)
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    reopened = score(initiative, world.secretary, 85)
    row = Initiative.objects.with_scores().get(pk=initiative.pk)
    assert row.sheet_count == 2
    reopen_sheet(ScoreSheet.objects.get(pk=reopened.pk), world.chair, "Cộng sai điểm tiêu chí 2.")

    with pytest.raises(TransitionError) as refused:
        recognize(world, row)

    assert "cần ít nhất 2 phiếu đã nộp, hiện có 1" in str(refused.value)
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REQUESTED


@pytest.mark.parametrize("write", ["assign", "recuse", "reopen"])
def test_a_scoring_write_sent_after_the_recognition_was_declined_is_refused_and_writes_nothing(world, write):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member, 70)
    on_the_page = Initiative.objects.get(pk=initiative.pk)
    lifecycle.apply(initiative, "decline_recognition", world.chair, comment="Chưa đạt tiêu chí.")
    notes = LogEntry.objects.count()

    with pytest.raises(TransitionError) as refused:
        if write == "assign":
            assign_scorers(on_the_page, [world.secretary], world.chair)
        elif write == "recuse":
            recuse(on_the_page, world.secretary, "Người thân ở ấp.")
        else:
            sheet.initiative = on_the_page
            reopen_sheet(sheet, world.chair, "Cộng sai điểm.")

    assert refused.value.code == "state"
    assert not ScorerAssignment.objects.filter(initiative=initiative).exists()
    assert not Recusal.objects.filter(initiative=initiative).exists()
    assert ScoreSheet.objects.get(pk=sheet.pk).submitted_at is not None
    assert LogEntry.objects.count() == notes


def test_recognition_reaching_the_quorum_is_allowed(world):
    with_quorum(world, 3)
    initiative = world.initiative("recognition_requested")
    for member in (world.chair, world.secretary, world.member):
        score(initiative, member, 85)

    assert lifecycle.check(world.chair, "recognize", initiative) is None
    recognize(world, initiative)

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED


def test_recognition_page_shows_the_quorum_and_offers_no_checkbox_below_it(client, world):
    with_quorum(world, 3)
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 95)
    client.force_login(world.chair)

    body = client.get(reverse("committee:recognition")).content.decode()

    assert "1/3" in body
    assert "Chưa đủ 3 phiếu" in body
    assert f'value="{initiative.pk}" id="pick-{initiative.pk}" disabled' in body


def test_campaign_page_shows_its_quorum(client, world):
    with_quorum(world, 3)
    client.force_login(world.chair)

    body = client.get(world.campaign.get_absolute_url()).content.decode()

    assert "Số phiếu chấm điểm tối thiểu" in body


# ----- assigned scorers ---------------------------------------------------------------------
def test_chair_assigns_a_scorer_and_only_that_member_may_score(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.chair)

    response = client.post(reverse("committee:scorers", args=[initiative.pk]), {"members": [world.member.pk]})

    assert response.status_code == 302
    assert list(initiative.scorer_assignments.values_list("member_id", flat=True)) == [world.member.pk]
    assert LogEntry.objects.filter(object_id=str(initiative.pk), change_message__contains="Phân công").exists()
    client.force_login(world.member2)
    refused = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative))
    assert refused.status_code == 403
    assert "không có trong danh sách" in refused.content.decode()
    client.force_login(world.member)
    allowed = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative))
    assert allowed.status_code == 302
    assert ScoreSheet.objects.get(initiative=initiative, member=world.member).submitted_at is not None


@pytest.mark.parametrize("value", ["-9223372036854775809", "9223372036854775807", "99999999999999999999"])
def test_a_scorer_id_past_the_id_column_is_refused_beside_the_field_never_a_500(client, world, value):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.chair)

    response = client.post(reverse("committee:scorers", args=[initiative.pk]), {"members": [value]})

    assert response.status_code in (200, 400)
    assert "không phải là một trong các lựa chọn" in response.content.decode() or "không hợp lệ" in (
        response.content.decode()
    )
    assert not ScorerAssignment.objects.exists()


def test_clearing_the_assignments_lets_every_member_score_again(world):
    initiative = world.initiative("recognition_requested")
    assign_scorers(initiative, [world.member], world.chair)

    assign_scorers(initiative, [], world.chair)

    assert not ScorerAssignment.objects.filter(initiative=initiative).exists()


def test_a_plain_member_may_not_assign_scorers(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    response = client.post(reverse("committee:scorers", args=[initiative.pk]), {"members": [world.member2.pk]})

    assert response.status_code == 403
    assert not ScorerAssignment.objects.exists()


def test_staff_of_the_initiatives_unit_is_not_offered_and_cannot_be_assigned(client, world):
    UnitMembershipFactory(unit=world.hamlet, user=world.member2)
    initiative = world.initiative("recognition_requested")
    client.force_login(world.chair)

    page = client.get(reverse("committee:scorers", args=[initiative.pk])).content.decode()
    response = client.post(reverse("committee:scorers", args=[initiative.pk]), {"members": [world.member2.pk]})

    assert f'value="{world.member2.pk}"' not in page
    assert response.status_code == 400
    assert not ScorerAssignment.objects.exists()


def test_assigning_scorers_is_refused_before_approval_and_after_summary(world):
    draft = world.initiative("submitted")
    with pytest.raises(TransitionError) as refused:
        assign_scorers(draft, [world.member], world.chair)
    assert refused.value.code == "state"


# ----- conflicts ----------------------------------------------------------------------------
def test_a_member_of_the_initiatives_own_unit_cannot_score_it(client, world):
    UnitMembershipFactory(unit=world.hamlet, user=world.member)
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    page = client.get(reverse("committee:score", args=[initiative.pk])).content.decode()
    response = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative))

    assert "cán bộ của chính đơn vị" in page
    assert response.status_code == 403
    assert not ScoreSheet.objects.filter(member=world.member).exists()


def test_a_member_who_declares_a_conflict_cannot_score_and_the_reason_is_logged(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)
    ScoreSheet.objects.record(initiative, world.member, [], submit=False)

    response = client.post(reverse("committee:recusal", args=[initiative.pk]), {"reason": "Người nhà chủ nhiệm"})

    assert response.status_code == 302
    assert Recusal.objects.get(initiative=initiative, member=world.member).reason == "Người nhà chủ nhiệm"
    assert not ScoreSheet.objects.filter(member=world.member).exists()  # the draft went
    assert LogEntry.objects.filter(change_message__contains="Người nhà chủ nhiệm").exists()
    refused = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative))
    assert refused.status_code == 403


def test_a_conflict_without_a_reason_is_refused_beside_the_field(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    response = client.post(reverse("committee:recusal", args=[initiative.pk]), {"reason": "  "})

    assert response.status_code == 400
    assert "Hãy nhập lý do." in response.content.decode()
    assert not Recusal.objects.exists()


def test_a_member_who_already_submitted_must_have_the_sheet_reopened_before_declaring_a_conflict(client, world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member, 80)
    client.force_login(world.member)

    response = client.post(reverse("committee:recusal", args=[initiative.pk]), {"reason": "Mới biết có quan hệ"})

    assert response.status_code == 403
    assert not Recusal.objects.exists()


def test_declaring_a_conflict_twice_is_refused(world):
    initiative = world.initiative("recognition_requested")
    recuse(initiative, world.member, "Quan hệ gia đình")

    with pytest.raises(TransitionError):
        recuse(initiative, world.member, "Lần nữa")


def test_a_recused_member_cannot_be_assigned(world):
    initiative = world.initiative("recognition_requested")
    recuse(initiative, world.member, "Quan hệ gia đình")

    with pytest.raises(TransitionError) as refused:
        assign_scorers(initiative, [world.member], world.chair)

    assert "không tham gia" in str(refused.value)


def test_a_member_whose_sheet_is_in_is_left_out_of_the_scorers_only_after_the_chair_reopens_it(world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member, 80)

    with pytest.raises(TransitionError) as refused:
        assign_scorers(initiative, [world.secretary], world.chair)

    assert refused.value.code == "conflict" and refused.value.field == "members"
    assert "đã nộp phiếu" in str(refused.value) and "mở lại phiếu" in str(refused.value)
    assert not ScorerAssignment.objects.exists()  # nothing written: the submitted sheet still counts
    reopen_sheet(sheet, world.chair, "Bỏ khỏi danh sách người chấm")
    assert assign_scorers(initiative, [world.secretary], world.chair) == [world.secretary]
    assert list(ScorerAssignment.objects.values_list("member_id", flat=True)) == [world.secretary.pk]


def test_a_member_whose_sheet_is_in_may_be_kept_among_the_scorers_and_clearing_the_list_leaves_nobody_out(world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member, 80)

    assign_scorers(initiative, [world.member, world.secretary], world.chair)
    assign_scorers(initiative, [], world.chair)

    assert not ScorerAssignment.objects.exists()


def test_the_scorers_page_refuses_leaving_out_a_submitted_sheet_beside_the_list_with_the_ticks_kept(client, world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member, 80)
    client.force_login(world.chair)

    response = client.post(reverse("committee:scorers", args=[initiative.pk]), {"members": [world.secretary.pk]})

    page = " ".join(response.content.decode().split())
    assert response.status_code == 400
    error = page.split('id="id_members_error"', 1)[1]  # beside the list of members
    assert "member đã nộp phiếu chấm điểm hồ sơ này" in error.split("</div>", 1)[0]
    ticked = [
        chunk.split('"', 1)[0]
        for chunk in page.split('name="members" value="')[1:]
        if " checked>" in chunk.split(">", 1)[0] + ">"
    ]
    assert ticked == [str(world.secretary.pk)]
    assert not ScorerAssignment.objects.exists()


# ----- reopening a sheet --------------------------------------------------------------------
def test_chair_reopens_a_submitted_sheet_with_a_reason_and_the_member_may_submit_again(client, world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member, 60)
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:reopen_sheet", args=[initiative.pk, sheet.pk]), {"reason": "Nhập nhầm điểm tiêu chí 2"}
    )

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.submitted_at is None
    assert LogEntry.objects.filter(change_message__contains="Nhập nhầm điểm tiêu chí 2").exists()
    client.force_login(world.member)
    again = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative))
    assert again.status_code == 302
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None


def test_reopening_without_a_reason_is_refused(client, world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member, 60)
    client.force_login(world.chair)

    response = client.post(reverse("committee:reopen_sheet", args=[initiative.pk, sheet.pk]), {"reason": ""})

    assert response.status_code == 400
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None


def test_a_member_may_not_reopen_a_sheet(client, world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member2, 60)
    client.force_login(world.member)

    response = client.post(reverse("committee:reopen_sheet", args=[initiative.pk, sheet.pk]), {"reason": "x"})

    assert response.status_code == 403


def test_a_draft_sheet_cannot_be_reopened(client, world):
    initiative = world.initiative("recognition_requested")
    ScoreSheet.objects.record(initiative, world.member, [], submit=False)
    sheet = ScoreSheet.objects.get(member=world.member)
    client.force_login(world.chair)

    response = client.get(reverse("committee:reopen_sheet", args=[initiative.pk, sheet.pk]))

    assert response.status_code == 404


def test_a_sheet_of_a_recognized_initiative_cannot_be_reopened(world):
    initiative = world.initiative("recognized")
    sheet = ScoreSheet.objects.filter(initiative=initiative).first()
    sheet.initiative = initiative

    with pytest.raises(TransitionError) as refused:
        reopen_sheet(sheet, world.chair, "Muộn rồi")

    assert refused.value.code == "state"


# ----- the minutes --------------------------------------------------------------------------
def test_chair_downloads_the_appraisal_minutes_as_pdf_and_docx(client, world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    recuse(initiative, world.member, "Quan hệ gia đình")
    client.force_login(world.chair)

    pdf = client.get(reverse("committee:minutes_pdf", args=[initiative.pk]))
    docx = client.get(reverse("committee:minutes_docx", args=[initiative.pk]))

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_minutes_say_who_scored_who_recused_and_the_conclusion(world):
    from models_registry.reports.papers.minutes import minutes_html

    with_quorum(world, 2)
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    recuse(initiative, world.member, "Quan hệ gia đình")

    html = minutes_html(initiative)

    assert "BIÊN BẢN THẨM ĐỊNH" in html
    assert "Quan hệ gia đình" in html
    assert "Chưa đủ số phiếu chấm điểm tối thiểu (1/2 phiếu)" in html


# ----- access matrix of the new pages -------------------------------------------------------
def _urls(initiative, sheet):
    return {
        "scorers": reverse("committee:scorers", args=[initiative.pk]),
        "recusal": reverse("committee:recusal", args=[initiative.pk]),
        "reopen": reverse("committee:reopen_sheet", args=[initiative.pk, sheet.pk]),
        "minutes_pdf": reverse("committee:minutes_pdf", args=[initiative.pk]),
        "minutes_docx": reverse("committee:minutes_docx", args=[initiative.pk]),
    }


# Expected status of a GET by each role: committee members declare conflicts; leaders do the rest.
MATRIX = {
    "anonymous": {"scorers": 302, "recusal": 302, "reopen": 302, "minutes_pdf": 302, "minutes_docx": 302},
    "staff2": {"scorers": 404, "recusal": 404, "reopen": 404, "minutes_pdf": 404, "minutes_docx": 404},
    "staff": {"scorers": 403, "recusal": 403, "reopen": 403, "minutes_pdf": 403, "minutes_docx": 403},
    "member": {"scorers": 403, "recusal": 200, "reopen": 403, "minutes_pdf": 403, "minutes_docx": 403},
    "chair": {"scorers": 200, "recusal": 200, "reopen": 200, "minutes_pdf": 200, "minutes_docx": 200},
    "admin": {"scorers": 200, "recusal": 200, "reopen": 200, "minutes_pdf": 200, "minutes_docx": 200},
}


@pytest.mark.parametrize("role", list(MATRIX))
# Not named "page": pytest-playwright would take it for its browser page and run these as browser tests,
# after the transactional ones have emptied the seeded fields.
@pytest.mark.parametrize("which", ["scorers", "recusal", "reopen", "minutes_pdf", "minutes_docx"])
def test_access_matrix_of_the_scoring_pages(client, world, role, which):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member2, 70)
    if role != "anonymous":
        client.force_login(getattr(world, role))

    response = client.get(_urls(initiative, sheet)[which])

    assert response.status_code == MATRIX[role][which]
    if response.status_code == 302:
        assert reverse("login") in response["Location"]


def test_a_member_of_another_committee_outside_the_unit_gets_404(client, world):
    from tests.factories import CommitteeFactory, UserFactory

    other = UserFactory(username="ward_member")
    CommitteeMembership.objects.create(
        committee=CommitteeFactory(unit=world.other_commune), user=other, role=Role.CHAIR
    )
    initiative = world.initiative("recognition_requested")
    client.force_login(other)

    assert client.get(reverse("committee:scorers", args=[initiative.pk])).status_code == 404
