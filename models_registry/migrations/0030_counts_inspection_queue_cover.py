"""The inspection queue's index covers the unit and the level (a committee's scope): its count reads no row."""

import campaigns.indexes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_lang_field_name_en"),
        ("models_registry", "0029_counts_commendations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="initiative",
            name="initiative_queue_inspection",
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=campaigns.indexes.PostgreSQLOnlyIndex(
                models.F("campaign"),
                models.OrderBy(models.F("last_inspected_on"), nulls_first=True),
                models.F("id"),
                condition=models.Q(("state", "approved")),
                include=("unit", "level"),
                name="initiative_queue_inspection",
            ),
        ),
    ]
