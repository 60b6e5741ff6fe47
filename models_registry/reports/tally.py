"""The summary's rows and the grouped reads that count them (see `summary` for the definitions).

Every breakdown but the units' comes from one grouped read added up by `Tally`; the unit rows roll
the counts per unit path up to the root's children (`unit_rows`); the commendations are grouped by
kind and level. Each read runs on the initiatives, or on their kept counts when the caller has them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from campaigns.models import PATH_STEP, InitiativeKind, Level, Unit, field_label

from ..models import (
    COUNTED_REPLICATION_STATES,
    UNREGISTERED_STATES,
    CommendationKind,
    CommendationLevel,
    Origin,
    State,
    Subject,
)
from ..models.steps import BITS, FUNNEL_STEPS, holding, standing_award


# ----- the rows ---------------------------------------------------------------------------
def registered_q(prefix: str = "") -> Q:
    """Return the Q that selects registered initiatives (reached through `prefix`)."""
    return ~Q(**{f"{prefix}state__in": UNREGISTERED_STATES})


def rate_of(recognized: int, registered: int) -> Decimal | None:
    """Return recognized / registered in percent, one decimal, or None when nothing was registered."""
    if not registered:
        return None
    return (Decimal(recognized) * 100 / Decimal(registered)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class RecognitionRate:
    """Mixed into a count of `registered` and `recognized` initiatives: the rate between them."""

    @property
    def rate(self) -> Decimal | None:
        """Registered-vs-recognized rate in percent (one decimal), None when nothing registered."""
        return rate_of(self.recognized, self.registered)


@dataclass
class Row(RecognitionRate):
    """A breakdown row: how many were registered and how many recognized."""

    key: str
    label: str
    registered: int = 0
    recognized: int = 0


@dataclass
class CountRow:
    """A breakdown row with a single count (levels, commendations, states)."""

    key: str
    label: str
    count: int = 0


@dataclass
class UnitRow(RecognitionRate):
    """One unit and its whole subtree; `direct` is the row of the root unit's own initiatives."""

    unit_id: int
    name: str
    kind: str
    kind_label: str
    path: str
    registered: int = 0
    recognized: int = 0
    outstanding: int = 0
    direct: bool = False
    # The recognized initiatives at each step after recognition (the funnel's: `steps.BITS`' names).
    later: dict[str, int] = field(default_factory=dict, repr=False)


@dataclass
class FieldStateRow:
    """Counts per state for one field (every state, drafts included)."""

    key: str
    label: str
    counts: dict[str, int]
    total: int

    def cells(self, states: list[str] | None = None) -> list[int]:
        """Return the counts in the order of `states` (default: every state in lifecycle order)."""
        return [self.counts.get(s, 0) for s in (states or State.values)]


# ----- the grouped reads and their tally --------------------------------------------------
def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))


def grouped_counts(base: QuerySet, counts: QuerySet | None) -> QuerySet:
    """Every breakdown but the units' in one grouped read: the kept counts when given, else the initiatives.

    The recognition level is `recognition_level` in both (an empty one means none)."""
    keys = ("field_id", "kind", "subject", "origin", "state", "level", "later_steps")
    if counts is not None:
        return (
            counts.counted()
            .order_by()
            .values(*keys, "recognition_level")
            .annotate(n=Sum("count"), outstanding=Coalesce(Sum("count", filter=Q(outstanding=True)), 0))
        )
    return base.values(*keys, recognition_level=F("decision__level")).annotate(
        n=Count("id"), outstanding=Count("id", filter=Q(outstanding=True))
    )


def labelled_fields(rows: list[dict]) -> list[dict]:
    """The fields in their order, labelled (inactive fields still show when they hold numbers)."""
    fields = sorted(rows, key=lambda f: (f["order"], f["id"]))
    for f in fields:
        # SQLite's JSON has no booleans: `active` comes back as 0 or 1 there.
        f["active"] = bool(f["active"])
        f["label"] = field_label(f["name"], f["name_en"])
    return fields


# Where each step is in a tally's list (`FUNNEL_STEPS`' order); the later steps with their bits.
REGISTERED, RECOGNIZED, OUTSTANDING = (FUNNEL_STEPS.index(step) for step in ("registered", "recognized", "outstanding"))
LATER_STEPS = [(FUNNEL_STEPS.index(step), bit) for step, bit in BITS.items()]


