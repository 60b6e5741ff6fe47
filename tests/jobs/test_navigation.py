"""Every signed-in person finds "Tệp đã xuất" in their menu, whatever their role; visitors do not."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


def _menu_link(response) -> re.Match | None:
    return re.search(
        r'<a class="dropdown-item[^"]*" [^>]*href="' + reverse("jobs:list") + '"', response.content.decode()
    )


@pytest.mark.parametrize("role", ["staff", "chair", "member", "admin", "outsider"])
def test_every_signed_in_person_has_their_exported_files_in_the_menu(client, world, role):
    client.force_login(getattr(world, role))

    link = _menu_link(client.get(reverse("staff:home"), follow=True))

    assert link is not None and "active" not in link.group(0)


def test_the_link_is_marked_current_on_the_exported_files_pages(client, world):
    client.force_login(world.staff)

    link = _menu_link(client.get(reverse("jobs:list")))

    assert link is not None and 'aria-current="page"' in link.group(0) and "active" in link.group(0)


def test_a_visitor_has_no_such_link(client, db):
    assert _menu_link(client.get(reverse("showcase:index"))) is None
