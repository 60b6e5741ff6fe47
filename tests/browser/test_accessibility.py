"""axe-core finds no serious or critical accessibility violation on any main page of any role.

axe-core is vendored (`static/vendor/axe-core`) and injected into each page after it loads; every rule
runs (none is disabled), and moderate or minor findings are left to people to judge.
"""

from __future__ import annotations

import pytest

from .quality_fixtures import (
    ROLES,
    axe_violations,
    build_crawl_data,
    format_violations,
    missing_pages_note,
    new_context,
    pages_for,
    resolve,
)

# serialized_rollback: the live server needs a flushed database after each test, and the fields seeded by
# a data migration must come back for the next test.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("role", ROLES)
def test_no_main_page_of_the_role_has_a_serious_or_critical_axe_violation(role, world, live_server, browser):
    # Arrange
    data = build_crawl_data(world)
    context = new_context(browser, live_server.url, data.user(role))
    tab = context.new_page()
    found, missing, broken, checked = {}, [], [], 0

    # Act
    try:
        for page in pages_for(role):
            url = resolve(page, data)
            if url is None:
                missing.append(page)
                continue
            response = tab.goto(url)
            if response is None or response.status != page.status:
                broken.append(f"{page.slug} ({url}) answered {response and response.status}")
                continue
            checked += 1
            violations = axe_violations(tab)
            if violations:
                found[f"{page.slug} ({url})"] = violations
    finally:
        context.close()

    # Assert
    if missing:  # a renamed or removed URL must not silently drop a page from the check
        broken.append(missing_pages_note(missing))
    report = format_violations(found)
    if broken:
        report += "\npages that did not open:\n" + "\n".join(broken)
    assert checked, f"no page of {role} could be checked"
    assert not found and not broken, f"{role}: serious or critical accessibility violations:\n{report}"
