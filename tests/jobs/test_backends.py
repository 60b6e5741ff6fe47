"""The same tasks on both real backends: the database (db_worker) and Redis through RQ.

The database backend always runs here. The RQ cases run when the suite is started with
`TASKS_BACKEND=rq REDIS_URL=redis://127.0.0.1:6379/15` (.ci/run does), and are skipped otherwise.
Workers run in this process, on committed data (transactional tests), as a real worker would.
"""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse

from jobs.models import Job, JobState
from models_registry import lifecycle
from models_registry.models import State

from .helpers import body, job_of, work

# serialized_rollback: the fields seeded by a data migration come back after the flush (see tests/races.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class FailingMailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def test_an_export_waits_for_a_worker_then_the_worker_writes_the_file(client, world, backend):
    world.initiative("recognized")
    client.force_login(world.chair)

    job = job_of(client.get(reverse("reports:export"), {"format": "csv", "campaign": world.campaign.pk}))
    waiting = client.get(job.get_absolute_url()).content.decode()
    work(backend)

    job.refresh_from_db()
    assert "Đang chờ xử lý" in waiting
    assert job.state == JobState.DONE, job.error
    response = client.get(reverse("jobs:download", args=[job.pk]))
    lines = body(response).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].startswith("STT,")


def test_a_move_queues_its_mail_and_the_worker_sends_it(world, backend):
    initiative = world.initiative("submitted")
    work(backend)  # the submission's own mail
    mail.outbox.clear()

    lifecycle.apply(initiative, "approve", world.member, plan_note="Hỗ trợ.")
    sent_by_the_request = list(mail.outbox)
    work(backend)

    assert sent_by_the_request == []
    # The unit's staff and the approver's colleagues on the commune committee (notifications.sending);
    # `chair` and `secretary` lead it too (issue 15).
    assert sorted(m.to for m in mail.outbox) == [
        ["chair@example.org"],
        ["member2@example.org"],
        ["secretary@example.org"],
        ["staff@example.org"],
    ]


def test_a_mail_server_that_is_down_is_retried_later_and_the_move_stands(world, backend, settings, caplog):
    settings.EMAIL_BACKEND = "tests.jobs.test_backends.FailingMailBackend"
    settings.DVK_MAIL_ATTEMPTS = 2
    settings.DVK_MAIL_RETRY_SECONDS = 0
    initiative = world.initiative("submitted")

    with caplog.at_level(logging.WARNING, logger="notifications.sending"):
        lifecycle.apply(initiative, "approve", world.member, plan_note="Hỗ trợ.")
        work(backend)  # the first attempt fails and schedules the second
        work(backend)  # the second, the last, fails and is logged

    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED
    messages = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "notifications.sending"]
    assert any(level == logging.WARNING and "(attempt 1), retrying" in text for level, text in messages)
    assert any(level == logging.ERROR for level, _ in messages)


def test_a_second_worker_does_not_run_a_job_that_another_already_took(world, backend):
    job = Job.objects.create(owner=world.chair, kind="reports.summary", params_key="x", title="T", state="running")

    from jobs.runner import execute

    assert execute(job.pk) == "skipped"


@pytest.fixture
def stalled_mail_server():
    """A mail server that accepts connections and never answers."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    yield server.getsockname()[1]
    server.close()


def test_a_stalled_mail_server_costs_the_move_nothing_and_the_worker_only_the_timeout(
    world, settings, caplog, stalled_mail_server
):
    import time

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", stalled_mail_server, 1
    settings.DVK_MAIL_ATTEMPTS = 1
    initiative = world.initiative("submitted")

    started = time.monotonic()
    lifecycle.apply(initiative, "approve", world.member, plan_note="Hỗ trợ.")
    move_seconds = time.monotonic() - started
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="notifications.sending"):
        work("database")
    worker_seconds = time.monotonic() - started

    assert move_seconds < 1
    # Two mail tasks (the submission's and the approval's), each given up after the 1 s timeout.
    assert worker_seconds < 10
    assert sum(r.levelno == logging.ERROR for r in caplog.records if r.name == "notifications.sending") == 2


def test_the_admins_export_of_a_filtered_selection_is_written_by_the_worker(client, world, backend):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    submitted = world.initiative("submitted")
    world.initiative("draft")
    client.force_login(world.admin)
    url = reverse("admin:models_registry_initiative_changelist") + "?state__exact=submitted"

    job = job_of(client.post(url, {"action": "export_csv", "select_across": "1", ACTION_CHECKBOX_NAME: [submitted.pk]}))
    work(backend)

    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    lines = body(client.get(reverse("jobs:download", args=[job.pk]))).decode("utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == [str(submitted.pk)]
