"""The pieces the Initiative model is declared with: its default level, its links to earlier initiatives
and to a recognized twin (with what deleting one does), and the subject rule its form and the import share.

Split from initiative.py to keep that module readable; initiative.py imports every name, so the dotted paths
the migrations (0025, 0041: `models_registry.models.initiative.twin_deleted`) and imports/history.py use still work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .states import Subject

if TYPE_CHECKING:
    from campaigns.models import Unit


def default_level(unit: Unit) -> str:
    """Return the level an initiative of `unit` aims at unless one chooses: the lowest committee's over it."""
    from campaigns.access import levels_over

    levels = levels_over(unit)
    return levels[0] if levels else unit.level


def twin_deleted(collector, field, sub_objs, using):
    """A deleted twin: the rows that named it lose it and are checked again by the next page that needs them."""
    # In this order: each update runs as `… WHERE recognized_twin_id IN (…)`, which the second no longer matches.
    collector.add_field_update(field.model._meta.get_field("twin_checked_at"), None, sub_objs)
    collector.add_field_update(field, None, sub_objs)


twin_deleted.lazy_sub_objs = True


def earlier_initiative(verbose_name, related_name: str) -> models.ForeignKey:
    """Return a link to the earlier initiative this one grows from (maintains, replicates): optional, chosen
    in the registration form, and emptied when that one is deleted."""
    return models.ForeignKey(
        "self", verbose_name=verbose_name, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name
    )


def subject_mismatches(subject: str, gender: str, women_share: int | None) -> dict[str, str]:
    """Return, by field, what is written for the wrong subject: a gender is an exemplar's, a share of women a
    collective's (the commendations' tie rule reads each from its own). The form's and the import's one rule."""
    wrong = {}
    if subject == Subject.COLLECTIVE and gender:
        wrong["gender"] = _("Giới tính chỉ ghi cho điển hình cá nhân; tập thể ghi tỷ lệ nữ.")
    if subject == Subject.INDIVIDUAL and women_share is not None:
        wrong["women_share"] = _("Tỷ lệ nữ chỉ ghi cho tập thể; điển hình cá nhân ghi giới tính.")
    return wrong
