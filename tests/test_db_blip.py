"""PostgreSQL connections terminated under load (issue 20): no GET fails.

Again and again, `pg_terminate_backend` on every other connection of the test database while
readers fetch pages: what a restart of PostgreSQL does to the application (every connection
drops at once, idle or in a query), without restarting the shared server. Run on demand for
longer with DVK_BLIP_SECONDS.
"""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

# PostgreSQL only, with real commits (the readers' connections must see the rows), seeded rows restored after.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: the test terminates connections with pg_terminate_backend",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


BLIPS = int(os.environ.get("DVK_BLIPS", "4"))
READERS = 4
TERMINATE = """
    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s
"""


def test_no_read_fails_while_the_apps_connections_are_terminated(world, settings):
    # Arrange
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
    initiative = world.initiative("recognized")
    urls = [
        reverse("showcase:index"),
        reverse("showcase:detail", args=[initiative.pk]),
        reverse("staff:home"),
        reverse("staff:initiative_list"),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [own_pid] = cursor.fetchone()
    stop = threading.Event()
    failures: list[str] = []
    counts = {"requests": 0, "terminated": 0, "blips": 0}
    # The time each reader began the page it last finished.
    finished_begun = [0.0] * READERS
    lock = threading.Lock()
    ready = threading.Barrier(READERS + 1)

    def read(reader: int) -> None:
        index = reader
        client = Client(raise_request_exception=False)
        try:
            client.force_login(world.staff)  # before the terminations start: not a request
            ready.wait(timeout=30)
            while not stop.is_set():
                url = urls[index % len(urls)]
                begun = time.monotonic()
                response = client.get(url)
                with lock:
                    finished_begun[reader] = begun
                    counts["requests"] += 1
                    if response.status_code != 200:
                        failures.append(f"{url}: {response.status_code}")
                index += 1
        finally:
            connections.close_all()

    def terminate() -> None:
        try:
            ready.wait(timeout=30)
            for _ in range(BLIPS):
                time.sleep(0.3)  # let the readers be in the middle of pages
                blip = time.monotonic()
                with connection.cursor() as cursor:
                    cursor.execute(TERMINATE, [own_pid])
                    counts["terminated"] += cursor.fetchone()[0]
                counts["blips"] += 1
                deadline = blip + 120
                while min(finished_begun) < blip and time.monotonic() < deadline:
                    time.sleep(0.05)
        finally:
            stop.set()
            connections.close_all()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    threads.append(threading.Thread(target=terminate))

    # Act
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    # Assert
    print(
        f"\n{counts['blips']} blips, {counts['terminated']} connections terminated, "
        f"{counts['requests']} GETs, {len(failures)} failed"
    )
    assert counts["blips"] == BLIPS and counts["terminated"] > 0, (
        "no connection was terminated: the test proved nothing"
    )
    assert counts["requests"] > 0
    assert failures == []
