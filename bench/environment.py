"""Where the benchmark runs: its PostgreSQL database, Django set up on the bench URLconf, the machine."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def server_url() -> str:
    """Return the PostgreSQL server (scheme, credentials, host, port) from DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return DEFAULT_SERVER
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _maintenance_connection(server: str):
    """A connection to the server's `postgres` database, in autocommit (to create or look up databases)."""
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
    return conn


def database_exists(server: str, name: str) -> bool:
    conn = _maintenance_connection(server)
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    conn.close()
    return found


def ensure_database(server: str, name: str, fresh: bool) -> str:
    """Create the bench database if missing (dropped first when `fresh`); return its URL."""
    if not re.fullmatch(r"dvk_bench[a-z0-9_]*", name):
        sys.exit(f"refusing database {name!r}: the benchmark only uses databases named dvk_bench*")
    conn = _maintenance_connection(server)
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
