"""Admin screens of the steering committees and their members."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..access import scope
from ..models import CommitteeMembership, DocumentSettings, LegalBasis, Level, SteeringCommittee
from .common import AdministratorsWriteMixin, UnitAreaFilter, search_folded, user_phone


# ----- committees --------------------------------------------------------------------------
class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role")


class DocumentSettingsInline(admin.StackedInline):
    model = DocumentSettings
    extra = 0
    max_num = 1


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0
    fields = ("order", "text", "used_by_default")


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(AdministratorsWriteMixin, admin.ModelAdmin):
    list_display = ("name", "unit", "level_display")
    list_select_related = ("unit",)
    list_filter = (UnitAreaFilter,)
    search_fields = ("name",)
    autocomplete_fields = ("unit",)
    inlines = (CommitteeMembershipInline, DocumentSettingsInline, LegalBasisInline)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope(request.user).unit_q("unit__"))

    def get_search_results(self, request, queryset, search_term):
        return search_folded(queryset, search_term, "unit__search_text") | queryset.filter(
            name__icontains=search_term.strip()
        ), False

    @admin.display(description=_("cấp công nhận"))
    def level_display(self, obj: SteeringCommittee) -> str:
        return str(Level(obj.unit.level).label)


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(AdministratorsWriteMixin, admin.ModelAdmin):
    list_display = ("user", user_phone, "role", "committee")
    list_select_related = ("user", "user__profile", "committee")
    list_filter = ("role", ("committee", admin.RelatedOnlyFieldListFilter))
    raw_id_fields = ("user",)
    autocomplete_fields = ("committee",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "committee__name")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope(request.user).unit_q("committee__unit__"))
