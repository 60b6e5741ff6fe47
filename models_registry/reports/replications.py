"""The replications a summary counts: the committee's proposals to replicate, and the sources replicated most.

Beside `summary.py`, which reads these for its overview (and re-exports `proposals_for`,
`proposals_of_period` and `ReplicatedSource`, part of its interface).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum

from campaigns.models import Campaign, Unit

from ..models import Initiative, State

TOP_REPLICATED = 10


@dataclass
class ReplicatedSource:
    """A source initiative and how many registered initiatives of the set replicate it."""

    initiative_id: int
    name: str
    unit_name: str
    count: int


def proposals_for(
    user,
    *,
    campaign: Campaign | int | None = None,
    year: int | None = None,
    years: tuple[int, int] | None = None,
) -> QuerySet:
    """Return the replication proposals a summary of this user counts: to units in their scope, of the period
    (a campaign, a year, or the years of a multi-year period, both ends included)."""
    from ..models import ReplicationProposal

    qs = ReplicationProposal.objects.visible_to(user)
    if campaign is not None:
        return qs.filter(campaign_id=campaign.pk if isinstance(campaign, Campaign) else campaign)
    if year is not None:
        return qs.filter(campaign__year=year)
    if years is not None:
        return qs.filter(campaign__year__gte=years[0], campaign__year__lte=years[1])
    return qs.none()


def proposals_of_period(user, period) -> QuerySet:
    """Return the replication proposals of a summary period (reports.periods.Period) in this user's scope."""
    if period.campaign is not None:
        return proposals_for(user, campaign=period.campaign)
    return proposals_for(user, years=(period.year_from, period.year_to))


def proposal_counts(proposals: QuerySet) -> dict[str, int]:
    from ..models import ProposalState

    counts = proposals.order_by().aggregate(
        proposals=Count("id"),
        proposals_accepted=Count("id", filter=Q(state=ProposalState.ACCEPTED)),
        proposals_declined=Count("id", filter=Q(state=ProposalState.DECLINED)),
        proposals_recognized=Count("id", filter=Q(state=ProposalState.ACCEPTED, initiative__state=State.RECOGNIZED)),
    )
    return {name: value or 0 for name, value in counts.items()}


def replications_by_source(replications: QuerySet) -> QuerySet:
    """How many of these replications (initiatives) replicate each source: rows of (replicates_id, n).

    Counted by the source id alone (read from the covering index), and only then joined to the
    sources for their names and units (`top_replicated`): grouping by (id, name, unit name) joined
    every replication to its source first — 20,000 random row reads at a million initiatives.
    """
    return replications.filter(replicates__isnull=False).order_by().values("replicates_id").annotate(n=Count("id"))


def counted_by_source(rows: QuerySet, *, one_row_per_source: bool = False) -> QuerySet:
    """The same rows of (replicates_id, n) added up from kept counts (`ReplicationCount` rows of one
    scope and period): one row per source replicated, not one per replication.

    `one_row_per_source`: the rows are of one campaign and one root, each source's count is its row's
    and nothing is added up; `top_replicated` then reads the largest off the index
    `replication_count_top` (a dozen index entries, not the 6,700 sources replicated in a year at a
    million initiatives).
    """
    counted = rows.filter(count__gt=0).order_by()
    if one_row_per_source:
        return counted.values(replicates_id=F("source_id"), n=F("count"))
    return counted.values(replicates_id=F("source_id")).annotate(n=Sum("count"))


def top_replicated(grouped: QuerySet) -> list[ReplicatedSource]:
    """The TOP_REPLICATED sources replicated most often (ties by name), in one query.

    `grouped`: rows of (replicates_id, n), from `replications_by_source` or `counted_by_source`.
    """
    try:
        inner, params = grouped.query.sql_with_params()
    except EmptyResultSet:
        return []
    initiative_table = Initiative._meta.db_table
    unit_table = Unit._meta.db_table
    connection = connections[grouped.db]
    quote = connection.ops.quote_name
    # Only the sources counted at least as often as the TOP_REPLICATED-th are joined for their names
    # (ties at that count included, so the order by name is the same): a few dozen row reads,
    # not one per source replicated this year (9,000 at a million initiatives).
    n = quote("n")
    # Rows not added up (`counted_by_source`'s one row per source) are read where they are used, not
    # gathered first: both readings of `t` then walk the index from the largest count down.
    materialized = "" if grouped.query.group_by else "NOT MATERIALIZED "
    sql = (
        f"WITH t AS {materialized}({inner}) "
        f"SELECT t.{quote('replicates_id')}, s.{quote('name')}, u.{quote('name')}, t.{n} "
        f"FROM t "
        f"INNER JOIN {quote(initiative_table)} s ON s.{quote('id')} = t.{quote('replicates_id')} "
        f"INNER JOIN {quote(unit_table)} u ON u.{quote('id')} = s.{quote('unit_id')} "
        f"WHERE t.{n} >= COALESCE((SELECT t2.{n} FROM t t2 ORDER BY t2.{n} DESC "
        f"LIMIT 1 OFFSET {int(TOP_REPLICATED) - 1}), 0) "
        f"ORDER BY t.{n} DESC, s.{quote('name')}, s.{quote('id')} "
        f"LIMIT {int(TOP_REPLICATED)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [ReplicatedSource(pk, name, unit_name, n) for pk, name, unit_name, n in cursor.fetchall()]
