"""Score sheets: each member scores each criterion; others' sheets stay hidden until one submits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from models_registry.models import ScoreSheet
from tests.conftest import score

pytestmark = pytest.mark.django_db


def criteria_of(initiative):
    return list(initiative.campaign.criteria_set_for(initiative.kind).criteria.order_by("order", "pk"))


def sheet_data(initiative, points: list, comments: list | None = None, button: str = "submit") -> dict:
    data = {button: "1"}
    if button == "submit":
        data["confirmed"] = "1"  # the confirmation page's post (the first post shows that page)
    for i, criterion in enumerate(criteria_of(initiative)):
        data[f"points_{criterion.pk}"] = "" if points[i] is None else str(points[i])
        data[f"comment_{criterion.pk}"] = (comments or [""] * 5)[i]
    return data


def once_the_page_has_read(monkeypatch, happen) -> None:
    """Make `happen()` run once the score page has read the initiative and the member's seat, before it writes."""
    from models_registry.committee.views import initiatives as score_views

    real_member_sheet = score_views.member_sheet

    def read_then_happen(user, read):
        member = real_member_sheet(user, read)
        happen()
        return member

    monkeypatch.setattr(score_views, "member_sheet", read_then_happen)


def test_member_submits_a_complete_score_sheet(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:score", args=[initiative.pk]),
        sheet_data(initiative, [18, 16, 15.5, 20, 10], ["Rất sáng tạo", "", "", "", "Cần duy trì"]),
    )

    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(initiative=initiative, member=world.member)
    assert sheet.submitted_at is not None
    assert sheet.total == Decimal("79.5")
    assert sheet.items.get(criterion=criteria_of(initiative)[0]).comment == "Rất sáng tạo"


def test_a_draft_may_be_incomplete_and_stays_editable(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)
    url = reverse("committee:score", args=[initiative.pk])

    client.post(url, sheet_data(initiative, [10, None, None, None, None], button="save_draft"))
    response = client.post(url, sheet_data(initiative, [12, 12, None, None, None], button="save_draft"))

    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(initiative=initiative, member=world.member)
    assert sheet.submitted_at is None
    assert sheet.total == 24
    assert sheet.items.count() == 2


def test_submitting_with_a_missing_criterion_is_refused_and_keeps_the_input(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:score", args=[initiative.pk]),
        sheet_data(initiative, [10, 11, 12, 13, None], ["Nhận xét giữ lại", "", "", "", ""]),
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Hãy chấm điểm tiêu chí “Bền vững” trước khi nộp phiếu." in body
    assert "Nhận xét giữ lại" in body
    assert 'value="13"' in body
    assert not ScoreSheet.objects.filter(initiative=initiative, member=world.member).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("21", "Điểm tiêu chí “Sáng tạo, tiết kiệm” tối đa là 20."),
        ("-1", "Điểm tiêu chí “Sáng tạo, tiết kiệm” không được âm."),
        ("abc", "Điểm tiêu chí “Sáng tạo, tiết kiệm” phải là một số."),
    ],
)
def test_points_outside_zero_to_max_are_refused_with_a_clear_message(client, world, value, message):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    data = sheet_data(initiative, [0, 10, 10, 10, 10], button="save_draft")
    data[f"points_{criteria_of(initiative)[0].pk}"] = value
    response = client.post(reverse("committee:score", args=[initiative.pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_refused_comment_is_marked_beside_it_with_why(client, world):
    # Only hostile input reaches it (a NUL character), but the sheet says "fix what is marked below".
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)
    first = criteria_of(initiative)[0]

    data = sheet_data(initiative, [10, 10, 10, 10, 10], comments=["Tốt\x00", "", "", "", ""], button="save_draft")
    response = client.post(reverse("committee:score", args=[initiative.pk]), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert f'aria-describedby="id_comment_{first.pk}-error"' in html
    assert f'<div class="invalid-feedback" id="id_comment_{first.pk}-error">' in html


def test_a_submitted_sheet_is_read_only(client, world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member, 75)
    client.force_login(world.member)

    page = client.get(reverse("committee:score", args=[initiative.pk]))
    response = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative, [1, 1, 1, 1, 1]))

    assert page.context["form"] is None
    assert "data-own-sheet" in page.content.decode()
    assert response.status_code == 403
    assert ScoreSheet.objects.get(initiative=initiative, member=world.member).total == 75


def test_a_member_sees_others_sheets_only_after_submitting_their_own(client, world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member2, 64)
    client.force_login(world.member)
    url = reverse("committee:score", args=[initiative.pk])

    before = client.get(url)
    client.post(url, sheet_data(initiative, [20, 20, 20, 10, 10]))
    after = client.get(url)

    assert before.context["sheets"] == []
    assert 'data-sheet-member="member2"' not in before.content.decode()
    assert "data-hidden-sheets" in before.content.decode()
    assert before.context["sheet_count"] == 1
    assert 'data-sheet-member="member2"' in after.content.decode()
    assert after.context["sheet_count"] == 2
    assert after.context["mean"] == Decimal("72.00")


def test_a_member_does_not_see_the_mean_before_submitting_their_own_sheet(client, world):
    # With one sheet in, the mean is that colleague's total: showing it breaks blind scoring.
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member2, 64)
    client.force_login(world.member)

    response = client.get(reverse("committee:score", args=[initiative.pk]))

    body = response.content.decode()
    assert response.context["mean"] is None
    assert "64,00" not in body
    assert "Chưa đạt ngưỡng" not in body
    assert response.context["sheet_count"] == 1


