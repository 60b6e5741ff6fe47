"""Admin screen of the committees' saved reasons: the same scope as the site's page (`committee:reason_list`)."""

from __future__ import annotations

from django.contrib import admin

from campaigns.access import led_committees, scope
from campaigns.admin.common import CheckedDeleteMixin

from ..models import ReasonTemplate


@admin.register(ReasonTemplate)
class ReasonTemplateAdmin(CheckedDeleteMixin, admin.ModelAdmin):
    list_display = ("text", "action", "position", "committee")
    list_select_related = ("committee",)
    list_filter = ("action",)
    fields = ("committee", "action", "text", "position")

    def get_queryset(self, request):
        # Seen by the members of its committee; written by its leaders only (below).
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            kwargs["queryset"] = led_committees(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _leads(self, request, obj) -> bool:
        s = scope(request.user)
        if obj is None:
            return s.may_lead
        return s.leads_committee(obj.committee_id)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._leads(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._leads(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._leads(request, obj)
