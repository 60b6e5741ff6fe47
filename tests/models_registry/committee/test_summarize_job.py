"""A summary that moves more open initiatives than a request can is a job: progress, all or nothing, a CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from campaigns.models import CampaignState
from jobs.models import JobState
from jobs.runner import submit
from models_registry.models import State
from models_registry.summarize import SUMMARIZE_KIND
from tests.jobs.helpers import body, job_of, run_pending
from tests.models_registry.committee.test_confirm_and_summarize import next_campaign, summarize_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_request_limit(monkeypatch):
    """Two moves are 'more than a request does', so that three initiatives make a job."""
    monkeypatch.setattr("models_registry.committee.views.summarize.IN_REQUEST_MOVES", 2)


def rows_of(client, job) -> list[list[str]]:
    download = client.get(job.get_absolute_url() + "download/")
    assert download.status_code == 200
    return list(csv.reader(io.StringIO(body(download).decode("utf-8-sig"))))


def test_a_summary_with_more_moves_than_a_request_does_runs_as_a_job_and_lists_each_initiative(
    client, world, small_request_limit
):
    waiting = [world.initiative("submitted", name=f"Chờ thẩm định {n}") for n in range(3)]
    approved = world.initiative("approved", name="Đã duyệt, chuyển sang")
    target = next_campaign(world)
    client.force_login(world.chair)
    data = summarize_data(
        choice_appraisal="close", choice_results="carry_over", next_campaign=target.pk, reason="Tổng kết sớm."
    )

    response = client.post(reverse("committee:summarize", args=[world.campaign.pk]), {**data, "confirmed": "1"})

    job = job_of(response)
    assert job is not None and job.kind == SUMMARIZE_KIND
    job = run_pending(job)
    assert job.state == JobState.DONE, job.error
    assert job.rows_total == 4 and job.rows_done == 4
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.SUMMARIZED
    assert world.campaign.lessons_learned == "Phát huy người có uy tín."
    for initiative in waiting:
        initiative.refresh_from_db()
        assert initiative.state == State.UNFINISHED
    approved.refresh_from_db()
    assert approved.campaign_id == target.pk and approved.state == State.APPROVED
    rows = rows_of(client, job)
    assert rows[0] == ["Mã hồ sơ", "Tên", "Đơn vị", "Trạng thái", "Xử lý"]
    outcomes = {row[1]: row[4] for row in rows[1:]}
    assert outcomes == {
        "Chờ thẩm định 0": "Đóng, chưa hoàn thành",
        "Chờ thẩm định 1": "Đóng, chưa hoàn thành",
        "Chờ thẩm định 2": "Đóng, chưa hoàn thành",
        "Đã duyệt, chuyển sang": f"Chuyển sang {target.name}",
    }


def test_a_summary_within_the_request_limit_is_done_at_once_without_a_job(client, world):
    world.initiative("submitted")
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:summarize", args=[world.campaign.pk]),
        summarize_data(choice_appraisal="close", reason="Tổng kết.", confirmed="1"),
    )

    assert response.status_code == 302 and job_of(response) is None
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.SUMMARIZED


def test_the_job_refuses_with_the_reason_and_writes_nothing_when_an_initiative_is_still_to_resolve(world):
    """Asked when the appraisal group was empty; a registration arrived before the worker ran it."""
    arrived = world.initiative("submitted", name="Đến sau")
    params = {"campaign": world.campaign.pk, "lessons_learned": "x", "choices": {}, "next_campaign": None}

    job = run_pending(submit(world.chair, SUMMARIZE_KIND, params, "Tổng kết"))

    assert job.state == JobState.FAILED
    assert "Còn 1 hồ sơ chưa giải quyết" in job.error
    assert not job.file
    world.campaign.refresh_from_db()
    arrived.refresh_from_db()
    assert world.campaign.state == CampaignState.LAUNCHED and arrived.state == State.SUBMITTED


def test_the_job_of_a_member_who_does_not_lead_summarizes_nothing(world):
    world.initiative("submitted")
    params = {"campaign": world.campaign.pk, "lessons_learned": "x", "choices": {"appraisal": "close"}}

    job = run_pending(submit(world.member, SUMMARIZE_KIND, params, "Tổng kết"))

    assert job.state == JobState.FAILED
    world.campaign.refresh_from_db()
    assert world.campaign.state == CampaignState.LAUNCHED
    assert not world.campaign.initiatives.filter(state=State.UNFINISHED).exists()
