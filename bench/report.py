"""The budgets and the Markdown report of a run."""

from __future__ import annotations

from .scenarios import XLSX_ROWS, Result

PAGE_MS, SUMMARY_MS, MAX_QUERIES = 100, 300, 12
CSV_PEAK_MB, CSV_ROWS_PER_S, XLSX_S_PER_100K = 150, 20_000, 30


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
            f"gunicorn, 2 sync workers, `wrk -t2 -c8 -d{meta['wrk_seconds']}s` on 127.0.0.1 (same 2-core machine as the database); "
            'rows "while the exports ran": every target at once, for as long as the exports took:',
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
