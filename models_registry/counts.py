"""Keep `InitiativeCount` true: every write that changes an initiative's key moves one count, in its transaction.

The pair every writer calls:

- `move(old_key, new_key)`: one initiative leaves a key and joins another (either may be None:
  created, deleted). A key is counted in its unit's own row and in a SUBTREE and a TOTAL row of
  every unit on the unit's path (`rows_of`; 1 + 2 × depth rows). One statement, an upsert that
  adds to the counts in the database (``count = count + excluded.count``), so two moves at once
  never lose one; its rows go in order, so two transactions lock them in the same order.
- `key_of(initiative)` / `loaded_key(initiative)`: the key an initiative holds now / the key its
  row held when it was read. A guarded UPDATE (`guard`) matches those read values, so the
  "old" key is the row's key at the moment of the write, not a guess.

Writers: `Initiative.save` (creation: staff registration, replication, the demo, factories),
`Initiative.save_edit`, `mark_outstanding`, `lifecycle.apply` and `carry_over` (every move,
bulk ones included), the history import (`add_many` after its bulk insert), deletion (a
`post_delete` receiver, connected in `apps.py`: it sees `Model.delete`, `QuerySet.delete` and
any cascade alike, inside the deletion's transaction). A bulk load that bypasses the ORM (the
benchmark's COPY) calls `rebuild` for the campaigns it touched. A unit moved under another parent
moves its subtree's rows to its new ancestors (`move_subtree`, on `campaigns.signals.unit_moved`).

The replications' counts (`ReplicationCount`: per source replicated) move with the same keys: a
key carries the source an initiative replicates, and `replication_rows_of` says which rows count
it (none unless it is a replication that counts).

The commendations' counts (`CommendationCount`) are kept the same way by three receivers on
`Commendation` (`commendation_reading` before a save, `commendation_saved`, `commendation_deleted`,
connected in `apps.py`) and recounted by `rebuild`; they also move with a moved unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import Count, Value

from campaigns.models import PATH_STEP

from .models.counts import (
    COLUMNS,
    COMMENDATION_COLUMNS,
    COUNTED_COLUMNS,
    DETAIL,
    GROUP_BY,
    KEY,
    REPLICATES,
    REPLICATION_COLUMNS,
    SOURCE,
    Grain,
)
from .models.states import COUNTED_REPLICATION_STATES, Origin
from .models.steps import refresh_all, standing_commendations

__all__ = [
    "KEY",
    "Key",
    "add_many",
    "commendation_deleted",
    "commendation_reading",
    "commendation_saved",
    "guard",
    "key_from",
    "key_of",
    "loaded_columns",
    "loaded_key",
    "move",
    "move_subtree",
    "rebuild",
    "replication_rows_of",
    "rows_of",
    "remember",
    "snapshot",
    "written",
]

# The values of KEY, in its order, then the source replicated (or None), then the unit's path (its
# subtree rows go to each unit on it).
Key = tuple
# Rows per upsert statement (13 parameters each: far below SQLite's limit).
BATCH = 500


def _level_of(initiative, decision_id) -> str:
    if decision_id is None:
        return ""
    decision = initiative._state.fields_cache.get("decision")
    if decision is not None and decision.pk == decision_id:
        return decision.level or ""
    from .models import RecognitionDecision

    return RecognitionDecision.objects.filter(pk=decision_id).values_list("level", flat=True).first() or ""


def _unit_path(initiative, unit_id: int) -> str:
    unit = initiative._state.fields_cache.get("unit")
    if unit is not None and unit.pk == unit_id:
        return unit.path
    from campaigns.models import Unit

    return Unit.objects.filter(pk=unit_id).values_list("path", flat=True).get()


def key_from(initiative, columns: dict) -> Key:
    """The key of an initiative whose counted columns (COUNTED_COLUMNS) hold `columns`."""
    values = tuple(
        _level_of(initiative, columns["decision_id"]) if name == "recognition_level" else columns[SOURCE[name]]
        for name in KEY
    )
    return (*values, columns[REPLICATES], _unit_path(initiative, columns["unit_id"]))


def rows_of(key: Key) -> list[tuple]:
    """The table's rows (COLUMNS' values) that count an initiative of this key: its unit's own row,
    and a SUBTREE and a TOTAL row for its unit and every unit above it."""
    *values, _source, path = key
    named = dict(zip(KEY, values, strict=True))
    total = {**named, **{name: 0 if name == "field_id" else "" for name in DETAIL}}
    ancestors = _ids_on(path)
    rows = [_row(named, Grain.UNIT, named["unit_id"])]
    for unit_id in ancestors:
        rows.append(_row(named, Grain.SUBTREE, unit_id))
        rows.append(_row(total, Grain.TOTAL, unit_id))
    return rows


def replication_rows_of(key: Key) -> list[tuple]:
    """The `ReplicationCount` rows (REPLICATION_COLUMNS' values) that count an initiative of this key:
    none unless it replicates a source and counts as a replication (`InitiativeQuerySet.replications`);
    else its unit's own row and a SUBTREE row of its unit and of every unit above it."""
    *values, source, path = key
    named = dict(zip(KEY, values, strict=True))
    if source is None or named["origin"] != Origin.REPLICATED or named["state"] not in COUNTED_REPLICATION_STATES:
        return []
    return _unit_and_subtree_rows(named["campaign_id"], named["unit_id"], path, (source,))


def _unit_and_subtree_rows(campaign_id: int, unit_id: int, path: str, detail: tuple) -> list[tuple]:
    """The rows of a count kept by unit and subtree (`CommendationCount`, `ReplicationCount`): its
    unit's own row, and a SUBTREE row of its unit and of every unit above it (`detail`: the rest of the key)."""
    return [
        (campaign_id, Grain.UNIT, unit_id, *detail),
        *((campaign_id, Grain.SUBTREE, pk, *detail) for pk in _ids_on(path)),
    ]


def _recount(model, names: list[str], campaign_id: int, grouped: Iterable[tuple], using: str) -> None:
    """Recount one campaign of a table kept by unit and subtree: `grouped` yields (unit id, unit path,
    *detail, n) per unit and detail, rolled up its path here."""
    model.objects.using(using).filter(campaign_id=campaign_id).delete()
    by_row: Counter = Counter()
    for unit_id, path, *detail, n in grouped:
        for row in _unit_and_subtree_rows(campaign_id, unit_id, path, tuple(detail)):
            by_row[row] += n
    _upsert(by_row, using, model, names)


def _row(named: dict, grain: str, unit_id: int) -> tuple:
    return (named["campaign_id"], grain, unit_id, *(named[name] for name in KEY[2:]))


def snapshot(initiative) -> dict | None:
    """Return the initiative's key columns as they are now (None when one of them was not loaded)."""
    values = initiative.__dict__
    columns = set(COUNTED_COLUMNS)
    if not columns <= values.keys():
        return None
    return {column: values[column] for column in columns}


def loaded_columns(initiative) -> dict:
    """The key columns as the initiative's row held them when it was read (read again when unknown)."""
    columns = getattr(initiative, "_counted", None)
    if columns is None:
        from .models import Initiative

        columns = Initiative.objects.filter(pk=initiative.pk).values(*COUNTED_COLUMNS).get()
        initiative._counted = columns
    return columns


def loaded_key(initiative) -> Key:
    """Return the key the initiative's row held when it was read."""
    return key_from(initiative, loaded_columns(initiative))


def key_of(initiative) -> Key:
    """Return the key the initiative holds in memory now."""
    return key_from(initiative, snapshot(initiative) or loaded_columns(initiative))


def written(initiative, names: Iterable[str] | None = None) -> dict:
    """The key columns of the row after writing the fields `names` of the initiative (None: every field)."""
    current = snapshot(initiative)
    if names is None and current is not None:
        return current
    columns = dict(loaded_columns(initiative))
    current = current or {}
    for name in names if names is not None else current:
        attname = initiative._meta.get_field(name).attname if names is not None else name
        if attname in columns and attname in current:
            columns[attname] = current[attname]
    return columns


def guard(initiative) -> dict:
    """Filter arguments that match the initiative's row only while it still holds the key it was read with.

    Added to a guarded UPDATE: if someone changed the key in between, nothing is written and
    the caller reports the conflict, so the count never moves from a key the row no longer holds.
    """
    return dict(loaded_columns(initiative))


def remember(initiative, columns: dict | None = None) -> None:
    """Record the key columns the initiative's row holds after a write (the next write's old key)."""
    initiative._counted = columns if columns is not None else snapshot(initiative)


def move(old: Key | None, new: Key | None, *, using: str = "default") -> None:
    """Move one initiative from key `old` to key `new` (None: it did not exist / no longer exists)."""
    if old == new:
        return
    deltas: Counter = Counter()
    if old is not None:
        deltas[old] -= 1
    if new is not None:
        deltas[new] += 1
    _add(deltas, using)


def forget_deleted(sender, instance, using, **kwargs) -> None:
    """Uncount a deleted initiative (the `post_delete` receiver; see the module docstring)."""
    columns = getattr(instance, "_counted", None) or snapshot(instance)
    if columns is not None:
        move(key_from(instance, columns), None, using=using)


def move_subtree(sender, unit, old_path: str, new_path: str, **kwargs) -> None:
    """Move a moved unit's subtree counts from the units that were above it to those now above it.

    The `campaigns.signals.unit_moved` receiver, in the move's transaction. The rows of the unit and
    of everything below it stay right (their subtrees did not change); only the ancestors change.
    """
    from .models import CommendationCount, InitiativeCount, ReplicationCount

    old_above = _ids_on(old_path)[:-1]
    new_above = _ids_on(new_path)[:-1]
    for model, names in (
        (InitiativeCount, COLUMNS),
        (CommendationCount, COMMENDATION_COLUMNS),
        (ReplicationCount, REPLICATION_COLUMNS),
    ):
        moved = model.objects.filter(unit_id=unit.pk, grain__in=[Grain.SUBTREE, Grain.TOTAL]).counted()
        deltas: Counter = Counter()
        for row in moved.values_list(*names, "count"):
            *columns, n = row
            for unit_id, sign in [*((pk, -1) for pk in old_above), *((pk, 1) for pk in new_above)]:
                deltas[(columns[0], columns[1], unit_id, *columns[3:])] += sign * n
        _upsert(deltas, router.db_for_write(model), model, names)


def _ids_on(path: str) -> list[int]:
    """The ids of the units a path names, from the top down (the path's own unit last)."""
    return [int(path[i : i + PATH_STEP]) for i in range(0, len(path), PATH_STEP + 1)]


def add_many(initiatives: Iterable, *, using: str = "default") -> None:
    """Count newly inserted initiatives (a bulk insert), one upsert per BATCH keys."""
    deltas: Counter = Counter()
    for initiative in initiatives:
        deltas[key_of(initiative)] += 1
        remember(initiative)
    _add(deltas, using)


def _add(deltas: Counter, using: str) -> None:
    from .models import ReplicationCount

    by_row: Counter = Counter()
    replicated: Counter = Counter()
    for key, n in deltas.items():
        for row in rows_of(key):
            by_row[row] += n
        for row in replication_rows_of(key):
            replicated[row] += n
    _upsert(by_row, using)
    # A replication leaving its rows only takes from rows that are there: when its source is deleted
    # with it (one deletion), the source's rows went first, by CASCADE, and must not come back.
    _upsert(Counter({row: n for row, n in replicated.items() if n > 0}), using, ReplicationCount, REPLICATION_COLUMNS)
    _subtract(Counter({row: n for row, n in replicated.items() if n < 0}), using, ReplicationCount, REPLICATION_COLUMNS)


def _subtract(by_row: Counter, using: str, model, names: list[str]) -> None:
    """Add each (negative) delta to its row where the row exists; a missing row stays missing."""
    if not by_row:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    table = quote(meta.db_table)
    where = " AND ".join(f"{quote(meta.get_field(name).column)} = %s" for name in names)
    count = quote(meta.get_field("count").column)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {count} = {count} + %s WHERE {where}",
            [(n, *row) for row, n in sorted(by_row.items())],
        )


