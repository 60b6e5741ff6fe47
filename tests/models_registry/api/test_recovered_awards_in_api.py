"""An award recovered by its authority, through the API.

The open data shows what the showcase shows, the awards that stand; the authenticated commendation endpoint
keeps every award recorded and says which one was recovered (an integration that synced it must learn it,
not see it vanish), with `recovered_on` and `recovery_number`, read-only and documented in the schema.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from models_registry.models import Commendation, CommendationKind, CommendationLevel
from tests.models_registry.api.conftest import issue, session_client, token_client

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def recovered(world, records) -> Commendation:
    """The fixture's award on `records.ours`, recovered; a second award on it still stands."""
    Commendation.objects.create(
        initiative=records.ours,
        kind=CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
        level=CommendationLevel.CENTRAL,
        authority="Ban Dân vận Trung ương",
        decision_number="77/QĐ-BDVTW",
        decided_on=TODAY,
        recipient="Ấp Phú Hòa",
    )
    records.commendation.recover(
        world.chair, number="30/QĐ-UBND", decided_on=TODAY, reason="Kê khai thành tích không đúng."
    )
    records.commendation.refresh_from_db()
    return records.commendation


def test_the_open_json_leaves_a_recovered_award_out_of_the_initiatives_awards(client, records, recovered):
    # Act
    rows = client.get("/api/v1/open/initiatives/").json()["results"]

    # Assert
    [row] = rows
    assert row["id"] == records.ours.pk
    assert [c["decision_number"] for c in row["commendations"]] == ["77/QĐ-BDVTW"]


def test_the_open_csv_leaves_a_recovered_award_out_of_the_awards_column(client, records, recovered):
    # Act
    response = client.get("/api/v1/open/initiatives.csv")

    # Assert
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = csv.DictReader(io.StringIO(text))
    assert "77/QĐ-BDVTW" in row["commendations"]
    assert "123/QĐ-UBND" not in row["commendations"] and "UBND tỉnh" not in row["commendations"]


def test_the_commendation_endpoint_lists_a_recovered_award_with_its_recovery_and_a_standing_one_without(
    world, records, recovered
):
    # Arrange
    _, token = issue(world.province)

    # Act
    rows = {row["id"]: row for row in token_client(token).get("/api/v1/commendations/").json()["results"]}
    one = token_client(token).get(f"/api/v1/commendations/{recovered.pk}/").json()

    # Assert
    assert len(rows) == 2
    assert (rows[recovered.pk]["recovered_on"], rows[recovered.pk]["recovery_number"]) == (
        TODAY.isoformat(),
        "30/QĐ-UBND",
    )
    assert (one["recovered_on"], one["recovery_number"]) == (TODAY.isoformat(), "30/QĐ-UBND")
    [standing] = (row for pk, row in rows.items() if pk != recovered.pk)
    assert (standing["recovered_on"], standing["recovery_number"]) == (None, "")
    assert "recovery_reason" not in one


def test_a_session_reader_sees_the_recovery_on_the_commendation_endpoint_too(world, records, recovered):
    # Act
    row = session_client(world.chair).get(f"/api/v1/commendations/{recovered.pk}/").json()

    # Assert
    assert (row["recovered_on"], row["recovery_number"]) == (TODAY.isoformat(), "30/QĐ-UBND")


def test_the_schema_documents_the_recovery_fields_of_a_commendation_as_read_only(client):
    # Act
    schema = client.get("/api/v1/schema/?format=json").json()

    # Assert
    properties = schema["components"]["schemas"]["Commendation"]["properties"]
    assert properties["recovered_on"]["readOnly"] and properties["recovered_on"]["nullable"]
    assert properties["recovered_on"]["format"] == "date"
    assert properties["recovery_number"]["readOnly"] and properties["recovery_number"]["type"] == "string"
    assert properties["recovered_on"]["description"] and properties["recovery_number"]["description"]


def test_an_integration_syncing_awards_learns_of_a_recovery_through_changed_since(world, records):
    # Arrange: an integration synced yesterday; the award was recorded a month ago and has not changed since.
    _, token = issue(world.province)
    http = token_client(token)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Commendation.objects.filter(pk=records.commendation.pk).update(created_at=month_ago, updated_at=month_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat().replace("+", "%2B")
    assert http.get(f"/api/v1/commendations/?changed_since={since}").json()["results"] == []

    # Act: the authority recovers it today.
    records.commendation.recover(
        world.chair, number="30/QĐ-UBND", decided_on=TODAY, reason="Kê khai thành tích không đúng."
    )
    rows = http.get(f"/api/v1/commendations/?changed_since={since}").json()["results"]

    # Assert
    [row] = rows
    assert (row["id"], row["recovery_number"], row["recovered_on"]) == (
        records.commendation.pk,
        "30/QĐ-UBND",
        TODAY.isoformat(),
    )
    assert datetime.datetime.fromisoformat(row["updated_at"]) > timezone.now() - datetime.timedelta(minutes=5)


def test_a_corrected_award_is_changed_since_and_a_wrong_changed_since_is_a_400(world, records):
    # Arrange
    _, token = issue(world.province)
    http = token_client(token)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Commendation.objects.filter(pk=records.commendation.pk).update(created_at=month_ago, updated_at=month_ago)
    commendation = Commendation.objects.get(pk=records.commendation.pk)

    # Act: a correction of the recipient's name, saved as the correction page saves it.
    commendation.recipient = "Ấp Phú Hòa (đính chính)"
    commendation.save()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat().replace("+", "%2B")

    # Assert
    assert [row["id"] for row in http.get(f"/api/v1/commendations/?changed_since={since}").json()["results"]] == [
        commendation.pk
    ]
    wrong = http.get("/api/v1/commendations/?changed_since=yesterday")
    assert wrong.status_code == 400 and "changed_since" in wrong.json()


def test_the_schema_documents_changed_since_and_updated_at_of_a_commendation(client):
    # Act
    schema = client.get("/api/v1/schema/?format=json").json()

    # Assert
    properties = schema["components"]["schemas"]["Commendation"]["properties"]
    assert properties["updated_at"]["readOnly"] and properties["updated_at"]["format"] == "date-time"
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/commendations/"]["get"]["parameters"]}
    assert parameters["changed_since"]["schema"]["format"] == "date-time"
    assert parameters["changed_since"]["description"]


def test_the_migration_dates_each_award_by_its_recovery_or_else_its_recording(world, records, recovered):
    """As 0046's AddField left them: every award stamped with the migration's moment."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    month_ago = timezone.now() - datetime.timedelta(days=30)
    standing = Commendation.objects.exclude(pk=recovered.pk).get()
    Commendation.objects.filter(pk=standing.pk).update(created_at=month_ago)
    Commendation.objects.update(updated_at=timezone.now() + datetime.timedelta(days=1))
    migration = importlib.import_module("models_registry.migrations.0046_commendation_updated_at")

    migration.date_from_what_happened(apps, SimpleNamespace(connection=connection))

    standing.refresh_from_db()
    recovered.refresh_from_db()
    assert standing.updated_at == month_ago
    assert recovered.updated_at == recovered.recovery_recorded_at
