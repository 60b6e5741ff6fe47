"""A stored file goes with the row that names it, once that row's deletion (or its file's replacement)
commits, and never before: evidence, campaign documents and exports alike (django-cleanup)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from campaigns.records import CampaignDocument
from jobs.models import Job, JobState
from models_registry.evidence import save_attachments
from models_registry.models import Attachment
from models_registry.showcase.photos import thumbnail_name
from tests.conftest import pdf_file
from tests.models_registry.showcase.test_showcase_photos import photo_url, published


class Rollback(Exception):
    pass


def evidence(world):
    [attachment], _refused = save_attachments(world.initiative("approved"), [pdf_file()], world.staff)
    return attachment


def document(world):
    row = CampaignDocument(campaign=world.campaign, title="Kế hoạch", content_type="application/pdf")
    row.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"))
    return row


def export(world):
    name = default_storage.save(f"exports/{world.chair.pk}/tong-hop.csv", ContentFile(b"a;b\n"))
    return Job.objects.create(
        owner=world.chair, kind="test.kind", params_key="k", title="Tổng hợp", state=JobState.DONE, file=name
    )


ROWS = pytest.mark.parametrize("make", [evidence, document, export], ids=["evidence", "document", "export"])


@ROWS
def test_a_deleted_row_takes_its_stored_file_once_the_deletion_commits(world, make, django_capture_on_commit_callbacks):
    row = make(world)
    name = row.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row.delete()
    assert default_storage.exists(name)  # not before the commit
    for callback in callbacks:
        callback()

    assert not default_storage.exists(name)


@ROWS
def test_a_deletion_that_rolls_back_keeps_the_row_and_its_file(world, make, django_capture_on_commit_callbacks):
    row = make(world)
    name = row.file.name

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        type(row).objects.filter(pk=row.pk).delete()
        raise Rollback

    assert type(row).objects.filter(pk=row.pk).exists()
    assert default_storage.exists(name)


def test_a_replaced_file_goes_once_the_change_commits_and_the_new_one_stays(world, django_capture_on_commit_callbacks):
    row = document(world)
    old = row.file.name

    with django_capture_on_commit_callbacks(execute=True):
        row.file.save("ke-hoach-moi.pdf", ContentFile(b"%PDF-1.7"))

    assert not default_storage.exists(old)
    assert default_storage.exists(row.file.name)


def test_the_admin_deleting_an_evidence_file_removes_it_from_storage(client, world, django_capture_on_commit_callbacks):
    attachment = evidence(world)
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:models_registry_attachment_delete", args=[attachment.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(attachment.file.name)


def test_deleting_an_initiative_removes_every_evidence_file_it_held(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("approved")
    saved, _refused = save_attachments(initiative, [pdf_file("a.pdf"), pdf_file("b.pdf")], world.staff)

    with django_capture_on_commit_callbacks(execute=True):
        initiative.delete()  # the attachments go by cascade

    assert not any(default_storage.exists(attachment.file.name) for attachment in saved)


def test_a_deleted_public_photo_takes_its_resized_copies(client, world, django_capture_on_commit_callbacks):
    _initiative, photo = published(world)
    assert client.get(photo_url(photo.pk)).status_code == 200  # the card copy is made on its first request
    copy = thumbnail_name(photo.pk, "card")
    assert default_storage.exists(copy)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert not default_storage.exists(copy)
    assert not default_storage.exists(photo.file.name)
