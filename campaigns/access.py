"""Who may see and do what in the campaigns app.

`scope(user)` reads the user's unit and committee memberships once per request (two small
queries, cached on the user object) and answers every "may see / may act" question from
memory. Every `visible_to(user)` queryset method goes through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import CharField, IntegerField, Q, QuerySet, Subquery, Value
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .models import (
    LEADING_ROLES,
    LEVEL_OF_KIND,
    CampaignState,
    CommitteeMembership,
    SteeringCommittee,
    Unit,
    UnitMembership,
    level_of_kind,
)


def leaders_only(task):
    """The one refusal for whoever does not lead the committee in charge: who may (LEADING_ROLES), then what.

    Lazy, so that a class attribute (the admin's `role_message`) reads in the request's language. `task` is a verb
    phrase marked pgettext_lazy("only leaders may", …): the same words elsewhere can be a noun in English.
    """
    return format_lazy(
        gettext_lazy("Chỉ Trưởng ban, Thư ký hoặc cơ quan thường trực của Ban Chỉ đạo phụ trách mới {task}."), task=task
    )


@dataclass(frozen=True)
class CommitteeSeat:
    committee_id: int
    unit_id: int
    unit_path: str
    role: str
    # The level of recognition the committee gives (its unit's level): which initiatives it acts on.
    level: str = ""


@dataclass
class Scope:
    """What one user may see: their units, their committee seats, or everything."""

    user_id: int | None
    is_admin: bool = False
    staff_units: dict[int, str] = field(default_factory=dict)  # unit id → path
    seats: list[CommitteeSeat] = field(default_factory=list)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def is_staff_of_any_unit(self) -> bool:
        return bool(self.staff_units)

    @property
    def is_committee_member(self) -> bool:
        return bool(self.seats)

    @property
    def leading_seats(self) -> list[CommitteeSeat]:
        """Return the seats of chair, secretary or secretariat: the committees this user leads."""
        return [seat for seat in self.seats if seat.role in LEADING_ROLES]

    @property
    def is_leader(self) -> bool:
        """Chair, secretary or secretariat of at least one committee."""
        return bool(self.leading_seats)

    @property
    def may_lead(self) -> bool:
        """An administrator or a leader of some committee: who may open the leaders' pages and buttons
        (each object then asks whether one leads the committee in charge of it: `is_leader_for`)."""
        return self.is_admin or self.is_leader

    @property
    def may_open_committee_pages(self) -> bool:
        """An administrator or a member of some committee: who may open the committee's pages and reports
        of the units below (each initiative then asks whether one sits on its committee:
        `is_committee_member_for`)."""
        return self.is_admin or self.is_committee_member

    @property
    def may_register(self) -> bool:
        """An administrator or staff of some unit: who may open the unit's pages and register an initiative
        (each unit then asks `is_staff_of`)."""
        return self.is_admin or self.is_staff_of_any_unit

    @property
    def committee_paths(self) -> list[str]:
        return sorted({seat.unit_path for seat in self.seats})

    @property
    def own_paths(self) -> list[str]:
        """Return the paths of one's units and of one's committees' units: the roots of what one sees."""
        return list(self.staff_units.values()) + self.committee_paths

    @property
    def led_committee_ids(self) -> set[int]:
        """Return the ids of the committees this user leads (chair, secretary, secretariat)."""
        return {seat.committee_id for seat in self.leading_seats}

    def ancestor_paths_of_own_units(self) -> set[str]:
        paths: set[str] = set()
        for path in self.own_paths:
            steps = path.split("/")[:-1]
            paths.update("".join(s + "/" for s in steps[: i + 1]) for i in range(len(steps)))
        return paths

    # ----- acting -------------------------------------------------------------------------
    def is_staff_of(self, unit_id: int) -> bool:
        return unit_id in self.staff_units

    def roles_over(self, unit_path: str) -> set[str]:
        """Return the roles this user holds in committees whose subtree contains the unit."""
        return {seat.role for seat in self.seats if unit_path.startswith(seat.unit_path)}

    def leads_over(self, unit_path: str) -> bool:
        """True when the user leads a committee whose subtree contains the unit (administrators: always)."""
        return self.is_admin or bool(self.roles_over(unit_path) & LEADING_ROLES)

    def roles_at(self, unit_path: str, level: str) -> set[str]:
        """Return the roles this user holds in committees over the unit that give recognition at `level`.

        The rule of levels: an initiative aiming at a level is acted on by the committee of that
        level over its unit; committees below and above only see it.
        """
        return {seat.role for seat in self.seats if seat.level == level and unit_path.startswith(seat.unit_path)}

    def leads_at(self, unit_path: str, level: str) -> bool:
        """True when the user leads the committee of `level` over the unit (administrators: always)."""
        return self.is_admin or bool(self.roles_at(unit_path, level) & LEADING_ROLES)

    def acting_q(self, unit_prefix: str = "unit__", level_field: str = "level", roles=None) -> Q:
        """Return a Q over initiatives this user's committees act on: in their subtree and at their level.

        The queryset spelling of `roles_at`; not for administrators (the caller does not filter them).
        """
        q = Q(pk__in=[])
        for seat in self.seats:
            if roles is None or seat.role in roles:
                q |= Q(**{f"{unit_prefix}path__startswith": seat.unit_path, level_field: seat.level})
        return q

    def covers(self, unit_path: str) -> bool:
        """True when one of the user's committees oversees this unit."""
        return self.is_admin or any(unit_path.startswith(p) for p in self.committee_paths)

    def leads_committee(self, committee_id: int) -> bool:
        return self.is_admin or committee_id in self.led_committee_ids

    # ----- filtering ----------------------------------------------------------------------
    @property
    def is_narrow(self) -> bool:
        """True when all one sees lies below the province: one's units and committees are communes, hamlets…

        A search then starts from those few units (issue 16): the text is matched only on their rows,
        not looked up in the whole table's trigram index to keep a few of its matches.
        """
        return not self.is_admin and not self.is_anonymous and all(path.count("/") > 1 for path in self.own_paths)

    def unit_q(self, prefix: str = "") -> Q:
        """Return a Q over units (reached through `prefix`, e.g. "unit__") that this user works in or oversees."""
        if self.is_admin:
            return Q()
        q = Q(**{f"{prefix}pk__in": list(self.staff_units)})
        if self.seats:
            q |= self.oversight_q(prefix)
        return q

    def oversight_q(self, prefix: str = "", roles: frozenset[str] | None = None) -> Q:
        """Return a Q over units (reached through `prefix`) in the subtree of one of the user's committees.

        `roles` narrows to the committees where the user holds one of these roles. Not for
        administrators, who oversee everything (the caller does not filter them).
        """
        paths = sorted({seat.unit_path for seat in self.seats if roles is None or seat.role in roles})
        if not paths:
            return Q(**{f"{prefix}pk__in": []})
        q = Q()
        for path in paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        return q

    def filter_units(self, qs: QuerySet) -> QuerySet:
        if self.is_admin:
            return qs
        if self.is_anonymous:
            return qs.none()
        return qs.filter(self.unit_q())

    def filter_campaigns(self, qs: QuerySet) -> QuerySet:
        """Launched campaigns of committees above or inside one's units; drafts to their committee."""
        if self.is_admin:
            return qs
        if self.is_anonymous:
            return qs.none()
        own = Q(committee_id__in={seat.committee_id for seat in self.seats})
        reach = Q(committee__unit__path__in=self.ancestor_paths_of_own_units())
        if self.seats:
            reach |= self.oversight_q("committee__unit__")
        return qs.filter(own | (reach & ~Q(state=CampaignState.DRAFT)))


_CACHE_ATTR = "_dvk_scope"


def scope(user) -> Scope:
    """Return the user's scope, read once and cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope(user_id=None)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        result = Scope(user_id=user.pk, is_admin=True)
    else:
        staff_units: dict[int, str] = {}
        seats: list[CommitteeSeat] = []
        for committee_id, unit_id, path, role, kind in _memberships(user):
            if committee_id is None:
                staff_units[unit_id] = path
            else:
                seats.append(CommitteeSeat(committee_id, unit_id, path, role, level_of_kind(kind)))
        result = Scope(user_id=user.pk, staff_units=staff_units, seats=seats)
    setattr(user, _CACHE_ATTR, result)
    return result


def _memberships(user) -> QuerySet:
    """The user's units as staff and seats on committees, in one query (every page reads them).

    Rows of (committee id, unit id, unit path, role, unit kind); a unit membership has no
    committee, role or kind.
    """
    staff = (
        UnitMembership.objects.filter(user=user)
        .annotate(
            no_committee=Value(None, output_field=IntegerField()),
            no_role=Value("", output_field=CharField()),
            no_kind=Value("", output_field=CharField()),
        )
        .values_list("no_committee", "unit_id", "unit__path", "no_role", "no_kind")
    )
    seats = CommitteeMembership.objects.filter(user=user).values_list(
        "committee_id", "committee__unit_id", "committee__unit__path", "role", "committee__unit__kind"
    )
    return staff.union(seats, all=True)


def assign_scope(user, given: Scope) -> None:
    """Give a principal that has no memberships (an API client) its scope ready-made."""
    setattr(user, _CACHE_ATTR, given)


def forget_scope(user) -> None:
    """Drop the cached scope (after memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def led_committees(user) -> QuerySet:
    """Return the committees this user leads, with their unit (all of them for administrators)."""
    s = scope(user)
    qs = SteeringCommittee.objects.select_related("unit").order_by("unit__path")
    if s.is_admin:
        return qs
    return qs.filter(pk__in=s.led_committee_ids)


def members_over(unit: Unit) -> QuerySet:
    """Return the committee memberships of every committee whose subtree contains `unit`."""
    return CommitteeMembership.objects.filter(committee__unit__path__in=unit.ancestor_paths())


def units_for_registration(user) -> QuerySet:
    """Return the units a user may register initiatives for (their own staff units)."""
    s = scope(user)
    if s.is_admin:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=list(s.staff_units))


def unit_filter_choices(user, *, own_units: bool = False) -> QuerySet:
    """Return the units a list's unit filter offers (each stands for its subtree).

    A committee member gets each committee's unit and the units right below it (a commune's
    hamlets are reached through the commune); an administrator the province and the units right
    below it. `own_units` adds the user's own units as staff (the staff's list shows those too).
    """
    s = scope(user)
    if s.is_admin:
        q = Q(depth__lte=1)
    else:
        q = Q(pk__in=list(s.staff_units) if own_units else [])
        for path in s.committee_paths:
            q |= Q(path__startswith=path, depth__lte=path.count("/"))
    return Unit.objects.filter(q).only("id", "name", "path").order_by("path")


def responsible_committees(unit: Unit) -> QuerySet:
    """Return the committees that act on this unit's initiatives: those of the lowest unit over it that has one.

    A hamlet's registration is appraised by its commune's committee; the province's committee
    sees it in its roll-up but does not act on it (one query, evaluated lazily).
    """
    deepest = (
        SteeringCommittee.objects.filter(unit__path__in=unit.ancestor_paths())
        .order_by("-unit__depth")
        .values("unit_id")[:1]
    )
    return SteeringCommittee.objects.filter(unit_id=Subquery(deepest))


def acting_committees(unit: Unit, level: str) -> QuerySet:
    """Return the committee that acts on this unit's initiatives aiming at `level`: the lowest of that level over it.

    The queryset spelling of `Initiative.acting_committee` (a lazy one-row queryset, one query
    where it is used): the level is the committee unit's kind's (`LEVEL_OF_KIND`).
    """
    kinds = [kind for kind, of in LEVEL_OF_KIND.items() if of == level]
    same_level = Q(unit__kind__in=kinds) if kinds else ~Q(unit__kind__in=list(LEVEL_OF_KIND))
    deepest = (
        SteeringCommittee.objects.filter(same_level, unit__path__in=unit.ancestor_paths())
        .order_by("-unit__depth")
        .values("pk")[:1]
    )
    return SteeringCommittee.objects.filter(pk=Subquery(deepest))


def committees_over(unit: Unit) -> QuerySet:
    """Return the committees whose subtree contains `unit`, the lowest first."""
    return (
        SteeringCommittee.objects.filter(unit__path__in=unit.ancestor_paths())
        .select_related("unit")
        .order_by("-unit__depth", "pk")
    )


def levels_over(unit: Unit) -> list[str]:
    """Return the levels an initiative of `unit` may aim at: those of the committees over it, the lowest first."""
    levels: list[str] = []
    for committee in committees_over(unit):
        if committee.level not in levels:
            levels.append(committee.level)
    return levels


def concerned_by(unit: Unit, level: str | None = None, *, also: tuple[int, ...] = ()) -> set[int]:
    """Return the ids of the users a move on this unit's initiative concerns: its staff and its acting committee.

    The acting committee is the lowest over the unit of the initiative's `level` (issue 15; None: the
    lowest committee over the unit, for a unit's own business). Not every committee above it: leaders
    of higher committees read the roll-up, not each submission. `also`: other committees to tell (the
    one a nomination goes to).
    """
    staff = UnitMembership.objects.filter(unit=unit).values_list("user_id", flat=True).order_by()
    acting = responsible_committees(unit) if level is None else acting_committees(unit, level)
    committees = Q(committee__in=acting)
    if also:
        committees |= Q(committee_id__in=also)
    committee = CommitteeMembership.objects.filter(committees).values_list("user_id", flat=True).order_by()
    return set(staff.union(committee))


def staff_of(unit: Unit) -> set[int]:
    """Return the ids of the unit's staff (what "reaches the unit" means)."""
    return set(UnitMembership.objects.filter(unit=unit).values_list("user_id", flat=True))


def people_under(unit: Unit) -> set[int]:
    """Return the ids of everyone working in the unit's subtree: every unit's staff and every committee's members.

    The audience of a campaign's announcements (its committee's unit is the scope).
    """
    staff = UnitMembership.objects.filter(unit__path__startswith=unit.path).values_list("user_id", flat=True)
    committees = CommitteeMembership.objects.filter(committee__unit__path__startswith=unit.path).values_list(
        "user_id", flat=True
    )
    # Compound statements refuse the models' default ordering on SQLite.
    staff, committees = staff.order_by(), committees.order_by()
    return set(staff.union(committees))
