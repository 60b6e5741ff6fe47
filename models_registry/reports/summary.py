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

from dataclasses import dataclass, field

from django.db.models import QuerySet

from campaigns.access import scope
from campaigns.models import Campaign, Field, Unit
from campaigns.sql import in_campaigns, read_together

from ..models import Initiative, State
from .replications import (
    ReplicatedSource,
    counted_by_source,
    proposal_counts,
    replications_by_source,
    top_replicated,
)
from .tally import (
    CountRow,
    FieldStateRow,
    RecognitionRate,
    Row,
    Tally,
    UnitRow,
    commendation_groups,
    commendation_rows,
    grouped_counts,
    labelled_fields,
    per_path_counts,
    unit_rows,
)

__all__ = [
    "Summary",
    "KeptCounts",
    "build_summary",
    "kept_counts",
    "summary_scope_for",
    "summary_counts_for",
    "for_campaign",
    "for_year",
]


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
        grouped_counts(base, kept and kept.counts),
        per_path_counts(base) if kept is None else per_path_counts(kept.unit_counts.counted().order_by(), counted=True),
        commendation_groups(base, kept and kept.commendation_counts),
    )
    tally = Tally(labelled_fields(field_rows))
    for group in groups:
        tally.add(group)
    by_unit = unit_rows(per_path, root_unit)
    commendations_by_kind, commendations_by_level = commendation_rows(commended)
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
