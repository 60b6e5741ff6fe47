#!/usr/bin/env python
"""Why is a page slow? Request it once as a bench user, list its queries by time, EXPLAIN ANALYZE the slowest.

    python bench/explain.py --user bench_chair /initiatives/
    python bench/explain.py --db dvk_bench --user bench_c001_member1 --top 3 "/committee/?kind=model"

Read-only: it only runs SELECTs (EXPLAIN ANALYZE of a SELECT executes it but changes nothing).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import ensure_database, server_url, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="URL path with its query string")
    parser.add_argument("--db", default="dvk_bench")
    parser.add_argument("--user", default="", help="username (empty: anonymous)")
    parser.add_argument("--top", type=int, default=2, help="EXPLAIN ANALYZE this many of the slowest queries")
    args = parser.parse_args()

    setup_django(ensure_database(server_url(), args.db, fresh=False))
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if args.user:
        client.force_login(get_user_model().objects.get(username=args.user))
    client.get(args.path)  # warm up
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(args.path)
        elapsed = (time.perf_counter() - started) * 1000
    print(f"{args.path}: HTTP {response.status_code}, {elapsed:.1f} ms, {len(captured)} queries")
    queries = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    for q in queries:
        print(f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:160]}")
    for q in queries[: args.top]:
        if not q["sql"].lstrip().upper().startswith("SELECT"):
            continue
        print("\n" + q["sql"] + "\n")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            for (line,) in cursor.fetchall():
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
