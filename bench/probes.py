"""What a request costs beyond wall time: CPU of this process and of PostgreSQL, and peak memory."""

from __future__ import annotations

import os
import time


def vm_kib(key: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def cpu_ns(pid: int) -> int:
    """Return the CPU time a process has used, in ns (/proc/PID/schedstat; waiting for a core does not count)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def db_backend_pid() -> int | None:
    """Return the PostgreSQL backend process of this connection (same machine), to read its CPU time."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    return raw.get_backend_pid() if hasattr(raw, "get_backend_pid") else None


_POSTMASTER: list[int | None] = []


def postmaster_pid() -> int | None:
    """Return the PostgreSQL server's main process (same machine, readable data directory), else None."""
    if not _POSTMASTER:
        from django.db import connection

        pid = None
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW data_directory")
                (data_directory,) = cursor.fetchone()
            with open(os.path.join(data_directory, "postmaster.pid")) as f:
                pid = int(f.readline())
        except Exception:  # not PostgreSQL, another machine, or no permission: workers not counted
            pid = None
        _POSTMASTER.append(pid)
    return _POSTMASTER[0]


def reaped_children_ns(pid: int | None) -> int:
    """CPU time of the server's exited children (parallel workers among them), in ns; 10 ms ticks."""
    if not pid:
        return 0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # After the command name: state is field 3, cutime and cstime are fields 16 and 17.
        return (int(fields[13]) + int(fields[14])) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0


class CpuClock:
    """CPU time of this process, its PostgreSQL backend and the backend's parallel workers.

    Robust to a busy machine, unlike wall time. Parallel workers live only for one query; their
    CPU time is read from the server process, which collects it when it reaps them (any other
    server child that exits meanwhile is counted too: on an idle server there is none).
    """

    def __enter__(self):
        self.pid = db_backend_pid()
        self.server = postmaster_pid()
        # Own CPU from the precise process clock; the backend's from schedstat, which is
        # exact here because the backend sleeps (and its counters settle) after each query.
        self.app, self.db = time.process_time_ns(), cpu_ns(self.pid) if self.pid else 0
        self.workers = reaped_children_ns(self.server)
        return self

    def __exit__(self, *exc):
        app = time.process_time_ns() - self.app
        db = (cpu_ns(self.pid) - self.db) if self.pid else 0
        workers = reaped_children_ns(self.server) - self.workers
        self.ms = (app + db + workers) / 1e6


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False when the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False
