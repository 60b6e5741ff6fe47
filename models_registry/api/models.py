"""Integration clients of the read API and the log of every call."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.fields import person_kept, recorded_by
from campaigns.models import Unit

TOKEN_PREFIX = "dvk_"
# What DRF's throttles parse: a number of requests per second, minute, hour or day.
RATE_PATTERN = r"^[1-9][0-9]*/(second|minute|hour|day)$"


def hash_token(token: str) -> str:
    """Return the stored form of a token (SHA-256: tokens are long random strings, not passwords)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    """A system that reads the API with a token, limited to one unit's subtree and to reading."""

    name = models.CharField(_("tên hệ thống tích hợp"), max_length=255)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("phạm vi đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Hệ thống chỉ đọc được dữ liệu của đơn vị này và các đơn vị cấp dưới."),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)
    rate = models.CharField(
        _("giới hạn số lượt gọi"),
        max_length=32,
        default="1000/hour",
        validators=[RegexValidator(RATE_PATTERN)],
        help_text=_("Số lượt gọi tối đa theo giây, phút, giờ hoặc ngày, ví dụ 1000/hour."),
    )
    token_hash = models.CharField(_("mã băm của mã truy cập"), max_length=64, unique=True, editable=False)
    token_start = models.CharField(_("đầu mã truy cập"), max_length=12, editable=False)
    created_by = recorded_by(verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("hệ thống tích hợp")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def issue_token(self) -> str:
        """Set a new random token and return it: only its hash is stored, so it is shown once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_start = token[:12]
        return token


class ApiCallQuerySet(models.QuerySet):
    def prune(self, now: datetime.datetime | None = None) -> int:
        """Delete the calls older than DVK_API_CALL_RETENTION_DAYS; return how many went."""
        limit = (now or timezone.now()) - datetime.timedelta(days=settings.DVK_API_CALL_RETENTION_DAYS)
        deleted, _by_model = self.filter(created_at__lt=limit).delete()
        return deleted


class ApiCall(models.Model):
    """One call of the API: who (client or user), what, and the answer's status."""

    client = models.ForeignKey(
        ApiClient, verbose_name=_("hệ thống tích hợp"), null=True, on_delete=models.SET_NULL, related_name="calls"
    )
    user = person_kept(verbose_name=_("người dùng"))
    method = models.CharField(_("phương thức"), max_length=8)
    path = models.CharField(_("đường dẫn"), max_length=500)
    query = models.CharField(_("tham số"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("mã kết quả"))
    duration_ms = models.PositiveIntegerField(_("thời gian xử lý (ms)"), default=0)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True)

    objects = ApiCallQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("lượt gọi API")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="api_call_client_time"),
            # The housekeeping deletes by age, and the admin lists newest first: both read this index.
            models.Index(fields=["-created_at"], name="api_call_time"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"
