"""The admin screen of proposals for a commendation: the pages' rules (leaders of the acting committee,
the law's refusals), written through the model's entry point, never a plain save."""

from __future__ import annotations

from django.contrib import admin

from ..access import COMMENDATION_PROPOSERS_ONLY, is_leader_for
from ..models import CommendationProposal, check_proposable
from .records import EntryPointAddMixin, InitiativeFilter, RelatedRecordAdmin, ScopedRecordForm


class CommendationProposalForm(ScopedRecordForm):
    may_record = staticmethod(is_leader_for)
    role_message = COMMENDATION_PROPOSERS_ONLY

    class Meta:
        model = CommendationProposal
        fields = ("initiative", "kind", "level", "achievement")

    def check_new(self, initiative, cleaned: dict) -> None:
        check_proposable(initiative)


@admin.register(CommendationProposal)
class CommendationProposalAdmin(EntryPointAddMixin, RelatedRecordAdmin):
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

    def create_through(self, request, form):
        # The pages' entry point (its lock and its checks), not a plain INSERT.
        data = form.cleaned_data
        return CommendationProposal.objects.propose(
            data["initiative"], request.user, kind=data["kind"], level=data["level"], achievement=data["achievement"]
        )
