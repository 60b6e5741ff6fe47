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


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)

    if args.child_export:
        child_export(args.child_export)
        return 0

    if args.baseline_db and not (args.wrk and args.baseline_commit):
        parser.error("--baseline-db needs --wrk and --baseline-commit")
    if args.baseline_db and not database_exists(server_url(), args.baseline_db):
        parser.error(
            f"no database {args.baseline_db!r}: seed it with the baseline commit's own seed_bench (bench/README.md)"
        )

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

    def prepare(name: str, wanted: int) -> Context:
        use_database(name)
        call_command("migrate", verbosity=0, interactive=False)
        have = Initiative.objects.count()
        if have < wanted:
            print(f"seeding {wanted - have:,} initiatives into {name} (has {have:,})", flush=True)
            call_command("seed_bench", initiatives=wanted - have, force=have > 0)
        elif have > wanted:
            print(f"note: {name} holds {have:,} initiatives (more than the {wanted:,} asked for); measuring as it is")
        return Context()

    smaller_ctx = None
    if args.compare_db and not args.smoke:
        ensure_database(server_url(), args.compare_db, fresh=False)
        smaller_ctx = prepare(args.compare_db, args.compare_initiatives)
    ctx = prepare(db, n)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]

    # One client per database and user: a session lives in its own database.
    clients: dict[tuple[str, str | None], Client] = {}

    def client_for(on: Context, name: str, user_key: str | None) -> Client:
        if (name, user_key) not in clients:
            client = Client()
            if user_key:
                client.force_login(on.users[user_key])
            clients[name, user_key] = client
        return clients[name, user_key]

    smaller_scenarios = scenarios(smaller_ctx) if smaller_ctx else []

    results: list[Result] = []
    only = re.compile(args.only) if args.only else None
    # This process stands for a web worker: after loading, it freezes its start-up heap as the
    # repository's gunicorn configuration makes each worker do (dvk/gunicorn.conf.py, `dvk.heap`).
    freeze_startup_heap()
    for index, scenario in enumerate(scenarios(ctx)):
        if only and not only.search(scenario.name):
            continue
        if any(a is None for a in scenario.args):
            results.append(Result(scenario, status="missing", detail="no such object in the data"))
            print(f"  missing  {scenario.name} (no object)", flush=True)
            continue
        url = resolve(scenario)
        if scenario.kind in ("csv", "xlsx", "pdf"):
            if args.no_exports:
                continue
            result = run_export(scenario, url, ctx.users[scenario.user].username, database_url)
        else:
            client = client_for(ctx, db, scenario.user)
            if smaller_ctx is not None and all(a is not None for a in smaller_scenarios[index].args):
                # The same page on the smaller database in turns with this one: its growth is a ratio of one run.
                other = smaller_scenarios[index]
                use_database(args.compare_db)  # its client logs in there: the session lives in that database
                other_client = client_for(smaller_ctx, args.compare_db, other.user)
                use_database(db)
                result = run_alternately(
                    (scenario, url, client, db), (other, resolve(other), other_client, args.compare_db), repeat
                )
            else:
                result = run_page(scenario, url, client, repeat, warmup=not args.smoke)
        results.append(result)
        print(
            f"  {result.status:8} {scenario.name}: median {fmt(result.median)} ms, max {fmt(result.worst)} ms, "
            f"{fmt(result.queries, 'd')} queries {result.detail}"
            + (f"; {fmt(result.growth, '.2f')}× its median on {args.compare_db}" if result.growth else ""),
            flush=True,
        )

    wrk = None
    if args.wrk and not args.smoke:
        connection.close()
        wrk = load_test(ctx, database_url, args, [r for r in results if r.scenario.kind in ("csv", "xlsx", "pdf")])

    meta = {
        "initiatives": ctx.total,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "machine": machine(),
        "postgres": postgres,
        "db": db,
        "compare": f"{smaller_ctx.total:,} ({args.compare_db})" if smaller_ctx else "",
        "repeat": repeat,
        "smoke": args.smoke,
        "wrk_seconds": args.wrk_seconds,
        "wrk_connections": args.wrk_connections,
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
