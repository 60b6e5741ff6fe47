"""How a committee's papers look (Decree 30/2020 or Guidance 36-HD/VPTW) and the legal bases it cites.

Split from models.py by concern: the papers' settings, not the organisation or the campaigns.
Registered under the campaigns app (models.py imports them); the names stay `campaigns.models.*`.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import committee_link


class DocumentFormat(models.TextChoices):
    """The rules a committee's papers follow, set by who founded it."""

    STATE = "state", _("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")


class SigningAuthority(models.TextChoices):
    """How the signer signs: the head directly, a deputy on the head's behalf, or for the collective."""

    HEAD = "head", _("Trưởng ban ký")
    DEPUTY = "deputy", _("Phó Trưởng ban ký thay (KT.)")
    COLLECTIVE = "collective", _("Ký thay mặt tập thể (TM.)")


class DocumentSettings(models.Model):
    """How one committee's papers are headed, numbered and signed."""

    committee = committee_link(on_delete=models.CASCADE, related_name="document_settings", field=models.OneToOneField)
    format = models.CharField(
        _("thể thức văn bản"), max_length=16, choices=DocumentFormat.choices, default=DocumentFormat.STATE
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản"), max_length=255, blank=True, help_text=_("Ví dụ: TỈNH ỦY VĨNH LONG")
    )
    issuer_name = models.CharField(
        _("tên cơ quan ban hành"), max_length=255, blank=True, help_text=_("Để trống: dùng tên Ban Chỉ đạo.")
    )
    place = models.CharField(_("địa danh ghi ngày tháng"), max_length=128, help_text=_("Ví dụ: Vĩnh Long"))
    number_symbol = models.CharField(
        _("ký hiệu số văn bản"), max_length=32, default="BCĐ", help_text=_("Ví dụ: BCĐ (in thành 05/QĐ-BCĐ).")
    )
    term = models.CharField(
        _("nhiệm kỳ"),
        max_length=32,
        blank=True,
        help_text=_("Văn bản của Đảng đánh số theo nhiệm kỳ, ví dụ 2025-2030."),
    )
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=16, choices=SigningAuthority.choices, default=SigningAuthority.HEAD
    )
    head_title = models.CharField(_("chức vụ người đứng đầu"), max_length=128, default="TRƯỞNG BAN")
    deputy_title = models.CharField(_("chức vụ cấp phó"), max_length=128, default="PHÓ TRƯỞNG BAN")
    default_recipients = models.TextField(
        _("nơi nhận mặc định"), blank=True, help_text=_("Mỗi dòng một nơi nhận; “Lưu: VT” luôn được thêm ở cuối.")
    )
    archive_mark = models.CharField(
        _("ký hiệu lưu"), max_length=64, blank=True, help_text=_("In sau “Lưu: VT,”, ví dụ chữ viết tắt người soạn.")
    )

    class Meta:
        verbose_name = verbose_name_plural = _("thiết lập văn bản")

    def __str__(self) -> str:
        return str(self.committee)

    @property
    def is_party(self) -> bool:
        return self.format == DocumentFormat.PARTY

    def series_for(self, day: datetime.date) -> str:
        """Return the numbering series a paper of that day belongs to: its year, or the Party term."""
        if self.is_party and self.term:
            return self.term
        return str(day.year)

    def format_number(self, ordinal: int, kind: str = "QĐ") -> str:
        """Return "05/QĐ-BCĐ" (state) or "05-QĐ/BCĐ" (Party): a leading zero below 10."""
        if self.is_party:
            return f"{ordinal:02d}-{kind}/{self.number_symbol}"
        return f"{ordinal:02d}/{kind}-{self.number_symbol}"

    def recipients(self) -> list[str]:
        """Return the default recipients, one per line, without the archive line the papers add."""
        return [line.strip().lstrip("-").strip() for line in self.default_recipients.splitlines() if line.strip()]


class LegalBasis(models.Model):
    """A "Căn cứ …" line a committee may pick for its papers."""

    committee = committee_link(on_delete=models.CASCADE, related_name="legal_bases")
    text = models.CharField(
        _("căn cứ"), max_length=500, help_text=_("Ví dụ: Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017 …")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    used_by_default = models.BooleanField(_("dùng mặc định"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text
