"""The notifications' tasks (Django's task API): mail, run by a worker."""

from __future__ import annotations

from django_tasks import task

from . import sending


@task()
def send_notification_mail(ids: list[int], attempt: int = 1) -> int:
    """Mail these notifications to those who want mail at once (see sending.send_notification_mail)."""
    return sending.send_notification_mail(ids, attempt)


@task()
def send_digest(user_id: int) -> int:
    """Mail one user's daily digest (see sending.send_digest)."""
    return sending.send_digest(user_id)
