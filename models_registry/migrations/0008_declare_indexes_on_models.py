"""Declare on `Initiative.Meta.indexes` the six indexes that migrations 0002–0006 created with raw SQL.

State only: on PostgreSQL those migrations built each index with this exact definition and name
(a fresh database still gets them from there, an existing one, the benchmark's included, keeps
them untouched), and no other database has them (the index classes are PostgreSQL-only).
Nothing is built or rebuilt; from now on `makemigrations --check` sees these indexes.
"""

from django.db import migrations, models

import campaigns.indexes


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0007_commendation_level")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="initiative",
                    index=campaigns.indexes.PostgreSQLOnlyGinIndex(
                        fields=["search_text"], name="initiative_search_trgm", opclasses=["gin_trgm_ops"]
                    ),
                ),
                migrations.AddIndex(
                    model_name="initiative",
                    index=campaigns.indexes.PostgreSQLOnlyIndex(
                        fields=["campaign", "state"],
                        include=(
                            "id",
                            "unit",
                            "field",
                            "kind",
                            "subject",
                            "origin",
                            "outstanding",
                            "decision",
                            "replicates",
                            "last_inspected_on",
                        ),
                        name="initiative_year_cover",
                    ),
                ),
                migrations.AddIndex(
                    model_name="initiative",
                    index=campaigns.indexes.PostgreSQLOnlyIndex(
                        condition=models.Q(("state", "recognized")),
                        fields=["-created_at", "-id"],
                        name="initiative_recognized_newest",
                    ),
                ),
                migrations.AddIndex(
                    model_name="initiative",
                    index=campaigns.indexes.PostgreSQLOnlyIndex(
                        fields=["campaign", "state", "submitted_at", "id"], name="initiative_queue_submitted"
                    ),
                ),
                migrations.AddIndex(
                    model_name="initiative",
                    index=campaigns.indexes.PostgreSQLOnlyIndex(
                        models.F("campaign"),
                        models.OrderBy(models.F("last_inspected_on"), nulls_first=True),
                        models.F("id"),
                        condition=models.Q(("state", "approved")),
                        name="initiative_queue_inspection",
                    ),
                ),
                migrations.AddIndex(
                    model_name="initiative",
                    index=campaigns.indexes.PostgreSQLOnlyIndex(
                        fields=["unit", "state", "campaign"], name="initiative_unit_state_campaign"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
