from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# campaigns.models.LEVEL_OF_KIND as it stood when this was written (historical models have no properties).
LEVEL_OF_KIND = {
    "province": "province",
    "district": "district",
    "commune": "commune",
    "ward": "commune",
    "special_zone": "commune",
}


def set_levels(apps, schema_editor):
    """Existing initiatives aim at the level of their recognition decision, else of their campaign's committee.

    Before levels existed, the committee of the campaign acted on its initiatives (and issued
    their decisions): that is the level each one was run at. One UPDATE per unit kind.
    """
    Initiative = apps.get_model("models_registry", "Initiative")
    RecognitionDecision = apps.get_model("models_registry", "RecognitionDecision")
    Campaign = apps.get_model("campaigns", "Campaign")
    decided = RecognitionDecision.objects.filter(pk=OuterRef("decision_id")).values("level")[:1]
    Initiative.objects.filter(decision__isnull=False, level="").update(level=Subquery(decided))
    kinds = Campaign.objects.values_list("committee__unit__kind", flat=True).distinct()
    for kind in kinds:
        Initiative.objects.filter(level="", campaign__committee__unit__kind=kind).update(
            level=LEVEL_OF_KIND.get(kind, "grassroots")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0010_committee_campaign_quorum"),
        ("models_registry", "0022_nav_reason_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="level",
            field=models.CharField(
                blank=True,
                choices=[
                    ("grassroots", "Cơ sở"),
                    ("commune", "Cấp xã"),
                    ("district", "Cấp huyện (trước 2025)"),
                    ("province", "Cấp tỉnh"),
                ],
                max_length=16,
                verbose_name="cấp đăng ký",
            ),
        ),
        migrations.RunPython(set_levels, migrations.RunPython.noop),
    ]
