# ruff: noqa: F811
"""A nomination carries the lower committee's decision and its dossier up to the province (issue 15):
the province reads both from its queue and from the record, the dossier names the nomination, and
the province recognizes on the commune's scoring (no second round of sheets) while that recognition holds.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from models_registry import lifecycle
from models_registry.lifecycle import TransitionError
from models_registry.models import Amendment, Nomination, NominationState, ScoreSheet
from models_registry.reports.papers.dossier import dossier_initiatives, initiative_sheet_html
from tests.jobs.helpers import export

# `levels` is the fixture of test_levels.py, shared by import (F811: the tests take it by name).
from tests.models_registry.test_levels import levels, nominated, province_decision  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def test_a_nomination_carries_the_decision_of_the_committee_that_nominated(levels):
    initiative = nominated(levels)

    nomination = Nomination.objects.get(initiative=initiative)

    assert nomination.from_decision == initiative.decision
    assert nomination.from_decision.committee == levels.world.commune_committee
    assert nomination.created_by == levels.commune_chair


def test_the_provinces_queue_shows_the_communes_decision_and_links_the_dossier(levels, client):
    initiative = nominated(levels)
    client.force_login(levels.province_chair)

    html = client.get(reverse("committee:recognition")).content.decode()

    assert initiative.decision.number in html
    assert reverse("reports:initiative_dossier", args=[initiative.pk]) in html


def test_the_record_shows_the_nomination_with_the_communes_decision_and_its_dossier(levels, client):
    initiative = nominated(levels)
    client.force_login(levels.province_chair)

    html = client.get(initiative.get_absolute_url()).content.decode()

    assert "data-lower-decision" in html
    assert initiative.decision.number in html
    assert 'data-paper="nomination-dossier"' in html


@pytest.mark.parametrize(
    ("who", "status"),
    [("province_chair", 200), ("province_member", 200), ("commune_chair", 200), ("other_chair", 404)],
)
def test_the_nominated_initiatives_dossier_is_for_whoever_sees_it_the_province_included(levels, client, who, status):
    initiative = nominated(levels)
    client.force_login(getattr(levels, who))

    response = export(client, reverse("reports:initiative_dossier", args=[initiative.pk]))

    assert response.status_code == status


def test_the_dossier_sheet_names_the_nomination_who_when_and_the_communes_decision(levels):
    initiative = nominated(levels)
    decision = initiative.decision
    levels.commune_chair.first_name = "Lê Văn Xã"
    levels.commune_chair.save()

    [row] = dossier_initiatives(decision, levels.province_chair, only=initiative.pk)
    html = initiative_sheet_html(row, decision, [])

    assert "Đề cử lên cấp trên" in html
    assert levels.world.commune_committee.name in html
    assert levels.world.province_committee.name in html
    assert "Lê Văn Xã" in html
    assert TODAY.strftime("%d/%m/%Y") in html
    assert f"Số {decision.number} ngày" in html
    assert "Mô hình tiêu biểu của xã." in html


def test_a_dossier_without_a_nomination_has_no_nomination_section(levels):
    from tests.models_registry.test_levels import commune_initiative, drive

    initiative = drive(levels, commune_initiative(levels), "recognized")

    [row] = dossier_initiatives(initiative.decision, levels.commune_chair, only=initiative.pk)

    assert "Đề cử lên cấp trên" not in initiative_sheet_html(row, initiative.decision, [])


# ----- the province recognizes on the commune's scoring ---------------------------------------
def test_the_province_recognizes_a_nomination_without_score_sheets_of_its_own(levels):
    initiative = nominated(levels)
    province_sheets = ScoreSheet.objects.filter(initiative=initiative, member=levels.province_chair)

    lifecycle.apply(initiative, "recognize_nomination", levels.province_chair, decision=province_decision(levels))

    assert not province_sheets.exists()
    assert Nomination.objects.get(initiative=initiative).state == NominationState.ACCEPTED


def test_the_province_cannot_recognize_a_nomination_whose_commune_decision_was_revoked(levels):
    initiative = nominated(levels)
    initiative.decision.amend(
        levels.commune_chair,
        kind=Amendment.REVOKE,
        number="X-THU-HOI",
        decided_on=TODAY,
        signer="Chủ tịch xã",
        reason="Hồ sơ gian dối",
    )
    initiative.refresh_from_db()

    with pytest.raises(TransitionError) as refused:
        lifecycle.apply(initiative, "recognize_nomination", levels.province_chair, decision=province_decision(levels))

    # The revocation took the commune's recognition back: the initiative is no longer recognized, and
    # its nomination went back to the commune with the revocation as its reason.
    assert "Đã bị thu hồi công nhận" in str(refused.value)
    nomination = Nomination.objects.get(initiative=initiative)
    assert nomination.state == NominationState.RETURNED
    assert "Hồ sơ gian dối" in nomination.return_reason


def _queries_of_recognition_page(client, levels) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("committee:recognition"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("committee:recognition"))
    assert response.status_code == 200
    return len(queries)


def test_the_provinces_queue_runs_as_many_queries_for_3_nominations_as_for_1(levels, client):
    client.force_login(levels.province_chair)
    nominated(levels)
    one = _queries_of_recognition_page(client, levels)
    nominated(levels)
    nominated(levels)

    three = _queries_of_recognition_page(client, levels)

    assert Nomination.objects.open().count() == 3
    assert three == one
