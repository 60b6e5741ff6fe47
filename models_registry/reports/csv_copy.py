"""The CSV of initiatives written by PostgreSQL itself (`COPY … TO STDOUT`), byte for byte the Python path's.

Python spends most of a large export converting cells one by one (~23,500 rows per CPU-second at a
million). On PostgreSQL the same rows query — the ORM's own SQL, so `visible_to(owner)` and every
filter apply unchanged — is wrapped in `COPY (SELECT <cells> FROM (<query>) q) TO STDOUT (FORMAT csv)`,
each cell converted by an SQL expression that says what exports.py's converters say:

- dates as dd/mm/yyyy (`to_char`, the year unpadded like Python's `f"{year}"`);
- choices as their labels in the job's language, passed as parameters (`CASE … WHEN value THEN label`);
- a flag as "Có" or nothing;
- text neutralized against formulas exactly as `tables.neutralize` (an apostrophe before a trigger);
- the row number (STT) counted by PostgreSQL in the query's order.

What differs between PostgreSQL's CSV and Python's csv module (default dialect), and how it is met:
- both quote a value holding the delimiter, a quote, CR or LF, and double its quotes;
- PostgreSQL quotes an empty string (to tell it from NULL) where Python writes nothing: every text
  cell is `NULLIF(…, '')`, and NULL is written as nothing;
- PostgreSQL quotes a lone `\\.` only when a row has a single column: these rows have ten or more;
- PostgreSQL ends a row with LF, Python with CRLF (what Excel on Windows has always been given):
  `_CrlfWriter` turns each row's end into CRLF while a LF inside a quoted value stays as Python writes
  it — a LF is inside a value exactly when an odd number of quotes precede it since the row began.

While COPY runs, its connection can run nothing else, so progress (which writes the job's row) is
reported from a thread with its own connection, at the job's usual pace (once a second).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import BinaryIO

from django.db import connections
from django.db.models import Count
from django.utils.translation import get_language

from .tables import FORMULA_TRIGGERS, ProgressCallback, neutralize

# A cell of the CSV: how to convert it, and the index of its column in the rows query (None for STT).
ORDINAL, INT_CELL, TEXT_CELL, DATE_CELL, FLAG_CELL = "ordinal", "int", "text", "date", "flag"
# A field's name: its English name in the English file when it has one (campaigns.models.field_label).
FIELD_CELL = "field"
Cell = tuple[str, int | tuple[int, int] | None]


def label_cell(choice: str, index: int) -> Cell:
    """A choice column shown as its label (`choice` names a set of `tables.choice_labels`)."""
    return (f"label:{choice}", index)


# The full list (tables.LIST_COLUMNS), over the columns of `tables.list_queryset` (tables._LIST_FIELDS).
LIST_CELLS: tuple[Cell, ...] = (
    (ORDINAL, None),
    (INT_CELL, 0),  # pk
    (TEXT_CELL, 1),  # name
    (TEXT_CELL, 2),  # unit__name
    (TEXT_CELL, 3),  # unit__parent__name
    (FIELD_CELL, (4, 5)),  # field__name, field__name_en
    label_cell("kind", 6),
    label_cell("subject", 7),
    label_cell("origin", 8),
    label_cell("state", 9),
    (INT_CELL, 10),  # campaign__year
    (TEXT_CELL, 11),  # campaign__name
    (DATE_CELL, 12),  # starts_on
    (DATE_CELL, 13),  # ends_on
    (TEXT_CELL, 14),  # area
    (TEXT_CELL, 15),  # decision__number
    (DATE_CELL, 16),  # decision__decided_on
    label_cell("level", 17),
    (FLAG_CELL, 18),  # outstanding
    (INT_CELL, 19),  # commendation_count
    (INT_CELL, 20),  # replication_count
)

# The recognized initiatives under the summary's tables (tables.RECOGNIZED_COLUMNS), over the
# columns that `tables.iter_recognized_rows` reads.
RECOGNIZED_CELLS: tuple[Cell, ...] = (
    (ORDINAL, None),
    (TEXT_CELL, 0),  # name
    (TEXT_CELL, 1),  # unit__name
    (FIELD_CELL, (2, 3)),  # field__name, field__name_en
    label_cell("kind", 4),
    label_cell("subject", 5),
    (TEXT_CELL, 6),  # decision__number
    (DATE_CELL, 7),  # decision__decided_on
    label_cell("level", 8),
    (FLAG_CELL, 9),  # outstanding
)

# Bytes handed to the job's file at a time (and how often rows are counted): memory stays flat.
FLUSH_BYTES = 1 << 20


def copy_supported(queryset) -> bool:
    """Whether PostgreSQL can write this queryset's CSV itself (elsewhere, SQLite: the Python path)."""
    return connections[queryset.db].vendor == "postgresql"


