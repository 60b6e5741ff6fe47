"""Who may see and act on initiatives and what hangs off them.

Every query of the registry goes through one of these `visible_*` doors (the models'
`visible_to(user)` methods call them); the lifecycle asks `may_see` before anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy, pgettext_lazy

from campaigns.access import Scope, leaders_only, scope

# What the pages and the admin say to whoever may not record or propose a commendation (is_leader_for).
COMMENDATION_RECORDERS_ONLY = leaders_only(pgettext_lazy("only leaders may", "ghi nhận khen thưởng"))
COMMENDATION_PROPOSERS_ONLY = leaders_only(pgettext_lazy("only leaders may", "đề nghị khen thưởng"))
# To whoever is not staff of the initiative's own unit (is_unit_staff): its pages, its files, the admin.
UNIT_STAFF_ONLY = gettext_lazy("Chỉ cán bộ của đơn vị đăng ký mới được thực hiện thao tác này.")
# And to whoever may not record an inspection (is_committee_member_for): the page's uploads and the admin.
INSPECTORS_ONLY = gettext_lazy("Chỉ thành viên Ban Chỉ đạo phụ trách đơn vị mới ghi kết quả kiểm tra.")
# To a member who declared a conflict on an initiative: its score page, and a second declaration.
RECUSED = gettext_lazy("Bạn đã khai báo không tham gia chấm điểm hồ sơ này.")
# And to whoever does not sit on a committee over the unit, on the committee's pages of an initiative.
COMMITTEE_MEMBERS_ONLY = gettext_lazy("Chỉ thành viên Ban Chỉ đạo phụ trách đơn vị mới làm được việc này.")


def limited(qs: QuerySet, user, rows: Callable[[Scope], Q]) -> QuerySet:
    """Return `qs` as `user` sees it: all of it for an administrator, none of it for an anonymous
    visitor, otherwise the rows that `rows(scope)` picks."""
    s = scope(user)
    if s.is_admin:
        return qs
    if s.is_anonymous:
        return qs.none()
    return qs.filter(rows(s))


def visible_by_unit(qs: QuerySet, user) -> QuerySet:
    """Rows of a unit (its initiatives, the proposals made to it): unit staff see their units'; a
    committee its unit's subtree; admins all."""
    return limited(qs, user, lambda s: s.unit_q("unit__"))


@dataclass(frozen=True)
class CountRoots:
    """Where the kept counts (`InitiativeCount`) of what one user sees are read, each initiative once.

    `subtrees`: (unit id, path) of units whose whole subtree is seen (one's committees', none inside
    another); `units`: (unit id, path) of units whose own initiatives are seen and that no subtree
    holds (one's units as staff); `everything`: an administrator (the subtrees of the top units).
    """

    subtrees: tuple[tuple[int, str], ...] = ()
    units: tuple[tuple[int, str], ...] = ()
    everything: bool = False

    @property
    def is_one_root(self) -> bool:
        """The rows are those of one unit or one subtree (an administrator's top units may be several)."""
        return not self.everything and len(self.subtrees) + len(self.units) == 1

    def rows_q(self) -> Q:
        """The rows with every dimension that count exactly these initiatives."""
        from .models.counts import Grain

        if self.everything:
            return Q(grain=Grain.SUBTREE, unit__parent__isnull=True)
        return self._seen_q(Grain.SUBTREE)

    def _seen_q(self, subtree_grain: str) -> Q:
        """The `subtree_grain` rows of each subtree seen and the UNIT rows of each unit seen (none: no row)."""
        from .models.counts import Grain

        q = Q(pk__in=[])
        if self.subtrees:
            q |= Q(grain=subtree_grain, unit_id__in=[pk for pk, _path in self.subtrees])
        if self.units:
            q |= Q(grain=Grain.UNIT, unit_id__in=[pk for pk, _path in self.units])
        return q

    def unit_rows_q(self, root) -> Q:
        """The rows that give the summary's unit rows under `root` (None: the top units): per child, by state.

        When the whole subtree of the root is seen, the TOTAL rows of its children and the root's own
        rows; otherwise the TOTAL rows of each subtree seen and the rows of each unit seen (the
        summary adds each up into the child of the root that holds it).
        """
        from .models.counts import Grain

        root_path = root.path if root is not None else ""
        if self.everything or any(root_path.startswith(path) for _pk, path in self.subtrees):
            if root is None:
                return Q(grain=Grain.TOTAL, unit__parent__isnull=True)
            # The children's ids when read with the root (`summary._root_with_children`): the unique
            # key's index then reads their rows alone, not every unit's TOTAL rows of the campaign.
            children = getattr(root, "summary_children", None)
            if children is not None:
                children_q = Q(grain=Grain.TOTAL, unit_id__in=[child[0] for child in children])
                return children_q | Q(grain=Grain.UNIT, unit=root)
            return Q(grain=Grain.TOTAL, unit__parent=root) | Q(grain=Grain.UNIT, unit=root)
        return self._seen_q(Grain.TOTAL)


