"""On PostgreSQL, an index for the committee queues of a commune: (unit_id, state, campaign_id).

Found with the benchmark after migration 0005: once the queues filter on the open campaign ids,
a commune member's queue (7 units of 850) was planned as, for each unit, a BitmapAnd of the
unit's rows with every row of the campaign in that state (72,000 entries rebuilt 7 times:
80–110 ms at a million initiatives). With the campaign in the unit's index, each unit's queue
is one precise index range. Built CONCURRENTLY.
"""

from django.db import migrations

INDEX = "initiative_unit_state_campaign"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON models_registry_initiative "
            "(unit_id, state, campaign_id)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("models_registry", "0005_perfb_committee_queue_order")]

    operations = [migrations.RunPython(forwards, backwards)]
