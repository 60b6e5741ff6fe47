"""The admin is the administrators' tool: nobody else is led there from the menu or the committee's pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Every demo role but the administrator (the committee's accounts hold admin rights, as seed_demo gives them).
ROLES = ("chair", "secretary", "member", "staff", "staff2")
LINK = re.compile(r'(?:href|action|formaction)="([^"]*)"')


def pages_of(world) -> list[str]:
    submitted = world.initiative("submitted")
    requested = world.initiative("recognition_requested")
    return [
        reverse("staff:home"),
        reverse("staff:initiative_list"),
        reverse("committee:home"),
        reverse("committee:recognition"),
        reverse("committee:due_inspections"),
        submitted.get_absolute_url(),
        requested.get_absolute_url(),
        reverse("committee:appraise", args=[submitted.pk]),
        reverse("committee:act", args=[submitted.pk, "return_for_revision"]),
        reverse("committee:score", args=[requested.pk]),
        reverse("committee:inspection_list", args=[requested.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_no_link_of_a_non_administrator_points_into_the_admin(client, world, role):
    urls = pages_of(world)
    client.force_login(getattr(world, role))
    admin_root = reverse("admin:index")
    checked = 0

    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue  # a page this role may not open has no links to follow
        checked += 1
        into_admin = [link for link in LINK.findall(response.content.decode()) if link.startswith(admin_root)]

        assert into_admin == [], (role, url, into_admin)
    assert checked >= 2, role  # at least the home page and the list


def test_the_administrator_keeps_the_admin_in_the_menu(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("committee:home"))

    assert f'href="{reverse("admin:index")}"' in response.content.decode()


# ----- what the committee reads once the work is done, from the record's page ---------------------
@pytest.mark.parametrize("state", ["recognized", "not_recognized"])
def test_a_member_reaches_the_inspections_and_score_sheets_of_a_closed_record_from_its_page(client, world, state):
    initiative = world.initiative(state)
    client.force_login(world.member)

    html = client.get(initiative.get_absolute_url()).content.decode()
    inspections = client.get(reverse("committee:inspection_list", args=[initiative.pk]))
    sheets = client.get(reverse("committee:score", args=[initiative.pk]))

    assert reverse("committee:inspection_list", args=[initiative.pk]) in html
    assert reverse("committee:score", args=[initiative.pk]) in html
    assert inspections.status_code == 200 and sheets.status_code == 200


def test_the_chair_reaches_the_decision_from_the_records_page(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    html = client.get(initiative.get_absolute_url()).content.decode()

    assert reverse("committee:decision_detail", args=[initiative.decision_id]) in html
    assert client.get(reverse("committee:decision_detail", args=[initiative.decision_id])).status_code == 200


def test_unit_staff_get_no_committee_links_on_their_record(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.staff)

    html = client.get(initiative.get_absolute_url()).content.decode()

    assert reverse("committee:inspection_list", args=[initiative.pk]) not in html
    assert reverse("committee:decision_detail", args=[initiative.decision_id]) not in html
