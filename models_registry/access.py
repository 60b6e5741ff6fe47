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


def may_publish_photos(user, initiative) -> bool:
    """Only staff of the initiative's own unit vouch for the consent of the people in its photos.

    Not administrators either: consent is the unit's word, not the system's.
    """
    return scope(user).is_staff_of(initiative.unit_id)


def committee_roles(user, initiative) -> set[str]:
    """Roles the user holds in the committee that acts on the initiative (its level's, over its unit)."""
    return scope(user).roles_at(initiative.unit.path, initiative.level)


def is_committee_member_for(user, initiative) -> bool:
    """True when the user sits on the committee that acts on the initiative (see `Initiative.acting_committee`).

    A committee of another level over the unit sees the initiative but does not act on it.
    """
    s = scope(user)
    return s.is_admin or bool(s.roles_at(initiative.unit.path, initiative.level))


def is_leader_for(user, initiative) -> bool:
    """True when the user leads the committee that acts on the initiative (administrators: always)."""
    return scope(user).leads_at(initiative.unit.path, initiative.level)


def oversees(user, initiative) -> bool:
    """True when the user sits on any committee over the initiative's unit, of whatever level (sees it)."""
    s = scope(user)
    return s.is_admin or bool(s.roles_over(initiative.unit.path))


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


def scoring_refusal(user, initiative) -> str | None:
    """Say why `user` may not score `initiative` (None: they may).

    A member of a committee over the unit scores, unless they are staff of the initiative's own
    unit, declared a conflict, or the chair named other scorers (once any are named, only they score).
    """
    from django.utils.translation import gettext

    s = scope(user)
    if not s.roles_at(initiative.unit.path, initiative.level):
        return gettext("Chỉ thành viên Ban Chỉ đạo phụ trách đơn vị mới chấm điểm.")
    if s.is_staff_of(initiative.unit_id):
        return gettext("Bạn là cán bộ của chính đơn vị có hồ sơ này nên không chấm điểm hồ sơ.")
    recused = initiative.recusals.filter(member_id=user.pk).exists()
    assigned = set(initiative.scorer_assignments.values_list("member_id", flat=True))
    if recused:
        return gettext("Bạn đã khai báo không tham gia chấm điểm hồ sơ này.")
    if assigned and user.pk not in assigned:
        return gettext("Trưởng ban đã phân công người chấm hồ sơ này; bạn không có trong danh sách.")
    return None


def may_write_assessment(user, committee) -> bool:
    """The assessment in a committee's report is written by its leaders (chair, secretary, secretariat) and admins."""
    return committee is not None and scope(user).leads_committee(committee.pk)