def count_roots(user, oversight_only: bool = False) -> CountRoots:
    """Return where the counts of the initiatives this user sees are read (`oversight_only`: as a committee member)."""
    s = scope(user)
    if s.is_admin:
        return CountRoots(everything=True)
    if s.is_anonymous:
        return CountRoots()
    seats = {seat.unit_path: seat.unit_id for seat in s.seats}
    subtrees = tuple(
        (pk, path) for path, pk in sorted(seats.items()) if not any(path != p and path.startswith(p) for p in seats)
    )
    units = ()
    if not oversight_only:
        units = tuple(
            (pk, path)
            for pk, path in sorted(s.staff_units.items())
            if not any(path.startswith(p) for _pk, p in subtrees)
        )
    return CountRoots(subtrees, units)


def acting_count_q(user, within=None) -> Q:
    """The counts rows of the initiatives the user's committees act on (`Scope.acting_q`), each once.

    A committee acts on its subtree's initiatives that aim at its level: per level, the SUBTREE rows
    of the seats' units at that level (a seat inside another of the same level adds nothing).
    `within`: a unit (of the user's oversight) whose subtree alone is counted. An administrator
    acts on everything, as `committee_initiatives` says.
    """
    from .models.counts import Grain

    s = scope(user)
    if s.is_admin:
        return Q(grain=Grain.SUBTREE, unit=within) if within is not None else CountRoots(everything=True).rows_q()
    by_level: dict[str, dict[str, int]] = {}
    for seat in s.seats:
        path, pk = seat.unit_path, seat.unit_id
        if within is not None:
            if within.path.startswith(path):
                path, pk = within.path, within.pk
            elif not path.startswith(within.path):
                continue
        by_level.setdefault(seat.level, {})[path] = pk
    q = Q(pk__in=[])
    for level, seats in sorted(by_level.items()):
        tops = [pk for path, pk in sorted(seats.items()) if not any(path != p and path.startswith(p) for p in seats)]
        q |= Q(grain=Grain.SUBTREE, unit_id__in=tops, level=level)
    return q


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
    return is_unit_staff(user, initiative) or scope(user).covers(initiative.unit.path)


def works_at_unit_of(user, initiative) -> bool:
    """True when the user is staff of the initiative's own unit; administrators are not, by this rule."""
    return scope(user).is_staff_of(initiative.unit_id)


def is_unit_staff(user, initiative) -> bool:
    """True when the user acts as the initiative's unit: its own staff, or an administrator."""
    return scope(user).is_admin or works_at_unit_of(user, initiative)


def may_publish_photos(user, initiative) -> bool:
    """Only staff of the initiative's own unit vouch for the consent of the people in its photos.

    Not administrators either: consent is the unit's word, not the system's.
    """
    return works_at_unit_of(user, initiative)


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

    def rows(s: Scope) -> Q:
        q = Q(pk__in=Initiative.objects.visible_to(user).filter(decision__isnull=False).values("decision_id"))
        if s.led_committee_ids:
            q |= Q(committee_id__in=s.led_committee_ids)
        return q

    return limited(qs, user, rows)


