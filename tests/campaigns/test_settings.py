"""Production settings: `check --deploy` is clean, and DVK refuses to start half-configured.

Each case runs `manage.py` in a fresh process, because settings are read once at start.
Variables are set explicitly (empty when they must be missing) so that a developer's own
`.env` cannot change the outcome: django-environ never overrides a variable already set.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    environment.update({"DVK_TESTING": "0", "DEBUG": "0"})
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "dvk.vinhlong.gov.vn,www.dvk.vinhlong.gov.vn",
        "CSRF_TRUSTED_ORIGINS": "https://dvk.vinhlong.gov.vn",
        "EMAIL_URL": "smtp://dvk%40vinhlong.gov.vn:secret@mail.vinhlong.gov.vn:587/?tls=True",
        "EMAIL_CONSOLE_OK": "",
    }


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**production_env(), "SECRET_KEY": ""}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**production_env(), "ALLOWED_HOSTS": ""}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_to_start_on_console_mail_unless_told_it_is_meant():
    env = {**production_env(), "EMAIL_URL": ""}

    refused = manage("check", **env)
    allowed = manage("check", **{**env, "EMAIL_CONSOLE_OK": "1"})

    assert refused.returncode != 0
    assert "EMAIL_URL is not set" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr


def test_mail_has_a_timeout():
    assert 0 < settings.EMAIL_TIMEOUT <= 30


def test_development_starts_without_secret_key_or_allowed_hosts():
    result = manage("check", DEBUG="1", SECRET_KEY="", ALLOWED_HOSTS="")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("LANGUAGE_CODE", "vi"),
        ("TIME_ZONE", "Asia/Ho_Chi_Minh"),
        ("USE_TZ", True),
    ],
)
def test_language_and_time_zone_are_vietnamese(name, expected):
    assert getattr(settings, name) == expected


def test_english_is_the_second_language_and_the_locale_middleware_is_on():
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    middleware = settings.MIDDLEWARE
    assert "dvk.language.VietnameseFirstLocaleMiddleware" in middleware
    # LocaleMiddleware must come after sessions and before CommonMiddleware.
    assert (
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
        < middleware.index("dvk.language.VietnameseFirstLocaleMiddleware")
        < middleware.index("django.middleware.common.CommonMiddleware")
    )


def test_connections_are_health_checked_and_static_files_go_through_whitenoise():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_postgresql_connections_run_without_jit_compilation():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        (jit,) = cursor.fetchone()

    assert jit == "off"