def test_a_draft_does_not_unlock_the_others_sheets(client, world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member2, 64)
    client.force_login(world.member)
    url = reverse("committee:score", args=[initiative.pk])

    client.post(url, sheet_data(initiative, [20, None, None, None, None], button="save_draft"))
    response = client.get(url)

    assert response.context["sees_others"] is False


@pytest.mark.parametrize("who", ["chair", "secretary"])
def test_chair_and_secretariat_see_who_scored_what_without_scoring(client, world, who):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member, 80)
    score(initiative, world.member2, 70)
    client.force_login(getattr(world, who))

    response = client.get(reverse("committee:score", args=[initiative.pk]))

    body = response.content.decode()
    assert 'data-sheet-member="member"' in body
    assert 'data-sheet-member="member2"' in body
    assert response.context["mean"] == Decimal("75.00")
    assert response.context["passes"] is True


def test_mean_below_threshold_is_shown_as_not_passing(client, world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member, 60)
    client.force_login(world.chair)

    response = client.get(reverse("committee:score", args=[initiative.pk]))

    assert response.context["passes"] is False
    assert "Chưa đạt ngưỡng" in response.content.decode()


@pytest.mark.parametrize("state", ["approved", "recognized"])
def test_scoring_outside_a_recognition_request_is_view_only(client, world, state):
    initiative = world.initiative(state)
    client.force_login(world.member)

    page = client.get(reverse("committee:score", args=[initiative.pk]))
    post = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative, [20] * 5))

    assert page.status_code == 200
    assert page.context["form"] is None
    assert post.status_code == 403
    assert not ScoreSheet.objects.filter(initiative=initiative, member=world.member).exists()


def test_an_administrator_without_a_seat_views_but_does_not_score(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.admin)

    page = client.get(reverse("committee:score", args=[initiative.pk]))
    post = client.post(reverse("committee:score", args=[initiative.pk]), sheet_data(initiative, [20] * 5))

    assert page.context["form"] is None
    assert post.status_code == 403


def test_a_sheet_sent_as_the_recognition_is_declined_answers_409_with_why_and_keeps_what_was_typed(
    client, world, monkeypatch
):
    from models_registry import lifecycle
    from models_registry.models import Initiative

    initiative = world.initiative("recognition_requested")
    # The page has read the initiative and the member's seat; another leader declines it now.
    once_the_page_has_read(
        monkeypatch,
        lambda: lifecycle.apply(
            Initiative.objects.get(pk=initiative.pk), "decline_recognition", world.chair, comment="Chưa đạt."
        ),
    )
    client.force_login(world.member)

    response = client.post(
        reverse("committee:score", args=[initiative.pk]),
        sheet_data(initiative, [18, 16, 15, 20, 10], ["Rất sáng tạo", "", "", "", ""]),
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Chỉ chấm điểm khi hồ sơ đang đề nghị công nhận" in html
    assert "Rất sáng tạo" in html and 'value="18"' in html
    assert not ScoreSheet.objects.filter(initiative=initiative, member=world.member).exists()


def test_a_sheet_submitted_from_another_tab_meanwhile_answers_409_with_the_one_wording_and_keeps_what_was_typed(
    client, world, monkeypatch
):
    initiative = world.initiative("recognition_requested")
    # This tab has read the member's draft; the member's other tab submits the sheet now.
    once_the_page_has_read(monkeypatch, lambda: score(initiative, world.member, 75))
    client.force_login(world.member)

    response = client.post(
        reverse("committee:score", args=[initiative.pk]),
        sheet_data(initiative, [18, 16, 15, 20, 10], ["Rất sáng tạo", "", "", "", ""], button="save_draft"),
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Bạn đã nộp phiếu chấm điểm; phiếu đã nộp không thể sửa." in html
    assert "Rất sáng tạo" in html and 'value="18"' in html
    assert ScoreSheet.objects.get(initiative=initiative, member=world.member).total == 75
