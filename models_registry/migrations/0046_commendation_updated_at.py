from django.db import migrations, models
from django.db.models.functions import Coalesce


def date_from_what_happened(apps, schema_editor):
    # The column was filled with the migration's moment: an award last changed when it was recovered
    # or, short of that, when it was recorded (a correction before this column left no trace).
    Commendation = apps.get_model("models_registry", "Commendation")
    Commendation.objects.update(updated_at=Coalesce("recovery_recorded_at", "created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0045_commendation_recovery"),
    ]

    operations = [
        migrations.AddField(
            model_name="commendation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc"),
        ),
        migrations.RunPython(date_from_what_happened, migrations.RunPython.noop, elidable=True),
    ]
