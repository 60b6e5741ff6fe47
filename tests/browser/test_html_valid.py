"""Every main page of every role is valid HTML for the Nu HTML checker (warnings allowed, errors not).

The pages come from Django's test client (no browser needed) and are checked in one Java run.
"""

from __future__ import annotations

import warnings

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
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            broken.append(f"{page.slug} ({url}) answered {response.status_code} {response.get('Content-Type')}")
            continue
        documents[page.slug] = response.content
        urls[page.slug] = url

    # Act
    errors = validate_html(documents, tmp_path)

    # Assert
    if missing:
        warnings.warn(missing_pages_note(missing), stacklevel=1)
    assert documents, "no page could be checked"
    report = "\n".join(format_html_errors(name, urls.get(name, "?"), errs) for name, errs in sorted(errors.items()))
    if broken:
        report += "\npages that did not answer with HTML:\n" + "\n".join(broken)
    assert not errors and not broken, f"Nu HTML checker errors on {len(errors)} of {len(documents)} pages:\n{report}"
