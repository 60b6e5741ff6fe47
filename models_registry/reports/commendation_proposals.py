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
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from campaigns.access import scope
from campaigns.ids import parse_ids
from campaigns.lifecycle import SUMMARIZED_MESSAGE, refusal_of
from campaigns.models import Campaign
from campaigns.submissions import TOKEN_FIELD, create_once, sent_before
from dvk.forms import PlaceholderMixin, render_form

from ..access import (
    COMMENDATION_PROPOSERS_ONLY,
    COMMENDATION_RECORDERS_ONLY,
    is_leader_for,
    may_list_commendation_proposals,
)
from ..lifecycle import TransitionError
from ..models import (
    CommendationProposal,
    CommendationProposalState,
    GrantRefused,
    Initiative,
    check_proposable,
    commendation_order,
    rounded_score,
    score_annotations,
    women_first,
)
from .forms import GrantForm


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


def _campaign_for_proposals(request, pk: int) -> Campaign:
    """The campaign whose proposals the committees list (403 to others, 404 outside the scope)."""
    if not may_list_commendation_proposals(request.user):
        raise PermissionDenied(_("Danh sách đề nghị khen thưởng dành cho thành viên Ban Chỉ đạo."))
    return get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)


def _in_the_laws_order(proposals) -> list[dict]:
    """The proposals with their mean scores, by score, women first on a tie, then by name (Law 06/2022)."""
    proposals = proposals.select_related("initiative__unit", "initiative__field", "commendation").annotate(
        # The mean score as every page computes it (InitiativeQuerySet.with_scores), through the proposal's FK.
        mean_total=score_annotations("initiative_id")["mean_total"]
    )
    rows = []
    for proposal in proposals:
        score = rounded_score(proposal.mean_total)
        rows.append(((*commendation_order(proposal.initiative, score), proposal.pk), proposal, score))
    rows.sort(key=lambda row: row[0])
    return [{"proposal": p, "score": score, "women_first": women_first(p.initiative)} for _key, p, score in rows]


@login_required
def proposal_list(request, pk: int):
    """The campaign's proposals in the user's scope, by score, women first on a tie, then by name."""
    campaign = _campaign_for_proposals(request, pk)
    proposals = CommendationProposal.objects.visible_to(request.user).filter(initiative__campaign=campaign)
    rows = _in_the_laws_order(proposals)
    return render(
        request,
        "models_registry/reports/proposal_list.html",
        {
            "campaign": campaign,
            "rows": rows,
            # The leaders who may record an award decision for some of them (the grant page's link).
            "may_grant": any(row["proposal"].answer_refusal(request.user) is None for row in rows),
        },
    )


@login_required
def proposal_grant(request, pk: int):
    """Record one award decision of the authority for several of the campaign's open proposals at once.

    The authority answers a committee's list with one decision naming many recipients; the secretariat
    enters it once: the decision, the proposals it grants, each recipient. All or none: a proposal that
    may not be granted now is named with its reason and nothing is recorded (the form kept, 400).
    Leaders only (each proposal: the leaders of its initiative's acting committee); a summarized year
    takes no award (403).
    """
    campaign = _campaign_for_proposals(request, pk)
    if not scope(request.user).may_lead:
        raise PermissionDenied(COMMENDATION_RECORDERS_ONLY)
    if campaign.is_frozen:
        raise PermissionDenied(SUMMARIZED_MESSAGE)
    if request.method == "POST" and sent_before(request.POST.get(TOKEN_FIELD), request.user):
        # A double tap or a resent page: the first post granted them; the list shows its awards.
        return redirect("reports:proposal_list", pk=campaign.pk)
    open_proposals = CommendationProposal.objects.visible_to(request.user).open().filter(initiative__campaign=campaign)
    # The ones this user may answer now (open, and theirs: the grant's own first check).
    rows = [row for row in _in_the_laws_order(open_proposals) if row["proposal"].answer_refusal(request.user) is None]
    form = GrantForm(request.POST or None, proposals=[row["proposal"] for row in rows])
    refused = _chosen_but_not_offered(request, campaign, rows) if request.method == "POST" else []
    if refused:
        # Chosen on the page, answered or withdrawn since: the decision is entered whole or not at all,
        # never without one of the proposals the user ticked.
        form.is_valid()
        form.add_error(None, str(GrantRefused(refused).message))
    elif request.method == "POST" and form.is_valid():
        data, recipients = form.cleaned_data, form.chosen()
        try:
            _award, created = create_once(
                request.POST.get(TOKEN_FIELD), request.user, lambda: _grant(request.user, data, recipients)
            )
        except GrantRefused as error:
            refused = error.failures
            form.add_error(None, str(error.message))
        else:
            if created:
                messages.success(request, _granted(data["decision_number"], len(recipients)))
            return redirect("reports:proposal_list", pk=campaign.pk)
    by_pk = {row["proposal"].pk: row for row in rows}
    return render_form(
        request,
        "models_registry/reports/proposal_grant.html",
        form,
        campaign=campaign,
        rows=[(by_pk[proposal.pk], box, recipient) for proposal, box, recipient in form.rows()],
        refused=refused,
    )


def _granted(number: str, count: int) -> str:
    return ngettext(
        "Đã ghi nhận khen thưởng theo Quyết định số %(number)s cho %(count)d đề nghị.",
        "Đã ghi nhận khen thưởng theo Quyết định số %(number)s cho %(count)d đề nghị.",
        count,
    ) % {"number": number, "count": count}


def _grant(actor, data: dict, recipients: dict[int, str]):
    """Grant the chosen proposals by the decision in `data`; return the first award (the token's object)."""
    awards = (
        CommendationProposal.objects.visible_to(actor)
        .filter(pk__in=recipients)
        .grant(
            actor,
            authority=data["authority"],
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            recipients=recipients,
        )
    )
    return awards[0]


def _chosen_but_not_offered(request, campaign: Campaign, rows: list[dict]) -> list[tuple]:
    """The proposals ticked on the page (`grant_<id>`) that it no longer offers, each with why: answered,
    withdrawn, or no longer the user's to record. Ids the user never saw are not named."""
    offered = {row["proposal"].pk for row in rows}
    ticked = set(parse_ids(name.removeprefix("grant_") for name in request.POST if name.startswith("grant_")))
    gone = (
        CommendationProposal.objects.visible_to(request.user)
        .filter(pk__in=ticked - offered, initiative__campaign=campaign)
        .select_related("initiative__unit", "initiative__campaign")
        .order_by("pk")
    )
    return [(p, p.answer_refusal(request.user) or _("Đề nghị không còn trong danh sách.")) for p in gone]
