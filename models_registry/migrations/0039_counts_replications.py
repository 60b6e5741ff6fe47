"""The replications' counts per source (`ReplicationCount`), counted from the replications there are.

The summary's "most replicated" list reads them instead of grouping the year's replications.
"""

import campaigns.indexes
import django.db.models.deletion
from django.db import migrations, models


def recount(apps, schema_editor):
    from models_registry.counts import _rebuild_replications

    using = schema_editor.connection.alias
    for campaign_id in apps.get_model("campaigns", "Campaign").objects.using(using).values_list("pk", flat=True):
        _rebuild_replications(campaign_id, apps, using)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_lang_field_name_en"),
        ("models_registry", "0038_covering_keys_for_pages"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReplicationCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "grain",
                    models.CharField(
                        choices=[("unit", "unit"), ("subtree", "subtree"), ("total", "total")],
                        default="unit",
                        max_length=8,
                    ),
                ),
                ("count", models.IntegerField(default=0)),
                (
                    "campaign",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="campaigns.campaign",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="models_registry.initiative"
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="campaigns.unit",
                    ),
                ),
            ],
            options={
                "indexes": [
                    campaigns.indexes.PostgreSQLOnlyIndex(
                        fields=["campaign", "grain", "unit", "-count"],
                        include=("source",),
                        name="replication_count_top",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign", "grain", "unit", "source"), name="replication_count_one_row_per_key"
                    )
                ],
            },
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
