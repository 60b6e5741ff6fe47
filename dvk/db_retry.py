"""A database blip is invisible to readers: a GET or HEAD that lost its connection runs once more.

With `CONN_HEALTH_CHECKS` a connection that died while idle (PostgreSQL restarted, an
administrator terminated it, a failover) is replaced before the request uses it. What remains is a
connection lost in the middle of a request; for a safe method the view has changed nothing, so
running it again on a fresh connection is safe. Only the view is retried, from
`process_exception`: nothing has been sent yet, and the error has not been turned into a 500.
Writes (POST …) are never retried: the first attempt may have committed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})
# A restart takes a fraction of a second; asking again at once would meet the same closed door.
PAUSE_SECONDS = 0.5


def reset_broken_connections() -> bool:
    """Close every open connection so the next query opens a new one; False inside a transaction."""
    opened = connections.all(initialized_only=True)
    if any(connection.in_atomic_block for connection in opened):
        # Someone else's transaction (a test's, or an outer atomic) owns the connection: not ours to drop.
        return False
    for connection in opened:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 — a dead connection may fail to close; it is dropped either way
            connection.connection = None
    return True


class RetryReadsOnConnectionErrorMiddleware:
    """Run a GET or HEAD view once more after a lost database connection."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        """Return the view's second answer after a connection error on a safe request, else None."""
        if request.method not in SAFE_METHODS or not isinstance(exception, OperationalError | InterfaceError):
            return None
        match = request.resolver_match
        if match is None or getattr(request, "_dvk_db_retried", False) or not reset_broken_connections():
            return None
        request._dvk_db_retried = True
        logger.warning("Database connection lost during %s %s; retrying once", request.method, request.path)
        time.sleep(PAUSE_SECONDS)
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            # The handler renders a template response only on the first path; this one is ours.
            response = response.render()
        return response
