"""Every page names its icon, so browsers stop asking for a /favicon.ico that answers 404."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_link_the_svg_icon_that_the_static_files_hold(client):
    html = client.get(reverse("login")).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg' in html
    icon = finders.find("img/favicon.svg")
    assert icon is not None
    with open(icon, encoding="utf-8") as f:
        assert f.read().startswith("<svg")
