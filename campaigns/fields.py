"""Model fields said once for every app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def recorded_by(**options) -> models.ForeignKey:
    """Return the field of the person who wrote a row: never typed in a form, the row kept when their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False, **options
    )
