"""On PostgreSQL, a partial index for the public showcase's first page: recognized initiatives, newest first.

Found with the benchmark (bench/RESULTS.md): the showcase lists `state = 'recognized'` ordered by
(-created_at, -id). Along the general newest-first index PostgreSQL had to skip every newer
initiative that is not recognized yet — the running year's registrations — before finding 20:
58,094 rows filtered out and 645 ms at one million initiatives. This index holds only the
recognized ones, in that order, so the page reads 20 entries. Built CONCURRENTLY.
"""

from django.db import migrations

INDEX = "initiative_recognized_newest"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON models_registry_initiative "
            "(created_at DESC, id DESC) WHERE state = 'recognized'"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("models_registry", "0003_bench_year_cover_index")]

    operations = [migrations.RunPython(forwards, backwards)]
