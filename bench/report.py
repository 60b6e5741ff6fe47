"""The budgets and the Markdown report of a run."""

from __future__ import annotations

from .scenarios import XLSX_ROWS, Result

# Budgets as ratios measured in one run (issue 16): milliseconds written on one machine do not hold
# on the next, a ratio to a baseline timed beside the page does. Every page and summary at most as
# slow as the plain default ModelAdmin changelist of the same data; from the smaller database of the
# run (`--compare-db`, 100,000) to the larger one (1,000,000) at most 1.3× slower.
PLAIN_RATIO, GROWTH_RATIO, MAX_QUERIES = 1.0, 1.3, 12
# The page mix at 50 connections through the repository's gunicorn configuration: at least 3× the
# requests per second of 3 sync workers (with --baseline-commit: on the earlier code), p99 ≤ 2 s, no error.
MIX_RATIO, MIX_P99_MS = 3.0, 2000
# CSV: issue 16 raised the rate from 20,000 (issue 7) to 50,000 rows/s, met by PostgreSQL writing the rows (COPY).
CSV_PEAK_MB, CSV_ROWS_PER_S, XLSX_S_PER_100K = 150, 50_000, 30


def judge(result: Result, xlsx_rows_target: int, plain: Result | None = None) -> tuple[str, str]:
    """Return (budget text, verdict) for one result; pages are judged against `plain`, the run's baseline."""
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
        return _judge_page(result, plain)
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


def _judge_page(result: Result, plain: Result | None) -> tuple[str, str]:
    """Judge a page or summary against the plain ModelAdmin's median, the query budget and the growth."""
    base = plain.median if plain else None
    growth = result.growth
    text = f"≤ {PLAIN_RATIO:.1f}× plain, ≤ {MAX_QUERIES} q" + (f", growth ≤ {GROWTH_RATIO}×" if growth else "")
    if not base:
        return text, "no baseline in this run"

    def within(ms: float) -> bool:
        return ms / base <= PLAIN_RATIO and result.queries <= MAX_QUERIES and (growth is None or growth <= GROWTH_RATIO)

    if within(result.median):
        return text, "met"
    # On a busy machine, the CPU time (app + database) is the load-robust figure: compare like with like.
    cpu_ratio = result.busy / plain.busy if (result.busy and plain.busy) else None
    cpu_growth = result.busy_growth if growth else None
    if (
        cpu_ratio is not None
        and cpu_ratio <= PLAIN_RATIO
        and result.queries <= MAX_QUERIES
        and (growth is None or min(growth, cpu_growth or growth) <= GROWTH_RATIO)
    ):
        return text, "NOT MET (met on CPU app+db)"
    return text, "NOT MET"


def ratio(value, base, spec: str) -> str:
    return f"{value / base:{spec}}×" if (value and base) else "—"


def fmt(value, spec=".1f") -> str:
    return "—" if value is None else format(value, spec)


def markdown(meta: dict, results: list[Result], wrk: list[dict] | None) -> str:
    """Return the run's report: its head, the pages, the exports, side by side, and the mix under wrk."""
    plain = next((r for r in results if r.scenario.url_name.startswith("plain_admin") and r.median), None)
    pages = [r for r in results if r.scenario.kind in ("page", "summary", "baseline")]
    exports = [r for r in results if r.scenario.kind in ("csv", "xlsx", "pdf")]
    lines = [*_head(meta), *_page_table(meta, pages, plain), *_export_table(meta, exports)]
    lines += _side_by_side(results, plain)
    if wrk is not None:
        lines += _mix_table(meta, wrk)
        for w in wrk:
            if "during" in w:
                lines += _exports_during(meta, w)
    return "\n".join(lines) + "\n"


def _head(meta: dict) -> list[str]:
    return [
        f"### {meta['initiatives']:,} initiatives — {meta['date']}",
        "",
        f"commit `{meta['commit']}` · {meta['machine']} · PostgreSQL {meta['postgres']} · database `{meta['db']}` · "
        f"{meta['repeat']} timed run(s) per page"
        f"{' (no warm-up) · SMOKE: timings not judged' if meta['smoke'] else ' (after one warm-up)'}",
        "",
        f"load average (1/5/15 min) before the run {meta['load_before']}, after it {meta['load']} "
        "(other work on the machine inflates the timings)",
        "",
    ]


def _shown(meta: dict, r: Result, verdict: str) -> str:
    """Return the verdict as the table shows it: not judged on a smoke run, the status when it failed."""
    if meta["smoke"] and verdict.startswith(("met", "NOT MET")):
        verdict = "(not judged)"
    return verdict if r.status in ("ok", "missing") else r.status


