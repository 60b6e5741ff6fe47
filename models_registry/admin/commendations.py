"""The awards' admin screen: recorded as the commendation page records them, and a recovered award kept as it was."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..access import COMMENDATION_RECORDERS_ONLY, is_leader_for
from ..models import AWARD_FIELDS, Commendation, Initiative, check_commendable, check_not_commended_twice
from .records import EntryPointAddMixin, InitiativeFilter, RelatedRecordAdmin, ScopedRecordForm


class CommendationForm(ScopedRecordForm):
    may_record = staticmethod(is_leader_for)
    role_message = COMMENDATION_RECORDERS_ONLY

    class Meta:
        model = Commendation
        fields = ("initiative", *AWARD_FIELDS)

    def check_new(self, initiative: Initiative, cleaned: dict) -> None:
        # The commendation page's own check: recognized, not summarized, no pending case.
        check_commendable(initiative)
        check_not_commended_twice(
            initiative, cleaned.get("decision_number"), cleaned.get("decided_on"), cleaned.get("recipient")
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Old rows may keep a blank level (recorded before it was asked); a new one names it.
        if self.instance.pk is None and "level" in self.fields:
            self.fields["level"].required = True


class RecoveredFilter(admin.SimpleListFilter):
    title = _("thu hồi")
    parameter_name = "recovered"

    def lookups(self, request, model_admin):
        return [("yes", _("Đã bị thu hồi")), ("no", _("Chưa bị thu hồi"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(recovered_on__isnull=self.value() == "no")
        return queryset


@admin.register(Commendation)
class CommendationAdmin(EntryPointAddMixin, RelatedRecordAdmin):
    form = CommendationForm
    list_display = (
        "recipient",
        "kind",
        "level",
        "initiative",
        "authority",
        "decision_number",
        "decided_on",
        "recovered",
    )
    list_select_related = ("initiative",)
    list_filter = (InitiativeFilter, "kind", "level", RecoveredFilter)
    date_hierarchy = "decided_on"
    fields = ("initiative", *AWARD_FIELDS)

    @admin.display(description=_("đã bị thu hồi"), boolean=True)
    def recovered(self, obj: Commendation) -> bool:
        return obj.is_recovered

    @admin.display(description=_("thu hồi"))
    def recovery(self, obj: Commendation) -> str:
        return obj.recovery_line

    # A recovered award is kept as it was recorded, as its page keeps it: recorded on the page
    # (`Commendation.recover`), never edited nor deleted afterwards.
    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [*fields, "recovery"] if obj is not None and obj.is_recovered else fields

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "recovery"] if obj is not None and obj.is_recovered else fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_recovered:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_recovered:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            # Corrected as the commendation page corrects it (the locks, the rules, the initiative's history);
            # the initiative is read only on a change (`RelatedRecordAdmin`), so only the award's fields move.
            if form.changed_data:
                obj.correct(request.user, **{name: form.cleaned_data[name] for name in form.changed_data})
            return
        super().save_model(request, obj, form, change)

    def create_through(self, request, form):
        # Recorded as the commendation page records it (the lock, the law's checks, the unit told).
        data = form.cleaned_data
        return Commendation.objects.record(
            data["initiative"], request.user, **{name: data[name] for name in self.fields if name != "initiative"}
        )
