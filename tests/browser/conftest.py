"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# test itself are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


# Messages Chromium printed about resources the Content-Security-Policy refused, in the current test.
CSP_VIOLATIONS: list[str] = []


def _watch_for_csp_violations(context) -> None:
    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)


@pytest.fixture(autouse=True)
def _no_csp_violations():
    """Fail a browser test whose pages had a script, a style or an image refused by the CSP."""
    CSP_VIOLATIONS.clear()
    yield
    assert not CSP_VIOLATIONS, "Content-Security-Policy violations:\n" + "\n".join(CSP_VIOLATIONS)


@pytest.fixture(scope="session")
def _serialized_db_contents(django_db_setup, django_db_blocker):
    """The test database's serialized contents, read before Playwright starts (see `browser`)."""
    from django.db import connections

    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


@pytest.fixture(scope="session")
def browser(_serialized_db_contents, playwright):
    """Launch Debian's Chromium once for the session (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    # Every context a test opens reports CSP violations (see `_no_csp_violations`).
    open_context = instance.new_context

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        _watch_for_csp_violations(context)
        return context

    instance.new_context = new_context
    # Once Playwright runs, Django's `connections` (context-local) hands out new connection
    # objects that lack the serialized contents; without them `serialized_rollback` cannot
    # restore the seeded rows (fields) after a transactional test's flush.
    from django.db import connections

    for alias, contents in _serialized_db_contents.items():
        if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents
    yield instance
    instance.close()


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Log in through the login page, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_url(f"{base_url}/")
