"""The access matrix of every committee URL that names an object, and of the committee's lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from models_registry.models import RecognitionDecision

pytestmark = pytest.mark.django_db

# Pages that name an initiative, the state the initiative must be in for the page to work,
# and the HTTP method used to reach them.
INITIATIVE_PAGES = [
    ("committee:appraise", {}, "submitted", "get"),
    ("committee:act", {"action": "approve"}, "submitted", "get"),
    ("committee:act", {"action": "return_for_revision"}, "submitted", "get"),
    ("committee:act", {"action": "reject"}, "submitted", "get"),
    ("committee:act", {"action": "request_more_evidence"}, "recognition_requested", "get"),
    ("committee:act", {"action": "decline_recognition"}, "recognition_requested", "get"),
    ("committee:inspection_create", {}, "approved", "get"),
    ("committee:inspection_list", {}, "approved", "get"),
    ("committee:score", {}, "recognition_requested", "get"),
    ("committee:twin_compare", {}, "recognition_requested", "get"),
    ("committee:mark_outstanding", {}, "recognized", "post"),
]


def _url(name: str, kwargs: dict, pk: int) -> str:
    return reverse(name, kwargs={"pk": pk, **kwargs})


def _request(client, method: str, url: str):
    return client.post(url, {"outstanding": "1"}) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), INITIATIVE_PAGES)
def test_anonymous_visitor_is_sent_to_login(client, world, name, kwargs, state, method):
    initiative = world.initiative(state)

    response = _request(client, method, _url(name, kwargs, initiative.pk))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), INITIATIVE_PAGES)
def test_staff_of_another_unit_gets_404(client, world, name, kwargs, state, method):
    initiative = world.initiative(state)
    client.force_login(world.staff2)

    response = _request(client, method, _url(name, kwargs, initiative.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), INITIATIVE_PAGES)
def test_unit_staff_of_the_initiatives_unit_gets_403(client, world, name, kwargs, state, method):
    initiative = world.initiative(state)
    client.force_login(world.staff)

    response = _request(client, method, _url(name, kwargs, initiative.pk))

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), INITIATIVE_PAGES)
def test_committee_outside_the_subtree_gets_404(client, world, name, kwargs, state, method):
    initiative = world.initiative(state, unit=world.other_hamlet)
    client.force_login(world.member)

    response = _request(client, method, _url(name, kwargs, initiative.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), INITIATIVE_PAGES)
def test_user_without_any_role_gets_404(client, world, name, kwargs, state, method):
    initiative = world.initiative(state)
    client.force_login(world.outsider)

    response = _request(client, method, _url(name, kwargs, initiative.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), [p for p in INITIATIVE_PAGES if p[3] == "get"])
def test_committee_member_in_scope_opens_the_page(client, world, name, kwargs, state, method):
    initiative = world.initiative(state)
    client.force_login(world.member)

    response = client.get(_url(name, kwargs, initiative.pk))

    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), INITIATIVE_PAGES)
def test_chair_of_the_province_reaches_every_page(client, world, name, kwargs, state, method):
    initiative = world.initiative(state, unit=world.other_hamlet)
    client.force_login(world.chair)

    response = _request(client, method, _url(name, kwargs, initiative.pk))

    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "kwargs", "state", "method"), INITIATIVE_PAGES)
def test_administrator_reaches_every_page(client, world, name, kwargs, state, method):
    initiative = world.initiative(state)
    client.force_login(world.admin)

    response = _request(client, method, _url(name, kwargs, initiative.pk))

    assert response.status_code == (302 if method == "post" else 200)


def test_mark_outstanding_is_refused_to_a_plain_member_with_403(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.member)

    response = client.post(reverse("committee:mark_outstanding", args=[initiative.pk]), {"outstanding": "1"})

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.outstanding is False


# ----- the decision page ---------------------------------------------------------------------
@pytest.fixture
def decision(world) -> RecognitionDecision:
    # The other ward's initiative has no committee below the province's: the province decides it.
    return world.initiative("recognized", unit=world.other_hamlet).decision


def test_anonymous_visitor_is_sent_to_login_from_a_decision(client, decision):
    response = client.get(reverse("committee:decision_detail", args=[decision.pk]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["staff", "staff2", "outsider", "member"])
def test_people_outside_the_deciding_committee_get_404_for_a_decision(client, world, decision, who):
    # The province committee decided: the commune committee's member does not cover the province.
    client.force_login(getattr(world, who))

    response = client.get(reverse("committee:decision_detail", args=[decision.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["chair", "secretary", "admin"])
def test_members_of_the_deciding_committee_and_admins_see_the_decision(client, world, decision, who):
    client.force_login(getattr(world, who))

    response = client.get(reverse("committee:decision_detail", args=[decision.pk]))

    assert response.status_code == 200
    assert decision.number in response.content.decode()


# ----- lists ------------------------------------------------------------------------------
LISTS = ["committee:home", "committee:due_inspections", "committee:recognition"]


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_visitor_is_sent_to_login_from_committee_lists(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", ["staff", "outsider"])
def test_people_without_a_committee_seat_get_403_on_committee_lists(client, world, name, who):
    client.force_login(getattr(world, who))

    response = client.get(reverse(name))

    assert response.status_code == 403


def test_a_plain_member_gets_403_on_the_recognition_page(client, world):
    client.force_login(world.member)

    response = client.get(reverse("committee:recognition"))

    assert response.status_code == 403
    assert "Trưởng ban" in response.content.decode()


@pytest.mark.parametrize("who", ["chair", "secretary", "admin"])
def test_leaders_and_admins_open_the_recognition_page(client, world, who):
    client.force_login(getattr(world, who))

    response = client.get(reverse("committee:recognition"))

    assert response.status_code == 200
