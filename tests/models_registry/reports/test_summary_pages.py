"""The summary page and the campaign overview: scope, numbers, charts, query budget."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignState
from jobs.models import Job
from models_registry.models import Initiative
from tests.factories import CampaignFactory, InitiativeFactory, field

# `levels` is the fixture of test_levels.py, shared by import (F811: the tests take it by name).
from tests.models_registry.test_levels import levels  # noqa: F401


def summary_numbers(response):
    summary = response.context["summary"]
    return summary.registered, summary.recognized


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reports:summary"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_summary_defaults_to_the_latest_launched_campaign(client, world):
    world.initiative("recognized")
    world.initiative("submitted")
    CampaignFactory(committee=world.province_committee, year=world.campaign.year + 1, state=CampaignState.DRAFT)
    client.force_login(world.chair)

    response = client.get(reverse("reports:summary"))

    assert response.status_code == 200
    assert response.context["campaign"] == world.campaign
    assert summary_numbers(response) == (2, 1)
    content = response.content.decode()
    assert 'id="summary-chart-data"' in content
    assert 'role="img"' in content
    for fmt in ("xlsx", "csv", "pdf"):
        assert f"{reverse('reports:export')}?campaign={world.campaign.pk}&amp;format={fmt}" in content
    assert "<script>" not in content.replace('<script id="summary-chart-data" type="application/json">', "")


@pytest.mark.parametrize(
    ("who", "opens_on"),
    [
        # The province's secretariat and a member of the province's committee: the province's campaign,
        # though the commune's was launched after it.
        ("secretary", "province"),
        ("province_member", "province"),
        # Who sits on both (`chair`) opens on the higher one's.
        ("chair", "province"),
        # The commune's chair sees the province's campaign too, and opens on the commune's own.
        ("commune_chair", "commune"),
        # Unit staff sit on no committee: the latest campaign they see.
        ("staff", "commune"),
    ],
)
def test_the_summary_opens_on_the_latest_campaign_of_the_users_highest_committee(client, levels, who, opens_on):  # noqa: F811
    province, commune = levels.world.campaign, levels.commune_campaign
    # The same year, the commune's launched after the province's: the latest launched is the commune's.
    Campaign.objects.filter(pk=province.pk).update(launched_at=timezone.now() - datetime.timedelta(days=30))
    Campaign.objects.filter(pk=commune.pk).update(launched_at=timezone.now(), year=province.year)
    expected = {"province": province, "commune": commune}[opens_on]
    user = getattr(levels, who, None) or getattr(levels.world, who)
    client.force_login(user)

    page = client.get(reverse("reports:summary"))
    export = client.get(reverse("reports:export"), {"format": "csv"})  # the export without a choice, alike

    assert page.context["campaign"] == expected
    assert f'<option value="{expected.pk}" selected>' in page.content.decode()
    assert export.status_code == 302
    assert Job.objects.get(owner=user).params["campaign"] == expected.pk


def test_the_chart_data_matches_the_tables(client, world):
    world.initiative("recognized")
    world.initiative("submitted", field=field("culture_society"))
    client.force_login(world.chair)

    response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})

    script = re.search(
        r'<script id="summary-chart-data" type="application/json">(.*?)</script>', response.content.decode()
    )
    data = json.loads(script.group(1))["by_field"]
    table = {row.label: (row.registered, row.recognized) for row in response.context["summary"].by_field}
    assert dict(zip(data["labels"], zip(data["registered"], data["recognized"], strict=True), strict=True)) == table
    assert table[field("economic").name] == (1, 1)
    assert table[field("culture_society").name] == (1, 0)


@pytest.mark.parametrize(
    ("user", "expected"),
    [("staff2", (1, 0)), ("staff", (2, 1)), ("member", (2, 1)), ("chair", (3, 1)), ("admin", (3, 1))],
)
def test_the_summary_only_counts_the_users_scope(client, world, user, expected):
    world.initiative("recognized")
    world.initiative("submitted")
    world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(getattr(world, user))

    response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})

    assert response.status_code == 200
    assert summary_numbers(response) == expected


def test_a_campaign_outside_the_users_reach_gives_404(client, world):
    other = CampaignFactory()  # another province's committee
    client.force_login(world.staff)

    response = client.get(reverse("reports:summary"), {"campaign": other.pk})

    assert response.status_code == 404


def test_a_year_summary_adds_up_every_campaign_of_that_year(client, world):
    second = CampaignFactory(committee=world.commune_committee, year=world.campaign.year)
    world.initiative("submitted")
    InitiativeFactory(campaign=second, unit=world.hamlet)
    client.force_login(world.chair)

    response = client.get(reverse("reports:summary"), {"year": world.campaign.year})

    assert response.context["campaign"] is None
    assert response.context["summary"].total == 2


def test_an_unknown_year_is_refused_with_a_message_and_the_default_shown(client, world):
    client.force_login(world.chair)

    response = client.get(reverse("reports:summary"), {"year": "1999"})

    assert response.status_code == 200
    assert "Không có đợt phát động nào của năm này." in response.content.decode()


def _fill(world, n):
    for i in range(n):
        world.initiative(
            "recognized" if i % 3 == 0 else "submitted", unit=world.hamlet if i % 2 else world.other_hamlet
        )


def _count_queries(client, world):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("n", [3, 30])
def test_the_summary_page_stays_within_its_query_budget(client, world, n, django_assert_num_queries):
    _fill(world, n)
    client.force_login(world.chair)

    # 12 before this wave's additions, one aggregate of the replication proposals, two for the chair's
    # assessment form (the issuing committee and its saved draft): none grows with the rows.
    # With the funnel per level and the lower committees' roll-up (issue 15); the funnel's steps after
    # recognition come from the kept counts since (no query of their own); the chair's saved draft
    # is joined to the issuing committee (one query for both); the fields, the grouped counts, the
    # counts per unit and the commendations are read in one round trip (`read_together`).
    with django_assert_num_queries(11):
        response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})

    assert response.status_code == 200
    assert response.context["summary"].total == n


def test_the_summary_page_runs_as_many_queries_for_3_as_for_30_initiatives(client, world):
    client.force_login(world.chair)
    _fill(world, 3)
    few = _count_queries(client, world)
    _fill(world, 27)
    assert Initiative.objects.count() == 30

    many = _count_queries(client, world)

    assert few == many


def test_the_campaign_overview_counts_states_and_fields_in_scope(client, world):
    world.initiative("draft")
    world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.get(reverse("reports:campaign_overview", args=[world.campaign.pk]))

    assert response.status_code == 200
    states = {r.key: r.count for r in response.context["summary"].by_state}
    assert states["draft"] == 1
    assert states["submitted"] == 0


def test_the_campaign_overview_of_a_campaign_out_of_reach_gives_404(client, world):
    other = CampaignFactory()
    client.force_login(world.member)

    response = client.get(reverse("reports:campaign_overview", args=[other.pk]))

    assert response.status_code == 404


def test_leaders_get_a_commendation_link_on_each_recognized_row_and_staff_do_not(client, world):
    initiative = world.initiative("recognized")
    link = reverse("reports:commendation_create", args=[initiative.pk])

    client.force_login(world.chair)
    assert link in client.get(reverse("reports:summary")).content.decode()
    client.force_login(world.staff)
    content = client.get(reverse("reports:summary")).content.decode()

    assert link not in content
    assert reverse("staff:initiative_detail", args=[initiative.pk]) in content


def test_the_recognized_list_is_paginated(client, world, monkeypatch):
    from models_registry.reports import views as report_views

    for _ in range(3):
        world.initiative("recognized")
    client.force_login(world.chair)
    monkeypatch.setattr(report_views, "RECOGNIZED_PER_PAGE", 2)

    first = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})
    second = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk, "page": 2})

    assert len(first.context["page"].object_list) == 2
    assert len(second.context["page"].object_list) == 1
    assert "page=2" in first.content.decode()


def test_the_campaign_overview_stays_within_its_query_budget(client, world, django_assert_max_num_queries):
    _fill(world, 3)
    client.force_login(world.chair)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:campaign_overview", args=[world.campaign.pk]))

    assert response.context["summary"].total == 3


def test_the_summary_offers_its_tables_as_csv_besides_the_full_list(client, world):
    # "Download CSV" alone gave the list of initiatives; the secretariat hands in the summary's numbers.
    world.initiative("recognized")
    client.force_login(world.chair)

    content = client.get(reverse("reports:summary"), {"year": world.campaign.year}).content.decode()

    base = f"{reverse('reports:export')}?year={world.campaign.year}&amp;format=csv"
    assert f'href="{base}&amp;part=summary"' in content
    assert f'href="{base}"' in content
    assert "CSV (tổng hợp kết quả)" in content and "CSV (danh sách)" in content


def test_choosing_a_year_while_a_campaign_is_shown_shows_that_year(client, world):
    # The campaign select keeps its shown campaign when the user picks a year, so the form sends
    # both; the year the user just picked must win, not be dropped without a word.
    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1, state="launched")
    client.force_login(world.chair)
    page = client.get(reverse("reports:summary")).content.decode()
    assert '<input type="hidden" name="shown" value="campaign">' in page

    response = client.get(
        reverse("reports:summary"), {"campaign": world.campaign.pk, "year": last_year.year, "shown": "campaign"}
    )

    assert response.context["campaign"] is None
    assert response.context["year"] == last_year.year
    assert '<input type="hidden" name="shown" value="year">' in response.content.decode()


def test_choosing_a_campaign_while_a_year_is_shown_shows_that_campaign(client, world):
    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1, state="launched")
    client.force_login(world.chair)

    response = client.get(
        reverse("reports:summary"), {"campaign": world.campaign.pk, "year": last_year.year, "shown": "year"}
    )

    assert response.context["campaign"] == world.campaign


@pytest.mark.parametrize("language", ["vi", "en"])
def test_whole_counts_print_the_same_with_or_without_localization(language):
    """The summary's unit tables print their counts with `{% localize off %}` (half the cost): that
    holds only while no thousands separator is set; with one, those tables would print 1639 where
    the rest of the interface prints 1.639."""
    from django.utils import translation
    from django.utils.formats import localize

    with translation.override(language):
        assert localize(1639) == localize(1639, use_l10n=False) == "1639"


def _chosen(page: str, name: str) -> str:
    """The value of the option chosen in the summary's select `name`."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


