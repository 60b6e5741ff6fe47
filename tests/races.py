"""Races on PostgreSQL: several threads, each with its own connection, released at one instant.

Used by the tests that prove two simultaneous requests (a double click, two leaders) leave one
record and clear refusals. SQLite serializes writers, so these tests run on PostgreSQL only, with
real commits (`transaction=True`) so that the threads see each other's rows, and
`serialized_rollback=True` so that the rows data migrations seeded (the fields) come back after
the flush.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

_MARKS = (
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: SQLite serializes writers, so threads cannot race there",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
)


def on_postgresql(test: Callable) -> Callable:
    """Mark a race test: PostgreSQL only, real commits, seeded rows restored after the flush."""
    for mark in reversed(_MARKS):
        test = mark(test)
    return test


def race(count: int, act: Callable[[int], Any], prepare: Callable[[int], Any] | None = None) -> list[Any]:
    """Run `act(index, prepared)` in `count` threads at once; return what each returned or raised.

    `prepare(index)` runs first in each thread (loading rows, logging in), so that every thread
    reaches the starting line with the same view of the data and the database alone decides.
    """
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            prepared = prepare(index) if prepare else None
            barrier.wait(timeout=30)
            results[index] = act(index, prepared)
        except Exception as error:  # noqa: BLE001 — returned to the test, which asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def missing_once(real: Callable, missed: dict[str, int], name: str) -> Callable:
    """Return `real`, which misses the race the first `missed[name]` times it is called (it returns without
    checking, as a lock-free check that ran before the other request committed would), then checks."""

    def check(*args, **kwargs):
        if missed[name]:
            missed[name] -= 1
            return None
        return real(*args, **kwargs)

    return check
