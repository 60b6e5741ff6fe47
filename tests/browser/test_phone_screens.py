"""Every main page fits a 375×812 phone without horizontal scrolling; screenshots of both sizes are saved.

axe-core also runs at phone size: tables that scroll sideways and collapsed menus only exist there.

The screenshots go to `test-artifacts/screenshots/<role>-<page>-<width>x<height>.png` (named in the
README) so that a person can look at every page as a commune official on a phone would see it.
"""

from __future__ import annotations

import io

import pytest

from .quality_fixtures import (
    DESKTOP,
    PHONE,
    ROLES,
    SCREENSHOTS,
    axe_violations,
    build_crawl_data,
    format_violations,
    horizontal_overflow,
    missing_pages_note,
    new_context,
    pages_for,
    resolve,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def screenshot_path(slug: str, size: dict):
    return SCREENSHOTS / f"{slug}-{size['width']}x{size['height']}.png"


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_of_the_role_fit_a_phone_without_horizontal_scrolling_or_axe_violations(
    role, world, live_server, browser
):
    # Arrange
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    data = build_crawl_data(world)
    context = new_context(browser, live_server.url, data.user(role))
    tab = context.new_page()
    too_wide, found, missing, broken, checked = [], {}, [], [], 0

    # Act
    try:
        for page in pages_for(role):
            url = resolve(page, data)
            if url is None:
                missing.append(page)
                continue
            tab.set_viewport_size(DESKTOP)
            response = tab.goto(url)
            if response is None or response.status != page.status:
                broken.append(f"{page.slug} ({url}) answered {response and response.status}")
                continue
            tab.screenshot(path=screenshot_path(page.slug, DESKTOP), full_page=True)
            tab.set_viewport_size(PHONE)
            tab.goto(url)
            overflow = horizontal_overflow(tab)
            tab.screenshot(path=screenshot_path(page.slug, PHONE), full_page=True)
            violations = axe_violations(tab)
            if violations:
                found[f"{page.slug} ({url})"] = violations
            checked += 1
            if overflow["scrollWidth"] > PHONE["width"]:
                too_wide.append(
                    f"{page.slug} ({url}): {overflow['scrollWidth']}px wide; sticking out: "
                    + "; ".join(overflow["culprits"])
                )
    finally:
        context.close()

    # Assert
    if missing:  # a renamed or removed URL must not silently drop a page from the check
        broken.append(missing_pages_note(missing))
    report = "\n".join(too_wide)
    if found:
        report += "\naccessibility at phone size:\n" + format_violations(found)
    if broken:
        report += "\npages that did not open:\n" + "\n".join(broken)
    assert checked, f"no page of {role} could be checked"
    assert not too_wide and not found and not broken, (
        f"{role}: pages that do not suit a {PHONE['width']}px phone:\n{report}"
    )


DEMO_PAGES = [
    ("staff", "staff:home"),
    ("staff", "staff:initiative_list"),
    ("member", "committee:home"),
    ("chair", "committee:recognition"),
    ("chair", "reports:summary"),
    (None, "showcase:index"),
]


def test_the_demo_province_pages_fit_a_phone_with_real_names_and_long_lists(live_server, browser):
    # Real names are long ("Mô hình “…” của Chi hội Phụ nữ ấp …") and lists have hundreds of rows.
    # Arrange
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    call_command("seed_demo", "--force", stdout=io.StringIO())
    users = get_user_model().objects.in_bulk(["staff", "member", "chair"], field_name="username")
    too_wide, found, broken = [], {}, []

    # Act
    for username in ("staff", "member", "chair", None):
        context = new_context(browser, live_server.url, users.get(username), viewport=PHONE)
        tab = context.new_page()
        try:
            for _, url_name in [p for p in DEMO_PAGES if p[0] == username]:
                url, slug = reverse(url_name), f"demo-{username or 'anonymous'}-{url_name.replace(':', '-')}"
                response = tab.goto(url)
                if response is None or response.status != 200:
                    broken.append(f"{slug} ({url}) answered {response and response.status}")
                    continue
                overflow = horizontal_overflow(tab)
                tab.screenshot(path=screenshot_path(slug, PHONE), full_page=True)
                if overflow["scrollWidth"] > PHONE["width"]:
                    too_wide.append(f"{slug} ({url}): {overflow['scrollWidth']}px; " + "; ".join(overflow["culprits"]))
                violations = axe_violations(tab)
                if violations:
                    found[f"{slug} ({url})"] = violations
        finally:
            context.close()

    # Assert
    report = "\n".join(too_wide + broken)
    if found:
        report += "\naccessibility at phone size:\n" + format_violations(found)
    assert not too_wide and not found and not broken, f"demo province on a {PHONE['width']}px phone:\n{report}"
