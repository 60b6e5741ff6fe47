"""The admin screen of proposals for a commendation: the pages' rules (leaders of the acting committee,
the law's refusals), written through the model's entry point, never a plain save."""

from __future__ import annotations

from django.contrib import admin

from ..access import COMMENDATION_PROPOSERS_ONLY, is_leader_for
from ..lifecycle import TransitionError
from ..models import CommendationProposal, check_proposable
from .records import InitiativeFilter, RelatedRecordAdmin, ScopedRecordForm


class CommendationProposalForm(ScopedRecordForm):
    may_record = staticmethod(is_leader_for)
    role_message = COMMENDATION_PROPOSERS_ONLY

    class Meta:
        model = CommendationProposal
        fields = ("initiative", "kind", "level", "achievement")

    def check_new(self, initiative, cleaned: dict) -> None:
        check_proposable(initiative)


@admin.register(CommendationProposal)
class CommendationProposalAdmin(RelatedRecordAdmin):
    form = CommendationProposalForm
    list_display = ("initiative", "kind", "level", "state", "committee", "proposed_at")
    list_select_related = ("initiative", "committee")
    list_filter = (InitiativeFilter, "state", "kind", "level")
    date_hierarchy = "proposed_at"
    fields = ("initiative", "kind", "level", "achievement")
    readonly_fields = ("state", "close_reason", "commendation", "committee", "proposed_by", "closed_at")

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else (*self.fields, *self.readonly_fields)

    def has_change_permission(self, request, obj=None):
        # Only an open proposal is corrected; an answered one is history.
        if obj is not None and obj.state != "proposed":
            return False
        return super().has_change_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except TransitionError:
            # Two proposals for one initiative at once: both forms were valid, the second's INSERT met the
            # first's (propose turns the IntegrityError into a TransitionError, and the view's transaction
            # is rolled back). Validated again, the form now sees the first and says so next to the
            # initiative, as it does for a proposal already open, instead of a server error.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # The pages' entry point (its lock and its checks), not a plain INSERT.
        created = CommendationProposal.objects.propose(
            form.cleaned_data["initiative"],
            request.user,
            kind=obj.kind,
            level=obj.level,
            achievement=obj.achievement,
        )
        obj.pk, obj.committee, obj.state = created.pk, created.committee, created.state
        obj._state.adding = False
