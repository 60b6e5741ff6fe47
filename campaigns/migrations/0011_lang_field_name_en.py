"""Fields get an English display name; the five seeded fields of guidance 02-HD/BDV are filled."""

from django.db import migrations, models

# The seeded fields' English names (0002_seed_fields_and_path_index); a name the administrator
# already typed is kept.
ENGLISH = {
    "economic": "Economic development",
    "culture_society": "Culture and society",
    "security_defence": "Security and defence",
    "political_system": "Building the political system",
    "other": "Other fields",
}


def fill_english_names(apps, schema_editor):
    Field = apps.get_model("campaigns", "Field")
    for code, name_en in ENGLISH.items():
        Field.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0010_committee_campaign_quorum"),
    ]

    operations = [
        migrations.AddField(
            model_name="field",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Tên hiển thị khi người dùng chọn giao diện tiếng Anh; để trống thì hiện tên tiếng Việt.",
                max_length=255,
                verbose_name="tên tiếng Anh",
            ),
        ),
        migrations.RunPython(fill_english_names, migrations.RunPython.noop),
    ]
