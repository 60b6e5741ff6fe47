"""The admin's doors are as strict as the pages (issue 20 item 2, issue 19 item 4): each test failed before."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.forms import criteria_blocks
from campaigns.models import Campaign, CampaignDocument, CriteriaSet
from models_registry.management.commands.seed_demo import Command as SeedDemo
from models_registry.models import Initiative, ScoreItem, ScoreSheet

from .conftest import png_file

SHEET_QUERIES = 10
ITEM_QUERIES = 8


@pytest.fixture
def committee_rights(world):
    group = SeedDemo().committee_group()
    for user in (world.chair, world.secretary, world.member, world.member2):
        user.groups.add(group)
    return group


def scored_campaign(world):
    """The world's campaign once a member has opened a score sheet in it."""
    initiative = world.initiative("recognition_requested")
    ScoreSheet.objects.create(initiative=initiative, member=world.member)
    return initiative


# ----- locked criteria -------------------------------------------------------------------------
def test_the_criteria_lock_once_the_first_score_sheet_exists(world):
    before = Campaign.objects.get(pk=world.campaign.pk).criteria_locked
    scored_campaign(world)

    assert not before
    assert Campaign.objects.get(pk=world.campaign.pk).criteria_locked
    assert not Campaign.objects.criteria_unlocked().filter(pk=world.campaign.pk).exists()


def test_a_chair_cannot_change_a_running_campaigns_threshold_in_the_admin_once_scoring_began(
    client, world, committee_rights
):
    scored_campaign(world)
    criteria_set = world.campaign.criteria_sets.first()
    client.force_login(world.chair)
    url = reverse("admin:campaigns_criteriaset_change", args=[criteria_set.pk])

    page = client.get(url)
    posted = client.post(
        url, {"campaign": world.campaign.pk, "kind": criteria_set.kind, "name": criteria_set.name, "threshold": "1"}
    )

    assert not page.context["has_change_permission"]
    assert posted.status_code == 403
    assert CriteriaSet.objects.get(pk=criteria_set.pk).threshold == criteria_set.threshold


def test_the_campaign_page_of_the_admin_shows_locked_criteria_read_only(client, world, committee_rights):
    scored_campaign(world)
    client.force_login(world.chair)

    response = client.get(reverse("admin:campaigns_campaign_change", args=[world.campaign.pk]))

    criteria = next(f for f in response.context["inline_admin_formsets"] if f.opts.model is CriteriaSet)
    assert not criteria.has_change_permission and not criteria.has_add_permission


def test_a_threshold_form_opened_before_the_first_sheet_is_refused_after_it(world):
    from campaigns.admin.campaigns import CriteriaSetAdminForm

    criteria_set = world.campaign.criteria_sets.first()
    scored_campaign(world)
    form = CriteriaSetAdminForm(
        {"campaign": world.campaign.pk, "kind": criteria_set.kind, "name": criteria_set.name, "threshold": "1"},
        instance=criteria_set,
    )

    assert not form.is_valid()
    assert "phiếu chấm điểm" in str(form.errors)


def test_the_campaign_pages_criteria_block_follows_the_same_lock(world):
    scored_campaign(world)
    campaign = Campaign.objects.get(pk=world.campaign.pk)
    criteria_set = campaign.criteria_sets.get(kind="model")
    criteria = list(criteria_set.criteria.all())
    data = {
        "model-set-name": criteria_set.name,
        "model-set-threshold": "1",
        "model-criteria-TOTAL_FORMS": str(len(criteria)),
        "model-criteria-INITIAL_FORMS": str(len(criteria)),
    }
    for i, criterion in enumerate(criteria):
        data |= {
            f"model-criteria-{i}-id": str(criterion.pk),
            f"model-criteria-{i}-name": criterion.name,
            f"model-criteria-{i}-max_points": str(criterion.max_points),
        }

    block = next(b for b in criteria_blocks(data, campaign) if b.kind == "model")

    assert not block.is_valid()
    assert CriteriaSet.objects.get(pk=criteria_set.pk).threshold != Decimal(1)


