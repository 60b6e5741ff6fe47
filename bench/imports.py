"""Benchmark of the history import: a 50,000-row province sheet, rows per second and peak memory.

    nice .venv/bin/python bench/imports.py                 # 50,000 rows, database dvk_bench_imports
    nice .venv/bin/python bench/imports.py --rows 2000     # a quick look

Needs the local PostgreSQL (DATABASE_URL's server, as bench/run.py). The sheet is written first
(openpyxl's write-only mode) with the spellings provinces use: dates as text in several ways,
years as text, NBSP; then timed: the dry run, the import, and the same file again (nothing changes).
Budget (issue 13): at least 1,000 rows/s and under 300 MB peak RSS.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.environment import ensure_database, server_url, setup_django  # noqa: E402
from bench.probes import CpuClock, reset_peak_rss, vm_kib  # noqa: E402

ROWS_PER_S, PEAK_MB = 1_000, 300
WORDS = [
    "tuyến",
    "đường",
    "hoa",
    "sáng",
    "xanh",
    "sạch",
    "đẹp",
    "an",
    "toàn",
    "khuyến",
    "học",
    "nghĩa",
    "tình",
    "dân",
    "vận",
    "tự",
    "quản",
    "camera",
    "nước",
    "sạch",
]


def write_sheet(path: Path, rows: int, hamlets: list[str], rng: random.Random) -> None:
    import openpyxl

    from models_registry.imports.history_columns import TEMPLATE_HEADERS

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["BAN CHỈ ĐẠO DÂN VẬN KHÉO TỈNH"])
    sheet.append(["DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH 2017–2024"])
    sheet.append(TEMPLATE_HEADERS)
    for i in range(rows):
        year = rng.randint(2017, 2024)
        recognized = rng.random() < 0.6
        date = rng.choice(
            [
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
                f"tháng {rng.randint(1, 12)}/{year}",
                f"năm {year}",
            ]
        )
        sheet.append(
            [
                rng.choice([year, str(year), f"{year}\u00a0"]),
                rng.choice(hamlets),
                f"Mô hình {' '.join(rng.sample(WORDS, 4))} số {i}",
                rng.choice(["Mô hình", "Điển hình", ""]),
                rng.choice(["Phát triển kinh tế", "Văn hóa – xã hội", "An ninh – quốc phòng", ""]),
                rng.choice(["Tập thể", "Cá nhân", ""]),
                "x" if recognized else "",
                f"{rng.randint(1, 40)}/QĐ-BCĐ" if recognized else "",
                date if recognized else "",
                rng.choice(["Cấp tỉnh", "Cấp xã", ""]) if recognized else "",
                "",
                " ".join(rng.sample(WORDS, 8)),
                "",
            ]
        )
    workbook.save(path)


def build_tree(communes: int, hamlets_each: int) -> list[str]:
    from campaigns.models import SteeringCommittee, Unit, UnitKind

    province = Unit.objects.create(name="Tỉnh Bench", kind=UnitKind.PROVINCE, code="B")
    SteeringCommittee.objects.create(name="Ban Chỉ đạo tỉnh", unit=province)
    codes = []
    for c in range(communes):
        commune = Unit.objects.create(name=f"Xã {c}", kind=UnitKind.COMMUNE, parent=province, code=f"B-{c:03d}")
        for h in range(hamlets_each):
            Unit.objects.create(name=f"Ấp {c}-{h}", kind=UnitKind.HAMLET, parent=commune, code=f"B-{c:03d}-{h:02d}")
            codes.append(f"B-{c:03d}-{h:02d}")
    return codes


def timed(label: str, rows: int, function) -> dict:
    reset_peak_rss()
    idle = vm_kib("VmRSS")
    with CpuClock() as clock:
        started = time.perf_counter()
        report = function()
        seconds = time.perf_counter() - started
    peak = vm_kib("VmHWM")
    return {
        "label": label,
        "seconds": seconds,
        "rate": rows / seconds,
        "cpu_s": clock.ms / 1000,
        "cpu_rate": rows / (clock.ms / 1000),
        "peak_mb": peak / 1024,
        "idle_mb": idle / 1024,
        "summary": report.summary(),
        "refused": len(report.refused),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--db", default="dvk_bench_imports")
    args = parser.parse_args()
    setup_django(ensure_database(server_url(), args.db, fresh=True))
    from django.core.management import call_command

    from models_registry.imports.history import import_history

    call_command("migrate", verbosity=0)
    rng = random.Random(13)
    hamlets = build_tree(124, 6)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "lich-su.xlsx"
        started = time.perf_counter()
        write_sheet(path, args.rows, hamlets, rng)
        written = time.perf_counter() - started
        results = [
            timed("dry run", args.rows, lambda: import_history(path, dry_run=True)),
            timed("import", args.rows, lambda: import_history(path)),
            timed("same file again", args.rows, lambda: import_history(path)),
        ]
        size = path.stat().st_size
    print(f"{args.rows:,} rows, {size / 1e6:.1f} MB XLSX (written in {written:.0f} s), 744 hamlets, PostgreSQL")
    print()
    print("| step | seconds | rows/s | CPU app+db s | rows per CPU s | peak RSS MB (idle) | result | budget |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for r in results:
        # Judged on CPU time, which a busy machine does not inflate (as bench/run.py does).
        met = r["cpu_rate"] >= ROWS_PER_S and r["peak_mb"] < PEAK_MB
        print(
            f"| {r['label']} | {r['seconds']:.1f} | {r['rate']:,.0f} | {r['cpu_s']:.1f} | {r['cpu_rate']:,.0f} | "
            f"{r['peak_mb']:.0f} ({r['idle_mb']:.0f}) | "
            f"{r['summary']} | {'met' if met else 'NOT MET'} (≥ {ROWS_PER_S:,} rows/s, < {PEAK_MB} MB) |"
        )


if __name__ == "__main__":
    main()
