"""Health endpoints for the load balancer and the process supervisor.

`/health/live`: the process answers (no database, nothing else) — restart it when this fails.
`/health/ready`: the database answers, the cache stores and reads back, and the queue is moving
(no job has waited longer than DVK_QUEUE_MAX_AGE_SECONDS, and on RQ Redis answers) — send no traffic
to it while this fails. Both say only "ok"/"fail" per check: nothing about the deployment leaks.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    """Answer at once: the process is up."""
    return JsonResponse({"status": "ok"})


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def _cache() -> bool:
    cache.set("dvk-health", "ok", 10)
    return cache.get("dvk-health") == "ok"


def _queue() -> bool:
    """Return False when work waits longer than it should: no worker runs, or the queue is down."""
    from jobs.models import Job, JobState

    limit = timezone.now() - datetime.timedelta(seconds=settings.DVK_QUEUE_MAX_AGE_SECONDS)
    if Job.objects.filter(state=JobState.QUEUED, created_at__lt=limit).exists():
        return False
    if settings.TASKS_BACKEND == "database":
        from django.db.models import Q
        from django_tasks_db.models import DBTaskResult, get_date_max

        # A deferred task (the housekeeping's next run, a mail retry) waits from its run_after, not
        # from when it was enqueued an hour before: only waiting past both means no worker runs.
        waiting = DBTaskResult.objects.ready().filter(
            Q(run_after=get_date_max()) | Q(run_after__lt=limit), enqueued_at__lt=limit
        )
        return not waiting.exists()
    if settings.TASKS_BACKEND == "rq":
        import django_rq

        return bool(django_rq.get_connection("default").ping())
    return True


CHECKS = {"database": _database, "cache": _cache, "queue": _queue}


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Check the database, the cache and the queue; 503 if any fails."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "fail"
        except Exception:  # noqa: BLE001 — a check that raises is a failed check, logged with its cause.
            logger.exception("Readiness check %s failed", name)
            results[name] = "fail"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "fail", **results}, status=200 if healthy else 503)
