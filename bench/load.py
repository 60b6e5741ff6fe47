"""Load as deployed: gunicorn under production settings, users who log in with their password, wrk over a page mix.

Two servers are measured one after the other on the same database, in the same run, with the same mix:
the repository's configuration (`dvk/gunicorn.conf.py`) and the first wave's deployment (3 sync
workers), so that the throughput is a ratio between two figures of one machine and one moment. With
`--baseline-commit REV` the 3 sync workers serve the code of that commit (checked out in a temporary
git worktree), so the ratio is the one issue 16 asks for: today's deployment against the earlier code
as it was deployed. An earlier commit cannot serve today's schema: `--baseline-db NAME` gives it its
own database, seeded by its own `seed_bench`, and its pages are resolved there (`bench/mix_paths.py`).

The mix is the pages people open most, each with its own user's session, taken in turn by every wrk
connection (a Lua script). Nothing here uses the test settings: DEBUG is off, the static files are
collected and served by WhiteNoise, the sessions come from the real login form (the bench users'
passwords are hashed with the production hasher, see `bench/world.py`).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# The pages of the mix (scenario names of bench/scenarios.py); exports and the API are measured apart.
MIX = (
    "staff home",
    "staff list, filtered (state + field)",
    "list, whole province (chair)",
    "committee home (commune)",
    "committee home (province)",
    "due inspections queue (commune)",
    "recognition queue (commune chair)",
    "appraisal page",
    "showcase",
    "showcase detail",
)

# A page of the mix: (scenario name, path with its query string, username to log in as or None).
Page = tuple[str, str, str | None]

SERVERS = {
    "repository configuration (dvk/gunicorn.conf.py)": ["-c", "dvk/gunicorn.conf.py"],
    "first wave: 3 sync workers": ["-w", "3", "-k", "sync", "--timeout", "30"],
}


def production_env(database_url: str, port: int) -> dict[str, str]:
    """The environment of a deployment: no test settings, no DEBUG; only what a deployment must set is set."""
    env = {k: v for k, v in os.environ.items() if k not in ("DVK_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        # Behind no proxy on 127.0.0.1: plain HTTP, so no redirect to HTTPS (a deployment sets a proxy).
        SECURE_SSL_REDIRECT="0",
        EMAIL_CONSOLE_OK="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_LOG_LEVEL="warning",
        LOG_LEVEL="ERROR",
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def collect_static(database_url: str, tree: Path = ROOT) -> None:
    """The production storage needs the manifest that `collectstatic` writes."""
    env = production_env(database_url, 0)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=tree, env=env, check=True)


@contextmanager
def checked_out(commit: str):
    """A temporary git worktree of `commit` (detached); removed afterwards."""
    tree = Path(tempfile.mkdtemp(prefix="dvk-baseline-"))
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), commit], cwd=ROOT, check=True)
    try:
        yield tree
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


def baseline_pages(tree: Path, database_url: str, names: list[str], password_hash: str) -> list[Page]:
    """The mix as the code in `tree` resolves it on its own database: (scenario name, path, username or None).

    Runs `bench/mix_paths.py` in `tree` (its code, its URLconf, its data), which also gives the bench
    users of that database `password_hash` (see its docstring). Scenarios it does not have are missing.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("DVK_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(DATABASE_URL=database_url, BENCH_PASSWORD_HASH=password_hash)
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "mix_paths.py"), *names],
        cwd=tree, env=env, capture_output=True, text=True,
    )  # fmt: skip
    print(out.stderr, end="", file=sys.stderr, flush=True)
    if out.returncode:
        raise RuntimeError(f"could not resolve the mix in {tree} on {database_url} (exit {out.returncode})")
    return [(name, path, user) for name, path, user in json.loads(out.stdout.strip().splitlines()[-1])]


def same_mix(ours: list[Page], theirs: list[Page]) -> tuple[list[Page], list[Page], list[str]]:
    """Both sides keep only the scenarios both have, in our order: the two servers serve the same mix.

    Returns our pages, theirs and the names dropped (a page the earlier code or its data lacks).
    """
    both = {name for name, _, _ in ours} & {name for name, _, _ in theirs}
    dropped = [name for name, _, _ in ours + theirs if name not in both]
    by_name = {name: (name, path, user) for name, path, user in theirs}
    return (
        [page for page in ours if page[0] in both],
        [by_name[name] for name, _, _ in ours if name in both],
        list(dict.fromkeys(dropped)),
    )


