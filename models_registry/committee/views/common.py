"""What every committee page shares: the scope of the user's committees.

Outside the scope → 404; in it but not allowed (unit staff of the initiative's own unit, a
member where a leader is needed) → `PermissionDenied` with the reason, shown by the one 403 page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from campaigns.access import leaders_only, scope

from ...access import COMMITTEE_MEMBERS_ONLY, is_committee_member_for, oversees
from ...lifecycle import TransitionError
from ...models import Initiative
from ..forms import QueueFilterForm


# ----- scope --------------------------------------------------------------------------------
def raise_page_refusal(error: TransitionError) -> None:
    """Raise the 404 of a refusal out of scope, the 403 of one by role or state; the others stay the form's."""
    if error.code == "scope":
        raise Http404(str(error))
    if error.code in ("role", "state"):
        raise PermissionDenied(str(error))


def row_refusal(initiative: Initiative, why: str) -> str:
    """Say which of the ticked rows was refused, by name and unit, and why."""
    return _("“%(name)s” (%(unit)s): %(why)s") % {"name": initiative, "unit": initiative.unit, "why": why}


def require_committee(user) -> None:
    if not scope(user).may_open_committee_pages:
        raise PermissionDenied(_("Trang này dành cho thành viên Ban Chỉ đạo."))


def require_leader(user) -> None:
    """Refuse (403) whoever leads no committee (`Scope.may_lead`)."""
    if not scope(user).may_lead:
        raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "xem trang này")))


def committee_initiatives(user, roles=None):
    """Initiatives the user's committees act on: in their subtrees, at their levels (all for an administrator).

    `roles` narrows to the committees where the user holds one of these roles. A committee's
    queues hold only what it acts on (`Scope.acting_q`); the rest of its subtree it reads elsewhere.
    """
    s = scope(user)
    qs = Initiative.objects.visible_to(user)
    if s.is_admin:
        return qs
    return qs.filter(s.acting_q("unit__", "level", roles))


def filter_queue(request, initiatives) -> tuple[QueueFilterForm, QuerySet]:
    """Return the queue filters of the page's query string, and `initiatives` narrowed by them."""
    filters = QueueFilterForm(request.GET or None, user=request.user)
    return filters, filters.apply(initiatives)


def get_committee_initiative(request, pk: int, related=("unit", "field", "campaign__committee__unit")) -> Initiative:
    """The initiative if it is in scope (else 404) and the user sits on a committee over it (else 403)."""
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user).select_related(*related), pk=pk)
    if not is_committee_member_for(request.user, initiative):
        raise PermissionDenied(COMMITTEE_MEMBERS_ONLY)
    return initiative


def get_overseen_initiative(request, pk: int, related=("unit", "field", "campaign__committee__unit")) -> Initiative:
    """The initiative if it is in scope (else 404) and the user sits on any committee over it (else 403).

    For the committee's records that are read, not written (the inspections, the minutes): the
    committees of other levels over the unit read them as they read the initiative (issue 15).
    """
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user).select_related(*related), pk=pk)
    if not oversees(request.user, initiative):
        raise PermissionDenied(COMMITTEE_MEMBERS_ONLY)
    return initiative
