#!/usr/bin/env python
"""DVK benchmark: time every page, queue, summary and export on a province-sized PostgreSQL database.

    python bench/run.py --initiatives 100000          # dvk_bench, seeded if it has fewer rows
    python bench/run.py --initiatives 1000000 --wrk --out bench/last.md
    python bench/run.py --smoke                        # CI: tiny fresh DB, every scenario once
    python bench/run.py --initiatives 1000000 --exports-under-load   # exports again, with wrk on the pages

It uses its own database (default `dvk_bench`; `--db NAME`, which must start with `dvk_bench`)
on the server named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432), creates and
migrates it, seeds it with `manage.py seed_bench`, then runs each scenario several times in
this process with Django's test Client and reports the median and max server time and the
number of SQL queries. Exports run in a child process so that their peak RSS is their own.
Side by side: a bare view returning a constant (the floor) and a plain default ModelAdmin
changelist of Initiative on a bench-only AdminSite (`bench/urls.py`). `--wrk` adds gunicorn
(2 workers) under wrk for 30 s on 127.0.0.1. `--exports-under-load` runs every export a second time
while gunicorn serves the page mix under wrk in the background (also with --smoke, in 2 s slices),
and reports both the exports and the pages' throughput during them. See bench/README.md.

This file is the entry point; the parts live beside it: `environment` (database, Django, machine),
`scenarios`, `runners` (pages, exports, wrk), `probes` (CPU and memory) and `report` (budgets, table).
"""

from __future__ import annotations

import argparse
import dataclasses
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

from bench.environment import ensure_database, git_commit, machine, server_url, setup_django  # noqa: E402
from bench.report import fmt, markdown  # noqa: E402
from bench.runners import BackgroundLoad, child_export, run_export, run_page, run_wrk  # noqa: E402
from bench.scenarios import Context, Result, Scenario, resolve, scenarios  # noqa: E402


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
    parser.add_argument(
        "--exports-under-load",
        action="store_true",
        help="run the exports again while wrk loads the page mix through gunicorn in the background",
    )
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

    def wrk_targets() -> list[tuple[str, str, str | None]]:
        """The page mix under wrk: a unit officer's list and the public showcase."""
        from django.urls import reverse

        staff = client_for("commune staff")
        return [
            ("staff list (commune staff)", reverse("staff:initiative_list"), staff.cookies["sessionid"].value),
            ("showcase (anonymous)", reverse("showcase:index"), None),
        ]

    results: list[Result] = []
    exports: list[tuple[Scenario, str]] = []
    only = re.compile(args.only) if args.only else None
    for scenario in scenarios(ctx):
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
            exports.append((scenario, url))
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
        targets = wrk_targets()
        connection.close()
        wrk = run_wrk(database_url, targets, args.wrk_seconds)

    if args.exports_under_load and exports:
        targets = wrk_targets()
        connection.close()
        print("exports again, with wrk loading the page mix in the background:", flush=True)
        with BackgroundLoad(database_url, targets, slice_seconds=2 if args.smoke else 10) as load:
            for scenario, url in exports:
                loaded = dataclasses.replace(scenario, name=f"{scenario.name}, under page load")
                result = run_export(loaded, url, ctx.users[scenario.user].username, database_url)
                results.append(result)
                print(
                    f"  {result.status:8} {loaded.name}: {fmt(result.median)} ms, {fmt(result.queries, 'd')} queries "
                    f"{result.detail}",
                    flush=True,
                )
        wrk = (wrk or []) + load.results

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
