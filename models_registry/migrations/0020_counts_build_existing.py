"""Count the initiatives that exist already (one INSERT … SELECT … GROUP BY per campaign)."""

from django.db import migrations


def build(apps, schema_editor):
    from models_registry.counts import rebuild

    rebuild(apps=apps, using=schema_editor.connection.alias)


def clear(apps, schema_editor):
    apps.get_model("models_registry", "InitiativeCount").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0019_counts_initiative_count"),
    ]

    operations = [
        migrations.RunPython(build, clear),
    ]