def _page_table(meta: dict, pages: list[Result], plain: Result | None) -> list[str]:
    lines = [
        "| scenario | user | median ms | max ms | CPU app+db ms | queries | ÷ plain ModelAdmin | "
        f"growth from {meta.get('compare') or 'the smaller db'} | budget | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in pages:
        budget, verdict = judge(r, XLSX_ROWS, plain)
        note = f" ({r.detail})" if r.status not in ("ok",) and r.detail else ""
        lines.append(
            f"| {r.scenario.name} | {r.scenario.user or 'anonymous'} | {fmt(r.median)} | {fmt(r.worst)} | {fmt(r.busy)} | "
            f"{fmt(r.queries, 'd')} | {ratio(r.median, plain and plain.median, '.2f')} | "
            f"{fmt(r.growth, '.2f')}{'×' if r.growth else ''} | "
            f"{budget} | {_shown(meta, r, verdict)}{note} |"
        )
    return lines


def _export_table(meta: dict, exports: list[Result]) -> list[str]:
    lines = [
        "",
        "| export | rows | seconds | CPU app+db s | rows/s | peak RSS MB (idle) | queries | budget | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in exports:
        budget, verdict = judge(r, XLSX_ROWS)
        seconds = r.median / 1000 if r.median else None
        rate = r.rows / seconds if (r.rows and seconds) else None
        peak = f"{r.peak_mb:.0f} ({r.idle_mb:.0f})" if r.peak_mb is not None else "—"
        note = f" ({r.detail})" if r.detail else ""
        lines.append(
            f"| {r.scenario.name} | {fmt(r.rows, ',d')} | {fmt(seconds, '.2f')} | {fmt(r.busy and r.busy / 1000, '.2f')} | "
            f"{fmt(rate, ',.0f')} | {peak} | "
            f"{fmt(r.queries, 'd')} | {budget} | {_shown(meta, r, verdict)}{note} |"
        )
    return lines


# The list pages the side-by-side table sets against the plain ModelAdmin and the bare view.
SIDE_BY_SIDE = ("staff:initiative_list", "admin:models_registry_initiative_changelist", "showcase:index")


def _side_by_side(results: list[Result], plain: Result | None) -> list[str]:
    by_name = {r.scenario.url_name + r.scenario.name: r for r in results}
    floor = next((r for r in results if r.scenario.url_name == "bench_floor" and r.median), None)
    lines = [
        "",
        "Side by side (same run, same data): each list page's median against the plain default "
        "ModelAdmin changelist and against the bare view.",
        "",
        "| page | median ms | ÷ plain ModelAdmin | ÷ bare view | CPU app+db ms | CPU ÷ plain ModelAdmin | CPU ÷ bare view |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in by_name.values():
        if r.scenario.kind != "page" or not r.median or r.scenario.url_name not in SIDE_BY_SIDE:
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
    return lines


def _mix_table(meta: dict, wrk: list[dict]) -> list[str]:
    """Return the mix's table: each server's rate and latency, judged against the 3 sync workers."""
    lines = [
        "",
        f"The page mix ({wrk[0]['pages'] if wrk else 0} pages, each with its own user's session) under "
        f"`wrk -t2 -c{meta['wrk_connections']} -d{meta['wrk_seconds']}s`, through gunicorn under production "
        "settings on 127.0.0.1 (the same 2-core machine as the database and wrk), both servers in this run"
        + (
            f" (left out of both sides, one of them lacks it: {', '.join(wrk[0]['dropped'])})"
            if wrk and wrk[0].get("dropped")
            else ""
        )
        + ":",
        "",
        "| server | requests/s | requests | p50 | p99 | errors | ratio to 3 sync workers | budget | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    sync = next((w for w in wrk if "sync" in w["server"] and not w["bad"]), None)
    for w in wrk:
        if w["bad"]:
            lines.append(f"| {w['server']} | ERROR: {w['bad']} | | | | | | | |")
            continue
        budget, verdict = "—", "baseline"
        if w is not sync:
            budget = f"≥ {MIX_RATIO:.0f}× requests/s, p99 ≤ {MIX_P99_MS / 1000:.0f} s, 0 errors"
            met = (
                sync is not None
                and w["rps"] >= MIX_RATIO * sync["rps"]
                and (w["p99_ms"] or 1e9) <= MIX_P99_MS
                and not w["errors"]
            )
            verdict = "met" if met else "NOT MET"
        lines.append(
            f"| {w['server']} | {w['rps']:.1f} | {w['requests']:,} | {fmt(w['p50_ms'])} ms | {fmt(w['p99_ms'])} ms "
            f"| {w['errors']:,} | {ratio(w['rps'], sync and sync['rps'], '.2f')} | {budget} | {verdict} |"
        )
    return lines


def _exports_during(meta: dict, w: dict) -> list[str]:
    """Return the table of the exports asked while the mix loaded this server."""
    lines = [
        "",
        f"Exports asked 2 s after the mix began on the {w['server']}: they took "
        f"{w['during_seconds']:.0f} s, the load ran {meta['wrk_seconds']} s (an export that outlasts "
        "the load finishes on a quiet server: give `--wrk-seconds` more than the exports take):",
        "",
        "| export | worker seconds | rows | peak RSS | status |",
        "|---|---:|---:|---:|---|",
    ]
    for r in w["during"]:
        lines.append(
            f"| {r.scenario.name} | {fmt(r.median and r.median / 1000, '.1f')} | {fmt(r.rows, ',')} "
            f"| {fmt(r.peak_mb, '.0f')} MB | {r.status} {r.detail} |"
        )
    return lines
