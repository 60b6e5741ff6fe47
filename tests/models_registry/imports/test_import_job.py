import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs.models import JobState
from models_registry.imports.history_columns import TEMPLATE_HEADERS
from models_registry.imports.import_jobs import store_upload, submit_history_import
from models_registry.models import Initiative
from tests.jobs.helpers import run_pending
from tests.models_registry.imports.sheets import xlsx

pytestmark = pytest.mark.django_db
COLUMNS = {0: "year", 1: "unit", 2: "name", 6: "recognized"}


def test_the_history_import_runs_as_a_job_and_leaves_its_report(world, tmp_path, client):
    world.hamlet.code = "A1"
    world.hamlet.save()
    path = xlsx(
        tmp_path / "h.xlsx", TEMPLATE_HEADERS, [["2020", "A1", f"Mô hình {i}", "", "", "", "x"] for i in range(3)]
    )
    stored = store_upload(SimpleUploadedFile("lich-su.xlsx", path.read_bytes()))

    job = run_pending(submit_history_import(world.admin, stored, COLUMNS, source="lich-su.xlsx", rows=3))
    client.force_login(world.admin)
    response = client.get(f"/exports/{job.pk}/download/")

    assert job.state == JobState.DONE, job.error
    assert (job.rows_total, job.rows_done) == (3, 3)
    assert Initiative.objects.filter(imported_from="lich-su.xlsx").count() == 3
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Đã nhập xong." in body and "Tạo mới: 3" in body
    assert not default_storage.exists(stored)


def test_an_import_job_with_refused_rows_imports_nothing_and_says_why(world, tmp_path, client):
    path = xlsx(tmp_path / "h.xlsx", TEMPLATE_HEADERS, [["2020", "KHONGCO", "Mô hình", "", "", "", "x"]])
    stored = store_upload(SimpleUploadedFile("h.xlsx", path.read_bytes()))

    job = run_pending(submit_history_import(world.admin, stored, COLUMNS, source="h.xlsx", rows=1))
    client.force_login(world.admin)
    body = b"".join(client.get(f"/exports/{job.pk}/download/").streaming_content).decode("utf-8-sig")

    assert job.state == JobState.DONE
    assert "Không có đơn vị “KHONGCO”." in body
    assert "Không nhập gì vì có 1 dòng bị từ chối." in body
    assert not Initiative.objects.filter(imported_from="h.xlsx").exists()
