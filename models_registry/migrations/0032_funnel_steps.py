"""The steps after recognition (nominated, recognized above, proposed, commended) become a column of the
initiative and a dimension of the counts (models/steps.py): add the columns, set the steps, recount every
campaign (the summary's funnel then adds up kept rows: issue 16)."""

from django.db import migrations, models


def recount(apps, schema_editor):
    from models_registry.counts import rebuild

    # The replications' counts come with their own table, later (0039_counts_replications).
    rebuild(apps=apps, using=schema_editor.connection.alias, replications=False)


def clear(apps, schema_editor):
    apps.get_model("models_registry", "InitiativeCount").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0011_lang_field_name_en"),
        ("models_registry", "0031_remarks_remark"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="initiativecount",
            name="initiative_count_one_row_per_key",
        ),
        migrations.AddField(
            model_name="initiative",
            name="later_steps",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="initiativecount",
            name="later_steps",
            field=models.PositiveSmallIntegerField(default=0),
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
                    "later_steps",
                ),
                name="initiative_count_one_row_per_key",
            ),
        ),
        migrations.RunPython(recount, clear),
    ]
