"""Integration clients: tokens stored hashed and shown once, per-client rate limits, every call logged."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from models_registry.api.models import ApiCall, ApiClient, hash_token
from tests.models_registry.api.conftest import issue, session_client, token_client

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_client_and_sees_its_token_once(world):
    # Arrange
    admin = session_client(world.admin)

    # Act
    response = admin.post(
        "/admin/api/apiclient/add/",
        {"name": "Cổng tích hợp quốc gia", "unit": world.province.pk, "active": "on", "rate": "500/hour"},
        follow=True,
    )

    # Assert
    api_client = ApiClient.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request)] + [response.content.decode()]
    token = next(word for text in shown for word in text.split() if word.startswith("dvk_"))
    assert api_client.token_hash == hash_token(token)
    assert token not in str(ApiClient.objects.values().get())
    assert token_client(token).get("/api/v1/units/").status_code == 200
    assert token not in admin.get(f"/admin/api/apiclient/{api_client.pk}/change/").content.decode()


def test_renewing_a_token_revokes_the_old_one(world):
    # Arrange
    api_client, old = issue(world.province)
    admin = session_client(world.admin)

    # Act
    admin.post("/admin/api/apiclient/", {"action": "renew_tokens", "_selected_action": [api_client.pk]}, follow=True)

    # Assert
    assert token_client(old).get("/api/v1/units/").status_code == 401


def test_committee_staff_with_admin_access_cannot_manage_clients(world):
    # Arrange
    chair = session_client(world.chair)  # is_staff: the chair enters the admin

    # Act
    response = chair.get("/admin/api/apiclient/")

    # Assert
    assert response.status_code == 403


def test_a_client_is_throttled_at_its_own_rate_and_others_are_not(world):
    # Arrange
    _, slow = issue(world.province, rate="2/minute")
    _, other = issue(world.province, name="Hệ thống khác")
    http = token_client(slow)

    # Act
    statuses = [http.get("/api/v1/units/").status_code for _ in range(3)]
    other_status = token_client(other).get("/api/v1/units/").status_code

    # Assert
    assert statuses == [200, 200, 429]
    assert other_status == 200


def test_every_call_is_logged_with_its_client_or_user_and_status(client, world):
    # Arrange
    api_client, token = issue(world.province)

    # Act
    token_client(token).get("/api/v1/units/?parent=1")
    session_client(world.staff).get("/api/v1/initiatives/")
    client.get("/api/v1/initiatives/")
    token_client(token).post("/api/v1/units/")

    # Assert
    calls = list(ApiCall.objects.order_by("id").values_list("client", "user", "method", "path", "query", "status"))
    assert calls == [
        (api_client.pk, None, "GET", "/api/v1/units/", "parent=1", 200),
        (None, world.staff.pk, "GET", "/api/v1/initiatives/", "", 200),
        (None, None, "GET", "/api/v1/initiatives/", "", 401),
        (api_client.pk, None, "POST", "/api/v1/units/", "", 405),
    ]


def test_a_throttled_call_is_logged_too(world):
    # Arrange
    api_client, token = issue(world.province, rate="1/minute")
    http = token_client(token)

    # Act
    http.get("/api/v1/units/")
    http.get("/api/v1/units/")

    # Assert
    assert list(ApiCall.objects.filter(client=api_client).order_by("id").values_list("status", flat=True)) == [200, 429]
