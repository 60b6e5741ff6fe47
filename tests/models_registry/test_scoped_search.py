"""A search by someone who sees a few units starts from those units (issue 16, "scoped search").

The province's search keeps the trigram index (LIKE); a commune's or a hamlet's is matched with STRPOS on
its own rows, which the index cannot serve, so PostgreSQL does not gather every match of the province to
keep a handful. Both must find exactly the same initiatives.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.access import forget_scope, scope
from models_registry.models import Initiative
from tests.factories import InitiativeFactory

# The search column compared with LIKE (PostgreSQL writes `"search_text"::text LIKE`).
TEXT_LIKE = re.compile(r'search_text"(::text)?\s+LIKE', re.I)
NAME = "Dân vận khéo trong xây dựng đường giao thông nông thôn"


@pytest.fixture
def initiatives(world):
    return [
        InitiativeFactory(campaign=world.campaign, unit=world.hamlet, name=NAME),
        InitiativeFactory(campaign=world.campaign, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm"),
        InitiativeFactory(campaign=world.campaign, unit=world.other_hamlet, name=NAME),
    ]


@pytest.mark.parametrize(
    ("who", "narrow"),
    [("staff", True), ("member", True), ("chair", False), ("secretary", False), ("admin", False), ("outsider", True)],
)
def test_only_those_who_see_below_the_province_have_a_narrow_scope(world, who, narrow):
    user = getattr(world, who)
    forget_scope(user)

    assert scope(user).is_narrow is narrow


@pytest.mark.parametrize("query", ["dan van kheo", "ĐƯỜNG giao", "tiet kiem", "dan camera", "  "])
def test_a_scoped_search_finds_exactly_what_the_unscoped_one_finds(world, initiatives, query):
    mine = Initiative.objects.visible_to(world.staff)

    scoped = set(mine.search(query, scoped=True))
    unscoped = set(mine.search(query))

    assert scoped == unscoped


def test_a_hamlets_staff_search_lists_its_own_match_and_matches_words_without_like(client, world, initiatives):
    client.force_login(world.staff)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:initiative_list"), {"q": "dan van kheo"})

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [initiatives[0]]
    listing = [q["sql"] for q in queries if "search_text" in q["sql"]]
    assert listing and not any(TEXT_LIKE.search(sql) for sql in listing)
    assert all(re.search(r"STRPOS|INSTR", sql, re.I) for sql in listing)


def test_the_province_chairs_search_keeps_the_trigram_index(client, world, initiatives):
    client.force_login(world.chair)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff:initiative_list"), {"q": "dan van kheo"})

    assert response.status_code == 200
    assert set(response.context["page"].object_list) == {initiatives[0], initiatives[2]}
    assert any(TEXT_LIKE.search(q["sql"]) for q in queries)
