"""Asking for a job (the web side) and running it (the worker side).

The web side creates the Job row and enqueues `jobs.tasks.run_job`; the same export asked again
while it is queued or running returns that job. The worker writes the file under a temporary
name and moves it into the storage only when it is complete, so a download is never cut short:
a job is "done" with a whole file, or "failed" with a reason.
"""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
import time

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from dvk.downloads import ascii_filename

from . import registry
from .models import EXPORT_FOLDER, UNFINISHED, Job, JobState, params_key

logger = logging.getLogger(__name__)


class QueueUnavailable(Exception):
    """The queue refused the job (Redis down): the job is withdrawn, never left "queued" unseen."""


def submit(owner, kind: str, params: dict, title: str, language: str | None = None) -> Job:
    """Return the unfinished job of this owner for these parameters, or create and enqueue one."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    # The language is part of the request: the English file is not the Vietnamese one.
    key = params_key({"kind": kind, "language": language, **params})
    mine = Job.objects.filter(owner=owner, kind=kind, params_key=key)
    # A job whose worker died must not hold the place of the one asked now.
    mine.fail_stale()
    existing = mine.filter(state__in=UNFINISHED).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                owner=owner,
                kind=kind,
                params=params,
                params_key=key,
                title=title[:200],
                language=language,
            )
    except IntegrityError:
        # Another request (another web process) created it a moment ago.
        return mine.get(state__in=UNFINISHED)
    enqueue(job)
    job.refresh_from_db()
    return job


def enqueue(job: Job) -> None:
    """Hand the job to the queue; if the queue is down, withdraw the job and raise QueueUnavailable."""
    from .tasks import run_job

    try:
        result = run_job.enqueue(job.pk)
    except Exception as error:
        logger.exception("Job %s (%s) could not be queued: the queue is unreachable", job.pk, job.kind)
        # The row was committed first (a worker must find it), so it is withdrawn now: the user is told
        # on the spot that nothing was queued, and "Tệp đã xuất" keeps no job that no worker will run.
        Job.objects.filter(pk=job.pk, state=JobState.QUEUED, task_id="").delete()
        raise QueueUnavailable from error
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


class JobProgress:
    """Record rows done on the job, at most about once a second, which is also the worker's heartbeat."""

    def __init__(self, job_id: int, interval: float = 1.0) -> None:
        self.job_id, self.interval = job_id, interval
        self.done = 0
        self.last_write = time.monotonic()

    def set_total(self, total: int) -> None:
        """Record how many rows the job will write."""
        Job.objects.filter(pk=self.job_id).update(rows_total=total, heartbeat_at=timezone.now())

    def __call__(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.last_write >= self.interval:
            self.last_write = now
            Job.objects.filter(pk=self.job_id).update(rows_done=done, heartbeat_at=timezone.now())


class _FinishedFile(File):
    """A complete local file that FileSystemStorage moves into place instead of copying."""

    def temporary_file_path(self) -> str:
        return self.file.name


def execute(job_id: int) -> str:
    """Run one job to the end: claim it, write its file, move the file into place; return its state."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        # Already run by another worker, or failed meanwhile: running it twice would write two files.
        return "skipped"
    job = Job.objects.select_related("owner").get(pk=job_id)
    progress = JobProgress(job.pk)
    handle, temp_path = tempfile.mkstemp(prefix=f"dvk-job-{job.pk}-", suffix=".part")
    try:
        with translation.override(job.language), os.fdopen(handle, "wb") as out:
            output = registry.runner(job.kind)(job, out, progress)
        with open(temp_path, "rb") as complete:
            # On disk under its ASCII spelling: the readable name travels in the job row.
            stored = f"{EXPORT_FOLDER}/{job.owner_id}/{job.pk}/{ascii_filename(output.filename)}"
            name = default_storage.save(stored, _FinishedFile(complete))
        finished = timezone.now()
        updated = Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.DONE,
            file=name,
            filename=output.filename,
            content_type=output.content_type,
            rows_done=progress.done,
            finished_at=finished,
            heartbeat_at=finished,
            expires_at=finished + datetime.timedelta(hours=settings.DVK_JOB_EXPIRY_HOURS),
        )
        if not updated:
            default_storage.delete(name)
            return "skipped"
        return JobState.DONE
    except registry.Refused as refusal:
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.FAILED, error=str(refusal)[:2000], finished_at=timezone.now()
        )
        return JobState.FAILED
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        with translation.override(job.language):
            message = gettext("Không tạo được tệp do lỗi khi xử lý. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên.")
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.FAILED, error=message, finished_at=timezone.now()
        )
        return JobState.FAILED
    finally:
        if os.path.exists(temp_path):
            os.unlink(temp_path)


def remove_expired(now: datetime.datetime | None = None) -> int:
    """Delete expired files with their jobs; return how many went."""
    removed = 0
    for job in Job.objects.expired(now or timezone.now()).only("pk", "file").iterator():
        job.delete()  # its file goes once the deletion commits (django-cleanup)
        removed += 1
    return removed


def cleanup(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Fail stale running jobs and delete expired files with their jobs; return (failed, removed)."""
    return Job.objects.fail_stale(), remove_expired(now)