# ----- the cells as SQL -------------------------------------------------------------------
def _neutralized(column: str) -> tuple[str, list]:
    """`tables.neutralize` in SQL: an apostrophe before text that starts with a formula trigger.

    The first character is compared by its code (`ascii()`: the code point of the first character,
    0 for ''), cheaper per cell than comparing `left(x, 1)` as text.
    """
    triggers = ", ".join(["%s"] * len(FORMULA_TRIGGERS))
    codes = [ord(trigger) for trigger in FORMULA_TRIGGERS]
    return f"CASE WHEN ascii({column}) IN ({triggers}) THEN '''' || {column} ELSE {column} END", codes


def _cell_sql(cell: Cell, labels: dict) -> tuple[str, list]:
    """Return one cell's SQL expression over the subquery's columns `q.cN`, with its parameters."""
    kind, index = cell
    if kind == FIELD_CELL:
        name, name_en = (f"q.c{i}" for i in index)
        english = (get_language() or "").startswith("en")
        column = f"COALESCE(NULLIF({name_en}, ''), {name})" if english else name
        neutral, params = _neutralized(column)
        return f"NULLIF({neutral}, '')", params
    column = f"q.c{index}"
    if kind == ORDINAL:
        return "row_number() OVER ()", []
    if kind == INT_CELL:
        return column, []
    if kind == DATE_CELL:
        # FM: the year unpadded, as exports._csv_date writes it.
        return f"to_char({column}, 'DD/MM/FMYYYY')", []
    if kind == FLAG_CELL:
        return f"NULLIF(CASE WHEN {column} THEN %s END, '')", [labels["yes"]]
    neutral, params = _neutralized(column)
    if kind == TEXT_CELL:
        return f"NULLIF({neutral}, '')", params
    # A label: its text neutralized like any text cell; a value without a label shows itself.
    choices = labels[kind.removeprefix("label:")]
    whens = " ".join(["WHEN %s THEN %s"] * len(choices))
    label_params = [part for value, label in choices.items() for part in (value, neutralize(label))]
    return f"NULLIF(CASE {column} {whens} ELSE {neutral} END, '')", label_params + params


# The full list's two last columns (`tables.list_queryset`): correlated COUNT sub-selects in the ORM's
# query, which PostgreSQL runs in the leader after gathering the sorted rows (two index probes per row).
JOINED_COUNTS = ("commendation_count", "replication_count")


def _with_joined_counts(rows_queryset, connection) -> tuple[str, list] | None:
    """The full list's rows query with its two counts as grouped joins below the sort; None for another query.

    The same rows in the same order: the columns but the counts from the ORM, the counts as LEFT JOINs
    on one GROUP BY each (parallel workers can do them), then the list's ORDER BY. At a million rows
    the query takes 7.6 s instead of 13.6–14.5 s (measured on the same database, same load).
    """
    from ..models import Commendation, Initiative

    fields = getattr(rows_queryset, "_fields", None) or ()
    ordering = rows_queryset.query.order_by
    if tuple(fields[-2:]) != JOINED_COUNTS or fields[0] != "pk" or not ordering:
        return None
    keys = [(name.removeprefix("-"), name.startswith("-")) for name in ordering]
    plain = rows_queryset.order_by().values_list(*fields[:-2], *(name for name, _desc in keys))
    inner, params = plain.query.get_compiler(connection=connection).as_sql()
    width = len(fields) - 2
    columns = [f"c{i}" for i in range(width)] + [f"o{i}" for i in range(len(keys))]
    grouped = []
    for queryset in (
        # The awards that stand, as `tables.list_queryset` counts them.
        Commendation.objects.standing().order_by().values("initiative").annotate(n=Count("pk")),
        Initiative.objects.replications().order_by().values("replicates").annotate(n=Count("pk")),
    ):
        sql, sql_params = queryset.query.get_compiler(connection=connection).as_sql()
        grouped.append(sql)
        params = [*params, *sql_params]
    order = ", ".join(f"q.o{i}{' DESC' if desc else ''}" for i, (_name, desc) in enumerate(keys))
    sql = (
        f"SELECT {', '.join(f'q.c{i}' for i in range(width))}, COALESCE(cm.n, 0), COALESCE(rp.n, 0) "
        f"FROM ({inner}) AS q({', '.join(columns)}) "
        f"LEFT JOIN ({grouped[0]}) AS cm(id, n) ON cm.id = q.c0 "
        f"LEFT JOIN ({grouped[1]}) AS rp(id, n) ON rp.id = q.c0 "
        f"ORDER BY {order}"
    )
    return sql, params