# ----- evidence through the admin --------------------------------------------------------------
def test_a_member_cannot_attach_evidence_to_an_initiative_outside_their_scope(client, world, committee_rights):
    other = world.initiative("approved", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.post(
        reverse("admin:models_registry_attachment_add"),
        {"initiative": other.pk, "purpose": "inspection", "file": png_file()},
    )

    assert response.status_code == 200
    assert "initiative" in response.context["adminform"].form.errors
    assert not other.attachments.exists()


def test_a_member_cannot_add_result_evidence_through_the_admin(client, world, committee_rights):
    initiative = world.initiative("approved")
    client.force_login(world.member)

    response = client.post(
        reverse("admin:models_registry_attachment_add"),
        {"initiative": initiative.pk, "purpose": "evidence", "file": png_file()},
    )

    assert response.status_code == 200
    assert "Chỉ cán bộ của đơn vị đăng ký" in response.content.decode()
    assert not initiative.attachments.exists()


def test_no_file_is_added_through_the_admin_to_a_recognized_initiative(client, world, committee_rights):
    recognized = world.initiative("recognized")
    count = recognized.attachments.count()
    client.force_login(world.chair)

    response = client.post(
        reverse("admin:models_registry_attachment_add"),
        {"initiative": recognized.pk, "purpose": "inspection", "file": png_file()},
    )

    assert response.status_code == 200
    assert recognized.attachments.count() == count


# ----- leader-only flags -------------------------------------------------------------------------
def test_a_plain_member_cannot_set_the_leader_only_flags_through_the_admin(client, world, committee_rights):
    recognized = world.initiative("recognized")
    client.force_login(world.member)

    page = client.get(reverse("admin:models_registry_initiative_change", args=[recognized.pk]))

    readonly = page.context["adminform"].readonly_fields
    assert "outstanding" in readonly and "pending_case" in readonly
    form = page.context["adminform"].form
    assert "outstanding" not in form.fields and "pending_case" not in form.fields


def test_a_member_posting_the_flags_anyway_changes_nothing(client, world, committee_rights):
    recognized = world.initiative("recognized")
    client.force_login(world.member)

    client.post(
        reverse("admin:models_registry_initiative_change", args=[recognized.pk]),
        {"outstanding": "on", "pending_case": "on", "expected_version": recognized.version},
    )

    recognized.refresh_from_db()
    assert not recognized.outstanding and not recognized.pending_case


def test_the_chair_sets_outstanding_through_the_admin(client, world, committee_rights):
    recognized = world.initiative("recognized")
    client.force_login(world.chair)
    page = client.get(reverse("admin:models_registry_initiative_change", args=[recognized.pk]))

    assert "outstanding" in page.context["adminform"].form.fields


# ----- file content -------------------------------------------------------------------------------
def test_a_campaign_document_whose_bytes_are_not_a_document_is_refused_in_the_admin(client, world, committee_rights):
    client.force_login(world.chair)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(
        reverse("admin:campaigns_campaigndocument_add"),
        {"campaign": world.campaign.pk, "title": "Kế hoạch", "file": fake},
    )

    assert response.status_code == 200
    assert "không phải văn bản PDF" in response.content.decode()
    assert not CampaignDocument.objects.exists()


def test_a_campaign_document_gets_its_type_from_its_bytes_in_the_admin(client, world, committee_rights):
    from .conftest import pdf_file

    client.force_login(world.chair)

    client.post(
        reverse("admin:campaigns_campaigndocument_add"),
        {"campaign": world.campaign.pk, "title": "", "file": pdf_file("ke-hoach.pdf")},
    )

    document = CampaignDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.title == "ke-hoach"


# ----- score sheets ---------------------------------------------------------------------------------
def test_a_submitted_score_sheet_is_read_only_in_the_admin(client, world, committee_rights):
    from .conftest import score

    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.member, 70)
    client.force_login(world.member)

    page = client.get(reverse("admin:models_registry_scoresheet_change", args=[sheet.pk]))

    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_a_member_does_not_see_anothers_unsubmitted_sheet_in_the_admin(client, world, committee_rights):
    initiative = world.initiative("recognition_requested")
    ScoreSheet.objects.create(initiative=initiative, member=world.member2)
    client.force_login(world.member)

    response = client.get(reverse("admin:models_registry_scoresheet_changelist"))

    assert response.context["cl"].result_count == 0


def _criteria(initiative) -> list:
    return list(initiative.campaign.criteria_set_for(initiative.kind).criteria.order_by("order", "pk"))


def _a_draft_sheet_of(world, *points):
    """A member's sheet, not submitted, recorded by the entry point with these points on the first criteria:
    (initiative, those criteria, sheet)."""
    initiative = world.initiative("recognition_requested")
    criteria = _criteria(initiative)[: len(points)]
    ScoreSheet.objects.record(initiative, world.member, [(c, p, "") for c, p in zip(criteria, points, strict=True)])
    return initiative, criteria, ScoreSheet.objects.get(initiative=initiative, member=world.member)


