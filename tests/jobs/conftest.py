"""Fixtures of the jobs tests."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["database", "rq"])
def backend(request, settings) -> str:
    """Select a real queue for the test, emptied first (its waiting and its scheduled tasks)."""
    if request.param == "rq":
        if "django_tasks_rq" not in settings.INSTALLED_APPS:
            pytest.skip("RQ backend: run with TASKS_BACKEND=rq REDIS_URL=redis://… (.ci/run does)")
        import django_rq

        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
        queue = django_rq.get_queue("default")
        queue.empty()
        for job_id in queue.scheduled_job_registry.get_job_ids():
            queue.scheduled_job_registry.remove(job_id)
    else:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    return request.param
