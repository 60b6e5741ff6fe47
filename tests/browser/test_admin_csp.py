"""Django's admin works under DVK's Content-Security-Policy: its forms, widgets and lists raise no CSP error.

The CSP check itself is the `_no_csp_violations` fixture (tests/browser/conftest.py); this test
opens the admin pages whose widgets use scripts and styles (autocomplete, calendars, inlines,
date hierarchies, the lockout list) and uses a few of them.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from .quality_fixtures import new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_forms_and_lists_work_under_the_content_security_policy(world, live_server, browser):
    # Arrange
    initiative = world.initiative("submitted")
    urls = [
        reverse("admin:models_registry_initiative_change", args=[initiative.pk]),
        reverse("admin:campaigns_campaign_add"),
        reverse("admin:campaigns_campaign_changelist"),
        reverse("admin:campaigns_unit_add"),
        reverse("admin:auth_user_change", args=[world.staff.pk]),
        reverse("admin:models_registry_inspection_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
    ]
    context = new_context(browser, live_server.url, world.admin)
    tab = context.new_page()
    statuses = {}

    # Act
    try:
        for url in urls:
            statuses[url] = tab.goto(url).status
        tab.goto(reverse("admin:campaigns_unit_add"))
        tab.locator(".select2-selection").first.click()  # the autocomplete asks the server and lists units
        tab.locator(".select2-results__option").first.wait_for()
        tab.goto(reverse("admin:campaigns_campaign_add"))
        tab.locator(".datetimeshortcuts a").first.click()  # "Today"
        tab.wait_for_timeout(300)
    finally:
        context.close()

    # Assert
    assert statuses == dict.fromkeys(urls, 200)
