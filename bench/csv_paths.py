"""Time the two writers of the initiatives' CSV side by side on one database (read only).

    DVK_TESTING=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/dvk_bench_1m \\
        .venv/bin/python -m bench.csv_paths --user bench_admin --year 2026

For each scope (everything the user sees; the rows of one year), write the full list with the
Python path (csv module) and with PostgreSQL's COPY (csv_copy.py), in the same run, into temporary
files: rows/s on wall time and on CPU time (this process + the PostgreSQL backend serving it), and
whether both files are byte for byte equal.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time

import django


def _backend_cpu(pid: int) -> float:
    """CPU seconds used so far by a PostgreSQL backend on this machine (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def _timed(write, queryset, serial: bool) -> tuple[float, float, float, str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        if serial:
            # No parallel workers: their CPU would not be counted in the backend's.
            cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as out:
        wall, cpu, db_cpu = time.perf_counter(), time.process_time(), _backend_cpu(backend)
        write(out, queryset)
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        db_cpu = _backend_cpu(backend) - db_cpu
        out.seek(0)
        lines = 0
        while chunk := out.read(1 << 20):
            digest.update(chunk)
            lines += chunk.count(b"\r\n")
    return wall, cpu, db_cpu, digest.hexdigest(), lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--user", default="bench_admin")
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--skip-everything", action="store_true")
    parser.add_argument("--serial", action="store_true", help="no parallel query, so that CPU app+db counts it all")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvk.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from models_registry.models import Initiative
    from models_registry.reports import csv_copy
    from models_registry.reports.exports import initiatives_list_csv_rows, write_csv, write_initiatives_csv

    def python_path(out, queryset):
        write_csv(out, initiatives_list_csv_rows(queryset))

    user = get_user_model().objects.get(username=args.user)
    visible = Initiative.objects.visible_to(user)
    scopes = [] if args.skip_everything else [(f"everything {args.user} sees", visible)]
    if args.year:
        scopes.append((f"the year {args.year}", visible.filter(campaign__year=args.year)))
    assert csv_copy.copy_supported(visible), "COPY needs PostgreSQL"
    print("| scope | rows | writer | wall s | rows/s wall | CPU app+db s | rows/CPU-s | same bytes |")
    print("|---|---:|---|---:|---:|---:|---:|---|")
    with translation.override("vi"):
        for label, queryset in scopes:
            results = {}
            for writer, write in (("Python (csv module)", python_path), ("PostgreSQL COPY", write_initiatives_csv)):
                results[writer] = _timed(write, queryset, args.serial)
            digests = {result[3] for result in results.values()}
            for writer, (wall, cpu, db_cpu, _digest, lines) in results.items():
                rows = lines - 1
                print(
                    f"| {label} | {rows:,} | {writer} | {wall:.1f} | {rows / wall:,.0f} | "
                    f"{cpu:.1f}+{db_cpu:.1f} | {rows / (cpu + db_cpu):,.0f} | {'yes' if len(digests) == 1 else 'NO'} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
