"""Seed the five fields of guidance 02-HD/BDV; on PostgreSQL, index unit paths for LIKE 'prefix%'."""

from django.db import migrations

FIELDS = [
    (
        "economic",
        "Phát triển kinh tế",
        "Chuyển dịch cơ cấu cây trồng, vật nuôi; xây dựng nông thôn mới, đô thị văn minh; "
        "vận động nhân dân hiến đất, góp công làm đường giao thông nông thôn; giúp nhau thoát nghèo…",
    ),
    (
        "culture_society",
        "Văn hóa – xã hội",
        "Xây dựng đời sống văn hóa ở khu dân cư; bảo vệ môi trường; "
        "chăm sóc sức khỏe nhân dân; khuyến học, khuyến tài; thực hiện nếp sống văn minh trong việc cưới, tang, lễ hội…",
    ),
    (
        "security_defence",
        "An ninh – quốc phòng",
        "Giữ gìn an ninh chính trị, trật tự an toàn xã hội; "
        "phòng, chống tội phạm, tệ nạn xã hội; xây dựng thế trận quốc phòng toàn dân…",
    ),
    (
        "political_system",
        "Xây dựng hệ thống chính trị",
        "Xây dựng Đảng, chính quyền, Mặt trận và các đoàn thể trong sạch, "
        "vững mạnh; cải cách hành chính; thực hiện quy chế dân chủ ở cơ sở; giải quyết khiếu nại, tố cáo…",
    ),
    ("other", "Các lĩnh vực khác", "Các nội dung khác phù hợp với tình hình thực tế của địa phương, đơn vị."),
]


def seed_fields(apps, schema_editor):
    Field = apps.get_model("campaigns", "Field")
    for order, (code, name, description) in enumerate(FIELDS, start=1):
        Field.objects.update_or_create(code=code, defaults={"name": name, "description": description, "order": order})


def unseed_fields(apps, schema_editor):
    apps.get_model("campaigns", "Field").objects.filter(code__in=[c for c, _n, _d in FIELDS]).delete()


def path_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS campaigns_unit_path_like ON campaigns_unit (path varchar_pattern_ops)"
        )


def drop_path_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS campaigns_unit_path_like")


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [
        migrations.RunPython(seed_fields, unseed_fields),
        migrations.RunPython(path_index, drop_path_index),
    ]
