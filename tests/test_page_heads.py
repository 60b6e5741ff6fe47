"""A page says its title once (`{% block title %}`); base.html draws it as the `<title>`, the active crumb and the `<h1>`."""

from __future__ import annotations

import re

from django.template import Context, Engine
from django.template.loader import render_to_string

# The project's base.html, with its navigation and messages left out so a template can be rendered alone.
ENGINE = Engine(
    loaders=[
        (
            "django.template.loaders.locmem.Loader",
            {
                "base.html": (
                    "{% load page %}<title>{% block title %}Dân vận khéo{% endblock %}{% block title_subject %}{% endblock %} · DVK</title>"
                    '<ol>{% block breadcrumbs %}{% block home_crumb %}<li class="breadcrumb-item">Trang chủ</li>{% endblock %}'
                    '{% block trail %}{% endblock %}<li class="breadcrumb-item active" aria-current="page">'
                    "{% block crumb %}{% page_title %}{% endblock %}</li>{% endblock %}</ol>"
                    '<main>{% block heading %}<h1 class="{% block heading_class %}h3{% endblock %}">{% page_title %}</h1>{% endblock %}'
                    "{% block content %}{% endblock %}</main>"
                ),
                "campaign.html": (
                    '{% extends "base.html" %}{% block title %}Đợt {{ campaign }}{% endblock %}'
                    "{% block content %}<p>{{ campaign }}</p>{% endblock %}"
                ),
                "list.html": (
                    '{% extends "campaign.html" %}{% load page %}{% block title %}{{ block.super }} (danh sách){% endblock %}'
                    "{% block crumb %}Danh sách{% endblock %}{% block heading %}{% endblock %}"
                    '{% block content %}<div class="d-flex"><h1 class="h3 mb-0">{% page_title %}</h1></div>{% endblock %}'
                ),
                "alone.html": "{% load page %}[{% page_title %}]",
            },
        )
    ],
    libraries={"page": "dvk.templatetags.page"},
)


def _parts(html):
    return (
        re.search(r"<title>(.*?) · DVK</title>", html).group(1),
        re.search(r'aria-current="page">(.*?)</li>', html).group(1),
        re.findall(r"<h1[^>]*>(.*?)</h1>", html),
    )


def test_the_title_crumb_and_heading_of_a_page_say_its_title():
    html = ENGINE.get_template("campaign.html").render(Context({"campaign": "Mùa xuân"}))
    assert _parts(html) == ("Đợt Mùa xuân", "Đợt Mùa xuân", ["Đợt Mùa xuân"])
    assert '<h1 class="h3">' in html


def test_a_page_that_draws_its_own_heading_and_crumb_keeps_them():
    html = ENGINE.get_template("list.html").render(Context({"campaign": "Mùa xuân"}))
    # The most-derived title, its {{ block.super }} included, is the one drawn again.
    assert _parts(html) == ("Đợt Mùa xuân (danh sách)", "Danh sách", ["Đợt Mùa xuân (danh sách)"])
    assert html.count("<h1") == 1
    assert '<div class="d-flex"><h1 class="h3 mb-0">' in html


def test_a_title_holding_a_users_value_is_escaped_once_everywhere():
    name = '<script>alert("x")</script> & Co'
    html = ENGINE.get_template("campaign.html").render(Context({"campaign": name}))
    escaped = "Đợt &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"
    assert _parts(html) == (escaped, escaped, [escaped])
    assert "<script>" not in html
    assert "&amp;lt;" not in html


def test_outside_a_page_that_extends_one_the_title_is_empty():
    assert ENGINE.get_template("alone.html").render(Context()) == "[]"


def test_the_project_pages_draw_their_heads_from_base(rf):
    """A real page: the password-changed notice says its title once and gets all three places from base.html."""
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("registration/password_change_done.html", request=request)
    title, crumb, h1 = _parts(html)
    assert title == "Đã đổi mật khẩu"
    assert crumb == "Đổi mật khẩu"
    assert h1 == ["Đã đổi mật khẩu"]
    assert '<li class="breadcrumb-item"><a href="/">Trang chủ</a></li>' in re.sub(r"\s+", " ", html)


def test_a_page_without_a_trail_empties_the_whole_breadcrumb_nav_not_only_its_list():
    # Emptying `breadcrumbs` alone left an empty <ol> in a <nav> that screen readers announce as a
    # trail with no items (the confirmation page and the queue's refusal did).
    from pathlib import Path

    from django.conf import settings

    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    pages = [p for root in roots for p in root.rglob("*.html")]
    emptied = [
        str(p)
        for p in pages
        if re.search(r"{%\s*block breadcrumbs\s*%}\s*{%\s*endblock", p.read_text(encoding="utf-8"))
    ]

    assert pages
    assert emptied == []
