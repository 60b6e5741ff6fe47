"""The registry's tasks (Django's task API): run by a worker, on the database or the RQ backend."""

from __future__ import annotations

from django_tasks import task

from . import lifecycle


@task()
def send_notification(initiative_id: int, log_id: int, attempt: int = 1) -> int:
    """E-mail the other side of a move (see lifecycle.send_notification_mail)."""
    return lifecycle.send_notification_mail(initiative_id, log_id, attempt)
