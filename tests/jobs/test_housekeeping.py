"""Housekeeping: the sweeps remove what outlived its retention, and one self-renewing task runs them
on both real backends (the database and RQ), never two chains of it."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns.models import Submission
from jobs import housekeeping
from jobs.models import HousekeepingSchedule, Job, JobState
from jobs.tasks import housekeeping as housekeeping_task
from models_registry.api.models import ApiCall
from tests.factories import UserFactory

from .helpers import work

AGO = {"days": 400}


def _old(model, **fields):
    """Create a row, then age it past every retention (auto_now_add fields cannot be given)."""
    row = model.objects.create(**fields)
    model.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(**AGO))
    return row


def _api_call(**fields):
    return {"method": "GET", "path": "/api/v1/initiatives/", "status": 200, **fields}


def _finished_task_result(finished_at) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jobs.tasks.cleanup_jobs",
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
        status="SUCCESSFUL",
        finished_at=finished_at,
        priority=0,
    )


def _waiting_housekeeping_runs(backend: str) -> list[str]:
    """Return the ids of the housekeeping runs waiting in the queue (due or not)."""
    if backend == "database":
        return [
            str(pk)
            for pk in DBTaskResult.objects.filter(task_path=housekeeping_task.module_path, status="READY").values_list(
                "id", flat=True
            )
        ]
    import django_rq

    queue = django_rq.get_queue("default")
    return list(queue.scheduled_job_registry.get_job_ids()) + list(queue.get_job_ids())


def _make_due(backend: str, task_id: str) -> None:
    """Let the time of a scheduled run come (the queue's clock, not the test's, decides)."""
    if backend == "database":
        DBTaskResult.objects.filter(id=task_id).update(run_after=timezone.now() - datetime.timedelta(seconds=1))
        return
    import django_rq
    from django_tasks_rq import Job as RQJob

    queue = django_rq.get_queue("default", job_class=RQJob)
    queue.scheduled_job_registry.remove(task_id)
    queue.enqueue_job(RQJob.fetch(task_id, connection=queue.connection))


# ----- the sweeps ---------------------------------------------------------------------------------
def test_housekeeping_removes_what_outlived_its_retention_and_keeps_the_rest(db, settings):
    user = UserFactory()
    _old(ApiCall, **_api_call())
    kept_call = ApiCall.objects.create(**_api_call())
    _old(Submission, token=uuid.uuid4(), user=user)
    kept_token = Submission.objects.create(token=uuid.uuid4(), user=user)
    now = timezone.now()
    Job.objects.create(
        owner=user,
        kind="k",
        params_key="a",
        title="hết hạn",
        state=JobState.DONE,
        expires_at=now - datetime.timedelta(hours=1),
    )
    kept_job = Job.objects.create(
        owner=user,
        kind="k",
        params_key="b",
        title="còn hạn",
        state=JobState.DONE,
        expires_at=now + datetime.timedelta(hours=1),
    )
    _finished_task_result(now - datetime.timedelta(days=settings.DVK_TASK_RESULT_RETENTION_DAYS + 1))
    kept_result = _finished_task_result(now - datetime.timedelta(days=1))

    call_command("housekeeping", verbosity=0)

    assert list(ApiCall.objects.all()) == [kept_call]
    assert list(Submission.objects.all()) == [kept_token]
    assert list(Job.objects.all()) == [kept_job]
    assert list(DBTaskResult.objects.all()) == [kept_result]
    assert HousekeepingSchedule.objects.get().last_result == {
        "stale_jobs": 0,
        "expired_jobs": 1,
        "task_results": 1,
        "submission_tokens": 1,
        "api_calls": 1,
        "stray_files": 0,
    }


def test_the_retention_periods_are_settings(db, settings):
    settings.DVK_API_CALL_RETENTION_DAYS = 2
    call = ApiCall.objects.create(**_api_call())
    ApiCall.objects.filter(pk=call.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))

    assert ApiCall.objects.prune() == 1


def test_a_failing_sweep_does_not_stop_the_others_and_the_command_fails(db, monkeypatch):
    def broken() -> int:
        raise RuntimeError("disk full")

    monkeypatch.setitem(housekeeping._SWEEPS, "broken", broken)
    _old(ApiCall, **_api_call())

    with pytest.raises(SystemExit):
        call_command("housekeeping", verbosity=0)

    assert not ApiCall.objects.exists()
    assert HousekeepingSchedule.objects.get().last_result["broken"] is None


def test_scheduling_on_the_immediate_backend_does_nothing(db, settings):
    # Tests and scripts run tasks in the caller: "later" does not exist there.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    assert housekeeping.ensure_scheduled() is None
    assert not HousekeepingSchedule.objects.exists()


# ----- the self-renewing task on the real backends --------------------------------------------------
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scheduling_twice_leaves_one_housekeeping_run_waiting(backend):
    first = housekeeping.ensure_scheduled()
    second = housekeeping.ensure_scheduled()

    assert first and second is None
    assert _waiting_housekeeping_runs(backend) == [first]
    assert HousekeepingSchedule.objects.get().due_at > timezone.now() + datetime.timedelta(minutes=59)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_housekeeping_run_sweeps_then_queues_the_next_one(backend):
    _old(ApiCall, **_api_call())
    first = housekeeping.ensure_scheduled()
    work(backend)
    assert ApiCall.objects.exists()  # not due yet: the worker leaves it

    _make_due(backend, first)
    work(backend)

    schedule = HousekeepingSchedule.objects.get()
    assert not ApiCall.objects.exists()
    assert schedule.last_run_at is not None and schedule.last_result["api_calls"] == 1
    assert schedule.task_id != first
    assert _waiting_housekeeping_runs(backend) == [schedule.task_id]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_chain_sweeps_once_and_stops(backend):
    named = housekeeping.ensure_scheduled()
    housekeeping_task.enqueue()  # a stray run, as a second `--schedule` racing the first could leave

    work(backend)

    assert HousekeepingSchedule.objects.get().last_run_at is not None
    assert HousekeepingSchedule.objects.get().task_id == named
    assert _waiting_housekeeping_runs(backend) == [named]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_overdue_by_an_interval_is_replaced_by_a_new_chain(backend):
    dead = housekeeping.ensure_scheduled()
    HousekeepingSchedule.objects.update(due_at=timezone.now() - datetime.timedelta(hours=2))

    replacement = housekeeping.ensure_scheduled()

    assert replacement not in (None, dead)
    assert HousekeepingSchedule.objects.get().task_id == replacement


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_schedule_command_starts_the_chain_once(backend, capsys):
    call_command("housekeeping", "--schedule")
    call_command("housekeeping", "--schedule")

    assert capsys.readouterr().out.splitlines()[1] == "scheduled=already"
    assert len(_waiting_housekeeping_runs(backend)) == 1