@contextmanager
def served(database_url: str, gunicorn_args: list[str], tree: Path = ROOT):
    """A gunicorn of the code in `tree` on a free port; yields the port, stops it afterwards."""
    port = free_port()
    env = production_env(database_url, port)
    args = [str(BIN / "gunicorn"), *gunicorn_args]
    if "-c" not in gunicorn_args:
        args += ["-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*args, "dvk.wsgi"], cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    # Read by hand: the cookies are Secure (a deployment is HTTPS), which cookie jars keep from plain HTTP.
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def log_in(port: int, username: str, password: str) -> str:
    """Log in through the login form as a person does; return the session cookie's value."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/accounts/login/")
    page = conn.getresponse()
    body = page.read().decode()
    csrf = _cookies(page)["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    conn.request("POST", "/accounts/login/", body=form, headers=headers)
    answer = conn.getresponse()
    answer.read()
    session = _cookies(answer).get("sessionid")
    if answer.status != 302 or not session:
        raise RuntimeError(f"{username} could not log in under production settings (HTTP {answer.status})")
    return session


def lua_mix(entries: list[tuple[str, str | None]]) -> str:
    """A wrk script: each connection takes the mix's pages in turn, each with its own session (or none)."""
    lines = ["local pages = {"]
    for path, session in entries:
        cookie = f'"sessionid={session}"' if session else "nil"
        lines.append(f'  {{path = "{path}", cookie = {cookie}}},')
    lines += [
        "}",
        "local n = 0",
        "request = function()",
        "  n = n + 1",
        "  local page = pages[(n % #pages) + 1]",
        "  local headers = {}",
        "  if page.cookie then headers['Cookie'] = page.cookie end",
        "  return wrk.format('GET', page.path, headers)",
        "end",
    ]
    return "\n".join(lines) + "\n"


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_mix(port: int, entries: list[tuple[str, str | None]], seconds: int, connections: int) -> dict:
    """wrk over the mix; requests per second, latency percentiles and every non-2xx/3xx or socket error."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_mix(entries))
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
        "-s", script.name, f"http://127.0.0.1:{port}/",
    ]  # fmt: skip
    try:
        out = subprocess.run(command, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", out, re.M))
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "errors": errors,
        "p50_ms": _ms(percentiles["50"]) if "50" in percentiles else None,
        "p99_ms": _ms(percentiles["99"]) if "99" in percentiles else None,
        "raw": out,
    }


def first_answers(port: int, entries: list[tuple[str, str | None]]) -> list[tuple[str, int]]:
    """One request per page before the load: every page must answer 200, or the run measures errors."""
    answers = []
    for path, session in entries:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", path, headers={"Cookie": f"sessionid={session}"} if session else {})
        response = conn.getresponse()
        response.read()
        answers.append((path, response.status))
    return answers


def _run_into(into: dict, *args) -> None:
    into.update(run_mix(*args))


def measure_servers(database_url: str, pages: list[Page], password: str, seconds: int, connections: int,
                    during=None, baseline_commit: str = "", baseline_database_url: str = "",
                    password_hash: str = "") -> list[dict]:  # fmt: skip
    """Each server configuration under the same mix, one after the other.

    `pages` are (scenario name, path, username or None). `during()`, if given, runs while the mix loads
    the repository's configuration (the exports under load); its result is kept under "during" with
    the seconds the load and it overlapped. With `baseline_commit`, the 3 sync workers run that
    commit's code: on `database_url`, or with `baseline_database_url` on that database, where its
    pages are resolved anew and its bench users get `password_hash` (`baseline_pages`). Returns one
    dict per configuration.
    """
    collect_static(database_url)
    with contextlib.ExitStack() as stack:
        baseline, their_url, their_pages, dropped = ROOT, database_url, pages, []
        if baseline_commit:
            baseline = stack.enter_context(checked_out(baseline_commit))
            if baseline_database_url:
                their_url = baseline_database_url
                names = [name for name, _, _ in pages]
                found = baseline_pages(baseline, their_url, names, password_hash)
                pages, their_pages, dropped = same_mix(pages, found)
                for name in dropped:
                    print(f"dropped from both sides of the mix: {name!r} (one side lacks it)", flush=True)
                for (name, path, user), (_, their_path, their_user) in zip(pages, their_pages, strict=True):
                    print(f"mix: {name}: {path} ({user}) | {baseline_commit}: {their_path} ({their_user})", flush=True)
            try:
                collect_static(their_url, baseline)
            except subprocess.CalledProcessError:
                # An earlier commit whose collectstatic fails under the manifest storage (before 0519f7d,
                # papers.css named its fonts relative to the wrong folder): serve it today's collected
                # files, which hold every file the measured pages name.
                print(f"collectstatic fails on {baseline_commit}: its server uses today's static files", flush=True)
                shutil.rmtree(baseline / "staticfiles", ignore_errors=True)
                (baseline / "staticfiles").symlink_to(ROOT / "staticfiles")
        (ours, our_args), (theirs, their_args) = SERVERS.items()
        if baseline_commit:
            theirs = f"{theirs}, code of {baseline_commit}"
        if their_url != database_url:
            theirs += f" on {their_url.rsplit('/', 1)[-1]}"
        results = [
            _measure(database_url, ours, our_args, ROOT, pages, password, seconds, connections, during),
            _measure(their_url, theirs, their_args, baseline, their_pages, password, seconds, connections, None),
        ]
        for result in results:
            result["dropped"] = dropped
        return results


def _measure(database_url, label, gunicorn_args, tree, pages, password, seconds, connections, during) -> dict:
    """One server under the mix: log every user in, check each page answers 200, then wrk."""
    with served(database_url, gunicorn_args, tree) as port:
        sessions = {user: log_in(port, user, password) for user in {u for _, _, u in pages if u}}
        entries = [(path, sessions[user] if user else None) for _, path, user in pages]
        bad = [(path, status) for path, status in first_answers(port, entries) if status != 200]
        result = {"server": label, "pages": len(entries), "connections": connections, "bad": bad}
        if bad:
            return result
        mix: dict = {}
        load = threading.Thread(target=_run_into, args=(mix, port, entries, seconds, connections))
        started = time.monotonic()
        load.start()
        if during is not None:
            time.sleep(2)  # the load is under way before the first export is asked
            result["during"] = during()
            result["during_seconds"] = time.monotonic() - started - 2
        load.join()
        result.update(mix)
        return result
