"""The admin's "export the selected initiatives": the selection is stored as plain data (ids, or the
changelist's filters) and checked again against the owner's scope when the worker runs the job."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns.models import CommitteeMembership, Role
from jobs.models import Job, JobState
from models_registry.reports import export_jobs

from .helpers import body, job_of, run_pending

CHANGELIST = reverse("admin:models_registry_initiative_changelist")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture
def no_worker(settings, world):
    """Jobs stay queued until the test runs them, as when the worker is busy; the chair has the admin."""
    from models_registry.management.commands.seed_demo import Command as SeedDemo

    settings.TASKS = DUMMY_TASKS
    world.chair.groups.add(SeedDemo().committee_group())


def _exported_ids(client, job: Job) -> list[str]:
    job = run_pending(job)
    assert job.state == JobState.DONE, job.error
    lines = body(client.get(reverse("jobs:download", args=[job.pk]))).decode("utf-8-sig").splitlines()
    return sorted(line.split(",")[1] for line in lines[1:])


def _shrink_to_the_commune(world) -> None:
    """The chair leaves the province's committee for the commune's: the other commune goes out of sight."""
    CommitteeMembership.objects.filter(user=world.chair).delete()
    CommitteeMembership.objects.create(committee=world.commune_committee, user=world.chair, role=Role.CHAIR)


def test_ticked_rows_are_stored_as_their_ids_and_no_pickle(client, world, no_worker):
    ticked = sorted(world.initiative("submitted").pk for _ in range(2))
    client.force_login(world.chair)

    job = job_of(client.post(CHANGELIST, {"action": "export_csv", ACTION_CHECKBOX_NAME: ticked}))

    assert job.params == {"format": "csv", "ids": ticked}
    assert json.loads(json.dumps(job.params)) == job.params
    assert "query" not in job.params


def test_all_rows_of_a_filtered_changelist_are_stored_as_its_filters_and_no_pickle(client, world, no_worker):
    submitted = world.initiative("submitted")
    client.force_login(world.chair)

    job = job_of(
        client.post(
            CHANGELIST + "?state__exact=submitted&p=1",
            {"action": "export_csv", "select_across": "1", ACTION_CHECKBOX_NAME: [submitted.pk]},
        )
    )

    assert job.params == {"format": "csv", "filters": {"state__exact": ["submitted"]}}
    assert "query" not in job.params


@pytest.mark.parametrize("select_across", ["0", "1"])
def test_a_job_does_not_export_rows_its_owner_no_longer_sees(client, world, no_worker, select_across):
    mine = world.initiative("submitted")
    gone = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.chair)
    job = job_of(
        client.post(
            CHANGELIST + "?state__exact=submitted",
            {"action": "export_csv", "select_across": select_across, ACTION_CHECKBOX_NAME: [mine.pk, gone.pk]},
        )
    )

    _shrink_to_the_commune(world)

    assert _exported_ids(client, job) == [str(mine.pk)]


def test_a_search_of_the_changelist_selects_the_same_rows_in_the_job(client, world, no_worker):
    found = world.initiative("submitted", name="Tuyến đường hoa nông thôn")
    world.initiative("submitted", name="Tổ tự quản an ninh")
    client.force_login(world.chair)

    job = job_of(
        client.post(
            CHANGELIST + "?q=duong+hoa",
            {"action": "export_csv", "select_across": "1", ACTION_CHECKBOX_NAME: [found.pk]},
        )
    )

    assert _exported_ids(client, job) == [str(found.pk)]


def test_more_ticked_rows_than_a_page_holds_are_refused_without_a_job(client, world, no_worker, monkeypatch):
    monkeypatch.setattr(export_jobs, "MAX_SELECTED_IDS", 2)
    ticked = [world.initiative("submitted").pk for _ in range(3)]
    client.force_login(world.chair)

    response = client.post(CHANGELIST, {"action": "export_csv", ACTION_CHECKBOX_NAME: ticked})

    assert response.status_code == 302 and job_of(response) is None
    assert not Job.objects.exists()
    assert "tối đa 2 dòng" in " ".join(str(m) for m in get_messages(response.wsgi_request))
