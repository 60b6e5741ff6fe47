"""The yearly / campaign summary: every breakdown a report hands in, in a fixed number of queries.

Definitions (the numbers every page, export and test agree on):

- **registered** (đăng ký): every initiative that reached the committee, i.e. every state
  except ``draft`` (never sent) and ``withdrawn`` (taken back by the unit). Returned,
  rejected, not recognized … all count as registered.
- **recognized** (công nhận, "effective"): state ``recognized``.
- **rate**: recognized / registered, in percent with one decimal (``None`` when nothing
  was registered).
- **by level**: recognized initiatives by the level of their recognition decision.
- **by unit**: one row per child of ``root_unit`` whose numbers include its whole subtree
  (a commune row sums its hamlets), plus a row for initiatives registered by the root unit
  itself. ``root_unit=None`` means the top-level units are the rows.
- **replications**: ``Initiative.objects.replications()``, registered initiatives whose origin
  is ``replicated``, except those the committee rejected (the exports and the showcase count
  the same); the most replicated sources are the ``replicates`` targets counted among them.
- **commendations**: every commendation on an initiative of the set, by kind and by the level of
  its authority (rows recorded before the level was asked count as "not stated").
- **by state** and **by state and field** count every state, drafts included (the campaign
  overview shows what is still in the units' hands).

``build_summary`` runs the same handful of queries whatever the number of initiatives:
grouped counts (``values().annotate()``) and conditional aggregation; roll-ups along
``Unit.path`` happen in Python over one row per unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from campaigns.access import scope
from campaigns.models import PATH_STEP, Campaign, Field, InitiativeKind, Level, Unit, field_label
from campaigns.sql import in_campaigns, read_together

from ..models import (
    COUNTED_REPLICATION_STATES,
    UNREGISTERED_STATES,
    CommendationKind,
    CommendationLevel,
    Initiative,
    Origin,
    State,
    Subject,
)
from ..models.steps import BITS, FUNNEL_STEPS, holding
from .replications import (
    ReplicatedSource,
    counted_by_source,
    proposal_counts,
    proposals_for,
    proposals_of_period,
    replications_by_source,
    top_replicated,
)

__all__ = [
    "Row",
    "CountRow",
    "UnitRow",
    "ReplicatedSource",
    "FieldStateRow",
    "Summary",
    "KeptCounts",
    "build_summary",
    "kept_counts",
    "proposals_for",
    "proposals_of_period",
    "summary_scope_for",
    "summary_counts_for",
    "for_campaign",
    "for_year",
    "registered_q",
    "rate_of",
]


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


@dataclass
class Summary(RecognitionRate):
    """Every breakdown of the yearly report, for one set of initiatives."""

    root_unit: Unit | None
    registered: int
    recognized: int
    outstanding: int
    replications: int
    commendations_total: int
    by_field: list[Row]
    by_kind: list[Row]
    by_subject: list[Row]
    by_origin: list[Row]
    by_level: list[CountRow]
    by_unit: list[UnitRow]
    commendations_by_kind: list[CountRow]
    commendations_by_level: list[CountRow]
    by_state: list[CountRow]
    by_state_and_field: list[FieldStateRow]
    top_replicated: list[ReplicatedSource]
    recognized_initiatives: QuerySet = field(repr=False)
    total: int = 0  # every initiative of the set, drafts and withdrawn included
    replications_recognized: int = 0  # replications (origin "replicated") that were recognized
    # The count of each of `steps.FUNNEL_STEPS` (registered, recognized, outstanding, the later steps) per
    # (level aimed at, field key): the funnel (reports/funnel.py), read in the same grouped query as
    # every breakdown.
    by_aimed_level_and_field: dict[tuple[str, str], list[int]] = field(default_factory=dict, repr=False)
    # The committee's replication proposals (None when the caller did not ask): sent, accepted by
    # their unit, declined, and accepted ones whose draft went on to be recognized.
    proposals: int | None = None
    proposals_accepted: int = 0
    proposals_declined: int = 0
    proposals_recognized: int = 0

    @property
    def states(self) -> list[tuple[str, str]]:
        """The (value, label) of every state, in lifecycle order, for table headers."""
        return [(value, str(label)) for value, label in State.choices]

    def chart_data(self) -> dict:
        """Return the numbers the charts draw (plain JSON-able lists; the tables show the same)."""

        def pairs(rows: list[Row]) -> dict:
            return {
                "labels": [r.label for r in rows],
                "registered": [r.registered for r in rows],
                "recognized": [r.recognized for r in rows],
            }

        return {
            "by_field": pairs(self.by_field),
            "by_kind": pairs(self.by_kind),
            "by_subject": pairs(self.by_subject),
            "by_origin": pairs(self.by_origin),
            "by_unit": {
                "labels": [r.name for r in self.by_unit],
                "registered": [r.registered for r in self.by_unit],
                "recognized": [r.recognized for r in self.by_unit],
            },
            "by_level": {"labels": [r.label for r in self.by_level], "counts": [r.count for r in self.by_level]},
            "commendations_by_kind": {
                "labels": [r.label for r in self.commendations_by_kind],
                "counts": [r.count for r in self.commendations_by_kind],
            },
        }


# ----- choosing the set ---------------------------------------------------------------------
def for_campaign(initiatives: QuerySet, campaign: Campaign | int) -> QuerySet:
    """Limit a set of initiatives to one campaign."""
    campaign_id = campaign.pk if isinstance(campaign, Campaign) else campaign
    return initiatives.filter(campaign_id=campaign_id)


def for_year(initiatives: QuerySet, year: int) -> QuerySet:
    """Limit a set of initiatives to the campaigns of one year (a plan PostgreSQL can run in parallel)."""
    return in_campaigns(initiatives, Campaign.objects.filter(year=year))


def _common_ancestor_path(paths: list[str]) -> str:
    """Return the deepest path that every given path starts with (whole steps only)."""
    if not paths:
        return ""
    split = [p.split("/")[:-1] for p in paths]
    common: list[str] = []
    for steps in zip(*split, strict=False):
        if len(set(steps)) != 1:
            break
        common.append(steps[0])
    return "".join(s + "/" for s in common)


def summary_scope_for(user) -> tuple[QuerySet, Unit | None]:
    """Return the initiatives this user may summarize and the unit whose children are the unit rows.

    The root is the deepest unit that contains everything in the user's scope: the committee's
    unit for a committee member, the unit for its staff, the province (the single top unit)
    for administrators. A user whose scope spans several subtrees gets their common ancestor
    (or None, meaning the top-level units, when there is none).
    """
    initiatives = Initiative.objects.visible_to(user)
    s = scope(user)
    if s.is_anonymous:
        return initiatives, None
    if s.is_admin:
        tops = list(Unit.objects.filter(parent__isnull=True)[:2])
        return initiatives, tops[0] if len(tops) == 1 else None
    root_path = _common_ancestor_path(s.own_paths)
    return initiatives, _root_with_children(root_path) if root_path else None


@dataclass(frozen=True)
class KeptCounts:
    """The kept counts of one summary: what `summary_scope_for(user)` sees in one period.

    `counts`: the rows of every breakdown; `unit_counts`: those of the unit rows under the root;
    `commendation_counts`, `replication_counts`: the commendations' and the replications' per source.
    `one_row_per_source`: the replications' rows are of one campaign and one root, so each source
    replicated has one row (the most replicated are then read off an index, not added up).
    """

    counts: QuerySet
    unit_counts: QuerySet
    commendation_counts: QuerySet
    replication_counts: QuerySet
    one_row_per_source: bool = False

    def replications_by_source(self) -> QuerySet:
        return counted_by_source(self.replication_counts, one_row_per_source=self.one_row_per_source)


def summary_counts_for(user, root_unit: Unit | None, period) -> KeptCounts:
    """Return the kept counts of what `summary_scope_for(user)` sees in `period` (a `periods.Period`;
    None: nothing)."""
    if period is None:
        return kept_counts(user, root_unit, campaign_ids=[])
    return kept_counts(user, root_unit, campaign_ids=[period.campaign.pk] if period.campaign else period.campaign_ids)


def kept_counts(user, root_unit: Unit | None, *, campaign_ids: list[int] | None) -> KeptCounts:
    """Return the kept counts of what `summary_scope_for(user)` sees in these campaigns (None: every one).

    By a list of ids, not a subquery: the counts' unique index (campaign, grain, unit, …) then reads
    each campaign's rows. With the campaigns as a subquery or a join, PostgreSQL scanned the whole
    table of counts for the summary's unit rows and their long list of units (61 ms against 2 ms at
    100,000 initiatives, growing with the table)."""
    from ..access import count_roots
    from ..models import CommendationCount, InitiativeCount, ReplicationCount

    roots = count_roots(user)
    parts = (
        InitiativeCount.objects.filter(roots.rows_q()),
        InitiativeCount.objects.filter(roots.unit_rows_q(root_unit)),
        CommendationCount.objects.filter(roots.rows_q()),
        ReplicationCount.objects.filter(roots.rows_q()),
    )
    if campaign_ids is not None:
        parts = tuple(qs.filter(campaign_id__in=campaign_ids) for qs in parts)
    one_campaign = campaign_ids is not None and len(campaign_ids) == 1
    return KeptCounts(*parts, one_row_per_source=one_campaign and roots.is_one_root)


def _root_with_children(root_path: str) -> Unit | None:
    """The unit at `root_path`, with its children (the summary's unit rows) read in the same query."""
    units = list(Unit.objects.filter(path__startswith=root_path, depth__lte=root_path.count("/")).order_by("path"))
    root = next((u for u in units if u.path == root_path), None)
    if root is not None:
        root.summary_children = [(u.pk, u.name, u.kind, u.path) for u in units if u.parent_id == root.pk]
    return root


# ----- the summary ------------------------------------------------------------------------
def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))


