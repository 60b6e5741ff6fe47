"""What the leader asks of a summary is read from the form, normalized as the summary keeps it."""

from __future__ import annotations

import unicodedata

import pytest

from campaigns.models import Campaign
from models_registry.committee.forms import SummarizeForm

pytestmark = pytest.mark.django_db


def test_the_form_gives_the_lessons_and_the_reason_composed_and_stripped_with_no_next_campaign(world):
    decomposed = unicodedata.normalize("NFD", "Bài học kinh nghiệm")
    form = SummarizeForm(
        {"lessons_learned": f"  {decomposed}  ", "reason": " Hết đợt. "},
        groups=[],
        later=Campaign.objects.none(),
        early_days=0,
    )
    assert form.is_valid(), form.errors

    asked = form.asked()

    assert asked == {
        "lessons_learned": "Bài học kinh nghiệm",
        "choices": {},
        "next_campaign": None,
        "reason": "Hết đợt.",
    }
    assert unicodedata.is_normalized("NFC", asked["lessons_learned"])
