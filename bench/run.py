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

This file is the entry point; the parts live beside it: `environment` (database, Django, machine),
`scenarios`, `runners` (pages, exports, wrk), `probes` (CPU and memory) and `report` (budgets, table).
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

# Run as a script (`python bench/run.py`): make the project importable, then the bench package.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.environment import (  # noqa: E402
    database_exists,
    ensure_database,
    git_commit,
    machine,
    server_url,
    setup_django,
)
from bench.load import MIX, measure_servers  # noqa: E402
from bench.report import fmt, markdown  # noqa: E402
from bench.runners import child_export, run_export, run_page  # noqa: E402
from bench.scenarios import Context, Result, Scenario, resolve, scenarios  # noqa: E402
from dvk.heap import freeze_startup_heap  # noqa: E402

if TYPE_CHECKING:
    from django.test import Client


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--initiatives", type=int, default=None, help="N (default 100000; 300 with --smoke)")
    parser.add_argument("--db", default=None, help="database name (default dvk_bench, dvk_bench_smoke with --smoke)")
    parser.add_argument("--smoke", action="store_true", help="tiny fresh database, every scenario once")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per page")
    parser.add_argument("--only", default="", help="regex on scenario names")
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument(
        "--wrk",
        action="store_true",
        help="also the page mix under wrk through gunicorn, as deployed (not with --smoke)",
    )
    parser.add_argument("--wrk-seconds", type=int, default=30)
    parser.add_argument(
        "--baseline-commit",
        default="",
        help="with --wrk: the 3 sync workers serve this commit's code (issue 16: e5782b4, the code it measured)",
    )
    parser.add_argument(
        "--baseline-db",
        default="",
        help="with --baseline-commit: the database that commit's server uses, seeded beforehand by its own seed_bench",
    )
    parser.add_argument("--wrk-connections", type=int, default=50)
    parser.add_argument(
        "--exports-under-load", action="store_true", help="with --wrk: run the exports again while the mix runs"
    )
    parser.add_argument(
        "--compare-db",
        default="",
        help="a second, smaller bench database: every page is timed on it too, in turns with the larger one, for its growth",
    )
    parser.add_argument("--compare-initiatives", type=int, default=100_000, help="N of --compare-db (default 100000)")
    parser.add_argument("--out", default="", help="write the Markdown table to this file")
    parser.add_argument("--child-export", default="", help=argparse.SUPPRESS)
    return parser