def build_summary(
    initiatives: QuerySet,
    *,
    root_unit: Unit | None = None,
    proposals: QuerySet | None = None,
    kept: KeptCounts | None = None,
) -> Summary:
    """Count every breakdown of the report for these initiatives (a fixed number of queries).

    Queries: the grouped counts by (field, kind, subject, origin, state, recognition level, level
    aimed at); the counts per unit path; the unit rows (children of the root); the fields;
    commendations by kind and level; the most replicated sources. The list of recognized
    initiatives is a lazy queryset.

    `kept`: the same set's kept counts (same scope, same period; see `summary_counts_for`): the
    grouped reads then add up a few hundred kept rows instead of reading every initiative of the set.
    """
    base = initiatives.order_by()
    # The four grouped reads go to the database together (one round trip), whatever the source.
    field_rows, groups, per_path, commended = read_together(
        Field.objects.values("id", "code", "name", "name_en", "active", "order"),
        _groups(base, kept and kept.counts),
        _per_path(base) if kept is None else _per_path(kept.unit_counts.counted().order_by(), counted=True),
        _commendation_groups(base, kept and kept.commendation_counts),
    )
    tally = _Tally(_fields(field_rows))
    for group in groups:
        tally.add(group)
    by_unit = _unit_rows(per_path, root_unit)
    commendations_by_kind, commendations_by_level = _commendation_rows(commended)
    return Summary(
        # The committee's replication proposals, in one aggregate (only when the caller passes them).
        **(proposal_counts(proposals) if proposals is not None else {}),
        **tally.breakdowns(),
        root_unit=root_unit,
        by_unit=by_unit,
        commendations_total=sum(r.count for r in commendations_by_kind),
        commendations_by_kind=commendations_by_kind,
        commendations_by_level=commendations_by_level,
        # The most replicated sources among the replications that count.
        top_replicated=top_replicated(
            replications_by_source(base.replications()) if kept is None else kept.replications_by_source()
        ),
        recognized_initiatives=initiatives.filter(state=State.RECOGNIZED)
        .select_related("unit", "field", "decision", "campaign")
        .order_by("unit__path", "name", "pk"),
    )


