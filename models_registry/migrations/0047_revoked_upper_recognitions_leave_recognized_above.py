"""Initiatives recognized above by a decision later revoked stop counting as "recognized above".

The funnel's "recognized above" was every accepted nomination, its decision revoked or not: the level
above's recognition taken back by its own revoking decision went on counting (`models/steps.py` now
leaves those out, and `RecognitionDecision.amend` refreshes them when it revokes). Here the campaigns
holding such an initiative are recounted, which recomputes their kept steps. A database with no revoked
decision of the level above (a new one, the benchmark's) does nothing.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from models_registry import counts

    using = schema_editor.connection.alias
    Nomination = apps.get_model("models_registry", "Nomination")
    taken_back = Nomination.objects.using(using).filter(state="accepted", decision__revoked=True)
    campaigns = sorted(set(taken_back.values_list("initiative__campaign_id", flat=True)))
    if campaigns:
        counts.rebuild(campaigns, apps=apps, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0046_commendation_updated_at"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
