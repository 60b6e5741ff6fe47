"""The committee's replication proposals to the user's units: see them, accept one into a draft, or decline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.access import scope

from ...models import ProposalState, ReplicationProposal

PAGE_ROWS = 50


def _own_proposals(user):
    """The proposals to the user's own units (administrators: every unit's), open ones first."""
    s = scope(user)
    qs = ReplicationProposal.objects.visible_to(user)
    if not s.is_admin:
        qs = qs.filter(unit_id__in=list(s.staff_units))
    return qs.select_related("source__unit", "source__field", "unit", "campaign", "initiative").order_by(
        Case(When(state=ProposalState.PROPOSED, then=0), default=1), "-proposed_at", "-id"
    )


def _render_list(request, errors=None, status=200):
    rows = list(_own_proposals(request.user)[:PAGE_ROWS])
    for row in rows:
        row.error = (errors or {}).get(row.pk)
        row.typed = request.POST.get("answer", "") if row.error else ""
    return render(request, "models_registry/staff/replication_proposals.html", {"proposals": rows}, status=status)


@login_required
def proposal_list(request):
    """List the proposals the committee sent to the user's units."""
    return _render_list(request)


def _visible_proposal(user, pk: int) -> ReplicationProposal:
    qs = ReplicationProposal.objects.visible_to(user).select_related("source__unit", "unit", "campaign")
    return get_object_or_404(qs, pk=pk)


@login_required
@require_POST
def proposal_accept(request, pk: int):
    """Accept a proposal: a draft registration of the unit, prefilled from the source, opens for editing."""
    proposal = _visible_proposal(request.user, pk)
    if proposal.state == ProposalState.ACCEPTED and proposal.initiative_id and proposal.may_answer(request.user):
        # A second tap, or back and again: open the draft the first one made.
        return redirect("staff:initiative_edit", pk=proposal.initiative_id)
    draft = proposal.accept(request.user)
    messages.success(
        request,
        _("Đã tạo bản nháp nhân rộng từ “%(name)s”. Hãy điều chỉnh cho phù hợp với đơn vị bạn rồi gửi đăng ký.")
        % {"name": proposal.source.name},
    )
    return redirect("staff:initiative_edit", pk=draft.pk)


@login_required
@require_POST
def proposal_decline(request, pk: int):
    """Decline a proposal with the unit's reason; without a reason the list comes back with the message beside it."""
    proposal = _visible_proposal(request.user, pk)
    try:
        proposal.decline(request.user, request.POST.get("answer", ""))
    except ValidationError as error:
        return _render_list(request, errors={proposal.pk: error.message_dict["answer"][0]}, status=400)
    messages.success(
        request, _("Đã báo Ban Chỉ đạo: đơn vị không nhận nhân rộng “%(name)s”.") % {"name": proposal.source.name}
    )
    return redirect("staff:replication_proposals")
