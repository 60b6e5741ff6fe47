"""A database blip is invisible to readers (issue 20): a GET that lost its connection runs once more, a POST never."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from dvk import db_retry

CALLS: list[str] = []


@csrf_exempt
def flaky(request, failures: int):
    """Lose the connection on the first `failures` calls, then answer."""
    CALLS.append(request.method)
    if len(CALLS) <= failures:
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse("ok")


urlpatterns = [path("flaky/<int:failures>/", flaky)]


@pytest.fixture(autouse=True)
def _flaky_urls(settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    monkeypatch.setattr(db_retry, "PAUSE_SECONDS", 0)
    CALLS.clear()


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_read_that_lost_its_connection_once_is_answered(client, method):
    # Act
    response = getattr(client, method)("/flaky/1/")

    # Assert
    assert response.status_code == 200
    assert len(CALLS) == 2


def test_a_read_that_fails_twice_is_a_server_error_after_one_retry(client):
    # Act
    response = client.get("/flaky/5/")

    # Assert
    assert response.status_code == 500
    assert len(CALLS) == 2


def test_a_write_that_lost_its_connection_is_never_run_again(client):
    # Act
    response = client.post("/flaky/1/")

    # Assert
    assert response.status_code == 500
    assert CALLS == ["POST"]


@pytest.mark.django_db
def test_a_read_inside_a_transaction_is_not_retried(client):
    # Arrange: the test's own transaction holds the connection, as an outer atomic block would.

    # Act
    response = client.get("/flaky/1/")

    # Assert
    assert response.status_code == 500
    assert len(CALLS) == 1
