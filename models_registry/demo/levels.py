"""The movement across levels in the demo (issue 15): the commune runs its own campaign beside the
province's — its hamlets register commune-level models, its committee recognizes the best by a
commune decision — and sends three up; the province recognizes one at its level, returns one with
a reason and still has one to decide (its recognition page shows it under "Đề cử từ cấp dưới")."""

from __future__ import annotations

import datetime

from campaigns.lifecycle import apply_campaign
from campaigns.models import Campaign
from models_registry import bulk, lifecycle
from models_registry.models import Initiative, RecognitionDecision, State

from . import province as data
from .content import pick_base
from .history import DECIDED, create_campaign, drive, recognize
from .world import Demo, Slot, moment

NOMINATION_REASON = (
    "Mô hình tiêu biểu của xã năm 2026: vượt mục tiêu đăng ký, được nhiều ấp học tập; "
    "kèm quyết định công nhận và hồ sơ của xã."
)
RETURN_REASON = (
    "Hồ sơ chưa có số liệu đối chứng trước và sau khi thực hiện mô hình; đề nghị xã bổ sung và đề cử lại trong đợt sau."
)
# After the commune's decision of 30/10/2026: nominated on 25/11, answered by the province at month's end.
NOMINATED_ON = datetime.date(2026, 11, 25)
RETURNED_ON = datetime.date(2026, 11, 28)
PROVINCE_DECIDES_ON = datetime.date(2026, 11, 30)

# The commune's own campaign: its hamlets register by March (its registration closes on 31/3), the
# committee inspects mid-year, scores in October and recognizes on 30/10.
COMMUNE_TIMELINE = {
    "early": (datetime.date(2026, 1, 20), 40),
    "recent": (datetime.date(2026, 2, 2), 40),
    "inspect": (datetime.date(2026, 6, 1), 60),
    "request": (datetime.date(2026, 9, 15), 20),
    "score": (datetime.date(2026, 10, 20), 5),
    "decide": datetime.date(2026, 10, 30),
}
# How many of the commune's registrations end in each state (a commune registers 50–75 a period; a demo, a few).
COMMUNE_STATES = {
    State.RECOGNIZED: 5,
    State.RECOGNITION_REQUESTED: 1,
    State.APPROVED: 2,
    State.SUBMITTED: 2,
    State.REJECTED: 1,
}


def commune_campaign(demo: Demo, year: int = 2026) -> Campaign:
    """Launch the commune's own campaign of the year beside the province's (its registration is over by spring)."""
    committee = demo.committees_by_key["long_ho"]
    campaign = create_campaign(
        committee.committee,
        f"Phong trào thi đua “Dân vận khéo” xã Long Hồ năm {year}",
        year,
        (datetime.date(year, 1, 15), datetime.date(year, 3, 31)),
        of=f"xã Long Hồ năm {year}",
    )
    apply_campaign(
        campaign,
        "launch",
        committee.leader,
        comment=data.LAUNCH_COMMENT,
        at=moment(datetime.date(year, 1, 12), DECIDED),
        notify=False,
    )
    return campaign


def commune_initiatives(demo: Demo, campaign: Campaign) -> list[Initiative]:
    """Register the commune's hamlets' models in its own campaign, at the commune's level; recognize the best.

    Return the recognized ones (one commune decision recognizes them all).
    """
    root = demo.committees_by_key["long_ho"].committee.unit
    units = sorted(
        (u for u in demo.units.values() if u.path.startswith(root.path) and u.pk in demo.staff_of),
        key=lambda u: u.path,
    )
    used = demo.used_names.setdefault(campaign.year, {})
    recognized = []
    states = [state for state, count in COMMUNE_STATES.items() for _ in range(count)]
    for i, state in enumerate(states):
        unit = units[i % len(units)]
        slot = Slot(unit=unit, state=state, staff=demo.staff_of[unit.pk])
        pick_base(demo, slot, used.setdefault(unit.pk, set()))
        initiative = drive(demo, slot, campaign, COMMUNE_TIMELINE)
        if state == State.RECOGNIZED:
            recognized.append(initiative)
    recognize(demo, recognized, COMMUNE_TIMELINE["decide"], campaign.year)
    return recognized


def nominate_upward(demo: Demo, campaign: Campaign) -> None:
    """The commune nominates three of its recognized models: the province recognizes the first at its
    level, returns the second with a reason, and has the third still to decide."""
    commune = demo.committees_by_key["long_ho"]
    provincial = demo.committees_by_key["provincial"]
    recognized = list(
        Initiative.objects.filter(campaign=campaign, state=State.RECOGNIZED, decision__committee=commune.committee)
        .exclude(pending_case=True)
        .select_related("unit", "campaign", "decision__committee__unit")
        .order_by("pk")[:3]
    )
    for initiative in recognized:
        lifecycle.apply(
            initiative,
            "nominate",
            commune.leader,
            comment=NOMINATION_REASON,
            at=moment(NOMINATED_ON, DECIDED),
            notify=False,
        )
    if recognized:
        bulk.recognize_many(
            recognized[:1],
            provincial.leader,
            number=RecognitionDecision.objects.next_number(provincial.committee, PROVINCE_DECIDES_ON),
            decided_on=PROVINCE_DECIDES_ON,
            signer=provincial.leader.get_full_name(),
            note="Công nhận mô hình “Dân vận khéo” cấp tỉnh do xã Long Hồ đề cử.",
            committee=provincial.committee,
            at=moment(PROVINCE_DECIDES_ON, DECIDED),
            notify=False,
        )
    if len(recognized) > 1:
        lifecycle.apply(
            recognized[1],
            "return_nomination",
            provincial.leader,
            comment=RETURN_REASON,
            at=moment(RETURNED_ON, DECIDED),
            notify=False,
        )