def _groups(base: QuerySet, counts: QuerySet | None) -> QuerySet:
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


def _fields(rows: list[dict]) -> list[dict]:
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


class _Tally:
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


def _commendation_groups(base: QuerySet, commendation_counts: QuerySet | None) -> QuerySet:
    """Commendations by kind and level: the kept counts (a few rows per unit whatever the year's size),
    else through the join from the set's initiatives. Only recognized initiatives are commended
    (`check_commendable`) and recognition is final: the kept counts need no state."""
    if commendation_counts is not None:
        return (
            commendation_counts.counted()
            .order_by()
            .values(commendation_kind=F("kind"), commendation_level=F("level"))
            .annotate(n=Sum("count"))
        )
    return (
        base.filter(state=State.RECOGNIZED, commendations__isnull=False)
        .values(commendation_kind=F("commendations__kind"), commendation_level=F("commendations__level"))
        .annotate(n=Count("commendations__id"))
    )


def _commendation_rows(groups: list[dict]) -> tuple[list, list]:
    """The commendations by kind and by level, from `_commendation_groups`' rows."""
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


def _per_path(base: QuerySet, counted: bool = False) -> QuerySet:
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


def _unit_rows(per_path: list[dict], root_unit: Unit | None) -> list[UnitRow]:
    """Return one row per child of the root (its subtree rolled up) and one for the root itself,
    from `_per_path`'s rows."""
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
