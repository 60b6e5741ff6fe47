"""The admin's autocomplete names each unit with the unit above it (hamlets share names)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

UNIT_SEARCH = "?app_label=models_registry&model_name=initiative&field_name=unit"


def test_two_hamlets_of_the_same_name_are_told_apart_by_their_commune(client, world):
    first = UnitFactory(name="Ấp 1", kind="hamlet", parent=world.commune)
    second = UnitFactory(name="Ấp 1", kind="hamlet", parent=world.other_commune)
    client.force_login(world.admin)

    response = client.get(reverse("admin:autocomplete") + UNIT_SEARCH + "&term=ap+1")

    texts = {row["id"]: row["text"] for row in response.json()["results"]}
    assert texts[str(first.pk)] == f"Ấp 1 — {world.commune.name}"
    assert texts[str(second.pk)] == f"Ấp 1 — {world.other_commune.name}"


def test_a_unit_without_parent_keeps_its_bare_name(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("admin:autocomplete") + UNIT_SEARCH + "&term=" + world.province.name[:6])

    texts = {row["id"]: row["text"] for row in response.json()["results"]}
    assert texts[str(world.province.pk)] == world.province.name


def test_the_parents_come_in_the_same_query_whatever_the_number_of_results(client, world):
    for n in range(4):
        UnitFactory(name=f"Ấp {n}", kind="hamlet", parent=world.commune)
    client.force_login(world.admin)
    client.get(reverse("admin:autocomplete") + UNIT_SEARCH + "&term=ap")  # warm the session

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("admin:autocomplete") + UNIT_SEARCH + "&term=ap+1")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("admin:autocomplete") + UNIT_SEARCH + "&term=ap")

    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_the_autocomplete_is_refused_outside_the_admin(client, world, who):
    if who == "staff":
        client.force_login(world.staff)

    response = client.get(reverse("admin:autocomplete") + UNIT_SEARCH + "&term=ap")

    assert response.status_code in (302, 403)
    assert "results" not in response.content.decode()
