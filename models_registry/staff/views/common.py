"""What the staff pages share: finding an initiative in the user's scope, the staff-only check,
and what several pages show (the committee's last request).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ...access import UNIT_STAFF_ONLY, is_unit_staff
from ...models import SENT_BACK_ACTIONS, Initiative


def visible_initiative(user, pk: int, *, scored: bool = False) -> Initiative:
    """Return the initiative if the user may see it (outside their scope → 404).

    `scored`: with its submitted sheets' mean and number and its pass mark, read in the same query.
    """
    qs = Initiative.objects.visible_to(user).select_related("unit", "field", "campaign__committee__unit")
    if scored:
        qs = qs.with_scores().with_threshold()
    return get_object_or_404(qs, pk=pk)


def require_unit_staff(user, initiative: Initiative) -> None:
    """Refuse (403) anyone but the staff of the initiative's own unit."""
    if not is_unit_staff(user, initiative):
        raise PermissionDenied(UNIT_STAFF_ONLY)


def last_committee_comment(initiative: Initiative) -> str:
    """What the committee asked for when it last sent the initiative back (revision or more evidence)."""
    last = initiative.logs.order_by("-created_at", "-id").first()
    if last and last.action in SENT_BACK_ACTIONS:
        return last.comment
    return ""
