"""Jobs: asking for an export, its page and progress, the download, who sees what, expiry, dead workers."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jobs import registry, runner
from jobs.models import Job, JobState
from jobs.registry import Output
from tests.factories import UserFactory
from tests.models_registry.export_helpers import recognize_batch

from .helpers import body, job_of, run_pending

EXPORT = "reports:export"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture
def no_worker(settings):
    """A queue that keeps what it is given: jobs stay "queued", as when no worker runs."""
    settings.TASKS = DUMMY_TASKS


def _ask(client, world, **params):
    params = {"format": "xlsx", "campaign": world.campaign.pk, **params}
    return client.get(reverse(EXPORT), params)


def _job(owner, state=JobState.QUEUED, **fields) -> Job:
    fields.setdefault("title", "Tổng hợp kết quả (XLSX)")
    return Job.objects.create(
        owner=owner, kind="test.kind", params_key=f"k{Job.objects.count()}", state=state, **fields
    )


def test_asking_for_an_export_redirects_to_its_job_page_which_offers_the_file(client, world):
    recognize_batch(world, 2)
    client.force_login(world.chair)

    response = _ask(client, world)
    job = run_pending(job_of(response))
    page = client.get(response["Location"])

    assert job.owner == world.chair and job.state == JobState.DONE
    assert job.rows_total == 2 and job.rows_done == 2
    assert reverse("jobs:download", args=[job.pk]) in page.content.decode()
    assert job.expires_at > timezone.now()


def test_the_download_is_an_attachment_holding_the_whole_workbook(client, world):
    recognize_batch(world, 3)
    client.force_login(world.chair)
    job = run_pending(job_of(_ask(client, world)))

    response = client.get(reverse("jobs:download", args=[job.pk]))

    assert response["Content-Disposition"].startswith("attachment;")
    assert f"tong-hop-dvk-nam-{world.campaign.year}-dan-van-kheo-nam-nay.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(body(response)))
    assert len(list(workbook["Danh sách đăng ký"].iter_rows(min_row=2))) == 3


def test_the_same_export_asked_twice_while_it_waits_is_the_same_job(client, world, no_worker):
    client.force_login(world.chair)

    first, second = job_of(_ask(client, world)), job_of(_ask(client, world))
    other_format = job_of(_ask(client, world, format="pdf"))

    assert first.pk == second.pk
    assert other_format.pk != first.pk
    assert Job.objects.count() == 2


def test_another_user_asking_the_same_export_gets_a_job_of_their_own(client, world, no_worker):
    client.force_login(world.chair)
    mine = job_of(_ask(client, world))
    client.force_login(world.secretary)

    theirs = job_of(_ask(client, world))

    assert theirs.pk != mine.pk and theirs.owner == world.secretary


def test_a_waiting_job_says_so_and_refreshes_itself_without_javascript(client, world, no_worker):
    client.force_login(world.chair)
    job = job_of(_ask(client, world))

    content = client.get(job.get_absolute_url()).content.decode()

    assert "Đang chờ xử lý" in content
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in content
    assert "js/job-progress.js" in content
    assert reverse("jobs:status", args=[job.pk]) in content


def test_a_finished_job_page_neither_refreshes_nor_polls(client, world):
    client.force_login(world.chair)
    job = run_pending(job_of(_ask(client, world)))

    content = client.get(job.get_absolute_url()).content.decode()

    assert 'http-equiv="refresh"' not in content
    assert "job-progress.js" not in content


def test_the_status_json_gives_rows_done_of_total(client, world):
    job = _job(world.chair, JobState.RUNNING, rows_done=250, rows_total=1000, heartbeat_at=timezone.now())
    client.force_login(world.chair)

    data = client.get(reverse("jobs:status", args=[job.pk])).json()

    assert data["state"] == "running"
    assert (data["rows_done"], data["rows_total"], data["percent"]) == (250, 1000, 25)
    assert data["finished"] is False and data["download_url"] is None


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:status", "jobs:download"])
def test_another_persons_job_is_404_even_for_an_administrator(client, world, name):
    client.force_login(world.chair)
    job = run_pending(job_of(_ask(client, world)))

    for user in (world.secretary, world.admin, world.staff):
        client.force_login(user)
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.parametrize("name", ["jobs:list", "jobs:detail", "jobs:download"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, name):
    job = _job(world.chair)
    url = reverse(name) if name == "jobs:list" else reverse(name, args=[job.pk])

    response = client.get(url)

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_export_of_a_campaign_outside_the_scope_creates_no_job(client, world):
    from tests.factories import CampaignFactory, CommitteeFactory, UnitFactory

    foreign = CampaignFactory(committee=CommitteeFactory(unit=UnitFactory(name="Tỉnh khác")))
    client.force_login(world.member)

    assert client.get(reverse(EXPORT), {"campaign": foreign.pk}).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse(EXPORT), {"campaign": world.campaign.pk}).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "params", [{"format": "<script>odt"}, {"format": "csv", "part": "<b>all</b>"}, {"year": "<i>1999"}]
)
def test_unknown_parameters_get_a_400_in_vietnamese_that_never_echoes_them(client, world, params):
    client.force_login(world.chair)

    response = client.get(reverse(EXPORT), params)

    text = response.content.decode()
    assert response.status_code == 400
    assert "<" not in text and "odt" not in text and "all" not in text and "1999" not in text
    assert "không" in text.lower()
    assert not Job.objects.exists()


def test_a_failing_export_leaves_the_job_failed_with_a_reason_and_no_file(world):
    @registry.register("test.broken")
    def broken(job, out, progress):
        out.write(b"half a file")
        raise RuntimeError("disk full")

    job = Job.objects.create(owner=world.chair, kind="test.broken", params_key="x", title="Hỏng")

    state = runner.execute(job.pk)

    job.refresh_from_db()
    assert state == JobState.FAILED == job.state
    assert "Không tạo được tệp" in job.error and "disk full" not in job.error
    assert not job.file and job.finished_at is not None


def test_the_file_is_in_the_storage_only_once_it_is_complete(world):
    seen_during_the_run = []

    @registry.register("test.slow")
    def slow(job, out, progress):
        progress.set_total(2)
        out.write(b"a,b\n")
        seen_during_the_run.append(default_storage.exists(f"exports/{job.owner_id}/{job.pk}/slow.csv"))
        out.write(b"c,d\n")
        return Output("slow.csv", "text/csv")

    job = Job.objects.create(owner=world.chair, kind="test.slow", params_key="x", title="Chậm")

    runner.execute(job.pk)

    job.refresh_from_db()
    assert seen_during_the_run == [False]
    assert job.state == JobState.DONE
    with job.file.open("rb") as handle:
        assert handle.read() == b"a,b\nc,d\n"


def test_a_job_already_taken_by_a_worker_is_not_run_twice(world):
    job = _job(world.chair, JobState.RUNNING, heartbeat_at=timezone.now())

    assert runner.execute(job.pk) == "skipped"


def test_a_running_job_whose_worker_died_is_failed_when_its_page_is_opened(client, world, settings):
    settings.DVK_JOB_STALE_SECONDS = 600
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    job = _job(world.chair, JobState.RUNNING, heartbeat_at=long_ago)
    alive = _job(world.chair, JobState.RUNNING, heartbeat_at=timezone.now())
    client.force_login(world.chair)

    content = client.get(job.get_absolute_url()).content.decode()

    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.state == JobState.FAILED and "dừng giữa chừng" in content
    assert alive.state == JobState.RUNNING


def test_the_cleanup_command_fails_dead_jobs_and_removes_expired_files(
    world, settings, django_capture_on_commit_callbacks
):
    settings.DVK_JOB_EXPIRY_HOURS = 72
    default_storage.save("exports/1/old.csv", io.BytesIO(b"x"))
    now = timezone.now()
    expired = _job(world.chair, JobState.DONE, file="exports/1/old.csv", expires_at=now - datetime.timedelta(hours=1))
    fresh = _job(world.chair, JobState.DONE, expires_at=now + datetime.timedelta(hours=1))
    dead = _job(world.chair, JobState.RUNNING, heartbeat_at=now - datetime.timedelta(days=1))
    queued = _job(world.chair, JobState.QUEUED)

    # The command runs in autocommit: each deletion commits at once, and its file goes then.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cleanup_jobs", verbosity=0)

    assert not Job.objects.filter(pk=expired.pk).exists()
    assert not default_storage.exists("exports/1/old.csv")
    assert Job.objects.get(pk=fresh.pk).state == JobState.DONE
    assert Job.objects.get(pk=dead.pk).state == JobState.FAILED
    # A job waiting for a worker keeps waiting: it runs when a worker comes back.
    assert Job.objects.get(pk=queued.pk).state == JobState.QUEUED


def test_an_expired_file_is_no_longer_downloadable(client, world):
    client.force_login(world.chair)
    job = run_pending(job_of(_ask(client, world)))
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert "đã hết hạn" in client.get(job.get_absolute_url()).content.decode()


def test_a_file_gone_from_storage_answers_404_as_an_expired_one_does(client, world):
    # Removed by hand from the media folder, or lost with a volume: never a server error.
    client.force_login(world.chair)
    job = run_pending(job_of(_ask(client, world)))
    default_storage.delete(job.file.name)

    response = client.get(reverse("jobs:download", args=[job.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_exported_files_page_lists_only_the_users_own_jobs_in_constant_queries(
    client, world, django_assert_num_queries, count
):
    for index in range(count):
        _job(world.chair, JobState.DONE, title=f"Tệp {index}", expires_at=timezone.now() + datetime.timedelta(days=1))
    _job(world.secretary, title="Tệp của người khác")
    client.force_login(world.chair)

    # session, user, the stale check, the jobs (and the navigation's scope: 1).
    with django_assert_num_queries(5):
        response = client.get(reverse("jobs:list"))

    content = response.content.decode()
    assert [job.title for job in response.context["jobs"]] == [f"Tệp {i}" for i in reversed(range(count))]
    assert "Tệp của người khác" not in content


def test_a_user_with_no_jobs_is_told_where_files_come_from(client, world):
    client.force_login(UserFactory(username="new"))

    assert "Bạn chưa xuất tệp nào" in client.get(reverse("jobs:list")).content.decode()


def test_the_admins_export_of_all_filtered_rows_is_a_job_of_exactly_those_rows(client, world):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    from tests.jobs.helpers import export

    submitted = [world.initiative("submitted") for _ in range(2)]
    world.initiative("draft")
    client.force_login(world.admin)
    url = reverse("admin:models_registry_initiative_changelist") + "?state__exact=submitted"

    response = export(
        client, url, {"action": "export_csv", "select_across": "1", ACTION_CHECKBOX_NAME: [submitted[0].pk]}, "post"
    )

    lines = body(response).decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"].startswith("attachment;")
    assert sorted(line.split(",")[1] for line in lines[1:]) == sorted(str(i.pk) for i in submitted)
