"""Admin screens of the organisation tree: units and their staff."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..access import scope
from ..models import Unit, UnitMembership
from .common import (
    AdministratorsWriteMixin,
    FoldedSearchMixin,
    OwnKindFilter,
    ParentAreaFilter,
    UnitAreaFilter,
    search_folded,
    user_phone,
)


# ----- units and committees ----------------------------------------------------------------
class UnitMembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "title")
    verbose_name = _("cán bộ đơn vị")


@admin.register(Unit)
class UnitAdmin(AdministratorsWriteMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("indented_name", "kind", "parent", "code")
    list_filter = (OwnKindFilter, ParentAreaFilter)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "predecessors")
    fields = ("name", "kind", "parent", "code", "predecessors")
    inlines = (UnitMembershipInline,)
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("tên đơn vị"), ordering="path")
    def indented_name(self, obj: Unit) -> str:
        # The tree shows through indentation; the list is ordered by the materialized path.
        return "— " * obj.depth + obj.name


@admin.register(UnitMembership)
class UnitMembershipAdmin(AdministratorsWriteMixin, admin.ModelAdmin):
    list_display = ("user", user_phone, "unit", "title")
    list_select_related = ("user", "user__profile", "unit")
    list_filter = (UnitAreaFilter,)
    autocomplete_fields = ("unit",)
    raw_id_fields = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__search_text")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope(request.user).unit_q("unit__"))

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        by_unit = search_folded(queryset, term, "unit__search_text")
        by_user = queryset.filter(
            Q(user__username__icontains=term) | Q(user__first_name__icontains=term) | Q(user__last_name__icontains=term)
        )
        return by_unit | by_user, False
