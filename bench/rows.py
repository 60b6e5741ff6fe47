"""Stream generated rows into the database: COPY on PostgreSQL (a writer thread), bulk_create elsewhere."""

from __future__ import annotations

import datetime
import io
import queue
import threading
from collections import defaultdict

from django.db import connection


def cell(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def defaults_not_written(model, fields: tuple[str, ...]) -> list[tuple[str, object]]:
    """Return (column, default) for the model's NOT NULL columns that `fields` leaves out and Django would fill.

    A default, or the empty string of a text column: what `Model()` would have put there.
    """
    written = {model._meta.get_field(f).column for f in fields}
    return [
        (field.column, field.get_default())
        for field in model._meta.concrete_fields
        if field.column not in written and not field.null and (field.has_default() or field.empty_strings_allowed)
    ]


class Loader:
    """Buffer rows per model; COPY them on PostgreSQL, bulk_create them elsewhere. Assigns ids."""

    def __init__(self, use_copy: bool, flush_rows: int = 20000):
        self.use_copy = use_copy
        self.flush_rows = flush_rows
        self.fields: dict[type, tuple[str, ...]] = {}
        self.rows: dict[type, list] = {}
        self.counts: dict[type, int] = defaultdict(int)
        self.next_ids: dict[type, int] = {}

    def register(self, model, fields: tuple[str, ...]) -> None:
        self.fields[model] = ("id", *fields)
        self.rows[model] = []
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.next_ids[model] = last + 1

    def add(self, model, *values) -> int:
        """Queue one row (values in the registered order, without the id) and return its id."""
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        if self.append(model, pk, values):
            self.flush(model)
        return pk

    def add_parent(self, model, pk: int, *values) -> None:
        """Queue a row whose id was given out earlier; when full, flush it, then every other model."""
        if self.append(model, pk, values):
            # Parents first: children reference them (checked on SQLite, where triggers run).
            self.flush(model)
            for other in self.rows:
                if other is not model:
                    self.flush(other)

    def append(self, model, pk: int, values: tuple) -> bool:
        """Queue one row with its (given or reserved) id; return whether the model's rows reached the flush size."""
        rows = self.rows[model]
        if self.use_copy:
            rows.append("\t".join([str(pk), *map(cell, values)]))
        else:
            rows.append((pk, *values))
        return len(rows) >= self.flush_rows

    def flush(self, model) -> None:
        rows = self.rows[model]
        if not rows:
            return
        fields = self.fields[model]
        if self.use_copy:
            meta = model._meta
            # Columns the generator does not write get their model default (a field added later must
            # not turn into a NULL the database refuses).
            extras = defaults_not_written(model, fields)
            columns = ", ".join(
                [connection.ops.quote_name(meta.get_field(f).column) for f in fields]
                + [connection.ops.quote_name(column) for column, _value in extras]
            )
            suffix = "".join("\t" + cell(value) for _column, value in extras)
            self._copy(
                f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN",
                "\n".join(row + suffix for row in rows) + "\n",
            )
        else:
            model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=500)
        self.counts[model] += len(rows)
        self.rows[model] = []

    def flush_all(self) -> None:
        for model in self.rows:
            self.flush(model)
        self.wait()

    # PostgreSQL parses and stores a COPY while Python generates the next rows: one writer thread
    # on the same connection (psycopg2 releases the GIL while it waits on the server); the main
    # thread does not touch the connection until wait() returns.
    def _copy(self, sql: str, data: str) -> None:
        if self._thread is None:
            self._queue: queue.Queue = queue.Queue(maxsize=2)
            self._error: BaseException | None = None
            raw = connection.connection  # the psycopg2 connection, inside the open transaction

            def writer():
                while (job := self._queue.get()) is not None:
                    try:
                        if self._error is None:
                            with raw.cursor() as cursor:
                                cursor.copy_expert(job[0], io.StringIO(job[1]))
                    except BaseException as error:  # reported to the main thread by wait()
                        self._error = error
                    finally:
                        self._queue.task_done()
                self._queue.task_done()

            self._thread = threading.Thread(target=writer, name="seed-bench-copy", daemon=True)
            self._thread.start()
        if self._error is not None:
            self.wait()
        self._queue.put((sql, data))

    _thread: threading.Thread | None = None

    def wait(self) -> None:
        """Let the writer finish every queued COPY; re-raise its error, if any."""
        if self._thread is not None:
            self._queue.put(None)
            self._queue.join()
            self._thread.join()
            self._thread = None
            if self._error is not None:
                raise self._error
