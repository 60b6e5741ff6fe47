"""The tasks of the jobs app (Django's task API; the same code on the database and the RQ backend)."""

from __future__ import annotations

from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> str:
    """Run one export job (see jobs.runner.execute), then tidy up: the worker is the embedded cron."""
    state = runner.execute(job_id)
    runner.cleanup()
    return state


@task()
def cleanup_jobs() -> list[int]:
    """Fail jobs whose worker died and remove expired files."""
    return list(runner.cleanup())
