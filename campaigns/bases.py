"""Abstract models said once for every app (no table of their own)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WrittenInOrder(models.Model):
    """A row listed in the order it was written: its time set on creation, ties by id."""

    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
