"""Small query shapes the ORM has no word for, with a portable fallback.

`in_campaigns` exists because of how PostgreSQL plans the big per-campaign aggregates (the
yearly summary, the committee home's field × state table). Filtered through a join
(`campaign__year=2026`) or an `IN (SELECT …)`, the campaign becomes the outer side of a nested
loop and the scan of its initiatives (240,000 index entries at a million) runs in one process.
Written as `campaign_id = ANY(ARRAY(SELECT …))`, the subquery is an InitPlan evaluated once,
the index condition is a plain parameter, and the planner may split the scan and the
aggregation over parallel workers: on two cores the summary's passes take about half the time.
The rows are exactly those of the join form (same subquery, evaluated once); only the plan
changes. Other databases get the plain `IN (SELECT …)`.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import BooleanField, F, Func, QuerySet, Subquery


class EqualsAnyArray(Func):
    """`<expression> = ANY(ARRAY(<subquery>))` — PostgreSQL only."""

    arg_joiner = " = ANY(ARRAY("
    template = "%(expressions)s))"
    output_field = BooleanField()


def in_campaigns(initiatives: QuerySet, campaigns: QuerySet, field: str = "campaign_id") -> QuerySet:
    """Limit `initiatives` to those whose `field` is one of `campaigns` (see the module docstring)."""
    ids = campaigns.order_by().values("pk")
    if connections[initiatives.db].vendor == "postgresql":
        return initiatives.filter(EqualsAnyArray(F(field), Subquery(ids)))
    return initiatives.filter(**{f"{field}__in": ids})
