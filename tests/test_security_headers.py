"""Browser-side hardening (issue 20): CSP on every response, Permissions-Policy, private caching, cookie flags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.campaigns.test_settings import manage, production_env
from tests.conftest import png_file
from tests.jobs.helpers import export

BASE_DIR = Path(__file__).resolve().parents[1]
# Rendered by WeasyPrint into a PDF, never served to a browser.
NOT_SERVED = {"models_registry/reports/pdf"}


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/showcase/", "/no-such-page/"])
def test_every_anonymous_response_has_a_csp_without_inline_code_and_a_permissions_policy(client, url):
    # Act
    response = client.get(url)

    # Assert
    directives = _csp(response)
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "camera=()" in response["Permissions-Policy"]


def test_a_logged_in_page_is_private_and_never_stored(client, world):
    # Arrange
    client.force_login(world.staff)

    # Act
    response = client.get(reverse("staff:home"))

    # Assert
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" in response


def test_the_showcase_seen_by_a_logged_in_user_is_private_and_never_stored(client, world):
    # Arrange
    client.force_login(world.staff)

    # Act
    response = client.get(reverse("showcase:index"))

    # Assert
    assert response["Cache-Control"] == "private, no-store"


def test_an_export_download_is_private_and_never_stored(client, world):
    # Arrange
    client.force_login(world.chair)

    # Act
    # An export is a job: the file is downloaded from the job once the worker has written it.
    response = export(client, reverse("reports:export"), {"format": "xlsx", "campaign": world.campaign.pk})

    # Assert
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_evidence_download_is_private_and_never_stored(client, world):
    # Arrange
    from models_registry.evidence import save_attachments

    initiative = world.initiative("draft")
    [attachment], _refused = save_attachments(initiative, [png_file()], world.staff)
    client.force_login(world.staff)

    # Act
    response = client.get(reverse("staff:attachment_download", args=[attachment.pk]))

    # Assert
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_anonymous_showcase_keeps_its_public_cache_headers(client, world):
    # Act
    response = client.get(reverse("showcase:index"))

    # Assert
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_templates_served_to_browsers_have_no_inline_script_or_style():
    # Arrange: json_script's data block is not code, and the CSP lets it be.
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
    inline_style = re.compile(r"<style\b|\sstyle=")
    templates = [
        path
        for path in (BASE_DIR / "templates").rglob("*.html")
        if not any(str(path.relative_to(BASE_DIR / "templates")).startswith(skip) for skip in NOT_SERVED)
    ]

    # Act
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in templates
        if inline_script.search(text := path.read_text()) or inline_style.search(text)
    ]

    # Assert
    assert templates and offenders == []


def test_every_cookie_is_secure_and_http_only_in_production():
    # Arrange
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_HTTPONLY)"
    )

    # Act
    result = manage("shell", "-c", code, **production_env())

    # Assert
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True"] * 6
