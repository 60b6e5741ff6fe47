"""Every main page of every role is valid HTML for the Nu HTML checker (warnings allowed, errors not).

The pages come from Django's test client (no browser needed) and are checked in one Java run.
"""

from __future__ import annotations

import io

from django.test import Client

from .quality_fixtures import (
    PAGES,
    build_crawl_data,
    format_html_errors,
    missing_pages_note,
    resolve,
    validate_html,
    vnu_command,
)


def test_every_main_page_of_every_role_is_valid_html(world, tmp_path):
    # Arrange
    vnu_command()  # skips at once, saying why, when Java or the checker is missing
    data = build_crawl_data(world)
    documents, urls, missing, broken = {}, {}, [], []
    for page in PAGES:
        url = resolve(page, data)
        if url is None:
            missing.append(page)
            continue
        client = Client(raise_request_exception=False)
        user = data.user(page.role)
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code != page.status or "html" not in response.get("Content-Type", ""):
            broken.append(f"{page.slug} ({url}) answered {response.status_code} {response.get('Content-Type')}")
            continue
        documents[page.slug] = response.content
        urls[page.slug] = url

    # Act
    errors = validate_html(documents, tmp_path)

    # Assert
    if missing:  # a renamed or removed URL must not silently drop a page from the check
        broken.append(missing_pages_note(missing))
    assert documents, "no page could be checked"
    report = "\n".join(format_html_errors(name, urls.get(name, "?"), errs) for name, errs in sorted(errors.items()))
    if broken:
        report += "\npages that did not answer with HTML:\n" + "\n".join(broken)
    assert not errors and not broken, f"Nu HTML checker errors on {len(errors)} of {len(documents)} pages:\n{report}"


DEMO_PAGES = {
    "staff": ["staff:home", "staff:initiative_list", "staff:initiative_create", "showcase:index"],
    "member": ["committee:home", "committee:due_inspections", "reports:summary"],
    "chair": [
        "committee:home",
        "committee:recognition",
        "committee:reason_list",
        "committee:reason_create",
        "campaigns:list",
        "reports:summary",
    ],
    "admin": ["admin:index", "admin:models_registry_initiative_changelist"],
}


def test_the_main_pages_filled_with_the_demo_province_are_valid_html(db, tmp_path):
    # The demo province has hundreds of rows, several years, every state: long lists, pagination, charts.
    # Arrange
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse

    from models_registry.models import Initiative

    vnu_command()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    users = get_user_model().objects.in_bulk(list(DEMO_PAGES) + ["staff"], field_name="username")
    urls = {
        f"demo-{role}-{name.replace(':', '-')}": (role, reverse(name))
        for role, names in DEMO_PAGES.items()
        for name in names
    }
    urls["demo-anonymous-showcase-page-2"] = ("anonymous", reverse("showcase:index") + "?page=2")
    for state in ("returned", "approved", "recognized"):
        initiative = Initiative.objects.visible_to(users["staff"]).filter(state=state).order_by("pk").first()
        if initiative is not None:
            urls[f"demo-staff-detail-{state}"] = ("staff", reverse("staff:initiative_detail", args=[initiative.pk]))
    documents, broken = {}, []
    for slug, (role, url) in urls.items():
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(users[role])
        response = client.get(url)
        if response.status_code != 200:
            broken.append(f"{slug} ({url}) answered {response.status_code}")
            continue
        documents[slug] = response.content

    # Act
    errors = validate_html(documents, tmp_path)

    # Assert
    report = "\n".join(format_html_errors(name, urls[name][1], errs) for name, errs in sorted(errors.items()))
    if broken:
        report += "\npages that did not answer 200:\n" + "\n".join(broken)
    assert not errors and not broken, f"demo data: Nu HTML checker errors on {len(errors)} pages:\n{report}"
