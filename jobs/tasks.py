"""The tasks of the jobs app (Django's task API; the same code on the database and the RQ backend)."""

from __future__ import annotations

from django_tasks import task

from . import housekeeping as sweeps
from . import runner


@task()
def run_job(job_id: int) -> str:
    """Run one export job (see jobs.runner.execute), then tidy up and make sure housekeeping is scheduled."""
    state = runner.execute(job_id)
    runner.cleanup()
    # Heals the housekeeping chain if it died (a failed enqueue): a worker that runs jobs also sweeps.
    sweeps.ensure_scheduled()
    return state


@task()
def cleanup_jobs() -> list[int]:
    """Fail jobs whose worker died and remove expired files."""
    return list(runner.cleanup())


@task(takes_context=True)
def housekeeping(context) -> dict:
    """Run every sweep (jobs.housekeeping), then enqueue the next run unless another chain holds the place."""
    try:
        result = sweeps.sweep()
        sweeps.record(result)
        return result
    finally:
        sweeps.ensure_scheduled(continuing=str(context.task_result.id))
