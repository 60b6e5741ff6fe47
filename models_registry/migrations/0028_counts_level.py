"""The level an initiative aims at becomes a dimension of the counts: add the column, recount every campaign."""

from django.db import migrations, models


def recount(apps, schema_editor):
    # Nothing here any more: `counts.rebuild` writes every column of today's key, which this
    # migration's tables do not have yet; 0032_funnel_steps recounts every campaign instead.
    pass


def clear(apps, schema_editor):
    apps.get_model("models_registry", "InitiativeCount").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_lang_field_name_en"),
        ("models_registry", "0027_funnel_commendation_proposals"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="initiativecount",
            name="initiative_count_one_row_per_key",
        ),
        migrations.AddField(
            model_name="initiativecount",
            name="level",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.AddConstraint(
            model_name="initiativecount",
            constraint=models.UniqueConstraint(
                fields=(
                    "campaign",
                    "grain",
                    "unit",
                    "field_id",
                    "kind",
                    "subject",
                    "origin",
                    "state",
                    "recognition_level",
                    "level",
                    "outstanding",
                ),
                name="initiative_count_one_row_per_key",
            ),
        ),
        migrations.RunPython(recount, clear),
    ]
