"""The commendations' counts (`CommendationCount`), beside the initiatives', counted from the commendations there are."""

import django.db.models.deletion
from django.db import migrations, models


def recount(apps, schema_editor):
    from models_registry.counts import _rebuild_commendations

    using = schema_editor.connection.alias
    for campaign_id in apps.get_model("campaigns", "Campaign").objects.using(using).values_list("pk", flat=True):
        _rebuild_commendations(campaign_id, apps, using)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_lang_field_name_en"),
        ("models_registry", "0028_counts_level"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommendationCount",
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
                ("kind", models.CharField(max_length=32)),
                ("level", models.CharField(blank=True, default="", max_length=16)),
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
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign", "grain", "unit", "kind", "level"), name="commendation_count_one_row_per_key"
                    )
                ],
            },
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
