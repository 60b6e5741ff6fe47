"""A job: work bigger than a request, asked by one user, run by a worker, leaving one file.

The app is generic: it knows kinds of job only through `jobs.registry` (the registry's exports
register themselves there). A job's file is private: it lives in the default storage under
`exports/` and is served only by `jobs:download`, to its owner.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


UNFINISHED = (JobState.QUEUED, JobState.RUNNING)
# Where the exported files lie: "exports/<owner>/<job>/<file>" (jobs.runner writes them).
EXPORT_FOLDER = "exports"


def params_key(params: dict) -> str:
    """Return a short stable digest of the parameters, so equal requests find the same job."""
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:40]


class JobQuerySet(models.QuerySet):
    def owned_by(self, user) -> JobQuerySet:
        """Return the jobs of this user: nobody sees another person's exports, not even an admin."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def stale(self, now: datetime.datetime | None = None) -> JobQuerySet:
        """Return the running jobs whose worker has not reported for DVK_JOB_STALE_SECONDS: it died."""
        now = now or timezone.now()
        limit = now - datetime.timedelta(seconds=settings.DVK_JOB_STALE_SECONDS)
        return self.filter(state=JobState.RUNNING, heartbeat_at__lt=limit)

    def fail_stale(self) -> int:
        """Mark the stale running jobs failed, so none says "running" forever; return how many."""
        now = timezone.now()
        return self.stale(now).update(
            state=JobState.FAILED,
            error=str(_("Tiến trình xử lý đã dừng giữa chừng. Hãy yêu cầu xuất lại.")),
            finished_at=now,
        )

    def expired(self, now: datetime.datetime | None = None) -> JobQuerySet:
        """Return the jobs whose file has expired, and failed jobs as old as a file would be."""
        now = now or timezone.now()
        kept = datetime.timedelta(hours=settings.DVK_JOB_EXPIRY_HOURS)
        return self.filter(Q(expires_at__lt=now) | Q(state=JobState.FAILED, finished_at__lt=now - kept))


@cleanup.select
class Job(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("người yêu cầu")
    )
    kind = models.CharField(_("loại"), max_length=60)
    params = models.JSONField(_("tham số"), default=dict)
    params_key = models.CharField(_("khóa tham số"), max_length=40, editable=False)
    title = models.CharField(_("tên"), max_length=200)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    state = models.CharField(_("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    rows_done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    rows_total = models.PositiveIntegerField(_("tổng số dòng"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to=f"{EXPORT_FOLDER}/", max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=120, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("còn chạy lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp xuất")
        verbose_name_plural = _("tệp đã xuất")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent_idx")]
        constraints = [
            # The same export asked twice while it runs is one job (two clicks, two tabs, two web processes).
            models.UniqueConstraint(
                fields=["owner", "kind", "params_key"],
                condition=Q(state__in=UNFINISHED),
                name="job_one_unfinished_per_request",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at < timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return self.state == JobState.DONE and bool(self.file) and not self.is_expired

    @property
    def percent(self) -> int | None:
        """Return the progress in whole percent, or None while the total is not known."""
        if self.state == JobState.DONE:
            return 100
        if not self.rows_total:
            return None
        return min(100, self.rows_done * 100 // self.rows_total)


class HousekeepingSchedule(models.Model):
    """The one row saying which housekeeping run waits in the queue, so that the chain stays one.

    The housekeeping task enqueues its next run itself (jobs.housekeeping); this row names that run,
    so a second chain (two workers started, a `--schedule` after a restart) stops at its first run
    instead of doubling the work forever.
    """

    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    due_at = models.DateTimeField(_("đến hạn lúc"), null=True, blank=True)
    last_run_at = models.DateTimeField(_("chạy lần cuối lúc"), null=True, blank=True)
    last_result = models.JSONField(_("kết quả lần cuối"), default=dict, blank=True)
    # The stray-file sweep lists every stored file: the hourly housekeeping runs it once a day.
    strays_swept_at = models.DateTimeField(_("dọn tệp thừa lần cuối lúc"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("lịch dọn dẹp")

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.due_at}"
