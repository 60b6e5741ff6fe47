"""The full list of records for the chair and the secretariat: a menu entry and a unit (subtree) filter."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST = "staff:initiative_list"


def nav(client, user):
    client.force_login(user)
    response = client.get(reverse("staff:home"))
    return {item["label"]: item["url"] for item in response.context["nav_items"] + response.context["nav_more"]}


@pytest.mark.parametrize("who", ["chair", "secretary", "admin"])
def test_the_chair_and_the_secretariat_have_the_full_list_in_the_menu(client, world, who):
    links = nav(client, getattr(world, who))

    assert links.get("Danh sách hồ sơ") == reverse(LIST)
    assert "Mô hình của đơn vị" not in links


def test_unit_staff_keep_their_own_list_under_its_own_name(client, world):
    links = nav(client, world.staff)

    assert links.get("Mô hình của đơn vị") == reverse(LIST)
    assert "Danh sách hồ sơ" not in links


def test_a_plain_committee_member_gets_no_full_list_entry(client, world):
    assert "Danh sách hồ sơ" not in nav(client, world.member)


def ids(response) -> set[int]:
    return {i.pk for i in response.context["page"].object_list}


def test_the_unit_filter_narrows_to_the_unit_and_its_subtree(client, world):
    here = world.initiative("submitted")
    there = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.chair)

    everything = client.get(reverse(LIST))
    commune = client.get(reverse(LIST), {"unit": world.commune.pk})
    other = client.get(reverse(LIST), {"unit": world.other_commune.pk})

    assert ids(everything) == {here.pk, there.pk}
    assert ids(commune) == {here.pk}
    assert ids(other) == {there.pk}
    assert f'value="{world.commune.pk}" selected' in commune.content.decode()


def test_the_unit_filter_offers_only_units_in_the_users_committees(client, world):
    client.force_login(world.member)

    units = client.get(reverse(LIST)).context["form"].fields["unit"].known

    assert world.commune in units and world.hamlet in units
    assert world.other_commune not in units and world.province not in units


def test_a_unit_outside_the_scope_is_refused_and_shows_no_other_units_rows(client, world):
    mine = world.initiative("submitted")
    theirs = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.get(reverse(LIST), {"unit": world.other_commune.pk})

    assert response.status_code == 200
    assert "Đơn vị này không thuộc phạm vi của bạn." in response.content.decode()
    assert theirs.pk not in ids(response)
    assert ids(response) == {mine.pk}


def test_unit_staff_get_no_unit_filter(client, world):
    client.force_login(world.staff)

    form = client.get(reverse(LIST)).context["form"]

    assert "unit" not in form.fields


@pytest.mark.parametrize("rows", [1, 3])
def test_the_chairs_filtered_list_reads_the_same_queries_at_1_and_3_rows(
    client, world, rows, django_assert_num_queries
):
    for _ in range(rows):
        world.initiative("submitted")
    client.force_login(world.chair)
    client.get(reverse(LIST))  # warm the session
    params = {"unit": world.commune.pk, "field": "", "state": "submitted", "kind": "", "campaign": world.campaign.pk}

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse(LIST), params)

    assert len(ids(response)) == rows


# session, user, scope (1), campaigns, fields, the unit choices, the chosen campaign, count, page.
LIST_QUERIES = 9
