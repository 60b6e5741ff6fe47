"""Who may see and act on initiatives and what hangs off them.

Every query of the registry goes through one of these `visible_*` doors (the models'
`visible_to(user)` methods call them); the lifecycle asks `may_see` before anything else.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from campaigns.access import scope


def visible_initiatives(qs: QuerySet, user) -> QuerySet:
    """Unit staff see their units' initiatives; a committee its unit's subtree; admins all."""
    s = scope(user)
    if s.is_admin:
        return qs
    if s.is_anonymous:
        return qs.none()
    q = Q(unit_id__in=list(s.staff_units))
    for path in s.committee_paths:
        q |= Q(unit__path__startswith=path)
    return qs.filter(q)


def initiative_q(user, prefix: str = "initiative__") -> Q | None:
    """Return the Q that limits a related model to visible initiatives (None means everything)."""
    s = scope(user)
    if s.is_admin:
        return None
    if s.is_anonymous:
        return Q(pk__in=[])
    q = Q(**{f"{prefix}unit_id__in": list(s.staff_units)})
    for path in s.committee_paths:
        q |= Q(**{f"{prefix}unit__path__startswith": path})
    return q


def visible_related(qs: QuerySet, user, prefix: str = "initiative__") -> QuerySet:
    q = initiative_q(user, prefix)
    return qs if q is None else qs.filter(q)


def visible_decisions(qs: QuerySet, user) -> QuerySet:
    """Recognition decisions: of the committees one sits on or oversees (the decision page's rule); admins all."""
    s = scope(user)
    if s.is_admin:
        return qs
    if s.is_anonymous:
        return qs.none()
    q = Q(committee_id__in={seat.committee_id for seat in s.seats})
    for path in s.committee_paths:
        q |= Q(committee__unit__path__startswith=path)
    return qs.filter(q)


def may_see(user, initiative) -> bool:
    """True when the initiative is in the user's scope (no query: paths are in memory)."""
    s = scope(user)
    return s.is_admin or s.is_staff_of(initiative.unit_id) or s.covers(initiative.unit.path)


def is_unit_staff(user, initiative) -> bool:
    s = scope(user)
    return s.is_admin or s.is_staff_of(initiative.unit_id)


def committee_roles(user, initiative) -> set[str]:
    """Roles the user holds in committees overseeing the initiative's unit."""
    return scope(user).roles_over(initiative.unit.path)


def is_committee_member_for(user, initiative) -> bool:
    s = scope(user)
    return s.is_admin or bool(s.roles_over(initiative.unit.path))


def is_leader_for(user, initiative) -> bool:
    from campaigns.models import LEADING_ROLES

    s = scope(user)
    return s.is_admin or bool(s.roles_over(initiative.unit.path) & LEADING_ROLES)
