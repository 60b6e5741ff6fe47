"""The demo's proposals for a commendation and women shares (issue 15), in a module of their own: the
seeded demo is shared by the module, so no other test sees it."""

from __future__ import annotations

import pytest

from models_registry.models import (
    Commendation,
    CommendationProposal,
    CommendationProposalState,
    Gender,
    Initiative,
    Subject,
)
from tests.models_registry.test_seed_demo import seeded_once  # noqa: F401 — the seeded demo, as a fixture


# ----- the demo -----------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.usefixtures("seeded_once")
def test_the_demo_has_a_granted_proposal_a_waiting_one_and_women_shares():
    granted = CommendationProposal.objects.get(state=CommendationProposalState.GRANTED)
    waiting = CommendationProposal.objects.get(state=CommendationProposalState.PROPOSED)

    assert granted.commendation.initiative_id == granted.initiative_id
    assert waiting.initiative.commendations.count() == 0
    assert Initiative.objects.filter(subject=Subject.INDIVIDUAL, gender=Gender.FEMALE).exists()
    assert Initiative.objects.filter(women_share__gte=70).exists()
    # One commendation per achievement in the demo too.
    commended = Commendation.objects.values_list("initiative_id", flat=True)
    assert len(commended) == len(set(commended))
