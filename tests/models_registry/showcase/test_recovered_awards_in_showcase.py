"""The public showcase shows the awards that stand: one recovered by its authority is no longer held.

Recording a recovery leaves the initiative's own row as it was, so the detail page's ETag and Last-Modified
follow the newest change to its awards: a visitor's cached copy that still shows the award is refreshed.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from models_registry.models import Commendation, Initiative
from tests.factories import CommendationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def commend(initiative: Initiative, user, number: str, authority: str) -> Commendation:
    return CommendationFactory(initiative=initiative, authority=authority, decision_number=number, created_by=user)


def recover(commendation: Commendation, user) -> None:
    commendation.recover(user, number="30/QĐ-UBND", decided_on=TODAY, reason="Kê khai thành tích không đúng.")


def test_the_detail_page_does_not_show_a_recovered_award_and_still_shows_a_standing_one(client, world):
    initiative = world.initiative("recognized")
    recovered = commend(initiative, world.chair, "12/QĐ-UBND", "Ủy ban nhân dân tỉnh")
    commend(initiative, world.chair, "45/QĐ-UBND", "Ủy ban nhân dân xã")
    recover(recovered, world.chair)

    response = client.get(reverse("showcase:detail", args=[initiative.pk]))

    assert response.status_code == 200
    assert [c.decision_number for c in response.context["commendations"]] == ["45/QĐ-UBND"]
    html = response.content.decode()
    assert "45/QĐ-UBND" in html
    assert "12/QĐ-UBND" not in html and "Ủy ban nhân dân tỉnh" not in html
    assert "30/QĐ-UBND" not in html


def test_the_awards_section_is_empty_when_the_only_award_was_recovered(client, world):
    initiative = world.initiative("recognized")
    recover(commend(initiative, world.chair, "12/QĐ-UBND", "Ủy ban nhân dân tỉnh"), world.chair)

    response = client.get(reverse("showcase:detail", args=[initiative.pk]))

    assert response.context["commendations"] == []
    assert "12/QĐ-UBND" not in response.content.decode()


def test_a_cached_detail_page_is_refreshed_once_an_older_award_is_recovered(client, world):
    # The recovered award is not the newest one: the newest award's time alone would not change.
    initiative = world.initiative("recognized")
    older = commend(initiative, world.chair, "12/QĐ-UBND", "Ủy ban nhân dân tỉnh")
    commend(initiative, world.chair, "45/QĐ-UBND", "Ủy ban nhân dân xã")
    url = reverse("showcase:detail", args=[initiative.pk])
    first = client.get(url)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    recover(older, world.chair)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "12/QĐ-UBND" not in again.content.decode()
