"""A NUL character in a search (a crafted link) is a separator, not a server error on PostgreSQL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from models_registry.models import Initiative

pytestmark = pytest.mark.django_db


def test_the_search_treats_a_nul_as_a_space(world):
    found = world.initiative("submitted", name="Tổ an ninh tự quản")

    assert list(Initiative.objects.search("an\x00ninh")) == [found]


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("staff", "staff:initiative_list"),
        ("admin", "admin:models_registry_initiative_changelist"),
    ],
)
def test_list_pages_searched_with_a_nul_answer(client, world, who, url):
    world.initiative("submitted", name="Tổ an ninh tự quản")
    client.force_login(getattr(world, who))

    response = client.get(reverse(url), {"q": "an\x00ninh"})

    assert response.status_code == 200
