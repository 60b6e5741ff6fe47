"""The admin's autocomplete, with each unit named together with the unit above it.

Hamlets are called "Ấp 1", "Ấp 2"… in every commune, and wards "Phường 1" in many towns: a list
of bare names cannot tell them apart. Every autocomplete that offers units (the admin's unit
fields, and the administrator's unit search on the registration form) answers
"Ấp 1 — Xã Long Hồ" instead. Same view, same permission checks as Django's.
"""

from __future__ import annotations

from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from campaigns.models import Unit


def unit_label(unit: Unit) -> str:
    """The unit's name followed by its parent's, when it has one."""
    return f"{unit.name} — {unit.parent.name}" if unit.parent_id else unit.name


class AutocompleteView(AutocompleteJsonView):
    def get_queryset(self):
        qs = super().get_queryset()
        return qs.select_related("parent") if qs.model is Unit else qs

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Unit):
            result["text"] = unit_label(obj)
        return result