def _row(rows: dict, key: str) -> Row:
    """The row of `key` in a breakdown, made (labelled by its value) for a value no longer in the code."""
    row = rows.get(key)
    if row is None:
        row = rows[key] = Row(key, key)
    return row


class Tally:
    """The breakdowns of a summary, added up one counted group at a time (`add`), then read (`breakdowns`)."""

    def __init__(self, fields: list[dict]):
        self.fields = fields
        self.by_field = {f["id"]: Row(f["code"], f["label"]) for f in fields}
        self.by_kind = {v: Row(v, str(label)) for v, label in InitiativeKind.choices}
        self.by_subject = {v: Row(v, str(label)) for v, label in Subject.choices}
        self.by_origin = {v: Row(v, str(label)) for v, label in Origin.choices}
        self.by_level = {v: CountRow(v, str(label)) for v, label in Level.choices}
        self.by_state = {v: CountRow(v, str(label)) for v, label in State.choices}
        self.state_field: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        # The count of each of `FUNNEL_STEPS` per (level aimed at, field key).
        self.aimed: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(FUNNEL_STEPS))
        self.totals = dict.fromkeys(
            ("total", "registered", "recognized", "replications", "replications_recognized", "outstanding"), 0
        )

    def add(self, g: dict) -> None:
        n, state, totals = g["n"], g["state"], self.totals
        totals["total"] += n
        if state not in self.by_state:  # a state no longer in the code: labelled by its value (rare; not per row)
            self.by_state[state] = CountRow(state, _label(State.choices, state))
        self.by_state[state].count += n
        self.state_field[g["field_id"]][state] += n
        if g["field_id"] not in self.by_field:  # a field added after the list was read
            self.by_field[g["field_id"]] = Row(str(g["field_id"]), str(g["field_id"]))
        rows = (
            self.by_field[g["field_id"]],
            _row(self.by_kind, g["kind"]),
            _row(self.by_subject, g["subject"]),
            _row(self.by_origin, g["origin"]),
        )
        steps = self.aimed[g["level"], rows[0].key]
        if state not in UNREGISTERED_STATES:
            steps[REGISTERED] += n
            totals["registered"] += n
            if g["origin"] == Origin.REPLICATED and state in COUNTED_REPLICATION_STATES:
                totals["replications"] += n
            for row in rows:
                row.registered += n
        if state == State.RECOGNIZED:
            steps[RECOGNIZED] += n
            steps[OUTSTANDING] += g["outstanding"]
            for i, bit in LATER_STEPS:
                if g["later_steps"] & bit:
                    steps[i] += n
            totals["recognized"] += n
            totals["outstanding"] += g["outstanding"]
            if g["origin"] == Origin.REPLICATED:
                totals["replications_recognized"] += n
            for row in rows:
                row.recognized += n
            level = g["recognition_level"]
            if level:
                if level not in self.by_level:
                    self.by_level[level] = CountRow(level, _label(Level.choices, level))
                self.by_level[level].count += n

    def breakdowns(self) -> dict:
        """The Summary's fields that the groups make."""
        active_ids = {f["id"] for f in self.fields if f["active"]}
        state_values = State.values
        return {
            **self.totals,
            "by_field": [r for fid, r in self.by_field.items() if fid in active_ids or r.registered or r.recognized],
            "by_kind": list(self.by_kind.values()),
            "by_subject": list(self.by_subject.values()),
            "by_origin": list(self.by_origin.values()),
            "by_level": [r for r in self.by_level.values() if r.count or r.key != Level.DISTRICT],
            "by_state": [self.by_state[v] for v in state_values]
            + [r for k, r in self.by_state.items() if k not in state_values],
            "by_state_and_field": self._state_and_field(),
            "by_aimed_level_and_field": dict(self.aimed),
        }

    def _state_and_field(self) -> list[FieldStateRow]:
        rows = []
        for f in self.fields:
            per_state = dict(self.state_field.get(f["id"], {}))
            if not f["active"] and not per_state:
                continue
            rows.append(FieldStateRow(f["code"], f["label"], per_state, sum(per_state.values())))
        known = {f["id"] for f in self.fields}
        for fid, per_state in self.state_field.items():
            if fid not in known:
                rows.append(FieldStateRow(str(fid), str(fid), dict(per_state), sum(per_state.values())))
        return rows


