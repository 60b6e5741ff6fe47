from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from models_registry.imports.history import import_history
from models_registry.imports.report import Action
from models_registry.models import Initiative

SAMPLE = Path(__file__).resolve().parents[3] / "models_registry" / "demo" / "lich-su-mo-hinh-2019-2024.csv"


@pytest.mark.django_db
def test_the_demo_history_sample_imports_onto_the_demo_province_as_is(tmp_path):
    with override_settings(DEBUG=False, MEDIA_ROOT=tmp_path):
        call_command("seed_demo", "--force", stdout=StringIO())

    report = import_history(SAMPLE)

    assert report.applied, [(r.row, r.message) for r in report.refused]
    assert report.counts[Action.CREATED] + report.counts[Action.LINKED] == 15
    assert report.counts[Action.LINKED] == 4
    flowers = Initiative.objects.filter(name="Tuyến đường hoa nông thôn mới").order_by("campaign__year")
    assert [i.campaign.year for i in flowers] == [2019, 2020, 2022]
    assert flowers[2].continues == flowers[1] and flowers[1].continues == flowers[0]
