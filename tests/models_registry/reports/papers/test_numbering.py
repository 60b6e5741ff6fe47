"""Numbers restart every year (per term for Party papers), with a leading zero below 10; the date rule."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from campaigns.models import DocumentFormat, DocumentSettings
from models_registry import bulk
from models_registry.models import RecognitionDecision
from tests.conftest import score

pytestmark = pytest.mark.django_db


def recognizable(world):
    # Aimed at the province (issue 15): these tests number the province committee's decisions.
    initiative = world.initiative("recognition_requested", level="province")
    score(initiative, world.member, 90)
    score(initiative, world.chair, 90)
    return initiative


def test_the_number_used_last_year_may_be_used_again_this_year(world):
    RecognitionDecision.objects.create(
        committee=world.province_committee, number="01/QĐ-BCĐ", decided_on=datetime.date(2026, 12, 20), signer="A"
    )

    again = bulk.recognize_many(
        [recognizable(world)],
        world.chair,
        number="01/QĐ-BCĐ",
        decided_on=datetime.date(2027, 1, 5),
        signer="B",
        committee=world.province_committee,
    )

    assert (again.number, again.series) == ("01/QĐ-BCĐ", "2027")


def test_the_same_number_twice_in_one_year_is_refused(world):
    RecognitionDecision.objects.create(
        committee=world.province_committee, number="01/QĐ-BCĐ", decided_on=datetime.date(2026, 1, 5), signer="A"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        RecognitionDecision.objects.create(
            committee=world.province_committee, number="01/QĐ-BCĐ", decided_on=datetime.date(2026, 12, 5), signer="B"
        )


def test_party_papers_number_per_term_not_per_year(world):
    DocumentSettings.objects.create(
        committee=world.province_committee, format=DocumentFormat.PARTY, place="Vĩnh Long", term="2025-2030"
    )
    RecognitionDecision.objects.create(
        committee=world.province_committee, number="01-QĐ/BCĐ", decided_on=datetime.date(2026, 3, 1), signer="A"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        RecognitionDecision.objects.create(
            committee=world.province_committee, number="01-QĐ/BCĐ", decided_on=datetime.date(2027, 3, 1), signer="B"
        )


def test_numbers_take_a_leading_zero_below_ten_in_each_format(world):
    state = DocumentSettings(committee=world.province_committee, number_symbol="BCĐ")
    party = DocumentSettings(committee=world.province_committee, number_symbol="BCĐ", format=DocumentFormat.PARTY)

    assert (state.format_number(5), state.format_number(12)) == ("05/QĐ-BCĐ", "12/QĐ-BCĐ")
    assert (party.format_number(5), party.format_number(12)) == ("05-QĐ/BCĐ", "12-QĐ/BCĐ")


def test_the_next_number_starts_again_at_01_in_a_new_year(world):
    committee = world.province_committee
    for n in (1, 2, 3):
        RecognitionDecision.objects.create(
            committee=committee, number=f"{n:02d}/QĐ-BCĐ", decided_on=datetime.date(2026, 5, n), signer="A"
        )

    assert RecognitionDecision.objects.next_number(committee, datetime.date(2026, 9, 1)) == "04/QĐ-BCĐ"
    assert RecognitionDecision.objects.next_number(committee, datetime.date(2027, 1, 2)) == "01/QĐ-BCĐ"


def test_the_decision_page_writes_the_date_the_official_way(client, world):
    decision = RecognitionDecision.objects.create(
        committee=world.province_committee, number="05/QĐ-BCĐ", decided_on=datetime.date(2026, 3, 5), signer="A"
    )
    client.force_login(world.chair)

    response = client.get(decision.get_absolute_url())

    assert "ngày 05 tháng 3 năm 2026" in response.content.decode()
