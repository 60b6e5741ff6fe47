"""Helpers of the tests that ask for an export: follow the job to its file, as a user would."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import resolve

from jobs import runner
from jobs.models import Job, JobState


def job_of(response: HttpResponse) -> Job | None:
    """Return the job a "create export" response redirected to, or None for any other response."""
    if response.status_code != 302:
        return None
    match = resolve(response["Location"].split("?")[0])
    if match.view_name != "jobs:detail":
        return None
    return Job.objects.get(pk=match.kwargs["pk"])


def run_pending(job: Job) -> Job:
    """Run the job in this process when no worker has yet (the immediate backend already has)."""
    if job.state == JobState.QUEUED:
        runner.execute(job.pk)
    job.refresh_from_db()
    return job


def export(client, url: str, params: dict | None = None, method: str = "get", **extra) -> HttpResponse:
    """Ask for an export and return the download's response (or the refusal, unchanged)."""
    response = getattr(client, method)(url, params or {}, **extra)
    job = job_of(response)
    if job is None:
        return response
    job = run_pending(job)
    assert job.state == JobState.DONE, job.error
    return client.get(job.get_absolute_url() + "download/", **extra)


def body(response) -> bytes:
    """Return the whole body of a streamed or plain response."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def work(backend: str) -> None:
    """Run what is queued and due, then stop, as one worker would."""
    if backend == "database":
        from django_tasks_db.management.commands.db_worker import Worker

        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
    else:
        import django_rq
        from django_tasks_rq import Job as RQJob
        from rq import SimpleWorker

        queue = django_rq.get_queue("default", job_class=RQJob)
        SimpleWorker([queue], connection=queue.connection, job_class=RQJob).work(burst=True, with_scheduler=True)
