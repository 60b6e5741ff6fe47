"""The registry's admin: scoped changelists, transitions through the entry point, history kept."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from campaigns.models import CampaignState
from models_registry.management.commands.seed_demo import Command as SeedDemo
from models_registry.models import (
    STALE_EDIT,
    Commendation,
    CommendationKind,
    Initiative,
    RecognitionDecision,
    State,
    TransitionLog,
)
from tests.jobs.helpers import export

from ..conftest import score

CHANGELIST_BUDGET = 14


@pytest.fixture
def committee_rights(world):
    """Give the committee users the admin rights that seed_demo gives the "Ban Chỉ đạo" group."""
    group = SeedDemo().committee_group()
    for user in (world.chair, world.secretary, world.member, world.member2):
        user.groups.add(group)
    return group


def changelist(name: str) -> str:
    return reverse(f"admin:models_registry_{name}_changelist")


def change_url(initiative) -> str:
    return reverse("admin:models_registry_initiative_change", args=[initiative.pk])


def transition_url(initiative, action: str) -> str:
    return reverse("admin:models_registry_initiative_transition", args=[initiative.pk, action])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post_action(client, action: str, initiatives, **data):
    payload = {"action": action, ACTION_CHECKBOX_NAME: [i.pk for i in initiatives], **data}
    return client.post(changelist("initiative"), payload, follow=True)


# ----- changelists -----------------------------------------------------------------------------
@pytest.fixture
def recognized_three(world):
    initiatives = [world.initiative("recognized") for _ in range(3)]
    for i, initiative in enumerate(initiatives):
        # The member's own sheet too: blind scoring shows a member others' sheets only once theirs is in.
        score(initiative, world.member, 85)
        Commendation.objects.create(
            initiative=initiative,
            kind=CommendationKind.CERTIFICATE_OF_MERIT,
            authority="Ủy ban nhân dân tỉnh",
            decision_number=f"{i}/QĐ-UBND",
            decided_on=datetime.date(2026, 11, 1),
            recipient="Ấp Phú Hòa",
        )
    return initiatives


@pytest.mark.parametrize(
    "model",
    [
        "initiative",
        "transitionlog",
        "inspection",
        "scoresheet",
        "recognitiondecision",
        "commendation",
        "attachment",
        "scoreitem",
    ],
)
@pytest.mark.parametrize("username", ["admin", "member"])
def test_each_registry_changelist_stays_within_a_fixed_query_budget(
    client, world, recognized_three, committee_rights, django_assert_max_num_queries, model, username
):
    client.force_login(getattr(world, username))

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = client.get(changelist(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 3


def test_the_initiative_changelist_costs_the_same_with_more_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.member)
    for _ in range(3):
        world.initiative("submitted")
    SeedDemo().committee_group().user_set.add(world.member)

    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response = client.get(changelist("initiative"), {"state__exact": "submitted", "q": "mo hinh"})

    assert response.context["cl"].result_count == 3


def test_a_committee_member_sees_only_initiatives_of_their_subtree(client, world, committee_rights):
    mine = world.initiative("submitted", name="Camera an ninh tự quản ấp Phú Hòa")
    other = world.initiative("submitted", unit=world.other_hamlet, name="Tủ sách nhân ái khóm 3")
    client.force_login(world.member)

    response = client.get(changelist("initiative"))

    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert shown == {mine.pk}
    assert other.pk not in shown
    assert client.get(change_url(other)).status_code == 302  # "does not exist" redirect, never the record


def test_records_hanging_off_initiatives_are_scoped_too(client, world, committee_rights):
    world.initiative("recognition_requested")
    world.initiative("recognition_requested", unit=world.other_hamlet)
    client.force_login(world.member)

    inspections = client.get(changelist("inspection")).context["cl"].result_list
    logs = client.get(changelist("transitionlog")).context["cl"].result_list

    assert {i.initiative.unit_id for i in inspections} == {world.hamlet.pk}
    assert {log.initiative.unit_id for log in logs} == {world.hamlet.pk}


@pytest.mark.parametrize("term", ["dan van kheo", "DÂN VẬN KHÉO", "Da\u0302n va\u0323\u0302n khe\u0301o"])
def test_admin_search_is_accent_insensitive(client, world, term):
    found = world.initiative("draft", name="Dân vận khéo giữ gìn đường làng")
    world.initiative("draft", name="Tủ sách nhân ái")
    client.force_login(world.admin)

    response = client.get(changelist("initiative"), {"q": term})

    assert [obj.pk for obj in response.context["cl"].result_list] == [found.pk]


def test_the_state_is_read_only_on_the_change_page(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.admin)

    response = client.get(change_url(initiative))

    assert "state" not in response.context["adminform"].form.fields
    assert "state" in response.context["adminform"].readonly_fields


# ----- bulk actions ----------------------------------------------------------------------------
def test_bulk_approve_first_asks_for_the_plan_note(client, world, committee_rights):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = post_action(client, "approve_selected", [initiative])

    assert response.status_code == 200
    assert "plan_note" in response.context["form"].fields
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_bulk_approve_applies_the_plan_to_each_selected_initiative(client, world, committee_rights):
    initiatives = [world.initiative("submitted") for _ in range(3)]
    client.force_login(world.member)

    response = post_action(client, "approve_selected", initiatives, apply="1", plan_note="Hỗ trợ kỹ thuật.")

    assert {i.state for i in Initiative.objects.filter(pk__in=[i.pk for i in initiatives])} == {State.APPROVED}
    assert TransitionLog.objects.filter(action="approve", actor=world.member).count() == 3
    assert any("3 hồ sơ" in text for text in texts(response))


def test_bulk_approve_reports_each_refusal_with_its_reason(client, world, committee_rights):
    submitted = world.initiative("submitted")
    draft = world.initiative("draft", name="Đường hoa nông thôn mới")
    client.force_login(world.member)

    response = post_action(client, "approve_selected", [submitted, draft], apply="1", plan_note="Hỗ trợ.")

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.state == State.APPROVED
    assert draft.state == State.DRAFT
    assert any("Đường hoa nông thôn mới" in text and "Bản nháp" in text for text in texts(response))


def test_bulk_approve_without_a_plan_note_keeps_the_form_and_moves_nothing(client, world, committee_rights):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = post_action(client, "approve_selected", [initiative], apply="1", plan_note="  ")

    assert response.context["form"].errors["plan_note"]
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


@pytest.mark.parametrize(
    ("action", "state", "target"),
    [
        ("return_selected", State.SUBMITTED, State.RETURNED),
        ("reject_selected", State.SUBMITTED, State.REJECTED),
        ("decline_selected", State.RECOGNITION_REQUESTED, State.NOT_RECOGNIZED),
    ],
)
def test_bulk_comment_actions_move_through_the_entry_point(client, world, committee_rights, action, state, target):
    initiative = world.initiative(state)
    client.force_login(world.member)

    post_action(client, action, [initiative], apply="1", comment="Chưa đạt yêu cầu.")

    initiative.refresh_from_db()
    assert initiative.state == target
    assert initiative.logs.last().comment == "Chưa đạt yêu cầu."


def _ready_for_recognition(world, count=3):
    initiatives = [world.initiative("recognition_requested") for _ in range(count)]
    for initiative in initiatives:
        score(initiative, world.chair, 90)
        score(initiative, world.secretary, 80)
    return initiatives


def test_bulk_recognize_issues_one_decision_for_all_selected(client, world, committee_rights):
    initiatives = _ready_for_recognition(world)
    client.force_login(world.chair)

    response = post_action(
        client,
        "recognize_selected",
        initiatives,
        apply="1",
        number="12/QĐ-BCĐ",
        decided_on="2026-11-20",
        signer="Nguyễn Văn Hùng",
        note="",
    )

    decision = RecognitionDecision.objects.get(number="12/QĐ-BCĐ")
    assert set(decision.initiatives.values_list("pk", flat=True)) == {i.pk for i in initiatives}
    assert set(decision.initiatives.values_list("state", flat=True)) == {State.RECOGNIZED}
    assert any("12/QĐ-BCĐ" in text and "3 hồ sơ" in text for text in texts(response))


def test_bulk_recognize_is_all_or_none_and_names_what_failed(client, world, committee_rights):
    ready = _ready_for_recognition(world, count=2)
    unscored = world.initiative("recognition_requested", name="Tổ hòa giải chưa chấm điểm")
    client.force_login(world.chair)

    response = post_action(
        client,
        "recognize_selected",
        [*ready, unscored],
        apply="1",
        number="13/QĐ-BCĐ",
        decided_on="2026-11-20",
        signer="Nguyễn Văn Hùng",
    )

    assert not RecognitionDecision.objects.filter(number="13/QĐ-BCĐ").exists()
    assert set(Initiative.objects.filter(pk__in=[i.pk for i in ready]).values_list("state", flat=True)) == {
        State.RECOGNITION_REQUESTED
    }
    assert any("Tổ hòa giải chưa chấm điểm" in text and "phiếu chấm điểm" in text for text in texts(response))
    assert response.context["form"].data["number"] == "13/QĐ-BCĐ"  # what was typed stays


def test_a_member_cannot_recognize_and_is_told_so(client, world, committee_rights):
    initiatives = _ready_for_recognition(world, count=1)
    client.force_login(world.member)

    response = post_action(
        client, "recognize_selected", initiatives, apply="1", number="1", decided_on="2026-11-20", signer="X"
    )

    assert any("Vai trò của bạn không được phép" in text for text in texts(response))
    assert not RecognitionDecision.objects.exists()


# ----- moves from the object page -------------------------------------------------------------
def test_the_change_page_offers_one_button_per_allowed_move(client, world, committee_rights):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.get(change_url(initiative))

    html = response.content.decode()
    for action in ("approve", "return_for_revision", "reject"):
        assert f'data-transition="{action}"' in html
    for action in ("submit", "recognize", "withdraw"):
        assert f'data-transition="{action}"' not in html


@pytest.mark.parametrize(
    ("state", "action", "actor", "data", "target"),
    [
        ("draft", "submit", "admin", {}, State.SUBMITTED),
        ("submitted", "return_for_revision", "member", {"comment": "Ghi rõ địa chỉ."}, State.RETURNED),
        ("submitted", "approve", "member", {"plan_note": "Hỗ trợ kỹ thuật."}, State.APPROVED),
        ("submitted", "reject", "member", {"comment": "Trùng nội dung."}, State.REJECTED),
        ("approved", "request_recognition", "admin", {"results_report": "Đạt mục tiêu."}, None),
        ("recognition_requested", "request_more_evidence", "member", {"comment": "Thêm ảnh."}, State.APPROVED),
        ("recognition_requested", "decline_recognition", "member", {"comment": "Chưa đạt."}, State.NOT_RECOGNIZED),
        ("approved", "withdraw", "admin", {"comment": "Đơn vị rút."}, State.WITHDRAWN),
    ],
)
def test_the_transition_page_asks_what_the_move_needs_then_applies_it(
    client, world, committee_rights, state, action, actor, data, target
):
    initiative = world.initiative(state)
    if action == "request_recognition":
        from models_registry.evidence import save_attachments

        from ..conftest import add_inspection, png_file

        add_inspection(initiative, world.chair)
        save_attachments(initiative, [png_file()], world.staff)
        target = State.RECOGNITION_REQUESTED
    client.force_login(getattr(world, actor))

    form_page = client.get(transition_url(initiative, action))
    response = client.post(transition_url(initiative, action), data)

    assert form_page.status_code == 200
    assert f'data-transition="{action}"' in form_page.content.decode()
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == target
    assert initiative.logs.last().action == action


def test_the_transition_page_recognizes_with_a_decision(client, world, committee_rights):
    (initiative,) = _ready_for_recognition(world, count=1)
    client.force_login(world.chair)

    client.post(
        transition_url(initiative, "recognize"),
        {"number": "7/QĐ-BCĐ", "decided_on": "2026-11-20", "signer": "Nguyễn Văn Hùng"},
    )

    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED
    assert initiative.decision.number == "7/QĐ-BCĐ"


def test_a_move_without_what_it_needs_keeps_the_form_and_changes_nothing(client, world, committee_rights):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(transition_url(initiative, "return_for_revision"), {"comment": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_a_refused_move_shows_a_vietnamese_message_not_an_error_page(client, world, committee_rights):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    response = client.get(transition_url(initiative, "recognize"), follow=True)

    assert response.status_code == 200
    assert any("Vai trò của bạn không được phép “Công nhận”" in text for text in texts(response))


def test_a_lost_race_is_reported_as_a_message(client, world, committee_rights):
    initiative = world.initiative("submitted")
    client.force_login(world.member)
    page = client.get(transition_url(initiative, "approve"))
    # Someone else approves first, between the page and the click.
    from models_registry import lifecycle

    lifecycle.apply(Initiative.objects.get(pk=initiative.pk), "approve", world.chair, plan_note="Trước.")

    response = client.post(transition_url(initiative, "approve"), {"plan_note": "Sau."}, follow=True)

    assert page.status_code == 200
    assert response.status_code == 200
    assert any("Đã duyệt" in text for text in texts(response))
    assert initiative.logs.filter(action="approve").count() == 1


def test_an_initiative_outside_the_scope_has_no_transition_page(client, world, committee_rights):
    initiative = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.post(transition_url(initiative, "approve"), {"plan_note": "Hỗ trợ."})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


# ----- history and freezing --------------------------------------------------------------------
def test_an_initiative_with_history_cannot_be_deleted(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_initiative_delete", args=[initiative.pk]), {"post": "yes"}, follow=True
    )

    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert any("Rút đăng ký" in text for text in texts(response))


def test_bulk_delete_refuses_initiatives_with_history(client, world):
    with_history = world.initiative("submitted")
    client.force_login(world.admin)

    response = post_action(client, "delete_selected", [with_history], post="yes")

    assert Initiative.objects.filter(pk=with_history.pk).exists()
    assert any("Rút đăng ký" in text for text in texts(response))


def test_a_draft_without_history_can_be_deleted_by_an_administrator(client, world):
    draft = world.initiative("draft")
    client.force_login(world.admin)

    client.post(reverse("admin:models_registry_initiative_delete", args=[draft.pk]), {"post": "yes"})

    assert not Initiative.objects.filter(pk=draft.pk).exists()


def test_the_history_inline_is_read_only(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.admin)

    response = client.get(change_url(initiative))

    inline = next(f for f in response.context["inline_admin_formsets"] if f.opts.model is TransitionLog)
    assert not inline.has_add_permission and not inline.has_change_permission and not inline.has_delete_permission
    assert len(inline.formset.forms) == 2


def test_an_initiative_of_a_summarized_campaign_is_view_only(client, world):
    initiative = world.initiative("recognized")
    type(world.campaign).objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    client.force_login(world.admin)

    response = client.get(change_url(initiative))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'data-transition="' not in response.content.decode()


def test_a_stale_admin_edit_is_refused_with_the_input_kept(client, world):
    initiative = world.initiative("draft")
    client.force_login(world.admin)
    page = client.get(change_url(initiative))
    form = page.context["adminform"].form
    assert f'name="expected_version" value="{initiative.version}"' in page.content.decode()
    data = {name: form[name].value() or "" for name in form.fields if name not in ("continues", "replicates")}
    data.update({"name": "Tên tôi vừa sửa", "_save": "1", "logs-TOTAL_FORMS": 0, "logs-INITIAL_FORMS": 0})
    data.update({"attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0})
    fresh = Initiative.objects.get(pk=initiative.pk)
    fresh.name = "Người khác đã sửa"
    fresh.save_edit(expected_version=fresh.version)

    response = client.post(change_url(initiative), data)

    assert response.status_code == 200
    assert "Tên tôi vừa sửa" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).name == "Người khác đã sửa"
    # The unit's page says the same words (one refusal, one wording).
    assert str(STALE_EDIT) in response.content.decode()


# ----- exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("action", "content_type"), [("export_csv", "text/csv"), ("export_xlsx", "spreadsheetml")])
def test_export_actions_return_a_file_of_the_selected_rows(client, world, action, content_type):
    initiatives = [world.initiative("submitted") for _ in range(3)]
    client.force_login(world.admin)

    # The action makes a job; the test follows it to the file.
    response = export(
        client, changelist("initiative"), {"action": action, ACTION_CHECKBOX_NAME: [i.pk for i in initiatives]}, "post"
    )

    assert response.status_code == 200
    assert content_type in response["Content-Type"]


# ----- records entered in the admin ------------------------------------------------------------
def _inspection_data(initiative, inspector) -> dict:
    return {
        "initiative": initiative.pk,
        "inspected_on": "2026-11-20",
        "inspectors": [inspector.pk],
        "completion": 80,
        "effectiveness": "good",
        "findings": "Triển khai đúng kế hoạch.",
        "recommendations": "",
    }


def test_a_member_records_an_inspection_of_an_approved_initiative(client, world, committee_rights):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(reverse("admin:models_registry_inspection_add"), _inspection_data(initiative, world.member))

    assert response.status_code == 302
    inspection = initiative.inspections.get()
    assert inspection.created_by == world.member
    initiative.refresh_from_db()
    assert initiative.last_inspected_on == datetime.date(2026, 11, 20)


def test_an_inspection_entered_in_the_admin_tells_the_unit_as_the_page_does(
    client, world, committee_rights, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    initiative = world.initiative("approved")
    client.force_login(world.member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:models_registry_inspection_add"), _inspection_data(initiative, world.member)
        )

    assert response.status_code == 302
    inspection = initiative.inspections.get()
    assert list(inspection.inspectors.all()) == [world.member]
    told = Notification.objects.filter(kind="inspection_recorded", object_id=initiative.pk)
    assert list(told.values_list("recipient__username", "comment")) == [
        (world.staff.username, "Triển khai đúng kế hoạch.")
    ]


def test_an_inspection_of_an_initiative_not_yet_approved_is_refused_with_a_reason(client, world, committee_rights):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(reverse("admin:models_registry_inspection_add"), _inspection_data(initiative, world.member))

    assert response.status_code == 200
    assert "Chỉ kiểm tra mô hình đã được duyệt" in response.content.decode()
    assert not initiative.inspections.exists()


def test_the_admin_and_the_inspection_page_refuse_an_initiative_not_yet_approved_in_the_same_words(
    client, world, committee_rights
):
    # One rule (Initiative.inspection_refusal): the admin said "approved and being carried out" without the state.
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    admin_page = client.post(
        reverse("admin:models_registry_inspection_add"), _inspection_data(initiative, world.member)
    )
    committee_page = client.post(
        reverse("committee:inspection_create", args=[initiative.pk]), _inspection_data(initiative, world.member)
    )

    said = initiative.inspection_refusal()
    assert said == "Chỉ kiểm tra mô hình đã được duyệt hoặc đang đề nghị công nhận (hiện: “Đã đăng ký, chờ thẩm định”)."
    assert escape(said) in admin_page.content.decode()
    assert escape(said) in committee_page.content.decode()


def test_the_admin_refuses_a_score_sheet_outside_a_recognition_request_in_the_score_pages_words(world):
    from models_registry.admin.scores import ScoreSheetForm

    initiative = world.initiative("approved")
    form = ScoreSheetForm({"initiative": initiative.pk, "member": world.member.pk})
    form.dvk_user = world.member

    assert not form.is_valid()
    assert form.non_field_errors() == [
        f"Chỉ chấm điểm khi hồ sơ đang đề nghị công nhận (hiện: “{initiative.get_state_display()}”)."
    ]


def test_an_upload_whose_bytes_are_not_an_accepted_type_is_refused(client, world, committee_rights):
    from django.core.files.uploadedfile import SimpleUploadedFile

    initiative = world.initiative("approved")
    client.force_login(world.member)
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")

    response = client.post(
        reverse("admin:models_registry_attachment_add"),
        {"initiative": initiative.pk, "purpose": "inspection", "file": fake},
    )

    assert response.status_code == 200
    assert "không phải định dạng được chấp nhận" in response.content.decode()
    assert not initiative.attachments.exists()


def test_an_uploaded_evidence_file_gets_its_type_from_its_bytes(client, world, committee_rights):
    from ..conftest import png_file

    initiative = world.initiative("approved")
    client.force_login(world.member)

    client.post(
        reverse("admin:models_registry_attachment_add"),
        {"initiative": initiative.pk, "purpose": "inspection", "file": png_file("bao-cao.pdf")},
    )

    attachment = initiative.attachments.get()
    assert attachment.content_type == "image/png"
    assert attachment.uploaded_by == world.member


def test_a_file_added_in_the_admin_is_saved_by_the_pages_own_entry_point(client, world, committee_rights, monkeypatch):
    from models_registry.admin import records as admin_records

    from ..conftest import png_file

    initiative = world.initiative("approved")
    calls = []
    real = admin_records.save_attachments

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(admin_records, "save_attachments", spy)
    client.force_login(world.member)

    response = client.post(
        reverse("admin:models_registry_attachment_add"),
        {"initiative": initiative.pk, "purpose": "inspection", "file": png_file("anh-hien-truong.png")},
    )

    assert response.status_code == 302
    attachment = initiative.attachments.get()
    assert len(calls) == 1
    assert (attachment.original_name, attachment.purpose, attachment.uploaded_by) == (
        "anh-hien-truong.png",
        "inspection",
        world.member,
    )
    assert attachment.size == attachment.file.size > 0
    # The admin's history names the row the entry point made.
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.get(object_id=str(attachment.pk)).is_addition()
