"""Demo data of the funnel's last steps (issue 15): who is behind each initiative (an exemplar's gender,
a collective's share of women, for the tie rule) and proposals for a commendation, one granted (its
commendation recorded after it) and one waiting for the authority's answer.

Its own module, called last by the loader: the `levels` demo data (nominations) stays apart, and
its own random generator leaves the rest of the demo as it was.
"""

from __future__ import annotations

import datetime
import random

from campaigns.models import Campaign
from models_registry.models import (
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    Gender,
    Initiative,
    State,
    Subject,
)

from .world import Demo, moment, stamp

PROPOSED_ON = datetime.date(2026, 11, 25)
GRANTED_ON = datetime.date(2026, 11, 28)
ACHIEVEMENT = (
    "Mô hình duy trì hiệu quả, được nhân dân đồng tình; kết quả vượt chỉ tiêu đề ra, "
    "được nhiều đơn vị học tập, nhân rộng."
)


def describe_people(campaigns: list[Campaign]) -> None:
    """Give exemplars a gender and collectives a share of women (some left blank, as real rows are)."""
    rnd = random.Random(15)
    initiatives = Initiative.objects.filter(campaign__in=campaigns).order_by("pk").only("pk", "subject")
    for initiative in initiatives:
        if initiative.subject == Subject.INDIVIDUAL:
            gender = rnd.choice([Gender.FEMALE, Gender.FEMALE, Gender.MALE, Gender.NOT_STATED])
            Initiative.objects.filter(pk=initiative.pk).update(gender=gender)
        else:
            share = rnd.choice([None, 35, 55, 70, 85])
            Initiative.objects.filter(pk=initiative.pk).update(women_share=share)


def propose_for_commendation(demo: Demo, campaign: Campaign) -> None:
    """Two leaders propose their recognized, outstanding-or-not, uncommended models; the first is granted."""
    leaders = {c.committee.pk: c.leader for c in demo.committees_by_key.values()}
    candidates = (
        Initiative.objects.filter(
            campaign=campaign, state=State.RECOGNIZED, pending_case=False, commendations__isnull=True
        )
        .select_related("unit", "campaign__committee")
        .order_by("-outstanding", "pk")
    )
    proposed = []
    for initiative in candidates:
        acting = initiative.acting_committee()
        leader = leaders.get(acting.pk) if acting is not None else None
        if leader is None:
            continue
        proposal = CommendationProposal.objects.propose(
            initiative,
            leader,
            kind=CommendationKind.CERTIFICATE_OF_MERIT,
            level=CommendationLevel.PROVINCE,
            achievement=ACHIEVEMENT,
        )
        stamp(CommendationProposal.objects.filter(pk=proposal.pk), moment(PROPOSED_ON, 9), "proposed_at")
        proposed.append((initiative, leader))
        if len(proposed) == 2:
            break
    if proposed:
        initiative, leader = proposed[0]
        # The authority grants the first: recording its commendation closes the proposal as granted.
        commendation = Commendation.objects.record(
            initiative,
            leader,
            kind=CommendationKind.CERTIFICATE_OF_MERIT,
            level=CommendationLevel.PROVINCE,
            authority="Ban Thường vụ Tỉnh ủy Vĩnh Long",
            decision_number="2150/QĐ-TU",
            decided_on=GRANTED_ON,
            recipient=initiative.unit.name,
            notify=False,
        )
        stamp(Commendation.objects.filter(pk=commendation.pk), moment(GRANTED_ON, 10), "created_at", "updated_at")
        stamp(CommendationProposal.objects.filter(commendation=commendation), moment(GRANTED_ON, 10), "closed_at")