def commendation_groups(base: QuerySet, commendation_counts: QuerySet | None) -> QuerySet:
    """Commendations by kind and level: the kept counts (a few rows per unit whatever the year's size),
    else through the join from the set's initiatives. Only recognized initiatives are commended
    (`check_commendable`) and recognition is final: the kept counts need no state. An award recovered
    by its authority (`Commendation.recover`) counts in neither: the kept counts leave it out, and the
    join's condition on it sits in the join's own `filter()`, so it is about the same related row."""
    if commendation_counts is not None:
        return (
            commendation_counts.counted()
            .order_by()
            .values(commendation_kind=F("kind"), commendation_level=F("level"))
            .annotate(n=Sum("count"))
        )
    return (
        base.filter(standing_award("commendations__"), state=State.RECOGNIZED, commendations__isnull=False)
        .values(commendation_kind=F("commendations__kind"), commendation_level=F("commendations__level"))
        .annotate(n=Count("commendations__id"))
    )


def commendation_rows(groups: list[dict]) -> tuple[list, list]:
    """The commendations by kind and by level, from `commendation_groups`' rows."""
    kind_counts: dict[str, int] = defaultdict(int)
    level_counts: dict[str, int] = defaultdict(int)
    for g in groups:
        kind, level, n = g["commendation_kind"], g["commendation_level"], g["n"]
        kind_counts[kind] += n
        level_counts[level or ""] += n
    by_kind = [CountRow(v, str(label), kind_counts.pop(v, 0)) for v, label in CommendationKind.choices]
    by_kind += [CountRow(k, k, n) for k, n in kind_counts.items()]
    by_level = [CountRow(v, str(label), level_counts.pop(v, 0)) for v, label in CommendationLevel.choices]
    # The former district level shows only when it holds commendations, as in the recognition levels.
    by_level = [r for r in by_level if r.count or r.key != CommendationLevel.DISTRICT]
    unstated = level_counts.pop("", 0)
    by_level += [CountRow(k, k, n) for k, n in level_counts.items()]
    if unstated:
        by_level.append(CountRow("", gettext("Chưa xác định"), unstated))
    return by_kind, by_level


def per_path_counts(base: QuerySet, counted: bool = False) -> QuerySet:
    """Registered, recognized, outstanding and each later step per unit path.

    `counted`: `base` holds `InitiativeCount` rows, whose counts are added up instead of counted.
    """

    def tally(q: Q):
        return Coalesce(Sum("count", filter=q), 0) if counted else Count("id", filter=q)

    return base.values("unit__path").annotate(
        registered=tally(registered_q()),
        recognized=tally(Q(state=State.RECOGNIZED)),
        outstanding=tally(Q(state=State.RECOGNIZED, outstanding=True)),
        **{step: tally(Q(state=State.RECOGNIZED, later_steps__in=holding(bit))) for step, bit in BITS.items()},
    )


def unit_rows(per_path: list[dict], root_unit: Unit | None) -> list[UnitRow]:
    """Return one row per child of the root (its subtree rolled up) and one for the root itself,
    from `per_path_counts`'s rows."""
    if root_unit is not None:
        children = Unit.objects.filter(parent=root_unit)
        root_path = root_unit.path
    else:
        children = Unit.objects.filter(parent__isnull=True)
        root_path = ""
    # `summary_scope_for` may have read the children with the root already.
    listed = getattr(root_unit, "summary_children", None)
    if listed is None:
        listed = children.order_by("path").values_list("id", "name", "kind", "path")
    kind_labels = dict(Unit._meta.get_field("kind").choices)
    rows: dict[str, UnitRow] = {}
    for unit_id, name, kind, path in listed:
        rows[path] = UnitRow(unit_id, name, kind, str(kind_labels.get(kind, kind)), path)

    direct: UnitRow | None = None
    child_len = len(root_path) + PATH_STEP + 1
    for item in per_path:
        path = item["unit__path"] or ""
        if not path.startswith(root_path):
            continue  # outside the root's subtree: not part of this report's rows
        if len(path) < child_len:
            if direct is None and root_unit is not None:
                direct = UnitRow(
                    root_unit.pk,
                    str(root_unit.name),
                    root_unit.kind,
                    str(kind_labels.get(root_unit.kind, root_unit.kind)),
                    root_unit.path,
                    direct=True,
                )
            row = direct
        else:
            row = rows.get(path[:child_len])
        if row is None:
            continue
        row.registered += item["registered"]
        row.recognized += item["recognized"]
        row.outstanding += item["outstanding"]
        for step in BITS:
            row.later[step] = row.later.get(step, 0) + item[step]
    result = list(rows.values())
    if direct is not None:
        result.insert(0, direct)
    return result
