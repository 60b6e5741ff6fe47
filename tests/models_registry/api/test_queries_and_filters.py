"""Query budgets (the same count at 1 and 3 rows), filters and cursor pagination of the list endpoints."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import UnitKind
from models_registry.models import Initiative, RecognitionDecision
from tests.factories import CampaignFactory, InitiativeFactory, UnitFactory
from tests.models_registry.api.conftest import commend, issue, token_client

pytestmark = pytest.mark.django_db


def make_initiatives(world, n: int):
    for _ in range(n):
        InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    return world.commune


def make_units(world, n: int):
    # Every unit was formed from another (the 2025 mergers): the predecessors come in one prefetch.
    top = UnitFactory(name="Xã mới", kind=UnitKind.COMMUNE, parent=world.province)
    top.predecessors.add(world.other_commune)
    for i in range(n - 1):
        UnitFactory(name=f"Ấp {i}", kind=UnitKind.HAMLET, parent=top).predecessors.add(world.hamlet)
    return top


def make_campaigns(world, n: int):
    for i in range(n - 1):
        CampaignFactory(committee=world.province_committee, name=f"Đợt {i}")
    return world.province


def make_decisions(world, n: int):
    # Each decision recognizes an initiative in the client's scope: that is what makes a decision visible.
    for i in range(n):
        decision = RecognitionDecision.objects.create(
            committee=world.province_committee, number=f"{i}/QĐ", decided_on=datetime.date.today(), signer="Chủ tịch"
        )
        initiative = InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
        Initiative.objects.filter(pk=initiative.pk).update(state="recognized", decision=decision)
    return world.province


def make_commendations(world, n: int):
    for _ in range(n):
        commend(InitiativeFactory(campaign=world.campaign, unit=world.hamlet))
    return world.province


def make_open(world, n: int):
    for _ in range(n):
        initiative = InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
        Initiative.objects.filter(pk=initiative.pk).update(state="recognized")
        commend(initiative)
    return world.province


# (endpoint, how to make n rows in the client's scope, queries: token, the rows (+ prefetches), the log)
BUDGETS = [
    ("initiatives/", make_initiatives, 3),
    ("units/", make_units, 4),  # + the predecessors
    ("campaigns/", make_campaigns, 5),  # + criteria sets and their criteria
    ("decisions/", make_decisions, 3),
    ("commendations/", make_commendations, 3),
    ("open/initiatives/", make_open, 3),  # no token; + commendations
]


def count_queries(url: str, token: str, rows: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = token_client(token).get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows
    return len(queries)


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("endpoint", "make", "budget"), BUDGETS)
def test_a_list_endpoint_runs_its_exact_budget_at_one_row_and_at_three(world, endpoint, make, budget, rows):
    # Arrange
    url = f"/api/v1/{endpoint}"
    _, token = issue(make(world, rows))

    # Act
    count = count_queries(url, token, rows)

    # Assert
    assert count == budget


def test_the_summary_runs_the_same_queries_for_one_initiative_and_three(world):
    # Arrange
    _, token = issue(world.province)
    InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    with CaptureQueriesContext(connection) as one:
        token_client(token).get("/api/v1/summary/")
    for _ in range(2):
        commend(InitiativeFactory(campaign=world.campaign, unit=world.other_hamlet))

    # Act
    with CaptureQueriesContext(connection) as three:
        response = token_client(token).get("/api/v1/summary/")

    # Assert
    assert response.json()["total"] == 3
    assert len(one) == len(three)


# ----- filters ---------------------------------------------------------------------------------------
def listed(token: str, query: str) -> set[int]:
    response = token_client(token).get(f"/api/v1/initiatives/?{query}")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_initiatives_filter_by_state_kind_subject_field_campaign_year_level_and_unit_subtree(world, records):
    # Arrange
    _, token = issue(world.province)
    ours, theirs = records.ours.pk, records.theirs.pk
    exemplar = InitiativeFactory(campaign=world.campaign, unit=world.hamlet, kind="exemplar", subject="individual")
    older = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1, name="Năm trước")
    last_year = InitiativeFactory(campaign=older, unit=world.other_hamlet)

    # Act / Assert
    assert listed(token, "state=recognized") == {ours}
    assert listed(token, "state=submitted") == {theirs}
    assert listed(token, "kind=exemplar") == {exemplar.pk}
    assert listed(token, "subject=individual") == {exemplar.pk}
    assert listed(token, f"field={exemplar.field_id}") >= {exemplar.pk}
    assert listed(token, f"campaign={older.pk}") == {last_year.pk}
    assert listed(token, f"year={older.year}") == {last_year.pk}
    # The level aimed at (issue 15): the hamlet's aim at its commune, the ward's (no committee of its own) at the province.
    assert listed(token, "level=commune") == {ours, exemplar.pk}
    assert listed(token, "level=province") == {theirs, last_year.pk}
    assert listed(token, f"unit={world.commune.pk}") == {ours, exemplar.pk}
    assert listed(token, f"unit={world.other_commune.pk}&year={world.campaign.year}") == {theirs}
    assert listed(token, "unit=999999") == set()


def test_initiatives_filter_by_changed_since(world, records):
    # Arrange
    _, token = issue(world.province)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Initiative.objects.filter(pk=records.theirs.pk).update(updated_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    # Act
    changed = listed(token, "changed_since=" + since.replace("+", "%2B"))

    # Assert
    assert changed == {records.ours.pk}


@pytest.mark.parametrize("query", ["state=nope", "year=abc", "changed_since=yesterday", "unit=0", "level=x"])
def test_a_wrong_filter_is_a_400_that_names_it(world, query):
    # Arrange
    _, token = issue(world.province)

    # Act
    response = token_client(token).get(f"/api/v1/initiatives/?{query}")

    # Assert
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_the_other_lists_filter_too(world, records):
    # Arrange
    _, token = issue(world.province)
    http = token_client(token)

    def rows(url: str) -> set[int]:
        return {row["id"] for row in http.get(url).json()["results"]}

    # Act / Assert
    assert rows(f"/api/v1/units/?parent={world.commune.pk}") == {world.hamlet.pk}
    assert rows(f"/api/v1/units/?unit={world.other_commune.pk}") == {world.other_commune.pk, world.other_hamlet.pk}
    assert rows("/api/v1/campaigns/?state=draft") == set()  # a client never reads drafts
    assert rows(f"/api/v1/campaigns/?year={world.campaign.year}") == {world.campaign.pk}
    assert rows("/api/v1/decisions/?level=commune") == {records.ours.decision_id}
    assert rows("/api/v1/decisions/?level=province") == set()
    assert rows(f"/api/v1/commendations/?initiative={records.theirs.pk}") == set()
    assert rows(f"/api/v1/commendations/?unit={world.commune.pk}") == {records.commendation.pk}
    assert http.get(f"/api/v1/summary/?year={world.campaign.year - 1}").json()["total"] == 0


# ----- cursor pagination -------------------------------------------------------------------------------
def test_the_cursor_walks_every_row_once_newest_first(world):
    # Arrange
    _, token = issue(world.province)
    made = [InitiativeFactory(campaign=world.campaign, unit=world.hamlet).pk for _ in range(5)]
    http = token_client(token)

    # Act
    seen, url = [], "/api/v1/initiatives/?page_size=2"
    while url:
        page = http.get(url).json()
        assert "count" not in page
        seen += [row["id"] for row in page["results"]]
        url = page["next"]

    # Assert
    assert seen == list(reversed(made))


def test_a_merged_unit_names_the_units_it_was_formed_from(world):
    # Arrange
    merged = UnitFactory(name="Xã hợp nhất", kind=UnitKind.COMMUNE, parent=world.province)
    merged.predecessors.add(world.commune, world.other_commune)
    _, token = issue(world.province)

    # Act
    body = token_client(token).get(f"/api/v1/units/{merged.pk}/").json()

    # Assert
    assert sorted(body["predecessors"]) == sorted([world.commune.pk, world.other_commune.pk])
