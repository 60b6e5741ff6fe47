"""What the import remembers: the column mapping of each sheet layout a province uses."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from .values import key


def layout_key(headers: list[str]) -> str:
    """Return the digest of a header row (accent-insensitive, empty titles kept in place)."""
    return hashlib.sha256("\x1f".join(key(h) for h in headers).encode()).hexdigest()[:40]


class ColumnMapping(models.Model):
    """Which column of a sheet layout holds which field of an initiative; found again by the header row."""

    layout = models.CharField(_("dấu hiệu mẫu bảng"), max_length=40, unique=True, editable=False)
    headers = models.JSONField(_("tiêu đề cột"), default=list)
    # {column position (as text): field name}; a column not listed is ignored.
    columns = models.JSONField(_("ghép cột"), default=dict)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("cách ghép cột khi nhập")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return " | ".join(h for h in self.headers if h)[:120]

    @classmethod
    def remember(cls, headers: list[str], columns: dict[int, str]) -> ColumnMapping:
        """Store (or replace) the mapping for this header layout."""
        mapping, _created = cls.objects.update_or_create(
            layout=layout_key(headers),
            defaults={"headers": headers, "columns": {str(k): v for k, v in columns.items()}},
        )
        return mapping

    @classmethod
    def recall(cls, headers: list[str]) -> dict[int, str] | None:
        """Return the remembered mapping for this header layout, or None."""
        found = cls.objects.filter(layout=layout_key(headers)).first()
        return {int(k): v for k, v in found.columns.items()} if found else None
