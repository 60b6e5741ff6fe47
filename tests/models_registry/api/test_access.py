"""Who reads what through the API: an access matrix per endpoint, and reading only."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.models_registry.api.conftest import issue, session_client, token_client

pytestmark = pytest.mark.django_db

LISTS = ["initiatives", "units", "campaigns", "decisions", "commendations", "summary"]


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def readers(world) -> dict[str, Client]:
    _, token = issue(world.other_commune, name="Hệ thống phường")
    return {
        "other_subtree_token": token_client(token),
        "staff": session_client(world.staff),
        "committee": session_client(world.member),
        "chair": session_client(world.chair),
        "admin": session_client(world.admin),
    }


@pytest.mark.parametrize("endpoint", LISTS)
def test_an_anonymous_caller_gets_401_on_every_scoped_endpoint(client, world, endpoint):
    # Act
    response = client.get(f"/api/v1/{endpoint}/")

    # Assert
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_unknown_or_revoked_token_gets_401(world):
    # Arrange
    api_client, token = issue(world.province)
    api_client.active = False
    api_client.save()

    # Act
    revoked = token_client(token).get("/api/v1/initiatives/")
    unknown = token_client("dvk_not-a-token").get("/api/v1/initiatives/")

    # Assert
    assert revoked.status_code == 401
    assert unknown.status_code == 401


def test_each_reader_lists_the_initiatives_of_its_scope_only(world, records):
    # Arrange
    ours, theirs = records.ours.pk, records.theirs.pk
    expected = {
        "other_subtree_token": {theirs},
        "staff": {ours},
        "committee": {ours},
        "chair": {ours, theirs},
        "admin": {ours, theirs},
    }

    # Act
    seen = {name: ids(http.get("/api/v1/initiatives/")) for name, http in readers(world).items()}

    # Assert
    assert seen == expected


def test_the_detail_of_an_initiative_out_of_scope_is_a_404(world, records):
    # Arrange
    http = readers(world)

    # Act
    foreign_to_token = http["other_subtree_token"].get(f"/api/v1/initiatives/{records.ours.pk}/")
    own_to_token = http["other_subtree_token"].get(f"/api/v1/initiatives/{records.theirs.pk}/")
    foreign_to_staff = http["staff"].get(f"/api/v1/initiatives/{records.theirs.pk}/")
    foreign_to_committee = http["committee"].get(f"/api/v1/initiatives/{records.theirs.pk}/")

    # Assert
    assert foreign_to_token.status_code == 404
    assert own_to_token.status_code == 200
    assert foreign_to_staff.status_code == 404
    assert foreign_to_committee.status_code == 404


def test_the_detail_of_an_initiative_carries_lineage_level_decision_and_content_but_no_contact(world, records):
    # Arrange
    http = session_client(world.chair)

    # Act
    body = http.get(f"/api/v1/initiatives/{records.ours.pk}/").json()

    # Assert
    assert body["state"] == "recognized"
    assert body["level"] == "commune"  # the hamlet's initiative aims at its commune's level
    assert body["decision"]["level"] == "commune"  # and its commune recognized it
    assert body["decision"]["number"] == records.ours.decision.number
    assert body["continues"] is None and body["replicates"] is None
    assert body["purpose"] == records.ours.purpose
    assert "contact" not in body and "address" not in body


def test_each_reader_lists_the_units_it_works_in_or_oversees(world, records):
    # Arrange
    w = world
    expected = {
        "other_subtree_token": {w.other_commune.pk, w.other_hamlet.pk},
        "staff": {w.hamlet.pk},
        "committee": {w.commune.pk, w.hamlet.pk},
        "chair": {w.province.pk, w.commune.pk, w.hamlet.pk, w.other_commune.pk, w.other_hamlet.pk},
        "admin": {w.province.pk, w.commune.pk, w.hamlet.pk, w.other_commune.pk, w.other_hamlet.pk},
    }

    # Act
    seen = {name: ids(http.get("/api/v1/units/")) for name, http in readers(world).items()}

    # Assert
    assert seen == expected
    assert readers(world)["staff"].get(f"/api/v1/units/{w.other_hamlet.pk}/").status_code == 404


def test_a_draft_campaign_is_read_by_its_committee_and_admins_only(world, records):
    # Arrange
    launched, draft = world.campaign.pk, records.draft_campaign.pk
    expected = {
        "other_subtree_token": {launched},
        "staff": {launched},
        "committee": {launched},
        "chair": {launched, draft},
        "admin": {launched, draft},
    }

    # Act
    seen = {name: ids(http.get("/api/v1/campaigns/")) for name, http in readers(world).items()}

    # Assert
    assert seen == expected
    assert readers(world)["other_subtree_token"].get(f"/api/v1/campaigns/{draft}/").status_code == 404


def test_a_campaign_carries_its_criteria(world, records):
    # Act
    body = session_client(world.staff).get(f"/api/v1/campaigns/{world.campaign.pk}/").json()

    # Assert
    kinds = {criteria_set["kind"] for criteria_set in body["criteria_sets"]}
    assert kinds == {"model", "exemplar"}
    assert all(criteria_set["criteria"] for criteria_set in body["criteria_sets"])


def test_a_decision_is_read_by_those_who_see_one_of_its_initiatives_and_by_its_committees_leaders(world, records):
    # Arrange: the one rule of models_registry/access.py visible_decisions (the admin and the committee use it too).
    decision = records.ours.decision_id
    expected = {
        "other_subtree_token": set(),
        "staff": {decision},
        "committee": {decision},
        "chair": {decision},
        "admin": {decision},
    }

    # Act
    seen = {name: ids(http.get("/api/v1/decisions/")) for name, http in readers(world).items()}

    # Assert
    assert seen == expected
    assert readers(world)["other_subtree_token"].get(f"/api/v1/decisions/{decision}/").status_code == 404


def test_a_commendation_is_read_with_its_initiative(world, records):
    # Arrange
    commendation = records.commendation.pk
    expected = {
        "other_subtree_token": set(),
        "staff": {commendation},
        "committee": {commendation},
        "chair": {commendation},
        "admin": {commendation},
    }

    # Act
    seen = {name: ids(http.get("/api/v1/commendations/")) for name, http in readers(world).items()}

    # Assert
    assert seen == expected
    assert readers(world)["other_subtree_token"].get(f"/api/v1/commendations/{commendation}/").status_code == 404


def test_the_summary_counts_the_readers_scope_only(world, records):
    # Arrange
    expected = {"other_subtree_token": 1, "staff": 1, "committee": 1, "chair": 2, "admin": 2}

    # Act
    seen = {name: http.get("/api/v1/summary/").json()["registered"] for name, http in readers(world).items()}

    # Assert
    assert seen == expected


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["initiatives/", "initiatives/{pk}/", "summary/", "open/initiatives/"])
def test_writing_through_the_api_is_refused_with_405(world, records, method, path):
    # Arrange
    _, token = issue(world.province)
    url = "/api/v1/" + path.format(pk=records.ours.pk)

    # Act
    response = getattr(token_client(token), method)(url, data={}, content_type="application/json")

    # Assert
    assert response.status_code == 405
    assert records.ours.__class__.objects.filter(pk=records.ours.pk).exists()


def test_an_anonymous_write_is_refused_before_anything_else(client, world, records):
    # Act
    response = client.post("/api/v1/initiatives/", data={}, content_type="application/json")

    # Assert
    assert response.status_code == 401


def test_a_logged_in_write_without_a_csrf_token_is_refused(world, records):
    # Arrange
    http = Client(enforce_csrf_checks=True)
    http.force_login(world.admin)

    # Act
    response = http.delete(f"/api/v1/initiatives/{records.ours.pk}/")

    # Assert
    assert response.status_code in (403, 405)


@pytest.mark.parametrize("method", ["head", "options"])
def test_head_and_options_are_answered_like_get(world, records, method):
    # Arrange
    _, token = issue(world.province)

    # Act
    response = getattr(token_client(token), method)("/api/v1/initiatives/")

    # Assert
    assert response.status_code == 200


def test_an_initiatives_level_is_the_level_it_aims_at_before_any_decision(world, records):
    http = session_client(world.chair)

    body = http.get(f"/api/v1/initiatives/{records.theirs.pk}/").json()

    assert (body["state"], body["level"], body["decision"]) == ("submitted", "province", None)
