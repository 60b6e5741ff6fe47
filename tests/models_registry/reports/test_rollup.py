# ruff: noqa: F811
"""The roll-up (issue 15): the province's summary shows each lower committee's own campaign as data —
its counts, and whether it has summarized by its deadline — in one query whatever the number of communes.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from campaigns.access import scope
from campaigns.lifecycle import apply_campaign
from campaigns.models import Campaign, CampaignState, SteeringCommittee, UnitKind
from models_registry import lifecycle
from models_registry.models import Initiative, Nomination
from models_registry.reports.periods import Period
from models_registry.reports.rollup import NO_CAMPAIGN, OVERDUE, RUNNING, SUMMARIZED, rollup
from tests.factories import CampaignFactory, CommitteeFactory, InitiativeFactory, UnitFactory

# `levels` is the fixture of test_levels.py, shared by import (F811: the tests take it by name).
from tests.models_registry.test_levels import commune_initiative, drive, levels  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def province_period(levels) -> Period:
    return Period.of_campaign(levels.world.campaign)


def rows_of(levels, user=None, today=TODAY) -> dict:
    w = levels.world
    result = rollup(user or levels.province_chair, province_period(levels), w.province, today=today)
    return {row.name: row for row in result.rows}


def test_the_province_reads_the_communes_own_counts_as_made_one_initiative_at_a_time(levels):
    first = drive(levels, commune_initiative(levels), "recognized")
    lifecycle.apply(first, "nominate", levels.commune_chair, comment="Tiêu biểu.")
    second = drive(levels, commune_initiative(levels), "recognized")
    second.mark_outstanding()
    drive(levels, commune_initiative(levels), "submitted")
    commune_initiative(levels)  # a draft: not registered
    # The province's own campaign is the province's, not the commune's roll-up.
    levels.world.initiative("submitted")

    row = rows_of(levels)[levels.world.commune_committee.name]

    mine = list(Initiative.objects.filter(campaign=levels.commune_campaign))
    recognized = [i for i in mine if i.state == "recognized"]
    nominated = set(Nomination.objects.values_list("initiative_id", flat=True))
    assert (row.registered, row.recognized, row.outstanding, row.nominated) == (
        len([i for i in mine if i.state not in ("draft", "withdrawn")]),
        len(recognized),
        len([i for i in recognized if i.outstanding]),
        len([i for i in recognized if i.pk in nominated]),
    )
    assert (row.registered, row.recognized, row.outstanding, row.nominated) == (3, 2, 1, 1)
    assert row.campaigns == 1


def test_the_provinces_own_committee_is_not_a_row_of_its_roll_up(levels):
    assert levels.world.province_committee.name not in rows_of(levels)


def test_each_lower_committee_says_whether_it_summarized_by_its_deadline(levels):
    w = levels.world
    other = SteeringCommittee.objects.get(unit=w.other_commune)
    late = CampaignFactory(committee=other, ends_on=TODAY - datetime.timedelta(days=1), name="Đợt của phường")
    apply_campaign(levels.commune_campaign, "summarize", levels.commune_chair, lessons_learned="Bài học.")
    quiet_unit = UnitFactory(name="Đặc khu Côn Đảo", kind=UnitKind.SPECIAL_ZONE, parent=w.province)
    quiet = CommitteeFactory(unit=quiet_unit, name="Ban Chỉ đạo đặc khu")

    rows = rows_of(levels)
    running = rows_of(levels, today=late.ends_on)

    assert rows[w.commune_committee.name].status == SUMMARIZED
    assert rows[other.name].status == OVERDUE
    assert running[other.name].status == RUNNING
    assert rows[quiet.name].status == NO_CAMPAIGN
    result = rollup(levels.province_chair, province_period(levels), w.province, today=TODAY)
    assert (result.summarized, result.overdue, result.running, result.without_campaign) == (1, 1, 0, 1)


def test_a_campaign_left_unsummarized_is_overdue_even_beside_a_later_one_still_running(levels):
    w = levels.world
    other = SteeringCommittee.objects.get(unit=w.other_commune)
    CampaignFactory(committee=other, ends_on=TODAY - datetime.timedelta(days=1), name="Đợt đầu năm")
    CampaignFactory(committee=other, ends_on=TODAY + datetime.timedelta(days=90), name="Đợt cuối năm")

    row = rows_of(levels)[other.name]

    assert (row.campaigns, row.status, row.due_on) == (2, OVERDUE, TODAY - datetime.timedelta(days=1))


def test_a_draft_campaign_of_a_lower_committee_is_not_counted_as_launched(levels):
    w = levels.world
    Campaign.objects.filter(pk=levels.commune_campaign.pk).update(state=CampaignState.DRAFT)

    row = rows_of(levels)[w.commune_committee.name]

    assert (row.campaigns, row.status) == (0, NO_CAMPAIGN)


def test_a_commune_chair_sees_no_committee_of_another_commune(levels):
    w = levels.world

    result = rollup(levels.commune_chair, province_period(levels), w.commune, today=TODAY)

    assert result.rows == []


def test_unit_staff_get_no_roll_up_and_no_query(levels, django_assert_num_queries):
    w = levels.world
    scope(w.staff)  # read once per request anyway

    with django_assert_num_queries(0):
        assert rollup(w.staff, province_period(levels), w.hamlet) is None


def _communes(levels, count: int) -> None:
    """`count` more communes under the province, each with its committee, its campaign and two initiatives."""
    w = levels.world
    for n in range(count):
        unit = UnitFactory(name=f"Xã số {n}", kind=UnitKind.COMMUNE, parent=w.province)
        committee = CommitteeFactory(unit=unit)
        campaign = CampaignFactory(committee=committee)
        InitiativeFactory.create_batch(2, campaign=campaign, unit=unit)


@pytest.mark.parametrize("count", [1, 3])
def test_the_roll_up_is_one_query_at_1_and_at_3_lower_committees(levels, django_assert_num_queries, count):
    _communes(levels, count)
    user = levels.province_chair
    scope(user)

    with django_assert_num_queries(1):
        result = rollup(user, province_period(levels), levels.world.province, today=TODAY)

    # The world's commune and ward committees, and the new ones.
    assert len(result.rows) == 2 + count


def test_the_provinces_summary_page_shows_the_roll_up(levels, client):
    w = levels.world
    drive(levels, commune_initiative(levels), "recognized")
    client.force_login(levels.province_chair)

    response = client.get(reverse("reports:summary"), {"campaign": w.campaign.pk})

    html = response.content.decode()
    assert "data-rollup" in html
    assert f'data-committee="{w.commune_committee.pk}" data-status="running"' in html
    assert response.context["rollup"].rows[0].recognized == 1


def test_the_summary_page_of_unit_staff_has_no_roll_up(levels, client):
    client.force_login(levels.world.staff)

    response = client.get(reverse("reports:summary"), {"campaign": levels.commune_campaign.pk})

    assert response.context["rollup"] is None
    assert "data-rollup" not in response.content.decode()


# ----- the downloads ----------------------------------------------------------------------------
def _export(client, levels, fmt: str):
    from tests.jobs.helpers import export

    return export(client, reverse("reports:export"), {"format": fmt, "campaign": levels.world.campaign.pk})


def test_the_provinces_summary_workbook_has_the_roll_up_sheet_with_a_total(levels, client):
    import io

    from openpyxl import load_workbook

    w = levels.world
    drive(levels, commune_initiative(levels), "recognized")
    drive(levels, commune_initiative(levels), "submitted")
    client.force_login(levels.province_chair)

    response = _export(client, levels, "xlsx")

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [r for r in workbook["Ban Chỉ đạo cấp dưới"].iter_rows(values_only=True) if r and r[1]]
    by_name = {r[1]: r for r in rows}
    commune = by_name[w.commune_committee.name]
    assert commune[3:8] == (1, 2, 1, 0, 0)
    assert commune[8].startswith("Đang thực hiện")
    assert by_name["Tổng cộng"][4:6] == (2, 1)


def test_the_provinces_report_pdf_lists_the_lower_committees(levels, client):
    import io

    from pypdf import PdfReader

    from tests.jobs.helpers import body

    client.force_login(levels.province_chair)

    response = _export(client, levels, "pdf")

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body(response))).pages)
    assert "Ban Chỉ đạo cấp dưới" in text
    assert "Chưa phát động" in text  # the ward's committee has no campaign of its own


def test_a_unit_staffs_workbook_has_no_roll_up_sheet(levels, client):
    import io

    from openpyxl import load_workbook

    client.force_login(levels.world.staff)

    response = _export(client, levels, "xlsx")

    assert "Ban Chỉ đạo cấp dưới" not in load_workbook(io.BytesIO(b"".join(response.streaming_content))).sheetnames
