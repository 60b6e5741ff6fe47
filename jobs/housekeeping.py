"""Housekeeping: the periodic sweeps of DVK (expired exports, old task results, API call logs,
form tokens, once a day the stray files), run by one task that enqueues its own next run.

django-tasks has no periodic tasks, and DVK wants no extra scheduler process: `housekeeping`
runs every sweep, then enqueues itself `DVK_HOUSEKEEPING_INTERVAL_MINUTES` later (`run_after`,
which both the database backend and RQ with `--with-scheduler` honour). `HousekeepingSchedule`
names the run that is waiting, so the chain stays one: `ensure_scheduled()` (from `make run`,
`manage.py housekeeping --schedule` at deployment, and after each job) starts it only when none
waits, and a run that is not the named one does its sweeps but does not continue. Deployments that
prefer cron or a systemd timer run `manage.py housekeeping` instead; the sweeps are idempotent.

Apps register their sweeps here (`register(name, function)`), as they register their exports with
`jobs.registry`: the jobs app knows none of their models.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import HousekeepingSchedule

logger = logging.getLogger(__name__)

Sweep = Callable[[], int]
_SWEEPS: dict[str, Sweep] = {}


def register(name: str, function: Sweep) -> Sweep:
    """Register `function() -> rows removed` as the sweep called `name`."""
    _SWEEPS[name] = function
    return function


def sweeps() -> dict[str, Sweep]:
    """Return the registered sweeps by name."""
    return dict(_SWEEPS)


def sweep() -> dict[str, int | None]:
    """Run every sweep, each on its own (one failing does not stop the others); return rows removed by name.

    A failed sweep is None in the result and logged with its cause.
    """
    done: dict[str, int | None] = {}
    for name, function in _SWEEPS.items():
        try:
            done[name] = int(function())
        except Exception:
            logger.exception("Housekeeping sweep %s failed", name)
            done[name] = None
    logger.info("Housekeeping: %s", done)
    return done


def interval() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.DVK_HOUSEKEEPING_INTERVAL_MINUTES)


def ensure_scheduled(continuing: str | None = None) -> str | None:
    """Make sure one housekeeping run waits in the queue; return the id of the run enqueued now, if any.

    `continuing` is the id of the run calling this at its end: it enqueues the next run if it is the
    named one (or the named one is long overdue: its chain died), and stops otherwise.
    """
    from .tasks import housekeeping

    if not housekeeping.get_backend().supports_defer:
        # The immediate backend (tests, scripts) runs a task in its caller: there is no "later".
        return None
    HousekeepingSchedule.objects.get_or_create(pk=1)
    now = timezone.now()
    with transaction.atomic():
        schedule = HousekeepingSchedule.objects.select_for_update().get(pk=1)
        # A run more than one interval late has no worker behind it any more (a flushed Redis, a
        # failed enqueue): a new chain takes over, and the old run, if it ever comes, stops.
        alive = bool(schedule.task_id) and schedule.due_at is not None and schedule.due_at > now - interval()
        if alive and continuing != schedule.task_id:
            return None
        due = now + interval()
        result = housekeeping.using(run_after=due).enqueue()
        schedule.task_id, schedule.due_at = str(result.id)[:64], due
        schedule.save(update_fields=["task_id", "due_at"])
    return schedule.task_id


def record(result: dict) -> None:
    """Note when housekeeping last ran and what it removed, for whoever wonders whether it runs."""
    HousekeepingSchedule.objects.update_or_create(pk=1, defaults={"last_run_at": timezone.now(), "last_result": result})


# ----- the jobs app's own sweeps -----------------------------------------------------------------
def prune_task_results() -> int:
    """Delete the database backend's finished task results older than DVK_TASK_RESULT_RETENTION_DAYS."""
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - datetime.timedelta(days=settings.DVK_TASK_RESULT_RETENTION_DAYS)
    # Rows left by the database backend stay prunable after a move to RQ, so no backend check here.
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    return deleted


def fail_stale_jobs() -> int:
    from .models import Job

    return Job.objects.fail_stale()


def remove_expired_jobs() -> int:
    from .runner import remove_expired

    return remove_expired()


# The stray-file sweep lists every stored file: once a day is enough (jobs/strays.py).
STRAY_SWEEP_EVERY = datetime.timedelta(days=1)


def sweep_stray_files() -> int:
    """Delete the stored files no row names (jobs/strays.py), at most once a day: it lists every stored file."""
    from . import strays

    now = timezone.now()
    HousekeepingSchedule.objects.get_or_create(pk=1)
    # Claimed by one conditional UPDATE: of two runs at once (cron beside the chain), one sweeps.
    claimed = (
        HousekeepingSchedule.objects.filter(pk=1)
        .exclude(strays_swept_at__gt=now - STRAY_SWEEP_EVERY)
        .update(strays_swept_at=now)
    )
    return sum(strays.sweep().values()) if claimed else 0


register("stale_jobs", fail_stale_jobs)
register("expired_jobs", remove_expired_jobs)
register("task_results", prune_task_results)
register("stray_files", sweep_stray_files)
