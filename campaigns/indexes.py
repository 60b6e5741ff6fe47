"""Indexes that exist on PostgreSQL only, declared on the models like any other index.

The indexes found with the benchmark (a trigram GIN index, a covering index with INCLUDE, ordered
and partial indexes for the queues) serve PostgreSQL's planner at a million initiatives. SQLite,
the development and test database, has never had them: its migrations created them on
PostgreSQL only. Declared in `Meta.indexes` they are seen by `makemigrations --check`, and these
classes keep them PostgreSQL-only wherever Django writes an index (a migration's AddIndex or
RemoveIndex, a table created without migrations, SQLite rebuilding a table to alter it).
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.db.models import Index


class PostgreSQLOnly:
    """Write the index on PostgreSQL; on any other database write an SQL comment that does nothing.

    Django's schema editor executes whatever `create_sql` returns (`None` would run as the
    statement "None"), so the other databases get a comment, which they accept as an empty
    statement and which `sqlmigrate` shows for what it is.
    """

    def create_sql(self, model: Any, schema_editor: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the CREATE INDEX statement on PostgreSQL, a comment elsewhere."""
        if schema_editor.connection.vendor != "postgresql":
            return self._skipped(schema_editor)
        return super().create_sql(model, schema_editor, *args, **kwargs)

    def remove_sql(self, model: Any, schema_editor: Any, *args: Any, **kwargs: Any) -> Any:
        """Return the DROP INDEX statement on PostgreSQL, a comment elsewhere."""
        if schema_editor.connection.vendor != "postgresql":
            return self._skipped(schema_editor)
        return super().remove_sql(model, schema_editor, *args, **kwargs)

    def _skipped(self, schema_editor: Any) -> str:
        return f"-- index {self.name}: PostgreSQL only, none on {schema_editor.connection.vendor}"


class PostgreSQLOnlyIndex(PostgreSQLOnly, Index):
    """A B-tree index (with INCLUDE, opclasses, NULLS FIRST…) that exists on PostgreSQL only."""


class PostgreSQLOnlyGinIndex(PostgreSQLOnly, GinIndex):
    """A GIN index (e.g. `opclasses=["gin_trgm_ops"]` for LIKE '%word%') that exists on PostgreSQL only."""
