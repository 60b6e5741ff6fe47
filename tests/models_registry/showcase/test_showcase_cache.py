"""Public showcase pages are safe in a shared cache: no CSRF token, no cookie, and the language switch needs neither."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse

from models_registry.showcase.views import _cache_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client() -> Client:
    # The default test client skips CSRF checks; this one refuses a POST without a token as a browser would be.
    return Client(enforce_csrf_checks=True)


def showcase_urls(world) -> list[str]:
    initiative = world.initiative("recognized")
    return [reverse("showcase:index"), reverse("showcase:detail", args=[initiative.pk])]


def switch(client: Client, language: str, next_url: str, **headers):
    return client.post(reverse("set_language"), {"language": language, "next": next_url}, headers=headers)


def test_anonymous_showcase_pages_are_public_without_a_csrf_token_or_a_cookie(strict_client, world):
    # Arrange
    urls = showcase_urls(world)

    # Act
    responses = [strict_client.get(url) for url in urls]

    # Assert
    for url, response in zip(urls, responses, strict=True):
        assert response.status_code == 200
        assert "public" in response["Cache-Control"], url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert not response.has_header("Set-Cookie")
    assert settings.CSRF_COOKIE_NAME not in strict_client.cookies


def test_an_anonymous_visitor_switches_to_english_and_back_without_a_token(strict_client, world):
    # Arrange
    index, detail = showcase_urls(world)

    # Act
    to_english = switch(strict_client, "en", detail)
    english = strict_client.get(detail)
    to_vietnamese = switch(strict_client, "vi", index)
    vietnamese = strict_client.get(index)

    # Assert
    assert to_english.status_code == 302 and to_english["Location"] == detail
    assert '<html lang="en"' in english.content.decode()
    assert "public" in english["Cache-Control"] and not english.cookies
    assert to_vietnamese.status_code == 302 and to_vietnamese["Location"] == index
    assert '<html lang="vi"' in vietnamese.content.decode()
    assert strict_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"


def test_a_logged_in_user_switches_language_both_ways_without_a_token(strict_client, world):
    # Arrange
    strict_client.force_login(world.staff)
    home = reverse("staff:home")

    # Act
    to_english = switch(strict_client, "en", home)
    english = strict_client.get(home).content.decode()
    to_vietnamese = switch(strict_client, "vi", home)
    vietnamese = strict_client.get(home).content.decode()

    # Assert
    assert to_english.status_code == to_vietnamese.status_code == 302
    assert '<html lang="en"' in english
    assert '<html lang="vi"' in vietnamese
    assert "csrfmiddlewaretoken" in vietnamese  # the logout form keeps its token on private pages


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/showcase/", "javascript:alert(1)"])
def test_the_switch_refuses_to_redirect_to_another_host(strict_client, target):
    # Act
    response = switch(strict_client, "en", target)

    # Assert
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert strict_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_post_another_site_makes_does_not_change_the_language(strict_client):
    # Act: browsers mark a form another site submits with Sec-Fetch-Site: cross-site.
    response = switch(strict_client, "en", "/", sec_fetch_site="cross-site")

    # Assert
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_showcase_page_that_asked_for_a_csrf_token_is_not_sent_public(rf):
    # Arrange: a future form on the page would make the CSRF middleware set its cookie on the response.
    request = rf.get("/showcase/")
    request.user = AnonymousUser()
    get_token(request)

    # Act
    response = _cache_headers(request, HttpResponse())

    # Assert
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
