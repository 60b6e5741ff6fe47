"""Health endpoints and the gunicorn configuration of a deployment that scales out."""

from __future__ import annotations

import datetime
import gc
import multiprocessing
import runpy
import weakref
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobState

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_asking_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health_live"))

    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_checks_the_database_the_cache_and_the_queue(client):
    response = client.get(reverse("health_ready"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_fails_when_a_job_has_waited_too_long_for_a_worker(client, world, settings):
    settings.DVK_QUEUE_MAX_AGE_SECONDS = 300
    Job.objects.create(
        owner=world.chair,
        kind="reports.summary",
        params_key="x",
        title="T",
        state=JobState.QUEUED,
        created_at=timezone.now() - datetime.timedelta(minutes=6),
    )

    response = client.get(reverse("health_ready"))

    assert response.status_code == 503
    assert response.json()["queue"] == "fail" and response.json()["database"] == "ok"


def test_a_deferred_task_is_late_from_its_run_after_not_from_when_it_was_enqueued(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS_BACKEND, settings.DVK_QUEUE_MAX_AGE_SECONDS = "database", 300
    now = timezone.now()
    # The housekeeping's next run, enqueued an hour ago for now: a worker has not had time to take it.
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jobs.tasks.housekeeping",
        queue_name="default",
        backend_name="default",
        run_after=now - datetime.timedelta(minutes=1),
        priority=0,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=now - datetime.timedelta(hours=1))

    due_a_minute_ago = client.get(reverse("health_ready")).json()["queue"]
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=now - datetime.timedelta(minutes=6))
    due_six_minutes_ago = client.get(reverse("health_ready")).json()["queue"]

    assert (due_a_minute_ago, due_six_minutes_ago) == ("ok", "fail")


GUNICORN_CONF = str(Path(__file__).resolve().parent.parent / "dvk" / "gunicorn.conf.py")


def test_the_gunicorn_configuration_bounds_requests_and_restarts_workers(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(GUNICORN_CONF)

    assert 0 < config["timeout"] <= 60
    assert config["graceful_timeout"] > 0
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    # The layout the page mix measured best (bench/RESULTS.md): sync workers, one more than the cores.
    assert (config["worker_class"], config["threads"]) == ("sync", 1)
    assert config["workers"] == multiprocessing.cpu_count() + 1


def test_a_worker_freezes_its_start_up_heap_once_the_application_is_loaded():
    # Short full collections (dvk/heap.py): what loading allocated is left out of the collector's walks.
    config = runpy.run_path(GUNICORN_CONF)

    class Node:
        pass

    cycle = Node()
    cycle.itself = cycle  # garbage made before the hook: collected, not frozen
    collected = weakref.ref(cycle)
    del cycle
    try:
        config["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 1000
        assert collected() is None
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_a_deployment_chooses_a_threaded_layout_by_its_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.setenv("GUNICORN_WORKER_CLASS", "gthread")
    monkeypatch.setenv("GUNICORN_THREADS", "4")

    config = runpy.run_path(GUNICORN_CONF)

    assert (config["workers"], config["worker_class"], config["threads"]) == (2, "gthread", 4)