def test_the_summarys_filters_show_the_period_the_page_shows(client, world):
    # Nothing asked: the latest launched campaign is shown, and its select says so.
    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1, state="launched")
    client.force_login(world.chair)

    page = client.get(reverse("reports:summary")).content.decode()
    assert (_chosen(page, "campaign"), _chosen(page, "year"), _chosen(page, "period")) == (
        str(world.campaign.pk),
        "",
        "",
    )

    page = client.get(reverse("reports:summary"), {"year": last_year.year}).content.decode()
    assert (_chosen(page, "campaign"), _chosen(page, "year")) == ("", str(last_year.year))

    page = client.get(reverse("reports:summary"), {"period": "2025-2030"}).content.decode()
    assert (_chosen(page, "year"), _chosen(page, "period")) == ("", "2025-2030")


def test_a_refused_year_or_period_is_marked_beside_its_select_while_the_latest_campaign_is_shown(client, world):
    # The period was left out of the fallback and the page said "no campaign launched in your scope".
    client.force_login(world.chair)

    page = client.get(reverse("reports:summary"), {"year": "1999", "period": "<b>2020</b>"}).content.decode()

    year = re.search(r'<select name="year"[^>]*>', page).group(0)
    assert "is-invalid" in year and 'aria-describedby="id_year_error"' in year
    assert re.search(r'id="id_year_error".*Không có đợt phát động nào của năm này\.', page, re.S)
    assert re.search(r'id="id_period_error".*Giai đoạn không hợp lệ', page, re.S)
    assert _chosen(page, "campaign") == str(world.campaign.pk)
    assert "Chưa có đợt phát động nào" not in page
    assert "<b>2020</b>" not in page
