"""How each scenario is run: pages in this process, exports in a child process, wrk against gunicorn."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .environment import ROOT, setup_django
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn_server(database_url: str) -> Iterator[int]:
    """Serve DVK with gunicorn (2 workers) on a free port of 127.0.0.1; yield the port."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, DVK_TESTING="1", DEBUG="0")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-b", f"127.0.0.1:{port}", "dvk.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=10)
        except subprocess.TimeoutExpired:
            gunicorn.kill()


def first_status(url: str, cookie: str | None) -> str:
    """One request first: it warms the worker and proves the page answers 200 (not a login redirect)."""
    curl = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"]
    if cookie:
        curl += ["-H", f"Cookie: sessionid={cookie}"]
    return subprocess.run([*curl, url], capture_output=True, text=True).stdout.strip()


def wrk_command(url: str, cookie: str | None, seconds: int) -> list[str]:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    return command


def parse_wrk(out: str) -> dict:
    """Return requests/s, requests, average latency (ms) and errors (non-2xx/3xx and socket errors) of a wrk run."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)\b", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    latency_ms = None
    if latency:
        latency_ms = float(latency.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[latency.group(2)]
    return {
        "ok": bool(rps),
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "errors": errors,
        "latency_ms": latency_ms,
    }


def run_wrk(database_url: str, targets: list[tuple[str, str, str | None]], seconds: int) -> list[dict]:
    """Serve with gunicorn (2 workers) on 127.0.0.1 and load each target with wrk."""
    results = []
    with gunicorn_server(database_url) as port:
        for label, path, cookie in targets:
            url = f"http://127.0.0.1:{port}{path}"
            first = first_status(url, cookie)
            run = parse_wrk(subprocess.run(wrk_command(url, cookie, seconds), capture_output=True, text=True).stdout)
            results.append(
                {
                    "target": label,
                    "path": path,
                    "rps": run["rps"],
                    "requests": run["requests"],
                    "errors": run["errors"] if (run["ok"] and first == "200") else None,
                    "first": first,
                    "latency": f"{run['latency_ms']:.2f}ms" if run["latency_ms"] is not None else "?",
                }
            )
    return results


class BackgroundLoad:
    """The page mix under wrk in the background (every target at once, in slices) until the block ends.

    Used by `--exports-under-load`: the exports are measured while web pages are being served from
    the same machine and database, as they are in production. The slices are summed per target.
    """

    def __init__(self, database_url: str, targets: list[tuple[str, str, str | None]], slice_seconds: int) -> None:
        self.database_url, self.targets, self.slice_seconds = database_url, targets, slice_seconds
        self.stop = threading.Event()
        self.totals = {
            label: {"requests": 0, "errors": 0, "seconds": 0.0, "latency_sum": 0.0, "ok": True}
            for label, _path, _cookie in targets
        }
        self.first: dict[str, str] = {}

    def __enter__(self) -> BackgroundLoad:
        self._server = gunicorn_server(self.database_url)
        port = self._server.__enter__()
        self.urls = {label: (f"http://127.0.0.1:{port}{path}", cookie) for label, path, cookie in self.targets}
        for label, (url, cookie) in self.urls.items():
            self.first[label] = first_status(url, cookie)
        self._thread = threading.Thread(target=self._load, daemon=True)
        self._thread.start()
        return self

    def _load(self) -> None:
        while True:
            started = time.monotonic()
            running = {
                label: subprocess.Popen(wrk_command(url, cookie, self.slice_seconds), stdout=subprocess.PIPE, text=True)
                for label, (url, cookie) in self.urls.items()
            }
            for label, process in running.items():
                run = parse_wrk(process.communicate()[0])
                total = self.totals[label]
                total["ok"] = total["ok"] and run["ok"]
                total["requests"] += run["requests"]
                total["errors"] += run["errors"]
                total["latency_sum"] += (run["latency_ms"] or 0.0) * run["requests"]
                total["seconds"] += time.monotonic() - started
            if self.stop.is_set():
                return

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self._thread.join()
        self._server.__exit__(*exc)

    @property
    def results(self) -> list[dict]:
        """Return one wrk row per target, named as measured while the exports ran."""
        rows = []
        for label, path, _cookie in self.targets:
            total, first = self.totals[label], self.first[label]
            seconds = total["seconds"] or 1.0
            latency = total["latency_sum"] / total["requests"] if total["requests"] else None
            rows.append(
                {
                    "target": f"{label}, while the exports ran",
                    "path": path,
                    "rps": total["requests"] / seconds,
                    "requests": total["requests"],
                    "errors": total["errors"] if (total["ok"] and first == "200") else None,
                    "first": first,
                    "latency": f"{latency:.2f}ms" if latency is not None else "?",
                }
            )
        return rows