def scoring_refusal(user, initiative) -> str | None:
    """Say why `user` may not score `initiative` (None: they may).

    A member of a committee over the unit scores, unless they are staff of the initiative's own
    unit, declared a conflict, or the chair named other scorers (once any are named, only they score).
    """
    from django.utils.translation import gettext

    s = scope(user)
    if not s.roles_at(initiative.unit.path, initiative.level):
        return gettext("Chỉ thành viên Ban Chỉ đạo phụ trách đơn vị mới chấm điểm.")
    if works_at_unit_of(user, initiative):
        return gettext("Bạn là cán bộ của chính đơn vị có hồ sơ này nên không chấm điểm hồ sơ.")
    return set_aside_refusal(user, initiative)


def set_aside_refusal(member, initiative, *, named: bool = False) -> str | None:
    """Say why the committee's own word keeps `member` from scoring `initiative` (None: it does not).

    A conflict they declared, or the chair named other scorers. Part of `scoring_refusal` (said to the
    member); asked again by the sheet's entry point under the initiative's lock, whoever enters the
    sheet, since the chair may name the scorers while a member's page is open (`named`: said of the
    member by name, for an administrator entering it).
    """
    from django.utils.translation import gettext

    recused = initiative.recusals.filter(member_id=member.pk).exists()
    assigned = set(initiative.scorer_assignments.values_list("member_id", flat=True))
    who = {"member": member.get_full_name() or member.username}
    if recused:
        if named:
            return gettext("%(member)s đã khai báo không tham gia chấm điểm hồ sơ này.") % who
        return str(RECUSED)
    if assigned and member.pk not in assigned:
        if named:
            return gettext("Trưởng ban đã phân công người chấm hồ sơ này; %(member)s không có trong danh sách.") % who
        return gettext("Trưởng ban đã phân công người chấm hồ sơ này; bạn không có trong danh sách.")
    return None


def may_write_assessment(user, committee) -> bool:
    """The assessment in a committee's report is written by its leaders (chair, secretary, secretariat) and admins."""
    return committee is not None and scope(user).leads_committee(committee.pk)


def may_list_commendation_proposals(user) -> bool:
    """The proposal list of a campaign is the committees' page (members and leaders) and the administrators'."""
    return scope(user).may_open_committee_pages


# ----- remarks (issue 15) -----------------------------------------------------------------------
def _level_rank(level: str) -> int:
    from campaigns.models import Level

    return list(Level.values).index(level) if level in Level.values else -1


def remarking_seats(user, initiative) -> list:
    """Return the user's seats that may remark on the initiative, the lowest committee first.

    Committees over its unit whose level is below the initiative's (the commune's on a province-level
    initiative of its hamlet) and the committee of its level (the acting one); never those above.
    """
    s = scope(user)
    path, rank = initiative.unit.path, _level_rank(initiative.level)
    seats = [seat for seat in s.seats if path.startswith(seat.unit_path) and _level_rank(seat.level) <= rank]
    return sorted(seats, key=lambda seat: (-len(seat.unit_path), seat.committee_id))


def remarking_committee_id(user, initiative) -> int | None:
    """Return the committee a user's remark speaks for: the lowest of theirs that may remark (None: none may)."""
    seats = remarking_seats(user, initiative)
    return seats[0].committee_id if seats else None


def remark_refusal(user, initiative) -> str | None:
    """Say why `user` may not remark on `initiative` (None: they may).

    A remark speaks for a committee: administrators without a seat write none (the same rule in the admin).
    """
    from django.utils.translation import gettext

    from campaigns.lifecycle import refuse_scope

    if not may_see(user, initiative):
        return str(refuse_scope())
    if not remarking_seats(user, initiative):
        return gettext("Chỉ thành viên Ban Chỉ đạo cấp dưới hoặc Ban Chỉ đạo phụ trách hồ sơ mới gửi ý kiến.")
    return None


def visible_remarks(qs: QuerySet, user) -> QuerySet:
    """Remarks are read by the committees over the initiative's unit (every level) and administrators.

    Not by unit staff: they are the committees' deliberation, not the unit's record.
    """
    s = scope(user)
    if s.is_admin:
        return qs
    if not s.seats:
        return qs.none()
    return qs.filter(s.oversight_q("initiative__unit__"))


def may_read_remarks(user, initiative) -> bool:
    """True when the remarks on this initiative are shown to the user (`visible_remarks` for one object)."""
    return oversees(user, initiative)
