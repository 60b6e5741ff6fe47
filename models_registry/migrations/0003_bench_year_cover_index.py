"""On PostgreSQL, a covering index for the per-campaign aggregates (summary, committee counts, queue counts).

Found with the benchmark (bench/RESULTS.md): the yearly summary and the committee home group a
whole campaign's initiatives by field, kind, subject, origin, state, unit and level. Without this
index PostgreSQL reads every wide row of that campaign from the heap (about 2 kB each: the
registration texts); with it, an index-only scan of about 100 bytes per row answers them.
Built CONCURRENTLY (outside a transaction) so that it can be added to a live database.
"""

from django.db import migrations

INDEX = "initiative_year_cover"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON models_registry_initiative (campaign_id, state) "
            "INCLUDE (id, unit_id, field_id, kind, subject, origin, outstanding, decision_id, replicates_id, "
            "last_inspected_on)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("models_registry", "0002_trigram_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
