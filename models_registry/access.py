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
    return qs.filter(s.unit_q("unit__"))


def initiative_q(user, prefix: str = "initiative__") -> Q | None:
    """Return the Q that limits a related model to visible initiatives (None means everything)."""
    s = scope(user)
    if s.is_admin:
        return None
    if s.is_anonymous:
        return Q(pk__in=[])
    return s.unit_q(f"{prefix}unit__")


def visible_related(qs: QuerySet, user, prefix: str = "initiative__") -> QuerySet:
    q = initiative_q(user, prefix)
    return qs if q is None else qs.filter(q)


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
    return scope(user).leads_over(initiative.unit.path)


def visible_decisions(qs: QuerySet, user) -> QuerySet:
    """A decision is seen by whoever sees one of its initiatives and by the leaders of the committee
    that issued it; administrators see all."""
    from .models import Initiative

    s = scope(user)
    if s.is_admin:
        return qs
    if s.is_anonymous:
        return qs.none()
    q = Q(pk__in=Initiative.objects.visible_to(user).filter(decision__isnull=False).values("decision_id"))
    if s.led_committee_ids:
        q |= Q(committee_id__in=s.led_committee_ids)
    return qs.filter(q)


def may_write_assessment(user, committee) -> bool:
    """The assessment in a committee's report is written by its leaders (chair, secretary, secretariat) and admins."""
    return committee is not None and scope(user).leads_committee(committee.pk)
