"""Stray files: a stored file no row names any more goes once older than the grace period, in every
folder an app writes; a file a row names, and a stray still young, stay."""

from __future__ import annotations

import datetime
import io
import os
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from campaigns.records import CampaignDocument
from jobs import housekeeping, strays
from jobs.models import HousekeepingSchedule, Job, JobState
from models_registry.evidence import save_attachments
from models_registry.imports.import_jobs import KIND as IMPORT_KIND
from models_registry.imports.import_jobs import store_upload
from models_registry.models import Attachment
from models_registry.showcase.photos import thumbnail_name
from tests.conftest import pdf_file, png_file

DAY = 24 * 3600


def stored(name: str, data: bytes = b"x") -> str:
    return default_storage.save(name, ContentFile(data))


def age(name: str, seconds: int = 2 * DAY) -> str:
    """Make a stored file look written `seconds` ago (past the default grace of a day)."""
    then = time.time() - seconds
    os.utime(settings.MEDIA_ROOT / name, (then, then))
    return name


def there(name: str) -> bool:
    return default_storage.exists(name)


class Rollback(Exception):
    pass


def test_evidence_whose_row_never_committed_is_swept_once_past_the_grace_period(world):
    # The admin's change form saves files inside its own transaction: when that rolls back after
    # save_attachments returned, the rows go and the files stay (Django has no on-rollback hook).
    initiative = world.initiative("approved")
    with pytest.raises(Rollback), transaction.atomic():
        saved, _refused = save_attachments(initiative, [pdf_file("bien-ban.pdf")], world.staff)
        lost = saved[0].file.name
        raise Rollback
    kept = save_attachments(initiative, [png_file("anh.png")], world.staff)[0][0].file.name
    assert there(lost) and not Attachment.objects.filter(file=lost).exists()
    age(lost), age(kept)

    removed = strays.sweep()

    assert not there(lost)
    assert there(kept)
    assert removed["evidence"] == 1


def test_the_evidence_of_a_deleted_initiative_goes_and_a_young_stray_waits(world):
    # A deletion whose files outlived it: django-cleanup removes them once a deletion commits, and this
    # test's transaction never commits (as when the storage refused, or the process died at that moment).
    gone = world.initiative("approved")
    old = age(save_attachments(gone, [pdf_file()], world.staff)[0][0].file.name)
    young = save_attachments(gone, [png_file()], world.staff)[0][0].file.name
    gone.delete()

    strays.sweep()

    assert not there(old)
    assert there(young)  # it may be an upload whose row is still committing
    strays.sweep(older_than=datetime.timedelta(0))
    assert not there(young)


def test_a_dry_run_names_the_strays_and_deletes_nothing(world):
    stray = age(stored("evidence/999999/mat-ban-ghi.pdf"))
    heard = []

    counted = strays.sweep(dry_run=True, report=heard.append)

    assert heard == [stray]
    assert counted["evidence"] == 1
    assert there(stray)


def test_every_folder_an_app_writes_keeps_what_its_rows_name_and_loses_the_rest(world):
    initiative = world.initiative("approved")
    photo = save_attachments(initiative, [png_file()], world.staff)[0][0]
    hidden = save_attachments(initiative, [png_file("an.png")], world.staff)[0][0]
    Attachment.objects.filter(pk=photo.pk).update(is_public=True)
    document = CampaignDocument.objects.create(
        campaign=world.campaign, title="Kế hoạch", file=stored(f"campaigns/{world.campaign.pk}/ke-hoach.pdf")
    )
    job = Job.objects.create(owner=world.chair, kind="reports.summary", title="Tổng hợp", state=JobState.DONE)
    job.file.name = stored(f"exports/{world.chair.pk}/{job.pk}/tong-hop.xlsx")
    job.save(update_fields=["file"])
    waiting = store_upload(ContentFile(b"ma,ten\n", name="ds.csv"))
    Job.objects.create(owner=world.admin, kind=IMPORT_KIND, title="Nhập", params={"file": waiting})
    keep = [
        photo.file.name,
        hidden.file.name,
        document.file.name,
        job.file.name,
        waiting,
        stored(thumbnail_name(photo.pk, "card")),
    ]
    lose = [
        stored(f"campaigns/{world.campaign.pk}/ban-cu.pdf"),
        stored(f"exports/{world.chair.pk}/{job.pk + 1}/da-xoa.csv"),
        store_upload(ContentFile(b"ma,ten\n", name="chua-xac-nhan.csv")),
        stored(thumbnail_name(hidden.pk, "card")),  # a copy of a photo no longer public
        stored(thumbnail_name(photo.pk + 1000, "large")),  # of a photo deleted
    ]
    for name in keep + lose:
        age(name)

    removed = strays.sweep()

    assert [name for name in keep if not there(name)] == []
    assert [name for name in lose if there(name)] == []
    assert removed == {"campaigns": 1, "evidence": 0, "showcase-photos": 2, "imports": 1, "exports": 1}


@pytest.mark.parametrize("files", [3, 30])
def test_the_sweep_asks_one_query_per_folder_however_many_files_it_holds(world, files, django_assert_num_queries):
    # Asked in batches of strays.BATCH names; a folder holding no file asks nothing.
    for index in range(files):
        age(stored(f"evidence/{index + 1}/tep-{index}.pdf"))

    with django_assert_num_queries(1):
        removed = strays.sweep(dry_run=True)

    assert removed["evidence"] == files


def test_the_command_lists_a_dry_run_and_refuses_a_grace_under_an_hour(world):
    stray = age(stored("evidence/999999/mat-ban-ghi.pdf"))
    out = io.StringIO()

    call_command("sweep_files", "--dry-run", stdout=out)

    assert out.getvalue().splitlines() == [
        stray,
        "campaigns=0 evidence=1 showcase-photos=0 imports=0 exports=0 (stray)",
    ]
    assert there(stray)
    out = io.StringIO()
    call_command("sweep_files", stdout=out)
    assert not there(stray)
    assert out.getvalue().splitlines() == ["campaigns=0 evidence=1 showcase-photos=0 imports=0 exports=0 (removed)"]
    with pytest.raises(CommandError):
        call_command("sweep_files", "--older-than", "0")


def test_the_housekeeping_sweeps_stray_files_once_a_day(world):
    first = age(stored("evidence/999999/mot.pdf"))
    assert housekeeping.sweep()["stray_files"] == 1
    assert not there(first)

    second = age(stored("evidence/999999/hai.pdf"))
    assert housekeeping.sweep()["stray_files"] == 0  # the hourly run an hour later lists nothing
    assert there(second)

    HousekeepingSchedule.objects.update(strays_swept_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert housekeeping.sweep()["stray_files"] == 1
    assert not there(second)
