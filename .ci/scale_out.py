#!/usr/bin/env python
"""Two web processes and two workers on this machine, sharing one PostgreSQL and one Redis.

A user logs in and asks for exports through web 1; either RQ worker writes them into the shared
media folder; the user follows the progress and downloads each file through web 2. Exits non-zero
on any failure. Run by .ci/run after the suites; by hand:

    DATABASE_SERVER=postgres://postgres@127.0.0.1:5432 .venv/bin/python .ci/scale_out.py
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
SERVER = os.environ.get("DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB = "dvk_scale_out"
REDIS = os.environ.get("SCALE_OUT_REDIS", "redis://127.0.0.1:6379")
USER, PASSWORD = "chair", "dvk-demo-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database() -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB}")
    connection.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    media = Path(tempfile.mkdtemp(prefix="dvk-scale-out-media-"))
    env = environment(media)
    reset_stores()
    print("== migrate and seed the demo data", flush=True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    ports = [free_port(), free_port()]
    processes: list[subprocess.Popen] = []
    logs = Path(tempfile.mkdtemp(prefix="dvk-scale-out-logs-"))
    try:
        start(processes, env, ports, logs)
        web1, web2 = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (web1, web2):
            wait_live(base, logs)
        print(f"== web 1 {web1}, web 2 {web2}, two RQ workers; logs in {logs}", flush=True)

        browser = Browser()
        browser.log_in(web1)
        asked = ask_exports(browser, web1)
        workers = {}
        for query, (location, elapsed) in asked.items():
            status, body = download(browser, web2, query, location, logs)
            worker = worker_of(env, location)
            workers[query] = worker
            print(
                f"  {query:<26} asked on web 1 in {elapsed:.0f} ms, run by {worker}, "
                f"{status['rows_total']} rows, {len(body):,} bytes downloaded through web 2",
                flush=True,
            )
        if not set(workers.values()) <= {"worker1", "worker2"}:
            raise SystemExit(f"FAIL: unexpected workers {workers}")
        for base in (web1, web2):
            ready = browser.get(f"{base}/health/ready")
            if ready.code != 200:
                raise SystemExit(f"FAIL: {base}/health/ready answered {ready.code}: {ready.read()[:200]}")
        print("== two web processes and two workers: passed", flush=True)
        return 0
    finally:
        stop(processes)
        shutil.rmtree(media, ignore_errors=True)


def environment(media: Path) -> dict[str, str]:
    """Return the processes' environment: this one's, on the shared database, Redis and media folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("DVK_TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DEBUG="1",
        DATABASE_URL=f"{SERVER}/{DB}",
        TASKS_BACKEND="rq",
        REDIS_URL=f"{REDIS}/14",
        CACHE_URL=f"{REDIS}/13",
        MEDIA_ROOT=str(media),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    )
    return env


def reset_stores() -> None:
    """Empty the run's Redis databases (queue and cache) and create its database afresh."""
    import redis

    for number in (13, 14):
        redis.Redis.from_url(f"{REDIS}/{number}").flushdb()
    recreate_database()


def start(processes: list[subprocess.Popen], env: dict[str, str], ports: list[int], logs: Path) -> None:
    """Start a gunicorn on each port and two RQ workers, adding each to `processes` (to stop them all)."""
    for index, port in enumerate(ports, 1):
        processes.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "dvk/gunicorn.conf.py", "dvk.wsgi"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=open(logs / f"web{index}.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            )
        )
    for index in (1, 2):
        processes.append(
            subprocess.Popen(
                [PY, "manage.py", "rqworker", "--with-scheduler", "--job-class", "django_tasks_rq.Job"]
                + ["--name", f"worker{index}", "default"],
                cwd=ROOT,
                env=env,
                stdout=open(logs / f"worker{index}.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            )
        )


def wait_live(base: str, logs: Path) -> None:
    """Wait up to 30 s for the web process to answer its liveness check."""
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/health/live", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"FAIL: {base} did not start (logs in {logs})")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


class Browser:
    """One user's cookies across both web processes; redirects are answers, not followed."""

    def __init__(self) -> None:
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def get(self, url: str):
        try:
            return self.opener.open(url, timeout=30)
        except urllib.error.HTTPError as response:
            return response

    def log_in(self, base: str) -> None:
        login = self.get(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        data = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
        try:
            self.opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data), timeout=30)
        except urllib.error.HTTPError as response:
            if response.code != 302:
                raise SystemExit(f"FAIL: login answered {response.code}") from None


def ask_exports(browser: Browser, web1: str) -> dict[str, tuple[str, float]]:
    """Ask each export on web 1; return, by query, the job page it redirects to and how long it took (ms)."""
    asked = {}
    for query in ("format=csv", "format=xlsx", "format=csv&part=summary", "format=pdf"):
        started = time.perf_counter()
        response = browser.get(f"{web1}/reports/export/?{query}")
        elapsed = (time.perf_counter() - started) * 1000
        if response.code != 302 or "/exports/" not in response.headers["Location"]:
            raise SystemExit(f"FAIL: asking {query} on web 1 answered {response.code}")
        asked[query] = (response.headers["Location"], elapsed)
    return asked


def download(browser: Browser, web2: str, query: str, location: str, logs: Path) -> tuple[dict, bytes]:
    """Follow the job on web 2 until it finishes (3 min at most), download its file; return its status and body."""
    job_url = urllib.parse.urljoin(web2, location)
    deadline = time.monotonic() + 180
    while True:
        status = json.load(browser.get(f"{job_url}status/"))
        if status["finished"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if status["state"] != "done":
        raise SystemExit(f"FAIL: {query}: {status['state']} {status['error']} (logs in {logs})")
    response = browser.get(urllib.parse.urljoin(web2, status["download_url"]))
    body = response.read()
    disposition = response.headers["Content-Disposition"]
    if response.code != 200 or not disposition.startswith("attachment;") or not body:
        raise SystemExit(f"FAIL: {query}: download through web 2 answered {response.code}")
    lines = body.count(b"\n")
    if query == "format=csv" and lines != status["rows_total"] + 1:
        raise SystemExit(f"FAIL: the CSV has {lines} lines for {status['rows_total']} rows")
    return status, body


def worker_of(env: dict[str, str], location: str) -> str:
    """Return the name of the RQ worker that ran the job at this page."""
    import redis
    from rq.job import Job as RQJob

    job_id = int(location.rstrip("/").rsplit("/", 1)[1])
    task_id = (
        subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                f"from jobs.models import Job; print(Job.objects.get(pk={job_id}).task_id)",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return RQJob.fetch(task_id, connection=redis.Redis.from_url(f"{REDIS}/14")).worker_name


if __name__ == "__main__":
    sys.exit(main())