def copy_statement(rows_queryset, cells: Sequence[Cell], labels: dict) -> str:
    """Return the COPY statement (parameters bound) that writes the CSV rows of a `values_list` queryset."""
    connection = connections[rows_queryset.db]
    compiler = rows_queryset.query.get_compiler(connection=connection)
    joined = _with_joined_counts(rows_queryset, connection)
    if joined is not None:
        (inner, inner_params), width = joined, len(rows_queryset._fields)
    else:
        inner, inner_params = compiler.as_sql()
        width = len(compiler.select)
    expressions, params = [], []
    for cell in cells:
        sql, cell_params = _cell_sql(cell, labels)
        expressions.append(sql)
        params.extend(cell_params)
    aliases = ", ".join(f"c{i}" for i in range(width))
    # The subquery's columns are renamed c0…cN: several are called "name". Without a join or an
    # ORDER BY outside, PostgreSQL reads the subquery in its ORDER BY, and row_number() counts in it.
    select = f"SELECT {', '.join(expressions)} FROM ({inner}) AS q({aliases})"
    connection.ensure_connection()
    with connection.cursor() as cursor:
        bound = cursor.cursor.mogrify(select, [*params, *inner_params]).decode("utf-8")
    return f"COPY ({bound}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')"


# ----- PostgreSQL's rows into the file ----------------------------------------------------
class _CrlfWriter:
    """The file that COPY writes into: ends each row with CRLF as Python's csv does, and counts rows."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.parts: list[bytes] = []
        self.size = 0
        self.rows = 0
        self.in_quotes = False

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= FLUSH_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        if not data:
            return
        if not self.in_quotes and b'"' not in data:
            # No quoted value in these rows: every LF ends a row (most chunks).
            self.rows += data.count(b"\n")
            self.out.write(data.replace(b"\n", b"\r\n"))
            return
        pieces = data.split(b"\n")
        last = pieces.pop()
        converted = []
        in_quotes, rows = self.in_quotes, 0
        for piece in pieces:
            if piece.count(b'"') % 2:
                in_quotes = not in_quotes
            converted.append(piece)
            if in_quotes:
                converted.append(b"\n")
            else:
                converted.append(b"\r\n")
                rows += 1
        if last.count(b'"') % 2:
            in_quotes = not in_quotes
        converted.append(last)
        self.in_quotes, self.rows = in_quotes, self.rows + rows
        self.out.write(b"".join(converted))


def _report(progress: ProgressCallback, writer: _CrlfWriter, stop: threading.Event, every: float) -> None:
    """Report the rows written so far until told to stop, on this thread's own connection."""
    try:
        while not stop.wait(every):
            progress(writer.rows)
    finally:
        connections.close_all()


def copy_csv_rows(
    out: BinaryIO,
    rows_queryset,
    cells: Sequence[Cell],
    labels: dict,
    progress: ProgressCallback | None = None,
    every: float = 1.0,
) -> int:
    """Write the CSV rows (no header) of a `values_list` queryset with COPY; return how many were written."""
    statement = copy_statement(rows_queryset, cells, labels)
    writer = _CrlfWriter(out)
    stop = threading.Event()
    reporter = None
    # Inside a transaction (never in a worker: jobs run in autocommit) the reporter's update could
    # wait for a row lock that this very connection holds until the end: progress then comes at the end.
    if progress is not None and not connections[rows_queryset.db].in_atomic_block:
        reporter = threading.Thread(target=_report, args=(progress, writer, stop, every), daemon=True)
        reporter.start()
    try:
        with connections[rows_queryset.db].cursor() as cursor:
            cursor.copy_expert(statement, writer)
        writer.flush()
    finally:
        stop.set()
        if reporter is not None:
            reporter.join()
    if progress is not None:
        progress(writer.rows)
    return writer.rows
