"""Unit staff remove an evidence file they uploaded by mistake, while the initiative is still theirs.

Choices the tests pin down:
- staff of the same unit who did not upload the file get 403, not 404: they see the initiative and
  download that very file from its page (inside the scope but not allowed: 403, DESIGN "Who sees what");
- an administrator counts as staff of every unit (as for uploads), so may remove what they uploaded
  themselves through this page, and nobody else's: other people's files are removed in the admin.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from campaigns.models import Campaign, CampaignState
from models_registry.evidence import save_attachments
from models_registry.management.commands.seed_demo import Command as SeedDemo
from models_registry.models import Attachment, Initiative
from tests.browser.quality_fixtures import format_html_errors, validate_html
from tests.conftest import add_inspection, png_file
from tests.races import on_postgresql, race

pytestmark = pytest.mark.django_db


def upload(initiative, user, name: str = "cmnd-nham.png", **kwargs) -> Attachment:
    saved, refused = save_attachments(initiative, [png_file(name)], user, **kwargs)
    assert not refused
    return saved[0]


def remove(client, attachment, confirm: bool = True):
    return client.post(reverse("staff:attachment_remove", args=[attachment.pk]), {"confirm": "1"} if confirm else {})


def removal_notes(initiative) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Initiative), object_id=str(initiative.pk)
        ).order_by("pk")
    )


# ----- allowed -----------------------------------------------------------------------------------
@pytest.mark.parametrize("state", ["draft", "returned", "submitted", "approved"])
def test_staff_removes_the_evidence_they_uploaded_while_the_initiative_is_theirs(
    client, world, state, django_capture_on_commit_callbacks
):
    initiative = world.initiative(state)
    attachment = upload(initiative, world.staff)
    stored = attachment.file.name
    storage = attachment.file.storage
    client.force_login(world.staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = remove(client, attachment)

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:initiative_detail", args=[initiative.pk]) + "#evidence"
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(stored)
    page = client.get(response["Location"]).content.decode()
    assert "Đã xóa tệp “cmnd-nham.png”." in page


def test_the_stored_file_stays_until_the_removal_commits(client, world, django_capture_on_commit_callbacks):
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.staff)
    client.force_login(world.staff)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remove(client, attachment)

    # The row is gone inside the (test's) transaction, but the bytes wait for the commit.
    assert attachment.file.storage.exists(attachment.file.name)
    assert len(callbacks) == 1
    callbacks[0]()
    assert not attachment.file.storage.exists(attachment.file.name)


def test_the_removal_is_recorded_in_the_initiative_admin_history_for_the_committee(client, world):
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.staff)
    client.force_login(world.staff)

    remove(client, attachment)

    [note] = removal_notes(initiative)
    assert note.user == world.staff
    assert note.action_flag == CHANGE
    assert json.loads(note.change_message) == [{"deleted": {"name": "minh chứng", "object": "cmnd-nham.png"}}]
    # The admin renders it as its own "Deleted … “name”." line, in the reader's language.
    assert "cmnd-nham.png" in note.get_change_message()
    # The committee's admin rights are those seed_demo gives its group.
    SeedDemo().committee_group().user_set.add(world.member)
    client.force_login(world.member)
    history = client.get(reverse("admin:models_registry_initiative_history", args=[initiative.pk]))
    assert history.status_code == 200
    assert "cmnd-nham.png" in history.content.decode()


def test_the_removal_does_not_show_among_the_pending_case_notes(client, world):
    initiative = world.initiative("recognized")
    Initiative.objects.filter(pk=initiative.pk).update(state="approved")  # a removal logged earlier
    attachment = upload(initiative, world.staff)
    client.force_login(world.staff)
    remove(client, attachment)
    Initiative.objects.filter(pk=initiative.pk).update(state="recognized")
    client.force_login(world.chair)

    response = client.get(reverse("reports:commendation_create", args=[initiative.pk]))

    assert list(response.context["pending_history"]) == []


def test_a_first_post_shows_a_confirmation_page_naming_the_file_and_removes_nothing(client, world):
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.staff)
    client.force_login(world.staff)

    response = remove(client, attachment, confirm=False)

    assert response.status_code == 200
    body = response.content.decode()
    assert "cmnd-nham.png" in body
    assert 'name="confirm" value="1"' in body
    assert 'aria-label="Xóa tệp “cmnd-nham.png”"' in body
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert removal_notes(initiative) == []


def test_admin_removes_a_file_they_uploaded_themselves(client, world):
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.admin)
    client.force_login(world.admin)

    response = remove(client, attachment)

    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_other_files_stay(client, world):
    initiative = world.initiative("approved")
    wrong = upload(initiative, world.staff, "sai.png")
    right = upload(initiative, world.staff, "dung.png")
    client.force_login(world.staff)

    remove(client, wrong)

    assert list(initiative.attachments.values_list("original_name", flat=True)) == ["dung.png"]
    assert right.file.storage.exists(right.file.name)


# ----- refused -----------------------------------------------------------------------------------
def test_anonymous_is_sent_to_login_and_nothing_is_removed(client, world):
    attachment = upload(world.initiative("approved"), world.staff)

    response = remove(client, attachment)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_staff_of_another_unit_gets_404(client, world):
    attachment = upload(world.initiative("approved"), world.staff)
    client.force_login(world.staff2)

    response = remove(client, attachment)

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_committee_member_outside_the_subtree_gets_404(client, world):
    from campaigns.models import Role
    from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory

    outsider = UserFactory(username="outside_chair")
    committee = CommitteeFactory(unit=world.other_commune, name="Ban Chỉ đạo phường Trà Vinh")
    CommitteeMembershipFactory(committee=committee, user=outsider, role=Role.CHAIR)
    attachment = upload(world.initiative("approved"), world.staff)
    client.force_login(outsider)

    response = remove(client, attachment)

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_staff_of_the_same_unit_who_did_not_upload_the_file_gets_403(client, world):
    from tests.factories import UnitMembershipFactory, UserFactory

    colleague = UserFactory(username="colleague")
    UnitMembershipFactory(unit=world.hamlet, user=colleague)
    attachment = upload(world.initiative("approved"), world.staff)
    client.force_login(colleague)

    response = remove(client, attachment)

    assert response.status_code == 403
    assert "Chỉ người đã tải tệp lên mới xóa được tệp này." in response.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize("who", ["member", "chair"])
def test_committee_member_gets_403(client, world, who):
    attachment = upload(world.initiative("approved"), world.staff)
    client.force_login(getattr(world, who))

    response = remove(client, attachment)

    assert response.status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_admin_gets_403_for_a_file_someone_else_uploaded(client, world):
    attachment = upload(world.initiative("approved"), world.staff)
    client.force_login(world.admin)

    response = remove(client, attachment)

    assert response.status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize("state", ["recognition_requested", "recognized", "not_recognized"])
def test_staff_cannot_remove_evidence_once_recognition_is_requested(client, world, state):
    initiative = world.initiative(state)
    attachment = initiative.attachments.get(purpose="evidence", uploaded_by=world.staff)
    client.force_login(world.staff)

    response = remove(client, attachment)

    assert response.status_code == 403
    body = response.content.decode()
    assert "Chỉ xóa được minh chứng trước khi đề nghị công nhận" in body
    assert initiative.get_state_display() in body
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.file.storage.exists(attachment.file.name)


@pytest.mark.parametrize("state", ["withdrawn", "rejected"])
def test_staff_cannot_remove_evidence_of_a_closed_initiative(client, world, state):
    initiative = world.initiative("draft")
    attachment = upload(initiative, world.staff)
    Initiative.objects.filter(pk=initiative.pk).update(state=state)
    client.force_login(world.staff)

    response = remove(client, attachment)

    assert response.status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_staff_cannot_remove_evidence_of_a_summarized_campaign(client, world):
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.staff)
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    client.force_login(world.staff)

    response = remove(client, attachment)

    assert response.status_code == 403
    assert "Đợt phát động đã tổng kết: hồ sơ của đợt này không thể thay đổi nữa." in response.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_staff_cannot_remove_an_inspection_attachment(client, world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.member)
    # Even one that names the staff as uploader (the entry point takes inspection files from the
    # committee only; an old row or a hand edit could say otherwise): they are the committee's record.
    attachment = upload(initiative, world.member, "bien-ban.png", purpose="inspection", inspection=inspection)
    Attachment.objects.filter(pk=attachment.pk).update(uploaded_by=world.staff)
    client.force_login(world.staff)

    response = remove(client, attachment)

    assert response.status_code == 403
    assert "biên bản kiểm tra" in response.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_get_is_refused_with_405(client, world):
    attachment = upload(world.initiative("approved"), world.staff)
    client.force_login(world.staff)

    response = client.get(reverse("staff:attachment_remove", args=[attachment.pk]))

    assert response.status_code == 405
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_post_without_csrf_token_is_refused(world):
    from django.test import Client

    attachment = upload(world.initiative("approved"), world.staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)

    response = remove(client, attachment)

    assert response.status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_removal_confirmed_after_the_recognition_request_is_refused(client, world):
    # The confirmation page was opened while approved; a colleague requested recognition meanwhile.
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.staff)
    client.force_login(world.staff)
    assert remove(client, attachment, confirm=False).status_code == 200
    from models_registry import lifecycle

    add_inspection(initiative, world.chair)
    lifecycle.apply(initiative, "request_recognition", world.staff, results_report="Đạt.")

    response = remove(client, attachment)

    assert response.status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert removal_notes(initiative) == []


# ----- the detail page ---------------------------------------------------------------------------
def test_detail_page_offers_removal_only_next_to_the_users_own_evidence(client, world):
    initiative = world.initiative("approved")
    mine = upload(initiative, world.staff, "cua-toi.png")
    theirs = upload(initiative, world.admin, "cua-admin.png")
    inspection = add_inspection(initiative, world.member)
    committee_file = upload(initiative, world.member, "kiem-tra.png", purpose="inspection", inspection=inspection)
    client.force_login(world.staff)

    body = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert reverse("staff:attachment_remove", args=[mine.pk]) in body
    assert 'aria-label="Xóa tệp “cua-toi.png”"' in body
    assert reverse("staff:attachment_remove", args=[theirs.pk]) not in body
    assert reverse("staff:attachment_remove", args=[committee_file.pk]) not in body


@pytest.mark.parametrize("who", ["member", "chair"])
def test_detail_page_offers_no_removal_to_the_committee(client, world, who):
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.staff)
    client.force_login(getattr(world, who))

    body = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert reverse("staff:attachment_remove", args=[attachment.pk]) not in body


def test_detail_page_offers_no_removal_after_the_recognition_request(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.staff)

    body = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert "data-remove-attachment" not in body


def test_detail_page_query_count_does_not_grow_with_removable_files(
    client, world, django_assert_max_num_queries, django_assert_num_queries
):
    initiative = world.initiative("approved")
    upload(initiative, world.staff, "mot.png")
    url = reverse("staff:initiative_detail", args=[initiative.pk])
    client.force_login(world.staff)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_file:
        client.get(url)
    for name in ("hai.png", "ba.png", "bon.png"):
        upload(initiative, world.staff, name)

    with django_assert_num_queries(len(one_file.captured_queries)):
        response = client.get(url)
    with django_assert_max_num_queries(12):  # the detail page's budget (test_perf_budgets)
        client.get(url)

    assert sum(a.removable for a in response.context["attachments"]) == 4


def test_detail_and_confirmation_pages_are_valid_html(client, world, tmp_path):
    initiative = world.initiative("approved")
    attachment = upload(initiative, world.staff, "ảnh “sai” <1>.png")
    client.force_login(world.staff)
    documents = {
        "detail-with-removable-file": client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content,
        "confirm-removal": remove(client, attachment, confirm=False).content,
    }

    errors = validate_html(documents, tmp_path)

    assert not errors, "\n".join(format_html_errors(name, name, found) for name, found in errors.items())


@on_postgresql
def test_removing_the_last_file_while_recognition_is_requested_never_leaves_a_request_without_evidence(world):
    # The request counts its evidence under the row lock the removal takes: whichever comes first
    # wins, and the other is refused. Several rounds, since a race shows only sometimes.
    from models_registry import lifecycle
    from models_registry.evidence import RemovalRefused, remove_attachment

    for round_ in range(6):
        initiative = world.initiative("approved", name=f"Mô hình {round_}")
        add_inspection(initiative, world.chair)
        only = upload(initiative, world.staff)

        def prepare(index: int, pk=initiative.pk):
            return Initiative.objects.select_related("unit", "campaign").get(pk=pk)

        def act(index: int, mine, file_pk=only.pk):
            if index == 0:
                remove_attachment(mine, Attachment.objects.get(pk=file_pk), world.staff)
                return "removed"
            lifecycle.apply(mine, "request_recognition", world.staff, results_report="Đạt mục tiêu.")
            return "requested"

        results = race(2, act, prepare)

        initiative.refresh_from_db()
        files = initiative.attachments.filter(purpose="evidence").count()
        assert not (initiative.state == "recognition_requested" and files == 0), (round_, results)
        assert results.count("removed") + results.count("requested") == 1, results
        refused = next(r for r in results if r not in ("removed", "requested"))
        assert isinstance(refused, RemovalRefused | lifecycle.TransitionError), results
