"""Pages of proposals for a commendation: propose from a recognized initiative, close a proposal, and the
campaign's list in the order the law asks (score, then women first on a tie, then name).

Thin views: the rules live in `models/proposals.py` (`propose`, `close`, `check_proposable`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaigns.lifecycle import refusal_of
from campaigns.models import Campaign
from campaigns.submissions import TOKEN_FIELD, create_once, sent_before
from dvk.forms import PlaceholderMixin, render_form

from ..access import COMMENDATION_PROPOSERS_ONLY, is_leader_for, may_list_commendation_proposals
from ..lifecycle import TransitionError
from ..models import (
    CommendationProposal,
    CommendationProposalState,
    Initiative,
    check_proposable,
    commendation_order,
    rounded_score,
    score_annotations,
    women_first,
)


class ProposalForm(PlaceholderMixin, forms.ModelForm):
    """What a committee proposes: the form and level of the commendation, and the achievement."""

    class Meta:
        model = CommendationProposal
        fields = ["kind", "level", "achievement"]
        widgets = {"achievement": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"achievement": gettext_lazy("Thành tích tiêu biểu, kết quả nổi bật làm căn cứ đề nghị.")}


class CloseForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            (CommendationProposalState.WITHDRAWN, gettext_lazy("Rút đề nghị")),
            (CommendationProposalState.DECLINED, gettext_lazy("Cấp trên không khen thưởng")),
        ]
    )
    reason = forms.CharField(max_length=2000)


def _initiative(request, pk: int) -> Initiative:
    """Return the initiative in the user's scope (404 outside it), for a leader of its acting committee (403)."""
    initiative = get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related("unit", "field", "campaign", "decision"), pk=pk
    )
    if not is_leader_for(request.user, initiative):
        raise PermissionDenied(COMMENDATION_PROPOSERS_ONLY)
    return initiative


@login_required
def proposal_create(request, pk: int):
    """Propose a recognized initiative for a commendation, and see its proposals (leaders of its committee)."""
    initiative = _initiative(request, pk)
    refusal = refusal_of(check_proposable, initiative)
    form = ProposalForm(request.POST or None)
    token = request.POST.get(TOKEN_FIELD)
    if request.method == "POST":
        if sent_before(token, request.user):
            # A double tap or a resent page: the first post recorded the proposal the page lists.
            return redirect("reports:proposal_create", pk=initiative.pk)
        if refusal:
            messages.error(request, refusal)
        elif form.is_valid():
            try:
                create_once(
                    token,
                    request.user,
                    lambda: CommendationProposal.objects.propose(initiative, request.user, **form.cleaned_data),
                )
            except TransitionError as error:
                error.show_on(form, fallback="kind")
            else:
                messages.success(request, _("Đã ghi nhận đề nghị khen thưởng cho “%(name)s”.") % {"name": initiative})
                return redirect("reports:proposal_create", pk=initiative.pk)
    return render_form(
        request,
        "models_registry/reports/proposal_form.html",
        form,
        initiative=initiative,
        refusal=refusal,
        proposals=initiative.commendation_proposals.select_related("proposed_by", "commendation"),
        close_form=CloseForm(),
    )


@login_required
@require_POST
def proposal_close(request, pk: int):
    """Withdraw a proposal, or record that the authority declined it, with the reason (leaders only)."""
    proposal = get_object_or_404(
        CommendationProposal.objects.visible_to(request.user).select_related(
            "initiative__unit", "initiative__campaign"
        ),
        pk=pk,
    )
    if not is_leader_for(request.user, proposal.initiative):
        raise PermissionDenied(COMMENDATION_PROPOSERS_ONLY)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn cách kết thúc và ghi lý do."))
    else:
        try:
            proposal.close(request.user, form.cleaned_data["state"], form.cleaned_data["reason"])
        except TransitionError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Đã cập nhật đề nghị khen thưởng."))
    return redirect("reports:proposal_create", pk=proposal.initiative_id)


@login_required
def proposal_list(request, pk: int):
    """The campaign's proposals in the user's scope, by score, women first on a tie, then by name."""
    if not may_list_commendation_proposals(request.user):
        raise PermissionDenied(_("Danh sách đề nghị khen thưởng dành cho thành viên Ban Chỉ đạo."))
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    proposals = (
        CommendationProposal.objects.visible_to(request.user)
        .filter(initiative__campaign=campaign)
        .select_related("initiative__unit", "initiative__field", "commendation")
        # The mean score as every page computes it (InitiativeQuerySet.with_scores), through the proposal's FK.
        .annotate(mean_total=score_annotations("initiative_id")["mean_total"])
    )
    rows = []
    for proposal in proposals:
        score = rounded_score(proposal.mean_total)
        rows.append(((*commendation_order(proposal.initiative, score), proposal.pk), proposal, score))
    rows.sort(key=lambda row: row[0])
    return render(
        request,
        "models_registry/reports/proposal_list.html",
        {
            "campaign": campaign,
            "rows": [
                {"proposal": p, "score": score, "women_first": women_first(p.initiative)} for _key, p, score in rows
            ],
        },
    )