def _sheet_post(initiative, member, items: list[tuple], initial: int = 0) -> dict:
    """The score sheet's admin form: who scores and its inline points (id, criterion, points, delete)."""
    data = {
        "initiative": initiative.pk,
        "member": member.pk,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": initial,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for i, (pk, criterion, points, delete) in enumerate(items):
        data.update({f"items-{i}-criterion": criterion.pk, f"items-{i}-points": points, f"items-{i}-comment": ""})
        if pk:
            data[f"items-{i}-id"] = pk
        if delete:
            data[f"items-{i}-DELETE"] = "on"
    return data


def _spy_on_the_entry_point(monkeypatch) -> list:
    calls = []
    real = ScoreSheet.objects.record

    def spy(initiative, member, scores, submit=False):
        calls.append([(criterion.pk, points) for criterion, points, _comment in scores])
        return real(initiative, member, scores, submit)

    monkeypatch.setattr(ScoreSheet.objects, "record", spy)
    return calls


def test_a_score_sheet_added_in_the_admin_is_written_by_the_score_pages_entry_point(
    client, world, committee_rights, monkeypatch
):
    initiative = world.initiative("recognition_requested")
    first, second = _criteria(initiative)[:2]
    calls = _spy_on_the_entry_point(monkeypatch)
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_scoresheet_add"),
        _sheet_post(initiative, world.member, [(None, first, "12", False), (None, second, "8.5", False)]),
    )

    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(initiative=initiative, member=world.member)
    assert sheet.total == Decimal("20.5")
    assert sheet.submitted_at is None
    assert sorted(sheet.items.values_list("criterion_id", "points")) == sorted(
        [(first.pk, Decimal(12)), (second.pk, Decimal("8.5"))]
    )
    # The sheet made, then its points: both through the entry point.
    assert calls[0] == [] and sorted(calls[1]) == sorted([(first.pk, Decimal(12)), (second.pk, Decimal("8.5"))])


def test_a_sheet_for_a_member_who_declared_a_conflict_is_refused_beside_the_member_and_the_form_kept(
    client, world, committee_rights
):
    from models_registry.models import recuse

    initiative = world.initiative("recognition_requested")
    first = _criteria(initiative)[0]
    world.member.first_name, world.member.last_name = "Lan", "Trần"
    world.member.save(update_fields=["first_name", "last_name"])
    recuse(initiative, world.member, "Người thân làm ở ấp.")
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_scoresheet_add"),
        _sheet_post(initiative, world.member, [(None, first, "13", False)]),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["member"] == ["Lan Trần đã khai báo không tham gia chấm điểm hồ sơ này."]
    assert 'value="13"' in response.content.decode()
    assert not ScoreSheet.objects.filter(initiative=initiative, member=world.member).exists()


def test_points_changed_or_removed_in_the_admin_are_summed_again_by_the_entry_point(
    client, world, committee_rights, monkeypatch
):
    initiative, (first, second), sheet = _a_draft_sheet_of(world, 10, 5)
    kept, removed = sheet.items.get(criterion=first), sheet.items.get(criterion=second)
    calls = _spy_on_the_entry_point(monkeypatch)
    # The administrator: the committee's group changes existing points, and adds or removes none.
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_scoresheet_change", args=[sheet.pk]),
        _sheet_post(initiative, world.member, [(kept.pk, first, "14", False), (removed.pk, second, "5", True)], 2),
    )

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.total == Decimal(14)
    assert list(sheet.items.values_list("criterion_id", "points")) == [(first.pk, Decimal(14))]
    assert len(calls) == 1


