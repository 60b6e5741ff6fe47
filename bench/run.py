#!/usr/bin/env python
"""DVK benchmark: time every page, queue, summary and export on a province-sized PostgreSQL database.

    python bench/run.py --initiatives 100000          # dvk_bench, seeded if it has fewer rows
    python bench/run.py --initiatives 1000000 --wrk --out bench/last.md
    python bench/run.py --smoke                        # CI: tiny fresh DB, every scenario once

It uses its own database (default `dvk_bench`; `--db NAME`, which must start with `dvk_bench`)
on the server named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432), creates and
migrates it, seeds it with `manage.py seed_bench`, then runs each scenario several times in
this process with Django's test Client and reports the median and max server time and the
number of SQL queries. Exports run in a child process so that their peak RSS is their own.
Side by side: a bare view returning a constant (the floor) and a plain default ModelAdmin
changelist of Initiative on a bench-only AdminSite (`bench/urls.py`). `--wrk` adds gunicorn
(2 workers) under wrk for 30 s on 127.0.0.1. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
PAGE_MS, SUMMARY_MS, MAX_QUERIES = 100, 300, 12
CSV_PEAK_MB, CSV_ROWS_PER_S, XLSX_S_PER_100K = 150, 20_000, 30
XLSX_ROWS = 100_000


# ----- database and Django setup -------------------------------------------------------------
def server_url() -> str:
    """Return the PostgreSQL server (scheme, credentials, host, port) from DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return DEFAULT_SERVER
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def ensure_database(server: str, name: str, fresh: bool) -> str:
    """Create the bench database if missing (dropped first when `fresh`); return its URL."""
    if not re.fullmatch(r"dvk_bench[a-z0-9_]*", name):
        sys.exit(f"refusing database {name!r}: the benchmark only uses databases named dvk_bench*")
    import psycopg2

    parts = urllib.parse.urlsplit(server)
    conn = psycopg2.connect(
        dbname="postgres",
        user=urllib.parse.unquote(parts.username or "postgres"),
        password=urllib.parse.unquote(parts.password) if parts.password else None,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return f"{server}/{name}"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Test-mode settings: no HTTPS redirect, plain static storage (no collectstatic manifest);
    # DEBUG stays off, as in production.
    os.environ.setdefault("DVK_TESTING", "1")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvk.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()


def vm_kib(key: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def cpu_ns(pid: int) -> int:
    """Return the CPU time a process has used, in ns (/proc/PID/schedstat; waiting for a core does not count)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def db_backend_pid() -> int | None:
    """Return the PostgreSQL backend process of this connection (same machine), to read its CPU time."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    return raw.get_backend_pid() if hasattr(raw, "get_backend_pid") else None


_POSTMASTER: list[int | None] = []


def postmaster_pid() -> int | None:
    """Return the PostgreSQL server's main process (same machine, readable data directory), else None."""
    if not _POSTMASTER:
        from django.db import connection

        pid = None
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW data_directory")
                (data_directory,) = cursor.fetchone()
            with open(os.path.join(data_directory, "postmaster.pid")) as f:
                pid = int(f.readline())
        except Exception:  # not PostgreSQL, another machine, or no permission: workers not counted
            pid = None
        _POSTMASTER.append(pid)
    return _POSTMASTER[0]


def reaped_children_ns(pid: int | None) -> int:
    """CPU time of the server's exited children (parallel workers among them), in ns; 10 ms ticks."""
    if not pid:
        return 0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # After the command name: state is field 3, cutime and cstime are fields 16 and 17.
        return (int(fields[13]) + int(fields[14])) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0


class CpuClock:
    """CPU time of this process, its PostgreSQL backend and the backend's parallel workers.

    Robust to a busy machine, unlike wall time. Parallel workers live only for one query; their
    CPU time is read from the server process, which collects it when it reaps them (any other
    server child that exits meanwhile is counted too: on an idle server there is none).
    """

    def __enter__(self):
        self.pid = db_backend_pid()
        self.server = postmaster_pid()
        # Own CPU from the precise process clock; the backend's from schedstat, which is
        # exact here because the backend sleeps (and its counters settle) after each query.
        self.app, self.db = time.process_time_ns(), cpu_ns(self.pid) if self.pid else 0
        self.workers = reaped_children_ns(self.server)
        return self

    def __exit__(self, *exc):
        app = time.process_time_ns() - self.app
        db = (cpu_ns(self.pid) - self.db) if self.pid else 0
        workers = reaped_children_ns(self.server) - self.workers
        self.ms = (app + db + workers) / 1e6


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False when the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# ----- scenarios -----------------------------------------------------------------------------
@dataclass
class Scenario:
    name: str
    url_name: str
    user: str | None  # key of Context.users, None for anonymous
    kind: str = "page"  # page | summary | baseline | csv | xlsx | pdf
    args: tuple = ()
    query: dict = field(default_factory=dict)
    post: dict | None = None  # POST these fields (an admin action) instead of a GET
    rows: int | None = None  # for XLSX: the number of initiatives the file holds


@dataclass
class Result:
    scenario: Scenario
    status: str = "ok"  # ok | missing | error | http NNN
    url: str = ""
    times_ms: list[float] = field(default_factory=list)
    # Load-robust: CPU time of this process plus that of its PostgreSQL backend (parallel workers not counted).
    busy_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    detail: str = ""
    rows: int | None = None
    peak_mb: float | None = None
    idle_mb: float | None = None
    bytes: int | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def busy(self) -> float | None:
        return statistics.median(self.busy_ms) if self.busy_ms else None

    @property
    def worst(self) -> float | None:
        return max(self.times_ms) if self.times_ms else None


class Context:
    """Users and objects the scenarios need, found in the seeded data."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.db.models import Count

        from campaigns.models import Campaign, Field, Unit
        from models_registry.models import Initiative, State

        users = get_user_model().objects.filter(
            username__in=["bench_s_c001", "bench_c001_member1", "bench_c001_chair", "bench_chair", "bench_admin"]
        )
        by_name = {u.username: u for u in users}
        self.users = {
            "commune staff": by_name["bench_s_c001"],
            "commune member": by_name["bench_c001_member1"],
            "commune chair": by_name["bench_c001_chair"],
            "province chair": by_name["bench_chair"],
            "admin": by_name["bench_admin"],
        }
        commune = Unit.objects.get(code="C001", parent__code="BENCH-VL")
        running = Campaign.objects.filter(committee__unit__code="BENCH-VL").order_by("-year").first()
        self.year = running.year
        self.running_pk = running.pk
        in_commune = Initiative.objects.filter(unit__path__startswith=commune.path)
        self.submitted_pk = (
            in_commune.filter(campaign=running, state=State.SUBMITTED)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        # The long-history initiative is the running campaign's first one (see seed_bench).
        self.appraiser = "commune member"
        if self.submitted_pk is None:  # a tiny data set: take any registration waiting in the province
            self.appraiser = "province chair"
            self.submitted_pk = (
                Initiative.objects.filter(campaign=running, state=State.SUBMITTED)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
        self.long_pk = in_commune.filter(campaign=running).order_by("pk").values_list("pk", flat=True).first()
        self.long_logs = Initiative.objects.get(pk=self.long_pk).logs.count() if self.long_pk else 0
        self.recognized_pk = (
            Initiative.objects.filter(state=State.RECOGNIZED).order_by("pk").values_list("pk", flat=True).first()
        )
        self.field_id = Field.objects.filter(code="economic").values_list("pk", flat=True).first()
        self.total = Initiative.objects.count()
        # The XLSX scenario exports exactly the first 100,000 initiatives (all of them when fewer).
        self.xlsx_rows = min(self.total, XLSX_ROWS)
        self.xlsx_last_pk = (
            Initiative.objects.order_by("pk").values_list("pk", flat=True)[self.xlsx_rows - 1] if self.total else 0
        )
        self.any_pk = Initiative.objects.order_by("pk").values_list("pk", flat=True).first()
        self.counts_by_year = dict(
            Initiative.objects.order_by()
            .values_list("campaign__year")
            .annotate(n=Count("id"))
            .values_list("campaign__year", "n")
        )


def scenarios(ctx: Context) -> list[Scenario]:
    year = ctx.year
    changelist = "admin:models_registry_initiative_changelist"

    def action(name: str) -> dict:
        # "Select all N" across pages: the action gets the whole (filtered) changelist queryset.
        return {"action": name, "select_across": "1", "index": "0", "_selected_action": [ctx.any_pk]}

    return [
        Scenario("floor: bare view returning a constant", "bench_floor", "commune staff", "baseline"),
        Scenario("staff home", "staff:home", "commune staff"),
        Scenario(
            "staff list, filtered (state + field)",
            "staff:initiative_list",
            "commune staff",
            query={"state": "recognized", "field": ctx.field_id},
        ),
        Scenario(
            "staff list, search 'nong thon moi'", "staff:initiative_list", "commune staff", query={"q": "nong thon moi"}
        ),
        Scenario("list, whole province (chair)", "staff:initiative_list", "province chair"),
        Scenario(
            "list, whole province, search (chair)",
            "staff:initiative_list",
            "province chair",
            query={"q": "hien dat lam duong"},
        ),
        Scenario("list, everything (admin)", "staff:initiative_list", "admin"),
        Scenario("committee home (commune)", "committee:home", "commune member"),
        Scenario("committee home (province)", "committee:home", "province chair"),
        Scenario(
            "committee home, filtered (field + kind, province)",
            "committee:home",
            "province chair",
            query={"field": ctx.field_id, "kind": "model"},
        ),
        Scenario("due inspections queue (commune)", "committee:due_inspections", "commune member"),
        Scenario("due inspections queue (province)", "committee:due_inspections", "province chair"),
        Scenario("recognition queue (commune chair)", "committee:recognition", "commune chair"),
        Scenario("recognition queue (province)", "committee:recognition", "province chair"),
        Scenario("appraisal page", "committee:appraise", ctx.appraiser, args=(ctx.submitted_pk,)),
        Scenario(
            f"initiative detail, long history ({ctx.long_logs} log rows)",
            "staff:initiative_detail",
            "commune member",
            args=(ctx.long_pk,),
        ),
        Scenario(
            f"yearly summary {year} (province)", "reports:summary", "province chair", "summary", query={"year": year}
        ),
        Scenario(
            f"campaign overview {year} (province)",
            "reports:campaign_overview",
            "province chair",
            "summary",
            args=(ctx.running_pk,),
        ),
        Scenario("showcase", "showcase:index", None),
        Scenario("showcase, search 'dan van'", "showcase:index", None, query={"q": "dan van"}),
        Scenario("showcase detail", "showcase:detail", None, args=(ctx.recognized_pk,)),
        Scenario("admin changelist of initiatives", changelist, "admin"),
        Scenario("admin changelist, search 'dan van'", changelist, "admin", query={"q": "dan van"}),
        Scenario(
            "plain default ModelAdmin changelist (baseline)",
            "plain_admin:models_registry_initiative_changelist",
            "admin",
            "baseline",
        ),
        Scenario(
            "CSV of everything (admin action, all selected)", changelist, "admin", "csv", post=action("export_csv")
        ),
        Scenario(
            f"CSV list of {year} (reports:export)",
            "reports:export",
            "province chair",
            "csv",
            query={"format": "csv", "year": year},
        ),
        Scenario(
            f"XLSX of {ctx.xlsx_rows:,} initiatives (admin action)",
            changelist,
            "admin",
            "xlsx",
            query={"id__lte": ctx.xlsx_last_pk} if ctx.total > ctx.xlsx_rows else {},
            post=action("export_xlsx"),
            rows=ctx.xlsx_rows,
        ),
        Scenario(
            f"XLSX summary workbook {year} (reports:export)",
            "reports:export",
            "province chair",
            "xlsx",
            query={"format": "xlsx", "year": year},
            rows=ctx.counts_by_year.get(year, 0),
        ),
        Scenario(
            f"PDF summary {year}", "reports:export", "province chair", "pdf", query={"format": "pdf", "year": year}
        ),
    ]


def resolve(scenario: Scenario) -> str | None:
    """Return the scenario's URL, or None when the page does not exist (yet)."""
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(scenario.url_name, args=scenario.args)
    except NoReverseMatch:
        return None
    if scenario.query:
        url += "?" + urllib.parse.urlencode(scenario.query)
    return url


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
            [sys.executable, str(Path(__file__).resolve()), "--child-export", payload],
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


# ----- wrk -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_wrk(database_url: str, targets: list[tuple[str, str, str | None]], seconds: int) -> list[dict]:
    """Serve with gunicorn (2 workers) on 127.0.0.1 and load each target with wrk."""
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
    results = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        for label, path, cookie in targets:
            url = f"http://127.0.0.1:{port}{path}"
            command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", url]
            if cookie:
                command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
            # One request first: it warms the worker and proves the page answers 200 (not a login redirect).
            curl = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"]
            if cookie:
                curl += ["-H", f"Cookie: sessionid={cookie}"]
            first = subprocess.run([*curl, url], capture_output=True, text=True).stdout.strip()
            out = subprocess.run(command, capture_output=True, text=True).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
            total = re.search(r"(\d+) requests in", out)
            non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
            socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
            latency = re.search(r"Latency\s+([\d.]+\w+)", out)
            errors = int(non2xx.group(1)) if non2xx else 0
            if socket_errors:
                errors += sum(int(g) for g in socket_errors.groups())
            results.append(
                {
                    "target": label,
                    "path": path,
                    "rps": float(rps.group(1)) if rps else 0.0,
                    "requests": int(total.group(1)) if total else 0,
                    "errors": errors if (rps and first == "200") else None,
                    "first": first,
                    "latency": latency.group(1) if latency else "?",
                }
            )
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=10)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    return results


# ----- report --------------------------------------------------------------------------------
def judge(result: Result, xlsx_rows_target: int) -> tuple[str, str]:
    """Return (budget text, verdict) for one result."""
    kind = result.scenario.kind
    if result.status == "missing":
        return "", "missing"
    if result.status != "ok":
        return "", "ERROR"
    if kind == "baseline":
        return "—", "baseline"

    def verdict(check) -> str:
        # Judged on wall-clock time; when only a busy machine makes it miss, say so.
        if check(result.median):
            return "met"
        if result.busy is not None and check(result.busy):
            return "NOT MET (met on CPU app+db)"
        return "NOT MET"

    if kind in ("page", "summary"):
        limit = PAGE_MS if kind == "page" else SUMMARY_MS
        return f"≤ {limit} ms, ≤ {MAX_QUERIES} q", verdict(lambda ms: ms <= limit and result.queries <= MAX_QUERIES)
    if kind == "csv":
        return f"< {CSV_PEAK_MB} MB, ≥ {CSV_ROWS_PER_S:,} rows/s", verdict(
            lambda ms: result.peak_mb < CSV_PEAK_MB and result.rows / (ms / 1000) >= CSV_ROWS_PER_S
        )
    if kind == "xlsx":
        per_100k = result.median / 1000 * XLSX_ROWS / max(result.rows or 1, 1)
        return f"≤ {XLSX_S_PER_100K} s per {XLSX_ROWS:,} rows ({per_100k:.1f} s)", verdict(
            lambda ms: ms / 1000 * XLSX_ROWS / max(result.rows or 1, 1) <= XLSX_S_PER_100K
        )
    return "no budget", "—"


def ratio(value, base, spec: str) -> str:
    return f"{value / base:{spec}}×" if (value and base) else "—"


def fmt(value, spec=".1f") -> str:
    return "—" if value is None else format(value, spec)


def markdown(meta: dict, results: list[Result], wrk: list[dict] | None) -> str:
    lines = [
        f"### {meta['initiatives']:,} initiatives — {meta['date']}",
        "",
        f"commit `{meta['commit']}` · {meta['machine']} · PostgreSQL {meta['postgres']} · database `{meta['db']}` · "
        f"{meta['repeat']} timed run(s) per page"
        f"{' (no warm-up) · SMOKE: timings not judged' if meta['smoke'] else ' (after one warm-up)'}",
        "",
        f"load average (1/5/15 min) before the run {meta['load_before']}, after it {meta['load']} "
        "(other work on the machine inflates the timings)",
        "",
        "| scenario | user | median ms | max ms | CPU app+db ms | queries | budget | verdict |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    pages = [r for r in results if r.scenario.kind in ("page", "summary", "baseline")]
    exports = [r for r in results if r.scenario.kind in ("csv", "xlsx", "pdf")]
    for r in pages:
        budget, verdict = judge(r, XLSX_ROWS)
        if meta["smoke"] and verdict.startswith(("met", "NOT MET")):
            verdict = "(not judged)"
        note = f" ({r.detail})" if r.status not in ("ok",) and r.detail else ""
        lines.append(
            f"| {r.scenario.name} | {r.scenario.user or 'anonymous'} | {fmt(r.median)} | {fmt(r.worst)} | {fmt(r.busy)} | "
            f"{fmt(r.queries, 'd')} | {budget} | {verdict if r.status in ('ok', 'missing') else r.status}{note} |"
        )
    lines += [
        "",
        "| export | rows | seconds | CPU app+db s | rows/s | peak RSS MB (idle) | queries | budget | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in exports:
        budget, verdict = judge(r, XLSX_ROWS)
        if meta["smoke"] and verdict.startswith(("met", "NOT MET")):
            verdict = "(not judged)"
        seconds = r.median / 1000 if r.median else None
        rate = r.rows / seconds if (r.rows and seconds) else None
        peak = f"{r.peak_mb:.0f} ({r.idle_mb:.0f})" if r.peak_mb is not None else "—"
        note = f" ({r.detail})" if r.detail else ""
        lines.append(
            f"| {r.scenario.name} | {fmt(r.rows, ',d')} | {fmt(seconds, '.2f')} | {fmt(r.busy and r.busy / 1000, '.2f')} | "
            f"{fmt(rate, ',.0f')} | {peak} | "
            f"{fmt(r.queries, 'd')} | {budget} | {verdict if r.status in ('ok', 'missing') else r.status}{note} |"
        )
    by_name = {r.scenario.url_name + r.scenario.name: r for r in results}
    floor = next((r for r in results if r.scenario.url_name == "bench_floor" and r.median), None)
    plain = next((r for r in results if r.scenario.url_name.startswith("plain_admin") and r.median), None)
    lines += [
        "",
        "Side by side (same run, same data): each list page's median against the plain default "
        "ModelAdmin changelist and against the bare view.",
        "",
        "| page | median ms | ÷ plain ModelAdmin | ÷ bare view | CPU app+db ms | CPU ÷ plain ModelAdmin | CPU ÷ bare view |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in by_name.values():
        if r.scenario.kind != "page" or not r.median:
            continue
        if r.scenario.url_name not in (
            "staff:initiative_list",
            "admin:models_registry_initiative_changelist",
            "showcase:index",
        ):
            continue
        lines.append(
            f"| {r.scenario.name} | {r.median:.1f} | {ratio(r.median, plain and plain.median, '.2f')} | "
            f"{ratio(r.median, floor and floor.median, '.1f')} | {fmt(r.busy)} | "
            f"{ratio(r.busy, plain and plain.busy, '.2f')} | {ratio(r.busy, floor and floor.busy, '.1f')} |"
        )
    if plain:
        lines.append(
            f"| plain default ModelAdmin changelist | {plain.median:.1f} | 1.00× | "
            f"{ratio(plain.median, floor and floor.median, '.1f')} | {fmt(plain.busy)} | 1.00× | "
            f"{ratio(plain.busy, floor and floor.busy, '.1f')} |"
        )
    if floor:
        lines.append(f"| bare view (floor) | {floor.median:.2f} | — | 1.0× | {fmt(floor.busy, '.2f')} | — | 1.0× |")
    if wrk is not None:
        lines += [
            "",
            f"gunicorn, 2 sync workers, `wrk -t2 -c8 -d{meta['wrk_seconds']}s` on 127.0.0.1 (same 2-core machine as the database):",
            "",
            "| target | requests/s | requests | avg latency | errors | budget | verdict |",
            "|---|---:|---:|---:|---:|---|---|",
        ]
        for w in wrk:
            verdict = (
                "met"
                if w["errors"] == 0
                else (f"ERROR (first request: HTTP {w['first']})" if w["errors"] is None else "NOT MET")
            )
            lines.append(
                f"| {w['target']} (`{w['path']}`) | {w['rps']:.1f} | {w['requests']:,} | {w['latency']} | "
                f"{fmt(w['errors'], 'd')} | 0 errors | {verdict} |"
            )
    return "\n".join(lines) + "\n"


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    cores = os.cpu_count()
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return f"{cores} cores, {mem_kib / 1024 / 1024:.0f} GiB RAM, {platform.system()} {platform.machine()}"


# ----- main ----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--initiatives", type=int, default=None, help="N (default 100000; 300 with --smoke)")
    parser.add_argument("--db", default=None, help="database name (default dvk_bench, dvk_bench_smoke with --smoke)")
    parser.add_argument("--smoke", action="store_true", help="tiny fresh database, every scenario once")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per page")
    parser.add_argument("--only", default="", help="regex on scenario names")
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--wrk", action="store_true", help="also gunicorn + wrk (skipped with --smoke)")
    parser.add_argument("--wrk-seconds", type=int, default=30)
    parser.add_argument("--out", default="", help="write the Markdown table to this file")
    parser.add_argument("--child-export", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_export:
        child_export(args.child_export)
        return 0

    n = args.initiatives or (300 if args.smoke else 100_000)
    db = args.db or ("dvk_bench_smoke" if args.smoke else "dvk_bench")
    repeat = 1 if args.smoke else args.repeat
    started = time.monotonic()
    load_before = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    database_url = ensure_database(server_url(), db, fresh=args.smoke)
    setup_django(database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from models_registry.models import Initiative

    call_command("migrate", verbosity=0, interactive=False)
    have = Initiative.objects.count()
    if have < n:
        print(f"seeding {n - have:,} initiatives into {db} (has {have:,})", flush=True)
        call_command("seed_bench", initiatives=n - have, force=have > 0)
    elif have > n:
        print(f"note: {db} holds {have:,} initiatives (more than the {n:,} asked for); measuring as it is")
    ctx = Context()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]

    clients: dict[str | None, Client] = {}

    def client_for(user_key: str | None) -> Client:
        if user_key not in clients:
            client = Client()
            if user_key:
                client.force_login(ctx.users[user_key])
            clients[user_key] = client
        return clients[user_key]

    results: list[Result] = []
    only = re.compile(args.only) if args.only else None
    for scenario in scenarios(ctx):
        if only and not only.search(scenario.name):
            continue
        if any(a is None for a in scenario.args):
            results.append(Result(scenario, status="missing", detail="no such object in the data"))
            print(f"  missing  {scenario.name} (no object)", flush=True)
            continue
        url = resolve(scenario)
        if url is None:
            results.append(Result(scenario, status="missing", detail="URL name not found"))
            print(f"  missing  {scenario.name} ({scenario.url_name})", flush=True)
            continue
        if scenario.kind in ("csv", "xlsx", "pdf"):
            if args.no_exports:
                continue
            result = run_export(scenario, url, ctx.users[scenario.user].username, database_url)
        else:
            result = run_page(scenario, url, client_for(scenario.user), repeat, warmup=not args.smoke)
        results.append(result)
        print(
            f"  {result.status:8} {scenario.name}: median {fmt(result.median)} ms, max {fmt(result.worst)} ms, "
            f"{fmt(result.queries, 'd')} queries {result.detail}",
            flush=True,
        )

    wrk = None
    if args.wrk and not args.smoke:
        staff = client_for("commune staff")
        from django.urls import reverse

        targets = [
            ("staff list (commune staff)", reverse("staff:initiative_list"), staff.cookies["sessionid"].value),
            ("showcase (anonymous)", reverse("showcase:index"), None),
        ]
        connection.close()
        wrk = run_wrk(database_url, targets, args.wrk_seconds)

    meta = {
        "initiatives": ctx.total,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "machine": machine(),
        "postgres": postgres,
        "db": db,
        "repeat": repeat,
        "smoke": args.smoke,
        "wrk_seconds": args.wrk_seconds,
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "load_before": load_before,
    }
    table = markdown(meta, results, wrk)
    print()
    print(table)
    if args.out:
        Path(args.out).write_text(table, encoding="utf-8")
    errors = [r for r in results if r.status not in ("ok", "missing")]
    for w in wrk or []:
        if w["errors"] is None:  # the page did not answer 200 under gunicorn: a broken run, not a slow one
            errors.append(Result(Scenario(f"wrk: {w['target']}", "", None), status=f"http {w['first']}"))
    print(f"finished in {time.monotonic() - started:.0f} s; {len(errors)} scenario(s) failed", flush=True)
    if errors:
        for r in errors:
            print(f"  FAILED {r.scenario.name}: {r.status} {r.detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
