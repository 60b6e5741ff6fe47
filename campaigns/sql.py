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

import json

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, F, Func, QuerySet, Subquery
from django.db.models.functions import JSONArray


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


def read_together(*parts: QuerySet) -> list[list[dict]]:
    """Run several small reads in one round trip; return each part's rows as dicts, in the parts' order.

    A page that adds up several grouped reads (the summary: the fields, the counts by every
    breakdown, the counts per unit, the commendations) would otherwise wait for the database once
    per read. Each part is a `values()` queryset, grouped or not; its row travels as one JSON
    array, so the parts need not share columns or types, and they go as one `UNION ALL`, a part's
    rows gathered into one array (`JSON_AGG`, SQLite's `JSON_GROUP_ARRAY`). Values
    come back as JSON has them: numbers, text (dates as ISO text), null; on SQLite a boolean is 0
    or 1. Rows come back in no particular order: sort them in Python where the order matters.

    An array, not an object: the column names are said once here instead of in every row. The
    yearly summary at 1M reads 1,486 rows; as objects they were 287 kB of JSON to send and parse.
    """
    if not parts:
        return []
    db = parts[0].db
    connection = connections[db]
    # Each part's rows are gathered into one JSON array in the database, so four parts come back as
    # four rows and four `json.loads`: read as rows, the summary's 1,486 went through Django's
    # converters one at a time (half of the read's 25 ms at a million initiatives).
    if connection.vendor == "postgresql":
        gather = "COALESCE(JSON_AGG(part.read_row), '[]'::json)::text"
    else:
        gather = "COALESCE(JSON_GROUP_ARRAY(JSON(part.read_row)), '[]')"
    names, sql, params = [], [], []
    for index, part in enumerate(parts):
        names.append([*part.query.values_select, *part.query.annotation_select])
        row = JSONArray(*(F(name) for name in names[-1]))
        shaped = part.order_by().annotate(read_row=row).values_list("read_row")
        try:
            part_sql, part_params = shaped.query.get_compiler(using=db).as_sql()
        except EmptyResultSet:  # `.none()`: nothing to read
            continue
        sql.append(f"SELECT {index} AS read_part, {gather} FROM ({part_sql}) part")
        params.extend(part_params)
    rows: list[list[dict]] = [[] for _ in parts]
    if not sql:
        return rows
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        for index, gathered in cursor.fetchall():
            rows[index] = [dict(zip(names[index], row, strict=True)) for row in json.loads(gathered)]
    return rows
