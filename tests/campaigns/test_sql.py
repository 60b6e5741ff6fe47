"""`in_campaigns`: the same rows as the join, in a shape PostgreSQL can scan in parallel; `read_together`:
several reads in one round trip, each part's rows as its own read gives them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, F

from campaigns.models import Campaign, CampaignState
from campaigns.sql import in_campaigns, read_together
from models_registry.models import Initiative
from tests.factories import CampaignFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_in_campaigns_keeps_exactly_the_rows_of_the_join(world):
    other_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year + 1)
    mine = [world.initiative("submitted"), world.initiative("draft")]
    InitiativeFactory(campaign=other_year, unit=world.hamlet)

    chosen = in_campaigns(Initiative.objects.all(), Campaign.objects.filter(year=world.campaign.year))

    assert sorted(chosen.values_list("pk", flat=True)) == sorted(i.pk for i in mine)
    assert set(chosen) == set(Initiative.objects.filter(campaign__year=world.campaign.year))


def test_in_campaigns_with_no_matching_campaign_is_empty(world):
    world.initiative("submitted")

    assert not in_campaigns(Initiative.objects.all(), Campaign.objects.filter(state=CampaignState.SUMMARIZED)).exists()


def test_in_campaigns_composes_with_other_filters_and_aggregates(world):
    world.initiative("submitted")
    world.initiative("approved")

    counts = dict(
        in_campaigns(Initiative.objects.filter(state="approved"), Campaign.objects.all())
        .values_list("state")
        .annotate(n=Count("id"))
    )

    assert counts == {"approved": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the ARRAY form is PostgreSQL's")
def test_on_postgresql_the_campaign_ids_are_an_array_evaluated_once():
    sql = str(in_campaigns(Initiative.objects.all(), Campaign.objects.filter(year=2026)).query)

    assert "= ANY(ARRAY((SELECT" in sql
    assert "JOIN" not in sql


def test_not_summarized_keeps_drafts_and_launched_campaigns(world):
    summarized = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    Campaign.objects.filter(pk=summarized.pk).update(state=CampaignState.SUMMARIZED)

    kept = set(Campaign.objects.not_summarized())

    assert world.campaign in kept
    assert summarized not in kept


# ----- read_together ---------------------------------------------------------------------------
def test_read_together_returns_each_parts_rows_as_separate_reads_would_in_one_query(world, django_assert_num_queries):
    world.initiative("submitted", name="Một")
    world.initiative("submitted", name="Hai")
    world.initiative("draft", name="Ba")
    grouped = Initiative.objects.order_by().values("state").annotate(n=Count("id"))
    plain = Campaign.objects.values("id", "name", "year")
    with_expression = Initiative.objects.values(unit_path=F("unit__path")).annotate(n=Count("id"))

    with django_assert_num_queries(1):
        parts = read_together(grouped, plain, with_expression)

    assert [sorted(part, key=repr) for part in parts] == [
        sorted(qs, key=repr) for qs in (grouped, plain, with_expression)
    ]
    assert sorted((r["state"], r["n"]) for r in parts[0]) == [("draft", 1), ("submitted", 2)]


def test_read_together_keeps_types_nulls_and_an_empty_part_apart(world):
    world.initiative("submitted")
    empty = Initiative.objects.none().values("id")
    rows = Campaign.objects.values("id", "name", "requires_inspection", "launched_at")

    first, second = read_together(empty.filter(pk=-1), rows)

    assert first == []
    (campaign,) = second
    assert campaign["id"] == world.campaign.pk and isinstance(campaign["id"], int)
    assert campaign["name"] == world.campaign.name  # Vietnamese text comes back as written
    # SQLite's JSON has no booleans: a caller that needs one says bool().
    assert bool(campaign["requires_inspection"]) is world.campaign.requires_inspection
    assert "launched_at" in campaign


def test_read_together_of_nothing_is_nothing():
    assert read_together() == []
