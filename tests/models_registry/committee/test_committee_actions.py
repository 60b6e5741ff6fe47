"""The committee's lifecycle actions in the browser: appraisal, approve / return / reject, bulk approve."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import CampaignState
from campaigns.submissions import new_token
from models_registry.models import State, TransitionLog
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def act_url(initiative, action: str) -> str:
    return reverse("committee:act", args=[initiative.pk, action])


# ----- approve ------------------------------------------------------------------------------
def test_member_approves_a_submitted_registration_with_a_plan_and_supporting_cadres(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        act_url(initiative, "approve"),
        {
            "approve-plan_note": "Hỗ trợ tổ chức ra mắt trong tháng 3.",
            "approve-supporting_cadres": [world.member.pk, world.chair.pk],
            "approve-confirmed_criteria": "50 hộ tham gia.",
        },
    )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED
    assert initiative.plan_note == "Hỗ trợ tổ chức ra mắt trong tháng 3."
    assert initiative.confirmed_criteria == "50 hộ tham gia."
    assert set(initiative.supporting_cadres.values_list("username", flat=True)) == {"member", "chair"}
    assert TransitionLog.objects.filter(initiative=initiative, action="approve", actor=world.member).count() == 1


def test_approve_without_a_plan_note_is_refused_with_400_and_keeps_the_input(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        act_url(initiative, "approve"),
        {"approve-plan_note": "  ", "approve-confirmed_criteria": "Tiêu chí giữ lại"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Hãy nhập kế hoạch, định hướng của Ban Chỉ đạo." in body
    assert "Tiêu chí giữ lại" in body
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_supporting_cadre_outside_the_covering_committees_is_refused(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        act_url(initiative, "approve"),
        {"approve-plan_note": "Kế hoạch.", "approve-supporting_cadres": [world.staff2.pk]},
    )

    assert response.status_code == 400
    assert "Cán bộ hỗ trợ phải là thành viên Ban Chỉ đạo" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_secretariat_of_the_province_approves_in_its_subtree(client, world):
    initiative = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.secretary)

    response = client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED


def test_approving_an_already_approved_initiative_lands_on_its_page_saying_so(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."}, follow=True)

    assert response.redirect_chain[-1][0] == initiative.get_absolute_url()
    assert "Đã duyệt" in response.content.decode()
    assert "không còn áp dụng" in response.content.decode()


def test_member_outside_the_subtree_cannot_approve_and_gets_404(client, world):
    initiative = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."})

    assert response.status_code == 404
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_unit_staff_cannot_approve_their_own_registration(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.staff)

    response = client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."})

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_nothing_changes_once_the_campaign_is_summarized(client, world):
    initiative = world.initiative("submitted")
    world.campaign.state = CampaignState.SUMMARIZED
    world.campaign.save()
    client.force_login(world.chair)

    response = client.post(act_url(initiative, "approve"), {"approve-plan_note": "Kế hoạch."}, follow=True)

    assert response.redirect_chain[-1][0] == initiative.get_absolute_url()
    assert "tổng kết" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_unknown_action_is_404(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.get(act_url(initiative, "explode"))

    assert response.status_code == 404


def test_recognize_link_leads_to_the_recognition_page(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.chair)

    response = client.get(act_url(initiative, "recognize"))

    assert response.status_code == 302
    assert response["Location"] == reverse("committee:recognition")


# ----- return / reject ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("action", "target", "message"),
    [
        ("return_for_revision", State.RETURNED, "Hãy nhập nội dung cần điều chỉnh."),
        ("reject", State.REJECTED, "Hãy nhập lý do không duyệt."),
    ],
)
def test_member_returns_or_rejects_with_a_comment(client, world, action, target, message):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(act_url(initiative, action), {f"{action}-comment": "Ghi rõ địa chỉ cụ thể."})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == target
    assert initiative.logs.last().comment == "Ghi rõ địa chỉ cụ thể."


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("return_for_revision", "Hãy nhập nội dung cần điều chỉnh."),
        ("reject", "Hãy nhập lý do không duyệt."),
    ],
)
def test_return_or_reject_without_a_comment_is_refused_with_400(client, world, action, message):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(act_url(initiative, action), {f"{action}-comment": ""})

    assert response.status_code == 400
    assert message in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_rejecting_a_returned_registration_lands_on_its_page(client, world):
    initiative = world.initiative("returned")
    client.force_login(world.member)

    response = client.post(act_url(initiative, "reject"), {"reject-comment": "Trùng."})

    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    initiative.refresh_from_db()
    assert initiative.state == State.RETURNED


# ----- request more evidence / decline recognition ------------------------------------------
@pytest.mark.parametrize(
    ("action", "target"),
    [("request_more_evidence", State.APPROVED), ("decline_recognition", State.NOT_RECOGNIZED)],
)
@pytest.mark.parametrize("who", ["member", "chair", "secretary"])
def test_any_member_in_scope_answers_a_recognition_request(client, world, action, target, who):
    initiative = world.initiative("recognition_requested")
    client.force_login(getattr(world, who))

    response = client.post(act_url(initiative, action), {f"{action}-comment": "Bổ sung biên bản họp."})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == target


@pytest.mark.parametrize("action", ["request_more_evidence", "decline_recognition"])
def test_recognition_answers_need_a_comment(client, world, action):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    response = client.post(act_url(initiative, action), {f"{action}-comment": ""})

    assert response.status_code == 400
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REQUESTED


def test_declining_recognition_of_an_approved_initiative_lands_on_its_page(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(act_url(initiative, "decline_recognition"), {"decline_recognition-comment": "Không."})

    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED


def test_a_lost_race_shows_someone_else_already_acted(client, world, monkeypatch):
    initiative = world.initiative("submitted")
    client.force_login(world.member)
    from models_registry import lifecycle

    real_apply = lifecycle.apply

    def approve_first(obj, action, actor, **params):
        # Another member approves between our page load and our compare-and-set.
        other = type(obj).objects.get(pk=obj.pk)
        real_apply(other, "approve", world.chair, plan_note="Người khác duyệt trước.")
        return real_apply(obj, action, actor, **params)

    monkeypatch.setattr(lifecycle, "apply", approve_first)

    response = client.post(act_url(initiative, "reject"), {"reject-comment": "Trùng nội dung."})

    assert response.status_code == 409
    assert "Người khác đã thay đổi hồ sơ này" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED
    assert initiative.logs.filter(action="reject").count() == 0


def test_after_acting_the_user_returns_to_a_safe_next_url_only(client, world):
    first = world.initiative("submitted")
    second = world.initiative("submitted")
    client.force_login(world.member)

    inside = client.post(
        act_url(first, "approve"), {"approve-plan_note": "Kế hoạch.", "next": reverse("committee:home")}
    )
    outside = client.post(
        act_url(second, "approve"), {"approve-plan_note": "Kế hoạch.", "next": "https://example.com/"}
    )

    assert inside["Location"] == reverse("committee:home")
    assert outside["Location"] == reverse("staff:initiative_detail", args=[second.pk])


# ----- appraisal page -----------------------------------------------------------------------
def test_appraisal_page_shows_the_registration_and_the_three_action_forms(client, world):
    initiative = world.initiative("submitted", address="Số 12 ấp Phú Hòa")
    client.force_login(world.member)

    response = client.get(reverse("committee:appraise", args=[initiative.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Số 12 ấp Phú Hòa" in body
    for action in ("return_for_revision", "approve", "reject"):
        assert f'data-transition="{action}"' in body
    assert 'name="approve-supporting_cadres"' in body


def test_appraisal_page_flags_a_recognized_initiative_coming_back_as_new(client, world):
    from tests.factories import CampaignFactory

    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    old = InitiativeFactory(campaign=last_year, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm vì người nghèo")
    # Recognized last year: set the outcome directly, as history imported from before DVK would be.
    type(old).objects.filter(pk=old.pk).update(state=State.RECOGNIZED)
    new = InitiativeFactory(campaign=world.campaign, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm vì người nghèo")
    type(new).objects.filter(pk=new.pk).update(state=State.SUBMITTED)
    client.force_login(world.member)

    response = client.get(reverse("committee:appraise", args=[new.pk]))

    body = response.content.decode()
    assert "data-twin-warning" in body
    assert str(last_year.year) in body
    assert "data-similar" in body
    # Before the registration text, so a member on a phone meets it without scrolling past it.
    assert body.index("data-twin-warning") < body.index('id="content-title"')


def test_the_committee_pages_show_an_initiative_state_in_its_colour_as_the_unit_pages_do(client, world):
    # The appraisal page's head painted every state grey, its history every state but "recognized";
    # the unit's pages use the state badge (one colour per state, dvk.css).
    from tests.factories import CampaignFactory

    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    old = InitiativeFactory(campaign=last_year, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm vì người nghèo")
    type(old).objects.filter(pk=old.pk).update(state=State.RECOGNITION_REVOKED)
    new = InitiativeFactory(campaign=world.campaign, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm vì người nghèo")
    type(new).objects.filter(pk=new.pk).update(state=State.SUBMITTED)
    client.force_login(world.member)

    body = client.get(reverse("committee:appraise", args=[new.pk])).content.decode()

    assert 'dvk-state-submitted" data-state="submitted">Đã đăng ký, chờ thẩm định</span>' in body
    assert 'dvk-state-recognition_revoked" data-state="recognition_revoked">Đã bị thu hồi công nhận</span>' in body
    assert "text-bg-secondary" not in body.split("data-history")[1].split("</section>")[0]


def test_appraisal_page_without_history_says_so_and_shows_no_warning(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.get(reverse("committee:appraise", args=[initiative.pk]))

    body = response.content.decode()
    assert "data-twin-warning" not in body
    assert "Đơn vị chưa có mô hình nào ở các năm trước." in body


def test_appraisal_page_of_an_approved_initiative_offers_no_appraisal_forms(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.get(reverse("committee:appraise", args=[initiative.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "data-transition" not in body
    assert "không chờ thẩm định" in body


# ----- bulk approve -------------------------------------------------------------------------
def test_bulk_approve_reports_per_item_what_succeeded_and_what_was_refused(client, world):
    first = world.initiative("submitted")
    second = world.initiative("submitted")
    already = world.initiative("approved")
    outside = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.post(
        reverse("committee:bulk_approve"),
        {"initiatives": [first.pk, second.pk, already.pk, outside.pk], "plan_note": "Kế hoạch chung."},
        follow=True,
    )

    body = response.content.decode()
    assert response.redirect_chain == [(reverse("committee:bulk_approve"), 302)]
    assert response.status_code == 200
    assert body.count('data-outcome="ok"') == 2
    assert body.count('data-outcome="refused"') == 1
    assert body.count('data-outcome="missing"') == 1
    assert "Không thể thực hiện thao tác này khi đang ở trạng thái “Đã duyệt”." in body
    for initiative in (first, second):
        initiative.refresh_from_db()
        assert initiative.state == State.APPROVED
        assert initiative.plan_note == "Kế hoạch chung."
    outside.refresh_from_db()
    assert outside.state == State.SUBMITTED


def test_bulk_approve_without_a_plan_note_changes_nothing(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(reverse("committee:bulk_approve"), {"initiatives": [initiative.pk], "plan_note": ""})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Hãy nhập kế hoạch, định hướng chung cho các hồ sơ được duyệt." in messages


def test_bulk_approve_without_a_selection_says_so(client, world):
    client.force_login(world.member)

    response = client.post(reverse("committee:bulk_approve"), {"plan_note": "Kế hoạch."}, follow=True)

    assert "Hãy chọn ít nhất một hồ sơ để duyệt." in response.content.decode()


def test_reloading_the_bulk_report_shows_the_same_report_and_approves_nothing_again(client, world):
    # The report used to be the POST's own response: a reload posted the selection again and
    # reported the rows just approved as refused ("already approved").
    initiative = world.initiative("submitted")
    client.force_login(world.member)
    client.post(reverse("committee:bulk_approve"), {"initiatives": [initiative.pk], "plan_note": "Kế hoạch."})

    reloaded = client.get(reverse("committee:bulk_approve"))

    body = reloaded.content.decode()
    assert reloaded.status_code == 200
    assert body.count('data-outcome="ok"') == 1
    assert 'data-outcome="refused"' not in body
    assert TransitionLog.objects.filter(initiative=initiative, action="approve").count() == 1


def test_a_double_clicked_bulk_approval_reports_the_rows_as_approved_not_refused(client, world):
    # The browser shows the second post's report: the rows the first post approved must not
    # read "could not approve: already approved".
    first, second = world.initiative("submitted"), world.initiative("submitted")
    client.force_login(world.member)
    data = {"initiatives": [first.pk, second.pk], "plan_note": "Kế hoạch chung.", "form_token": new_token()}
    client.post(reverse("committee:bulk_approve"), data)

    again = client.post(reverse("committee:bulk_approve"), data, follow=True)

    body = again.content.decode()
    assert body.count('data-outcome="ok"') == 2
    assert 'data-outcome="refused"' not in body
    assert TransitionLog.objects.filter(action="approve", initiative__in=[first, second]).count() == 2


def test_rows_approved_earlier_by_someone_else_are_still_reported_as_refused(client, world):
    already = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:bulk_approve"),
        {"initiatives": [already.pk], "plan_note": "Kế hoạch chung."},
        follow=True,
    )

    assert 'data-outcome="refused"' in response.content.decode()


def test_bulk_report_without_a_bulk_approval_goes_back_to_the_queue(client, world):
    client.force_login(world.member)

    response = client.get(reverse("committee:bulk_approve"))

    assert response.status_code == 302
    assert response["Location"] == reverse("committee:home")


def test_bulk_approve_is_refused_to_unit_staff(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.staff)

    get = client.get(reverse("committee:bulk_approve"))
    post = client.post(reverse("committee:bulk_approve"), {"initiatives": [initiative.pk], "plan_note": "Kế hoạch."})

    assert get.status_code == 403
    assert post.status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
