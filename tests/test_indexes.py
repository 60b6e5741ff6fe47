"""The indexes declared on the models are the database's indexes: same names, same definitions.

PostgreSQL has every declared index, each exactly as Django writes it from its declaration, and
no index that is not declared; SQLite has none of the PostgreSQL-only ones (campaigns/indexes.py)
and takes no harm from Django writing them.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from campaigns.indexes import PostgreSQLOnly
from models_registry.models import Initiative

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="needs PostgreSQL: these indexes exist there only")
sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="checks SQLite, where the PostgreSQL-only indexes are absent")

APPS = ("campaigns", "models_registry")
# The names Django gives the indexes it makes by itself: primary keys, unique columns, foreign
# keys and db_index (with its `_like` twin for LIKE 'prefix%' on PostgreSQL).
AUTOMATIC_NAME = re.compile(r"(_pkey|_key|_[0-9a-f]{8}(_like|_uniq)?)$")


def dvk_models() -> list[type]:
    return [model for app in APPS for model in apps.get_app_config(app).get_models()]


def declared_indexes() -> list[tuple[type, object]]:
    """Return (model, index) for every index declared in the DVK apps' `Meta.indexes`."""
    return [(model, index) for model in dvk_models() for index in model._meta.indexes]


def database_indexes() -> dict[str, tuple[str, str]]:
    """Return {index name: (table, indexdef)} for the DVK apps' tables, as PostgreSQL has them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, tablename, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(%s)",
            [[model._meta.db_table for model in dvk_models()]],
        )
        return {name: (table, definition) for name, table, definition in cursor.fetchall()}


def sqlite_index_names(model: type) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [model._meta.db_table])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_migrations_hold_every_index_declared_on_the_models() -> None:
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


@pytest.mark.postgres
@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app", "migration"),
    [("campaigns", "0003_declare_path_index_on_unit"), ("models_registry", "0008_declare_indexes_on_models")],
)
def test_declaring_the_indexes_builds_nothing_in_an_existing_database(app: str, migration: str) -> None:
    out = StringIO()

    call_command("sqlmigrate", app, migration, stdout=out)

    assert "INDEX" not in out.getvalue().upper()


@pytest.mark.postgres
@postgresql_only
@pytest.mark.django_db
def test_every_index_declared_on_the_models_exists_under_its_name_on_its_table() -> None:
    declared = declared_indexes()

    existing = database_indexes()

    misplaced = [index.name for model, index in declared if existing.get(index.name, ("",))[0] != model._meta.db_table]
    # 12 before the second wave's fourth session; the call log's time and the published photos added two;
    # the summary's replications (issue 16) one; a unit's rows newest first one (in place of the
    # unit foreign key's automatic index, test_the_unit_foreign_key_is_indexed_by_the_unit_newest_index);
    # a unit's own kept counts one (the staff home's counts by state); the most replicated of one
    # campaign and one root off the kept counts one; the revoked decisions the showcase excludes one.
    assert len(declared) == 19
    assert misplaced == []


@pytest.mark.django_db
def test_the_unit_foreign_key_is_indexed_by_the_unit_newest_index_alone() -> None:
    # Migration 0035 dropped the foreign key's own index (unit_id alone): the declared one leads with it.
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Initiative._meta.db_table)

    on_unit_first = sorted(
        name for name, index in indexes.items() if index["index"] and index["columns"][:1] == ["unit_id"]
    )

    assert "models_registry_initiative_unit_id_56aa7320" not in indexes
    assert "initiative_unit_newest" in on_unit_first
    assert indexes["initiative_unit_newest"]["columns"] == ["unit_id", "created_at", "id"]


@pytest.mark.postgres
@postgresql_only
@pytest.mark.django_db
def test_every_index_in_the_database_is_declared_on_the_models_or_made_by_django() -> None:
    declared = {index.name for _model, index in declared_indexes()}
    constraints = {constraint.name for model in dvk_models() for constraint in model._meta.constraints}

    existing = database_indexes()

    undeclared = sorted(set(existing) - declared - constraints - {n for n in existing if AUTOMATIC_NAME.search(n)})
    assert undeclared == []


@pytest.mark.postgres
@postgresql_only
@pytest.mark.django_db
def test_each_declared_index_rebuilt_from_its_declaration_is_the_one_the_migrations_built() -> None:
    # The test's transaction rolls the rebuild back: PostgreSQL's DDL is transactional.
    built_by_migrations = database_indexes()

    with connection.schema_editor() as editor:
        for model, index in declared_indexes():
            editor.remove_index(model, index)
            editor.add_index(model, index)
    rebuilt = database_indexes()

    assert rebuilt == built_by_migrations


@sqlite_only
@pytest.mark.django_db
def test_sqlite_has_the_plain_indexes_and_none_of_the_postgresql_only_ones() -> None:
    postgresql_only_names = {i.name for _m, i in declared_indexes() if isinstance(i, PostgreSQLOnly)}

    names = (
        sqlite_index_names(Initiative)
        | sqlite_index_names(apps.get_model("campaigns", "Unit"))
        | sqlite_index_names(apps.get_model("models_registry", "ReplicationCount"))
    )

    assert {"initiative_campaign_state", "initiative_newest"} <= names
    assert len(postgresql_only_names) == 9 and names & postgresql_only_names == set()


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_rebuilding_a_table_or_adding_and_removing_a_postgresql_only_index_writes_nothing() -> None:
    # SQLite alters a column by rebuilding the table with every index of Meta.indexes.
    contact = Initiative._meta.get_field("contact")
    longer = contact.clone()
    longer.set_attributes_from_name("contact")
    longer.model = Initiative
    longer.max_length = contact.max_length + 1
    postgresql_only_indexes = [i for i in Initiative._meta.indexes if isinstance(i, PostgreSQLOnly)]
    before = sqlite_index_names(Initiative)

    with connection.schema_editor() as editor:
        for index in postgresql_only_indexes:
            editor.remove_index(Initiative, index)
            editor.add_index(Initiative, index)
        editor.alter_field(Initiative, contact, longer)
        editor.alter_field(Initiative, longer, contact)

    assert sqlite_index_names(Initiative) == before