def _upsert(by_row: Counter, using: str, model=None, names: list[str] = COLUMNS) -> None:
    """Add each delta to its row (the values of `names`, the model's unique key), in one statement
    per BATCH rows, in row order. `model`: InitiativeCount unless said (CommendationCount)."""
    from .models import InitiativeCount

    rows = sorted((row, n) for row, n in by_row.items() if n)
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = (model or InitiativeCount)._meta
    table = quote(meta.db_table)
    key_columns = [quote(meta.get_field(name).column) for name in names]
    count = quote(meta.get_field("count").column)
    placeholders = "(" + ", ".join(["%s"] * (len(names) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            # The same SQL on PostgreSQL and SQLite (3.24+): add to the row, creating it at 0 first.
            sql = (
                f"INSERT INTO {table} ({', '.join(key_columns)}, {count}) VALUES "
                f"{', '.join([placeholders] * len(batch))} "
                f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
            )
            cursor.execute(sql, [value for row, n in batch for value in (*row, n)])


# ----- commendations (`CommendationCount`) ----------------------------------------------------
# A commendation's key: (campaign id, unit id, kind, level, unit path) of it and its initiative; None for an
# award recovered by its authority (`Commendation.recover`), which no longer counts.
def _commendation_key(commendation, using: str) -> tuple | None:
    if getattr(commendation, "recovered_on", None) is not None:
        return None
    initiative = commendation._state.fields_cache.get("initiative")
    if (
        initiative is not None
        and initiative.pk == commendation.initiative_id
        and "unit" in initiative._state.fields_cache
    ):
        campaign_id, unit_id, path = initiative.campaign_id, initiative.unit_id, initiative.unit.path
    else:
        from .models import Initiative

        campaign_id, unit_id, path = (
            Initiative.objects.using(using)
            .filter(pk=commendation.initiative_id)
            .values_list("campaign_id", "unit_id", "unit__path")
            .get()
        )
    return (campaign_id, unit_id, commendation.kind, commendation.level or "", path)


def _commendation_rows(key: tuple) -> list[tuple]:
    """The rows (COMMENDATION_COLUMNS' values) that count a commendation: its unit's, and a SUBTREE
    row of its unit and of every unit above it."""
    campaign_id, unit_id, kind, level, path = key
    return _unit_and_subtree_rows(campaign_id, unit_id, path, (kind, level))


def _move_commendation(old: tuple | None, new: tuple | None, using: str) -> None:
    from .models import CommendationCount

    if old == new:
        return
    by_row: Counter = Counter()
    for key, sign in ((old, -1), (new, 1)):
        for row in _commendation_rows(key) if key is not None else ():
            by_row[row] += sign
    _upsert(by_row, using, CommendationCount, COMMENDATION_COLUMNS)


def commendation_reading(sender, instance, raw=False, using="default", **kwargs) -> None:
    """`pre_save`: an edited commendation's key as its row holds it (the admin may change its kind,
    level or initiative), for `commendation_saved` to move the count from."""
    if raw or instance.pk is None:
        return
    from .models import Commendation

    row = (
        Commendation.objects.using(using)
        .filter(pk=instance.pk)
        .values("initiative_id", "kind", "level", "recovered_on")
        .first()
    )
    if row is not None:
        before = Commendation(pk=instance.pk, **row)
        instance._counted_before = _commendation_key(before, using)


def commendation_saved(sender, instance, created=False, raw=False, using="default", **kwargs) -> None:
    """`post_save`: count a new commendation, or move an edited one's count, in the save's transaction."""
    if raw:
        return
    before = None if created else getattr(instance, "_counted_before", None)
    _move_commendation(before, _commendation_key(instance, using), using)
    instance._counted_before = None


def commendation_deleted(sender, instance, using="default", **kwargs) -> None:
    """`post_delete`: uncount a deleted commendation (its initiative is still there: it is PROTECTed)."""
    _move_commendation(_commendation_key(instance, using), None, using)


def _rebuild_commendations(campaign_id: int, apps, using: str) -> None:
    """Recount one campaign's commendations: a GROUP BY per unit (a few hundred keys: a campaign's
    commendations are a few thousand at most)."""
    Commendation = apps.get_model("models_registry", "Commendation")
    grouped = (
        standing_commendations(Commendation.objects.using(using))
        .filter(initiative__campaign_id=campaign_id)
        .order_by()
        .values_list("initiative__unit_id", "initiative__unit__path", "kind", "level")
        .annotate(n=Count("pk"))
    )
    # A level recorded before it was asked is NULL and counts as "not stated" (""), as when kept.
    rows = ((unit_id, path, kind, level or "", n) for unit_id, path, kind, level, n in grouped)
    _recount(apps.get_model("models_registry", "CommendationCount"), COMMENDATION_COLUMNS, campaign_id, rows, using)


def _rebuild_replications(campaign_id: int, apps, using: str) -> None:
    """Recount one campaign's replications per source: a GROUP BY per unit and source (one key per
    replicating unit and source: tens of thousands at most at a million initiatives)."""
    Initiative = apps.get_model("models_registry", "Initiative")
    grouped = (
        Initiative.objects.using(using)
        .filter(
            campaign_id=campaign_id,
            origin=Origin.REPLICATED,
            state__in=COUNTED_REPLICATION_STATES,
            replicates__isnull=False,
        )
        .order_by()
        .values_list("unit_id", "unit__path", "replicates_id")
        .annotate(n=Count("pk"))
        .iterator(chunk_size=5000)
    )
    _recount(apps.get_model("models_registry", "ReplicationCount"), REPLICATION_COLUMNS, campaign_id, grouped, using)


class _CountStatements:
    """The SQL that counts one campaign into `InitiativeCount`: its unit rows from a GROUP BY, then
    each unit's subtree from those, then the totals by state, flag and steps from the subtrees."""

    def __init__(self, apps, using: str) -> None:
        InitiativeCount = apps.get_model("models_registry", "InitiativeCount")
        Unit = apps.get_model("campaigns", "Unit")
        quote = connections[using].ops.quote_name
        meta = InitiativeCount._meta
        self.table, self.unit_table = quote(meta.db_table), quote(Unit._meta.db_table)
        self.column = {name: quote(meta.get_field(name).column) for name in [*COLUMNS, "count"]}
        self.quote = quote
        # The deepest unit's depth, read from the paths themselves (what the SQL below reads).
        self.deepest = max(
            (len(p) // (PATH_STEP + 1) - 1 for p in Unit.objects.using(using).values_list("path", flat=True)),
            default=0,
        )

    def unit_rows(self, select: str) -> str:
        """Return the INSERT of the GROUP BY `select`, which lists the aliases of GROUP_BY then the count."""
        column = self.column
        columns = [column["grain"]] + [
            column[name.removesuffix("_id") if name != "field_id" else name] for name in GROUP_BY
        ]
        return f"INSERT INTO {self.table} ({', '.join(columns)}, {column['count']}) {select}"

    def subtrees(self, campaign_id: int) -> tuple[str, list]:
        """Return the INSERT of each unit's subtree rows (its own and those of every unit below it), with its params."""
        column, quote, table = self.column, self.quote, self.table
        detail = [column[name] for name in COLUMNS if name not in ("campaign", "grain", "unit")]
        # A unit's path names every unit above it (PATH_STEP digits of each id and a slash): one SELECT
        # per depth reads the ancestor at that depth, a join on path prefixes (LIKE) would compare every pair.
        parts = [
            f"SELECT c.{column['campaign']}, CAST(SUBSTR(u.{quote('path')}, {depth * (PATH_STEP + 1) + 1}, "
            f"{PATH_STEP}) AS INTEGER) AS {quote('ancestor')}, {', '.join('c.' + d for d in detail)}, "
            f"c.{column['count']} FROM {table} c INNER JOIN {self.unit_table} u ON u.{quote('id')} = c.{column['unit']} "
            f"WHERE c.{column['campaign']} = %s AND c.{column['grain']} = %s "
            f"AND LENGTH(u.{quote('path')}) >= {(depth + 1) * (PATH_STEP + 1)}"
            for depth in range(self.deepest + 1)
        ]
        sql = (
            f"INSERT INTO {table} ({column['campaign']}, {column['grain']}, {column['unit']}, {', '.join(detail)}, "
            f"{column['count']}) "
            f"SELECT x.{column['campaign']}, %s, x.{quote('ancestor')}, {', '.join('x.' + d for d in detail)}, "
            f"SUM(x.{column['count']}) FROM ({' UNION ALL '.join(parts)}) x "
            f"GROUP BY x.{column['campaign']}, x.{quote('ancestor')}, {', '.join('x.' + d for d in detail)}"
        )
        return sql, [Grain.SUBTREE, *[value for _part in parts for value in (campaign_id, Grain.UNIT)]]

    def totals(self, campaign_id: int) -> tuple[str, list]:
        """Return the INSERT of the rows by state, flag and steps only (the other details blank), with its params."""
        column, table = self.column, self.table
        by_state = [column[name] for name in ("state", "outstanding", "later_steps")]
        blanks = ", ".join("0" if name == "field_id" else "''" for name in DETAIL)
        sql = (
            f"INSERT INTO {table} ({column['campaign']}, {column['grain']}, {column['unit']}, "
            f"{', '.join(column[name] for name in DETAIL)}, {', '.join(by_state)}, {column['count']}) "
            f"SELECT {column['campaign']}, %s, {column['unit']}, {blanks}, {', '.join(by_state)}, "
            f"SUM({column['count']}) FROM {table} "
            f"WHERE {column['campaign']} = %s AND {column['grain']} = %s "
            f"GROUP BY {column['campaign']}, {column['unit']}, {', '.join(by_state)}"
        )
        return sql, [Grain.TOTAL, campaign_id, Grain.SUBTREE]


def _grouped(Initiative, campaign_id: int, using: str):
    """Return the GROUP BY of one campaign's initiatives by every counted key, at the unit grain."""
    aliases = {"k_grain": Value(Grain.UNIT), **{f"k_{name}": expression for name, expression in GROUP_BY.items()}}
    return (
        Initiative.objects.using(using)
        .filter(campaign_id=campaign_id)
        .order_by()
        .annotate(**aliases)
        .values(*aliases)
        .annotate(k_count=Count("pk"))
    )


def rebuild(
    campaign_ids: Iterable[int] | None = None,
    *,
    apps=None,
    using: str | None = None,
    stdout=None,
    commendations: bool = True,
    replications: bool = True,
) -> int:
    """Recompute the counts of these campaigns (default: every campaign) from a GROUP BY; return the rows written.

    One DELETE and one INSERT … SELECT … GROUP BY per campaign, each campaign in its own
    transaction: the database does the counting, memory stays bounded whatever the number of
    initiatives; then the campaign's commendations (`commendations=False`: not, for the migration
    that ran before `CommendationCount` existed) and replications (`replications=False`: not, for
    the migrations before `ReplicationCount`). `apps`: a migration's historical models.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Initiative = apps.get_model("models_registry", "Initiative")
    InitiativeCount = apps.get_model("models_registry", "InitiativeCount")
    Campaign = apps.get_model("campaigns", "Campaign")
    using = using or router.db_for_write(InitiativeCount)
    if campaign_ids is None:
        campaign_ids = Campaign.objects.using(using).order_by("pk").values_list("pk", flat=True)
    statements = _CountStatements(apps, using)
    written = 0
    for campaign_id in list(campaign_ids):
        # The steps after recognition are a column of the initiative kept by their tables' writes; a
        # bulk load (the benchmark's COPY) or a migration sets them here, before they are counted.
        refresh_all(Initiative.objects.using(using).filter(campaign_id=campaign_id), apps)
        select, params = _grouped(Initiative, campaign_id, using).query.sql_with_params()
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            InitiativeCount.objects.using(using).filter(campaign_id=campaign_id).delete()
            cursor.execute(statements.unit_rows(select), params)
            cursor.execute(*statements.subtrees(campaign_id))
            cursor.execute(*statements.totals(campaign_id))
            written = InitiativeCount.objects.using(using).filter(campaign_id=campaign_id).count() + written
            if commendations:
                _rebuild_commendations(campaign_id, apps, using)
            if replications:
                _rebuild_replications(campaign_id, apps, using)
        if stdout is not None:
            stdout.write(f"campaign {campaign_id}: {written} rows so far")
    return written
