"""Redis down on the RQ backend, for real: REDIS_URL names a port where nothing listens (no stub).

Asking for an export then says so in Vietnamese, leaves no job behind that no worker will run,
and logs the cause; the readiness check reports the queue as failed."""

from __future__ import annotations

import logging
import socket

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from jobs.models import Job

MESSAGE = "Hàng đợi xử lý không hoạt động nên chưa nhận được yêu cầu"


@pytest.fixture
def dead_redis(settings) -> str:
    """Point the RQ backend at a closed port of this machine; return its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The port is free again once the probe is closed: nothing listens there.
    url = f"redis://127.0.0.1:{port}/0"
    settings.TASKS_BACKEND = "rq"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}
    return url


def test_an_export_asked_while_redis_is_down_says_so_and_leaves_no_job(client, world, dead_redis, caplog):
    client.force_login(world.chair)

    with caplog.at_level(logging.ERROR, logger="jobs.runner"):
        response = client.get(reverse("reports:export"), {"format": "xlsx", "campaign": world.campaign.pk})

    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert not Job.objects.exists()
    assert any("could not be queued" in record.getMessage() for record in caplog.records)


def test_asking_again_once_redis_is_back_is_not_blocked_by_the_failed_attempt(client, world, dead_redis, settings):
    client.force_login(world.chair)
    client.get(reverse("reports:export"), {"format": "csv", "campaign": world.campaign.pk})

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    response = client.get(reverse("reports:export"), {"format": "csv", "campaign": world.campaign.pk})

    assert response.status_code == 302
    assert Job.objects.get().state == "queued"


def test_the_admins_export_while_redis_is_down_says_so_and_leaves_no_job(client, world, dead_redis):
    initiative = world.initiative("submitted")
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_initiative_changelist"),
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [initiative.pk]},
    )

    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert not Job.objects.exists()


def test_readiness_reports_a_dead_redis(client, db, dead_redis):
    response = client.get(reverse("health_ready"))

    assert response.status_code == 503
    assert response.json()["queue"] == "fail" and response.json()["database"] == "ok"