def test_a_point_changed_or_deleted_on_its_own_admin_page_moves_the_sheets_total(client, world, committee_rights):
    _initiative, (first, second), sheet = _a_draft_sheet_of(world, 10, 5)
    client.force_login(world.member)

    item = sheet.items.get(criterion=first)
    client.post(reverse("admin:models_registry_scoreitem_change", args=[item.pk]), {"points": "3", "comment": ""})
    sheet.refresh_from_db()
    assert sheet.total == Decimal(8)

    # Deleting a point (the administrator's) left the total as it was before: the entry point sums it again.
    client.force_login(world.admin)
    other = sheet.items.get(criterion=second)
    response = client.post(reverse("admin:models_registry_scoreitem_delete", args=[other.pk]), {"post": "yes"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.total == Decimal(3)
    assert list(sheet.items.values_list("criterion_id", flat=True)) == [first.pk]


def _a_draft_sheet_of_ten(world):
    """A member's sheet, not submitted, with 10 points on the first criterion: (initiative, criterion, sheet)."""
    initiative, (first,), sheet = _a_draft_sheet_of(world, 10)
    return initiative, first, sheet


def _then_the_other_tab_submits(check, sheet):
    """`check`, after which the score page's tab submits `sheet`: this admin page's checks passed, its save
    comes after the submission."""
    from django.utils import timezone

    def checked_then_submitted(*args):
        answer = check(*args)
        ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at=timezone.now())
        return answer

    return checked_then_submitted


def _said(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_a_sheet_submitted_on_the_score_page_while_its_admin_form_was_open_is_not_written(
    client, world, committee_rights, monkeypatch
):
    from models_registry.admin import scores as admin_scores

    initiative, first, sheet = _a_draft_sheet_of_ten(world)
    item = sheet.items.get()
    form_clean = _then_the_other_tab_submits(admin_scores.ScoreSheetForm.clean, sheet)
    monkeypatch.setattr(admin_scores.ScoreSheetForm, "clean", form_clean)
    client.force_login(world.member)
    url = reverse("admin:models_registry_scoresheet_change", args=[sheet.pk])

    response = client.post(url, _sheet_post(initiative, world.member, [(item.pk, first, "2", False)], 1))

    assert response.status_code == 302 and response["Location"] == url
    sheet.refresh_from_db()
    assert (sheet.total, sheet.items.get().points) == (Decimal(10), Decimal(10))
    assert "phiếu đã nộp không thể sửa" in _said(response)


def test_a_point_deleted_in_the_admin_as_its_sheet_is_submitted_is_kept_and_the_list_says_why(
    client, world, committee_rights, monkeypatch
):
    from models_registry.admin import scores as admin_scores

    _initiative, _first, sheet = _a_draft_sheet_of_ten(world)
    item = sheet.items.get()
    monkeypatch.setattr(admin_scores, "sheet_refusal", _then_the_other_tab_submits(admin_scores.sheet_refusal, sheet))
    client.force_login(world.admin)

    response = client.post(reverse("admin:models_registry_scoreitem_delete", args=[item.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:models_registry_scoreitem_changelist")
    assert sheet.items.get().points == Decimal(10)
    assert "phiếu đã nộp không thể sửa" in _said(response)


def _a_draft_and_a_submitted_sheet(world, monkeypatch):
    """The member's draft sheet of ten and the chair's sheet, submitted on the score page after this admin's
    checks read it (they are made to pass): (draft, submitted)."""
    from models_registry.admin import scores as admin_scores

    monkeypatch.setattr(admin_scores, "sheet_refusal", lambda user, sheet: None)
    initiative, first, draft = _a_draft_sheet_of_ten(world)
    ScoreSheet.objects.record(initiative, world.chair, [(first, 7, "")], submit=True)
    return draft, ScoreSheet.objects.get(initiative=initiative, member=world.chair)


def _bulk_delete(client, model: str, objects):
    return client.post(
        reverse(f"admin:models_registry_{model}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk for obj in objects], "post": "yes"},
    )


def test_a_bulk_delete_of_points_that_meets_a_submission_removes_none_of_them_and_the_list_says_why(
    client, world, committee_rights, monkeypatch
):
    draft, submitted = _a_draft_and_a_submitted_sheet(world, monkeypatch)
    client.force_login(world.admin)

    response = _bulk_delete(client, "scoreitem", [draft.items.get(), submitted.items.get()])

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:models_registry_scoreitem_changelist")
    # The draft's point went first, then the sealed sheet refused its own: all or none, so both stay.
    assert (draft.items.get().points, submitted.items.get().points) == (Decimal(10), Decimal(7))
    draft.refresh_from_db()
    assert draft.total == Decimal(10)
    assert "phiếu đã nộp không thể sửa" in _said(response)
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()


def test_a_sheet_submitted_while_its_admin_delete_page_was_open_is_kept_and_the_list_says_why(
    client, world, committee_rights, monkeypatch
):
    _draft, submitted = _a_draft_and_a_submitted_sheet(world, monkeypatch)
    client.force_login(world.admin)

    response = client.post(reverse("admin:models_registry_scoresheet_delete", args=[submitted.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:models_registry_scoresheet_changelist")
    assert ScoreSheet.objects.filter(pk=submitted.pk, submitted_at__isnull=False).exists()
    assert submitted.items.count() == 1
    assert "phiếu đã nộp không thể sửa" in _said(response)


def test_a_bulk_delete_of_sheets_keeps_them_all_when_one_was_submitted_meanwhile(
    client, world, committee_rights, monkeypatch
):
    draft, submitted = _a_draft_and_a_submitted_sheet(world, monkeypatch)
    client.force_login(world.admin)

    response = _bulk_delete(client, "scoresheet", [draft, submitted])

    assert response.status_code == 302
    assert set(ScoreSheet.objects.values_list("pk", flat=True)) == {draft.pk, submitted.pk}
    assert "phiếu đã nộp không thể sửa" in _said(response)


def test_a_bulk_delete_of_a_sheets_points_goes_through_the_entry_point_once_for_that_sheet(
    client, world, committee_rights, monkeypatch
):
    _initiative, (first, second), sheet = _a_draft_sheet_of(world, 10, 5)
    calls = _spy_on_the_entry_point(monkeypatch)
    client.force_login(world.admin)

    response = _bulk_delete(client, "scoreitem", list(sheet.items.all()))

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.total, sheet.items.count()) == (Decimal(0), 0)
    assert calls == [[(first.pk, None), (second.pk, None)]]


def test_a_draft_sheet_deleted_in_the_admin_goes_with_its_points(client, world, committee_rights):
    _initiative, _first, draft = _a_draft_sheet_of_ten(world)
    client.force_login(world.admin)

    response = _bulk_delete(client, "scoresheet", [draft])

    assert response.status_code == 302
    assert not ScoreSheet.objects.filter(pk=draft.pk).exists()
    assert not ScoreItem.objects.filter(sheet_id=draft.pk).exists()


# ----- campaigns --------------------------------------------------------------------------------
def test_a_launched_campaigns_committee_and_rules_are_read_only_in_the_admin(client, world, committee_rights):
    client.force_login(world.chair)

    page = client.get(reverse("admin:campaigns_campaign_change", args=[world.campaign.pk]))

    readonly = page.context["adminform"].readonly_fields
    assert {"committee", "year", "requires_inspection"} <= set(readonly)
    assert "registration_closes_on" in page.context["adminform"].form.fields


def test_a_campaign_edit_in_the_admin_never_writes_the_state_back(client, world, committee_rights):
    from django.contrib import admin

    from campaigns.admin.campaigns import CampaignAdmin

    campaign = Campaign.objects.get(pk=world.campaign.pk)
    Campaign.objects.filter(pk=campaign.pk).update(state="summarized")  # summarized meanwhile
    campaign.theme = "Chủ đề mới"

    class Form:
        changed_data = ["theme"]
        fields = {"theme": None}

    CampaignAdmin(Campaign, admin.site).save_model(None, campaign, Form(), change=True)

    assert Campaign.objects.get(pk=campaign.pk).state == "summarized"


def test_an_initiative_of_another_unit_cannot_be_chosen_for_an_inspection(client, world, committee_rights):
    other = world.initiative("approved", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.post(
        reverse("admin:models_registry_inspection_add"),
        {
            "initiative": other.pk,
            "inspected_on": "2026-11-20",
            "inspectors": [world.member.pk],
            "completion": 80,
            "effectiveness": "good",
            "findings": "—",
        },
    )

    assert "initiative" in response.context["adminform"].form.errors
    assert not Initiative.objects.get(pk=other.pk).inspections.exists()


# ----- the lists whose scope changed: exact cost at 1 and 3 rows -----------------------------------
@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("model", "queries"), [("scoresheet", SHEET_QUERIES), ("scoreitem", ITEM_QUERIES)])
def test_the_blind_score_lists_cost_the_same_for_one_or_three_rows(
    client, world, committee_rights, django_assert_num_queries, rows, model, queries
):
    from .conftest import score

    for _ in range(rows):
        score(world.initiative("recognition_requested"), world.member, 70)
    client.force_login(world.member)
    client.get(reverse("admin:index"))  # the session and the scope are read once, as on any page

    with django_assert_num_queries(queries):
        response = client.get(reverse(f"admin:models_registry_{model}_changelist"))

    assert response.context["cl"].result_count == rows * (1 if model == "scoresheet" else 5)
