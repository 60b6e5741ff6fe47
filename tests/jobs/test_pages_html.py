"""The job pages in every state are valid HTML for the Nu HTML checker (skipped, saying why, without Java)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobState
from tests.browser.quality_fixtures import format_html_errors, validate_html, vnu_command


def test_the_job_pages_in_every_state_are_valid_html(client, world, tmp_path):
    vnu_command()
    later = timezone.now() + datetime.timedelta(days=1)
    states = {
        "queued": {},
        "running": {"rows_done": 40, "rows_total": 100, "heartbeat_at": timezone.now()},
        "done": {"file": "exports/x.csv", "filename": "x.csv", "expires_at": later},
        "failed": {"error": "Không tạo được tệp."},
    }
    jobs = {
        state: Job.objects.create(owner=world.chair, kind="k", params_key=state, title=f"Tệp {state}", state=state, **f)
        for state, f in states.items()
    }
    client.force_login(world.chair)
    documents = {f"job-{state}": client.get(job.get_absolute_url()).content for state, job in jobs.items()}
    documents["job-list"] = client.get(reverse("jobs:list")).content
    assert Job.objects.filter(state=JobState.RUNNING).count() == 1

    errors = validate_html(documents, tmp_path)

    assert not errors, "\n".join(format_html_errors(name, name, errs) for name, errs in errors.items())
