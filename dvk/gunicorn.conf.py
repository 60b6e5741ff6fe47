"""gunicorn's configuration: `gunicorn -c dvk/gunicorn.conf.py dvk.wsgi`.

Every value can be changed by an environment variable of the same meaning, so one file serves a
laptop and each machine of a deployment. Long work does not run in a request any more (exports and
mail are jobs), so the timeout is short: a request still running after it is a bug, not a big export.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers, one more than the cores: chosen by measurement (bench/RESULTS.md, issue 16). Under the
# page mix at 50 connections on 2 cores (PostgreSQL on the same machine), 3 sync workers served as many
# requests as any threaded layout and the shortest tail: p99 1.4–2.0 s against 2.4–3.7 s for 3 gthread
# workers of 1 thread, 2.4–2.5 s for 2 × 2 threads and 4.9–5.0 s for the former 5 × 4 threads (whose
# throughput was also 13–20 % lower). The pages spend their time in Python, not waiting on the
# database: threads only queue requests behind the GIL, and a thread-per-connection worker keeps its
# keep-alive connections while the sync workers share one accept queue. `GUNICORN_WORKER_CLASS` and
# `GUNICORN_THREADS` set a threaded layout where the database is farther away than this.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy, a scale-in) requests under way get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests (jitter so that they do not all restart at once):
# memory that a library leaks cannot pile up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The reverse proxy's address: only it may say that the client came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):
    """The application is loaded: leave what it allocated out of the collector's walks (`dvk.heap`)."""
    from dvk.heap import freeze_startup_heap

    freeze_startup_heap()
