"""Declare on `Unit.Meta.indexes` the path index that migration 0002 created with raw SQL.

State only: on PostgreSQL migration 0002 built `campaigns_unit_path_like` with this exact
definition, and no other database has it (the index class is PostgreSQL-only). Nothing is built
or rebuilt; from now on `makemigrations --check` sees the index.
"""

from django.db import migrations

import campaigns.indexes


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_seed_fields_and_path_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="unit",
                    index=campaigns.indexes.PostgreSQLOnlyIndex(
                        fields=["path"], name="campaigns_unit_path_like", opclasses=["varchar_pattern_ops"]
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
