"""Open data: recognized initiatives as JSON and CSV, without login, cached, with the showcase's fields only."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from models_registry.api.serializers import OPEN_FIELDS
from models_registry.models import Initiative

pytestmark = pytest.mark.django_db

PRIVATE = "Nguyễn Văn Liên Hệ 0909 123 456"


@pytest.fixture
def published(world, records):
    # Contact details and the unit's own notes are not for the public, whatever the format.
    Initiative.objects.filter(pk=records.ours.pk).update(
        contact=PRIVATE, address=PRIVATE, advantages=PRIVATE, difficulties=PRIVATE
    )
    records.commendation.__class__.objects.filter(pk=records.commendation.pk).update(recipient=PRIVATE)
    return records


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_an_anonymous_visitor_reads_the_recognized_initiatives_as_json(client, published):
    # Act
    response = client.get("/api/v1/open/initiatives/")

    # Assert
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [published.ours.pk]
    assert list(rows[0]) == list(OPEN_FIELDS)
    assert rows[0]["commendations"] == [
        {
            "kind": "certificate_of_merit",
            "authority": "UBND tỉnh",
            "decision_number": "123/QĐ-UBND",
            "decided_on": published.commendation.decided_on.isoformat(),
        }
    ]
    assert PRIVATE not in response.content.decode()


def test_the_open_fields_are_what_the_showcase_shows(client, published):
    # Arrange
    page = client.get(reverse("showcase:detail", args=[published.ours.pk])).content.decode()

    # Act
    row = client.get("/api/v1/open/initiatives/").json()["results"][0]

    # Assert
    for name in ("name", "unit", "field", "area", "campaign", "decision_number", "purpose", "goals", "solutions"):
        assert str(row[name]) in page, name
    for name in ("contact", "address", "advantages", "difficulties", "plan_note", "state", "recipient"):
        assert name not in row


def test_the_open_json_is_public_in_shared_caches_and_served_from_the_cache(client, published):
    # Arrange
    first = client.get("/api/v1/open/initiatives/")
    Initiative.objects.filter(pk=published.ours.pk).update(name="Tên mới")

    # Act
    with CaptureQueriesContext(connection) as queries:
        second = Client().get("/api/v1/open/initiatives/")

    # Assert
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert not first.cookies
    assert len(queries) == 0
    assert second.json() == first.json()


def test_an_anonymous_visitor_downloads_the_recognized_initiatives_as_csv(client, published):
    # Act
    response = client.get("/api/v1/open/initiatives.csv")

    # Assert
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "public" in response["Cache-Control"]
    rows = read_csv(response)
    assert [int(row["id"]) for row in rows] == [published.ours.pk]
    assert list(rows[0]) == list(OPEN_FIELDS)
    assert "UBND tỉnh" in rows[0]["commendations"]
    assert PRIVATE not in str(rows)


def test_open_data_filters_by_year_and_field(client, world, published):
    # Act
    this_year = client.get(f"/api/v1/open/initiatives/?year={world.campaign.year}").json()["results"]
    last_year = client.get(f"/api/v1/open/initiatives/?year={world.campaign.year - 1}").json()["results"]
    other_field = read_csv(client.get(f"/api/v1/open/initiatives.csv?field={published.ours.field_id + 1000}"))
    wrong = client.get("/api/v1/open/initiatives.csv?year=abc")

    # Assert
    assert [row["id"] for row in this_year] == [published.ours.pk]
    assert last_year == []
    assert other_field == []
    assert wrong.status_code == 400
