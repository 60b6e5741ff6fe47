"""On PostgreSQL, indexes that hand the committee's queues over in display order.

Found with the benchmark (bench/RESULTS.md): the committee home and the queue pages list the
open campaigns' initiatives of one state ordered by `submitted_at` (appraisal, recognition) or
by `last_inspected_on NULLS FIRST` (due inspections). With only `(campaign_id, state)` to go by,
PostgreSQL fetched every row of the running year in that state (26,000–29,000 rows of 2 kB at a
million initiatives) and sorted them to keep 50: 140–550 ms per list. These indexes give the
rows in order, so a list reads about as many entries as it shows. The views filter on the
campaign ids directly (not through a join), which is what lets the order be used. Built
CONCURRENTLY.
"""

from django.db import migrations

INDEXES = {
    "initiative_queue_submitted": "(campaign_id, state, submitted_at, id)",
    "initiative_queue_inspection": "(campaign_id, last_inspected_on NULLS FIRST, id) WHERE state = 'approved'",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON models_registry_initiative {definition}"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("models_registry", "0004_bench_showcase_recognized_newest")]

    operations = [migrations.RunPython(forwards, backwards)]
