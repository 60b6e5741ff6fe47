"""The staff home (counts by state, what needs action now, open campaigns) and the initiative list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Case, OuterRef, Subquery, Sum, When
from django.shortcuts import render
from django.urls import reverse

from campaigns.access import scope
from campaigns.models import Campaign

from ...models import (
    AWAITING_UNIT_STATES,
    Initiative,
    InitiativeCount,
    ProposalState,
    ReplicationProposal,
    State,
    TransitionLog,
)
from ...paginators import CappedPaginator, query_without
from ..forms import InitiativeFilterForm

PAGE_SIZE = 25


# ----- home --------------------------------------------------------------------------------
@login_required
def home(request):
    """The staff home: counts by state, what needs action now, open campaigns."""
    user = request.user
    s = scope(user)
    counts = _counts_by_state(user)
    needs_action = _needs_action(Initiative.objects.visible_to(user).filter(unit_id__in=list(s.staff_units)))
    campaigns = list(
        Campaign.objects.visible_to(user)
        .open_for_registration()
        .select_related("committee")
        .order_by("registration_closes_on", "name")[:10]
    )
    return render(
        request,
        "home.html",
        {
            "scope": s,
            "state_rows": [(value, label, counts.get(value, 0)) for value, label in State.choices],
            "total": sum(counts.values()),
            "returned": [i for i in needs_action if i.state == State.RETURNED],
            "more_evidence": [i for i in needs_action if i.more_evidence_asked],
            "waiting_results": [i for i in needs_action if i.state == State.APPROVED and not i.more_evidence_asked],
            "drafts": [i for i in needs_action if i.state == State.DRAFT],
            "open_campaigns": campaigns,
            "committee_url": reverse("committee:home") if s.may_open_committee_pages else "",
            # The committee's replication proposals waiting for the unit's answer (none asked without a unit).
            "open_proposals": ReplicationProposal.objects.filter(
                unit_id__in=list(s.staff_units), state=ProposalState.PROPOSED
            ).count()
            if s.staff_units
            else 0,
        },
    )


def _counts_by_state(user) -> dict[str, int]:
    """The number of the user's own units' initiatives in each state, from the kept counts."""
    # The units' own rows: a busy commune's home read its 65,000 initiatives to count them at a million (98 ms).
    return dict(
        InitiativeCount.objects.of_own_units(user)
        .counted()
        .order_by()
        .values_list("state")
        .annotate(n=Sum("count"))
        .values_list("state", "n")
    )


def _needs_action(own) -> list[Initiative]:
    """The first 30 of the units' initiatives the committee waits for, each marked when more evidence is asked."""
    last_log = TransitionLog.objects.filter(initiative=OuterRef("pk")).order_by("-created_at", "-id")
    needs_action = list(
        own.filter(state__in=AWAITING_UNIT_STATES)
        .unfrozen()
        # What the committee waits for first, drafts last: a commune's many drafts must not push a
        # returned registration or a results report off the page.
        .order_by(
            Case(When(state=State.RETURNED, then=0), When(state=State.APPROVED, then=1), default=2),
            "-updated_at",
            "-id",
        )
        # The 30 chosen from the covering index `initiative_unit_state_campaign`: at 1M the busy
        # commune's 2,108 awaiting rows were read whole and sorted (9.4 → 0.8 ms).
        .first_by_keys(0, 30)
        .with_list_columns()
        .annotate(
            last_action=Subquery(last_log.values("action")[:1]),
            last_comment=Subquery(last_log.values("comment")[:1]),
        )
    )
    for initiative in needs_action:
        initiative.more_evidence_asked = (
            initiative.state == State.APPROVED and initiative.last_action == "request_more_evidence"
        )
    return needs_action


# ----- list --------------------------------------------------------------------------------
@login_required
def initiative_list(request):
    """The user's initiatives with filters, search, sorting and pages (a fixed number of queries)."""
    form = InitiativeFilterForm(request.GET or None, user=request.user)
    qs = form.filter(Initiative.objects.visible_to(request.user).with_list_columns())
    # A text search is not counted: its first page stops after 26 rows along the newest-first
    # index, while counting the matches reads each of them (the trigram index must recheck rows).
    searching = bool(request.GET.get("q", "").strip())
    page = CappedPaginator(qs, PAGE_SIZE, count_rows=not searching).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/staff/initiative_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "filtered": any(request.GET.get(name) for name in form.fields if name != "q"),
        },
    )
