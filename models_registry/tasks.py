"""The registry's tasks (Django's task API): run by a worker, on the database or the RQ backend."""

from __future__ import annotations

from django_tasks import task

from .notices import send_notifications


@task()
def send_notification(initiative_id: int, log_id: int, attempt: int = 1) -> int:
    """Tell the people a move concerns; kept for tasks queued before the inbox (moves now call notifications directly)."""
    send_notifications(initiative_id, log_id)
    return 0