def _check_baseline(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a baseline database without its commit and wrk, or one that does not exist."""
    if args.baseline_db and not (args.wrk and args.baseline_commit):
        parser.error("--baseline-db needs --wrk and --baseline-commit")
    if args.baseline_db and not database_exists(server_url(), args.baseline_db):
        parser.error(
            f"no database {args.baseline_db!r}: seed it with the baseline commit's own seed_bench (bench/README.md)"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark as the command line asks; return 1 when a scenario failed."""
    parser = _parser()
    args = parser.parse_args(argv)

    if args.child_export:
        child_export(args.child_export)
        return 0

    _check_baseline(parser, args)
    run = _Run(args)
    run.prepare()
    results = run.pages()
    wrk = None
    if args.wrk and not args.smoke:
        from django.db import connection

        connection.close()
        exports = [r for r in results if r.scenario.kind in EXPORTS]
        wrk = load_test(run.ctx, run.database_url, args, exports)
    table = markdown(run.meta(), results, wrk)
    print()
    print(table)
    if args.out:
        Path(args.out).write_text(table, encoding="utf-8")
    return _failures(results, wrk, run.started)


EXPORTS = ("csv", "xlsx", "pdf")


class _Run:
    """One benchmark run: its databases (the run's and the smaller one to compare), clients and scenarios."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.n = args.initiatives or (300 if args.smoke else 100_000)
        self.db = args.db or ("dvk_bench_smoke" if args.smoke else "dvk_bench")
        self.repeat = 1 if args.smoke else args.repeat
        self.started = time.monotonic()
        self.load_before = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        self.database_url = ensure_database(server_url(), self.db, fresh=args.smoke)
        setup_django(self.database_url)
        # One client per database and user: a session lives in its own database.
        self.clients: dict[tuple[str, str | None], Client] = {}

    def prepare(self) -> None:
        """Migrate and seed the smaller database (when one is compared), then the run's; read the server's version."""
        from django.db import connection

        self.smaller_ctx = None
        if self.args.compare_db and not self.args.smoke:
            ensure_database(server_url(), self.args.compare_db, fresh=False)
            self.smaller_ctx = _prepare(self.args.compare_db, self.args.compare_initiatives)
        self.ctx = _prepare(self.db, self.n)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            self.postgres = cursor.fetchone()[0].split()[0]

    def client_for(self, on: Context, name: str, user_key: str | None) -> Client:
        """Return the test client of this database and user, logged in on first use."""
        from django.test import Client

        if (name, user_key) not in self.clients:
            client = Client()
            if user_key:
                client.force_login(on.users[user_key])
            self.clients[name, user_key] = client
        return self.clients[name, user_key]

    def pages(self) -> list[Result]:
        """Run every scenario the --only pattern keeps, printing each result as it comes."""
        self.smaller_scenarios = scenarios(self.smaller_ctx) if self.smaller_ctx else []
        results: list[Result] = []
        only = re.compile(self.args.only) if self.args.only else None
        # This process stands for a web worker: after loading, it freezes its start-up heap as the
        # repository's gunicorn configuration makes each worker do (dvk/gunicorn.conf.py, `dvk.heap`).
        freeze_startup_heap()
        for index, scenario in enumerate(scenarios(self.ctx)):
            if only and not only.search(scenario.name):
                continue
            if any(a is None for a in scenario.args):
                results.append(Result(scenario, status="missing", detail="no such object in the data"))
                print(f"  missing  {scenario.name} (no object)", flush=True)
                continue
            url = resolve(scenario)
            if scenario.kind in EXPORTS and self.args.no_exports:
                continue
            result = self.run_one(index, scenario, url)
            results.append(result)
            self.print_result(scenario, result)
        return results

    def run_one(self, index: int, scenario: Scenario, url: str) -> Result:
        """Run one scenario: an export in a child process, a page here (in turns with the smaller database)."""
        if scenario.kind in EXPORTS:
            return run_export(scenario, url, self.ctx.users[scenario.user].username, self.database_url)
        client = self.client_for(self.ctx, self.db, scenario.user)
        if self.smaller_ctx is not None and all(a is not None for a in self.smaller_scenarios[index].args):
            # The same page on the smaller database in turns with this one: its growth is a ratio of one run.
            other = self.smaller_scenarios[index]
            use_database(self.args.compare_db)  # its client logs in there: the session lives in that database
            other_client = self.client_for(self.smaller_ctx, self.args.compare_db, other.user)
            use_database(self.db)
            return run_alternately(
                (scenario, url, client, self.db),
                (other, resolve(other), other_client, self.args.compare_db),
                self.repeat,
            )
        return run_page(scenario, url, client, self.repeat, warmup=not self.args.smoke)

    def print_result(self, scenario: Scenario, result: Result) -> None:
        print(
            f"  {result.status:8} {scenario.name}: median {fmt(result.median)} ms, max {fmt(result.worst)} ms, "
            f"{fmt(result.queries, 'd')} queries {result.detail}"
            + (f"; {fmt(result.growth, '.2f')}× its median on {self.args.compare_db}" if result.growth else ""),
            flush=True,
        )

    def meta(self) -> dict:
        """Return what the report says about the run: sizes, date, commit, machine, settings and load."""
        args = self.args
        return {
            "initiatives": self.ctx.total,
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": git_commit(),
            "machine": machine(),
            "postgres": self.postgres,
            "db": self.db,
            "compare": f"{self.smaller_ctx.total:,} ({args.compare_db})" if self.smaller_ctx else "",
            "repeat": self.repeat,
            "smoke": args.smoke,
            "wrk_seconds": args.wrk_seconds,
            "wrk_connections": args.wrk_connections,
            "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
            "load_before": self.load_before,
        }


def _prepare(name: str, wanted: int) -> Context:
    """Migrate this bench database and seed it up to `wanted` initiatives (never down)."""
    from django.core.management import call_command

    from models_registry.models import Initiative

    use_database(name)
    call_command("migrate", verbosity=0, interactive=False)
    have = Initiative.objects.count()
    if have < wanted:
        print(f"seeding {wanted - have:,} initiatives into {name} (has {have:,})", flush=True)
        call_command("seed_bench", initiatives=wanted - have, force=have > 0)
    elif have > wanted:
        print(f"note: {name} holds {have:,} initiatives (more than the {wanted:,} asked for); measuring as it is")
    return Context()


def _failures(results: list[Result], wrk: list[dict] | None, started: float) -> int:
    """Print how the run ended and each failed scenario; return the exit status."""
    errors = [r for r in results if r.status not in ("ok", "missing")]
    for w in wrk or []:
        if w["bad"]:  # a page did not answer 200 under gunicorn: a broken run, not a slow one
            errors.append(Result(Scenario(f"wrk: {w['server']}", "", None), status=f"http {w['bad']}"))
    print(f"finished in {time.monotonic() - started:.0f} s; {len(errors)} scenario(s) failed", flush=True)
    if errors:
        for r in errors:
            print(f"  FAILED {r.scenario.name}: {r.status} {r.detail}", file=sys.stderr)
        return 1
    return 0


def run_alternately(larger: tuple, smaller: tuple, repeat: int) -> Result:
    """Time one page on the run's database and on the smaller one in turns, `repeat` rounds.

    Each of `larger` and `smaller` is (scenario, url, client, database name). Each round switches
    to a database, sends one untimed request (the new connection and the cleared cache) and one
    timed, then does the same on the other. Timed in turns, a change in the machine's load falls
    on both sizes alike; timed one size after the other, the bare floor view itself "grew" 1.5×
    between the two halves of a run (bench/RESULTS.md, 2026-12-03).
    """
    result = Result(larger[0], url=larger[1])
    result.smaller = Result(smaller[0], url=smaller[1])
    for _ in range(repeat):
        for target, (scenario, url, client, name) in ((result, larger), (result.smaller, smaller)):
            use_database(name)
            once = run_page(scenario, url, client, 1, warmup=True)
            if once.status != "ok":
                target.status, target.detail = once.status, once.detail
                if target is result.smaller:
                    result.detail = f"on {name}: {once.status} {once.detail}".strip()
                use_database(larger[3])
                return result
            target.times_ms += once.times_ms
            target.busy_ms += once.busy_ms
            target.queries = once.queries
    use_database(larger[3])
    return result


def use_database(name: str) -> None:
    """Point the default connection at another bench database (same server); the next query reconnects."""
    from django.core.cache import cache
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name
    cache.clear()  # cached counts (the showcase's) belong to the database they were read from


def load_test(ctx: Context, database_url: str, args, exports: list[Result]) -> list[dict]:
    """The page mix under wrk on the repository's gunicorn configuration and on 3 sync workers, same run."""
    from bench.data import PASSWORD
    from bench.world import production_password, upgrade_passwords

    upgrade_passwords()
    mix = [s for s in scenarios(ctx) if s.name in MIX and all(a is not None for a in s.args)]
    pages = [(s.name, resolve(s), ctx.users[s.user].username if s.user else None) for s in mix]

    def exports_again() -> list[Result]:
        # The same exports as above, now while the mix loads the web server: the worker shares the machine.
        return [run_export(r.scenario, r.url, ctx.users[r.scenario.user].username, database_url) for r in exports]

    during = exports_again if args.exports_under_load and exports else None
    baseline_url = f"{server_url()}/{args.baseline_db}" if args.baseline_db else ""
    return measure_servers(
        database_url, pages, PASSWORD, args.wrk_seconds, args.wrk_connections, during, args.baseline_commit,
        baseline_url, production_password(),
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
