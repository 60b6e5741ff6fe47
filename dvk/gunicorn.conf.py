"""gunicorn's configuration: `gunicorn -c dvk/gunicorn.conf.py dvk.wsgi`.

Every value can be changed by an environment variable of the same meaning, so one file serves a
laptop and each machine of a deployment. Long work does not run in a request any more (exports and
mail are jobs), so the timeout is short: a request still running after it is a bug, not a big export.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Processes × threads: a thread waiting on PostgreSQL lets another one answer.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
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
