"""Model pieces said once for the registry's rows about an initiative (campaigns.fields holds those of every app)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def initiative_link(*, on_delete, related_name: str) -> models.ForeignKey:
    """Return the link to the initiative a row is about, named "mô hình, điển hình" on every form and page."""
    # By name, as campaigns.fields does: this module imports no model.
    return models.ForeignKey(
        "models_registry.Initiative",
        verbose_name=_("mô hình, điển hình"),
        on_delete=on_delete,
        related_name=related_name,
    )


def one_waiting_per_initiative(name: str) -> models.UniqueConstraint:
    """Return the rule that one row per initiative waits for an answer at a time (state "proposed"):
    a second click or a second leader finds the first instead of opening another."""
    return models.UniqueConstraint(fields=["initiative"], condition=Q(state="proposed"), name=name)
