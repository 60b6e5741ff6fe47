"""Count the initiatives that exist already: now done by the later `…_counts_level` migration.

`counts.rebuild` reads today's key (the level aimed at included), which the models of this point of
the history do not have yet; the migration that adds the last key column recounts every campaign.
"""

from django.db import migrations


def clear(apps, schema_editor):
    apps.get_model("models_registry", "InitiativeCount").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0019_counts_initiative_count"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, clear),
    ]
