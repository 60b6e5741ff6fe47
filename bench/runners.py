"""How each scenario is run: pages in this process, exports in a child process, wrk against gunicorn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

from .environment import setup_django
from .probes import CpuClock, reset_peak_rss, vm_kib
from .scenarios import Result, Scenario

# The entry point, run again as the child that measures one export.
RUN_SCRIPT = Path(__file__).resolve().with_name("run.py")


def consume(response) -> tuple[int, int]:
    """Read the whole body (streamed or not); return (bytes, newlines)."""
    size = lines = 0
    if getattr(response, "streaming", False):
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
    else:
        size, lines = len(response.content), response.content.count(b"\n")
    return size, lines


def run_page(scenario: Scenario, url: str, client, repeat: int, warmup: bool) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Result(scenario, url=url)
    for i in range(repeat + (1 if warmup else 0)):
        try:
            with CaptureQueriesContext(connection) as captured, CpuClock() as clock:
                started = time.perf_counter()
                response = client.get(url)
                consume(response)
                elapsed = (time.perf_counter() - started) * 1000
        except Exception as error:  # a 500: the Client re-raises the view's exception
            result.status = "error"
            result.detail = f"{type(error).__name__}: {error}"[:300]
            traceback.print_exc()
            return result
        if response.status_code != 200:
            result.status = f"http {response.status_code}"
            result.detail = response.get("Location", "")[:120]
            return result
        if warmup and i == 0:
            continue  # the first request compiles templates and fills caches
        result.times_ms.append(elapsed)
        result.busy_ms.append(clock.ms)
        result.queries = len(captured.captured_queries)
    return result


def run_export(scenario: Scenario, url: str, username: str, database_url: str) -> Result:
    """Run one export in a child process (its own peak RSS) and read its JSON report."""
    result = Result(scenario, url=url)
    payload = json.dumps({"url": url, "username": username, "kind": scenario.kind, "post": scenario.post})
    env = dict(os.environ, DATABASE_URL=database_url)
    try:
        child = subprocess.run(
            [sys.executable, str(RUN_SCRIPT), "--child-export", payload],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    except subprocess.TimeoutExpired:
        result.status, result.detail = "error", "timed out after 30 min"
        return result
    report = None
    for line in reversed(child.stdout.splitlines()):
        if line.startswith("{"):
            report = json.loads(line)
            break
    if report is None:
        result.status = "error"
        result.detail = (child.stderr.strip().splitlines() or ["no report"])[-1][:300]
        sys.stderr.write(child.stderr[-4000:])
        return result
    result.status = report["status"]
    result.detail = report.get("detail", "")
    if result.status == "ok":
        result.times_ms = [report["ms"]]
        result.busy_ms = [report["busy_ms"]]
        result.queries = report["queries"]
        result.peak_mb = report["peak_kib"] / 1024
        result.idle_mb = report["idle_kib"] / 1024
        result.bytes = report["bytes"]
        # CSV: data lines (minus the header); XLSX: the rows the export covers.
        result.rows = max(report["lines"] - 1, 0) if scenario.kind == "csv" else scenario.rows
    return result


def child_export(payload: str) -> None:
    """In the child: log in, ask for the export once, run its job, report time, queries and peak RSS."""
    spec = json.loads(payload)
    setup_django(os.environ["DATABASE_URL"])
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=spec["username"]))
    client.get(reverse_floor())  # warm the middleware and the session
    idle = vm_kib("VmRSS")
    reset_peak_rss()
    report = {"status": "ok", "idle_kib": idle}
    try:
        # Every export is a job since issue 12: asked by a request, written by a worker.
        report.update(export_job(client, spec["url"], spec["post"]))
    except Exception as error:
        traceback.print_exc()
        report = {"status": "error", "detail": f"{type(error).__name__}: {error}"[:300]}
    print(json.dumps(report))


def export_job(client, url: str, post: dict | None = None) -> dict:
    """Ask for an export as a user does (the request only enqueues), then run the job as a worker would.

    The web request is timed on its own ("asked in"); the worker's run gives the seconds, CPU,
    queries and peak RSS of the export; the file is then downloaded and counted like a response.
    """
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve, reverse

    from jobs import runner
    from jobs.models import Job

    database_queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=database_queue):
        started = time.perf_counter()
        response = client.post(url, post) if post else client.get(url)
        enqueue_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        return {"status": f"http {response.status_code}", "detail": response.get("Location", "")}
    job_id = resolve(response["Location"]).kwargs["pk"]
    with CaptureQueriesContext(connection) as captured, CpuClock() as clock:
        started = time.perf_counter()
        state = runner.execute(job_id)
        ms = (time.perf_counter() - started) * 1000
    peak = vm_kib("VmHWM")
    # Counted now: the download below is a request, and a request clears the query log.
    queries = len(captured.captured_queries)
    if state != "done":
        return {"status": "error", "detail": Job.objects.get(pk=job_id).error[:300]}
    size, lines = consume(client.get(reverse("jobs:download", args=[job_id])))
    return {
        "ms": ms,
        "busy_ms": clock.ms,
        "queries": queries,
        "bytes": size,
        "lines": lines,
        "peak_kib": peak,
        "detail": f"as a job: asked in {enqueue_ms:.0f} ms, run by the worker",
    }


def reverse_floor() -> str:
    from django.urls import reverse

    return reverse("bench_floor")
