"""The movement across levels in the demo (issue 15): the commune runs its own campaign beside the
province's, and sends its best recognized models up; the province recognizes one at its level and
still has one to decide (its recognition page shows it under "Đề cử từ cấp dưới")."""

from __future__ import annotations

import datetime
from decimal import Decimal

from campaigns.lifecycle import apply_campaign
from campaigns.models import Campaign, CriteriaSet, Criterion
from models_registry import lifecycle
from models_registry.models import Initiative, RecognitionDecision, State

from . import province as data
from .history import DECIDED
from .world import Demo, moment

NOMINATION_REASON = (
    "Mô hình tiêu biểu của xã năm 2026: vượt mục tiêu đăng ký, được nhiều ấp học tập; "
    "kèm quyết định công nhận và hồ sơ của xã."
)
# After the commune's decisions of 20/11/2026: nominated five days later, recognized by the province at month's end.
NOMINATED_ON = datetime.date(2026, 11, 25)
PROVINCE_DECIDES_ON = datetime.date(2026, 11, 30)


def commune_campaign(demo: Demo, year: int = 2026) -> Campaign:
    """Launch the commune's own campaign of the year beside the province's (its registration is over by spring)."""
    committee = demo.committees_by_key["long_ho"]
    campaign = Campaign.objects.create(
        committee=committee.committee,
        name=f"Phong trào thi đua “Dân vận khéo” xã Long Hồ năm {year}",
        year=year,
        theme=data.THEME,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        registration_opens_on=datetime.date(year, 1, 15),
        registration_closes_on=datetime.date(year, 3, 31),
    )
    for kind, name, criteria in data.CRITERIA_SETS:
        criteria_set = CriteriaSet.objects.create(
            campaign=campaign, kind=kind, name=f"{name} xã Long Hồ năm {year}", threshold=Decimal(data.THRESHOLD)
        )
        Criterion.objects.bulk_create(
            Criterion(criteria_set=criteria_set, name=text, max_points=points, order=i)
            for i, (text, points) in enumerate(criteria, start=1)
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


def nominate_upward(demo: Demo, campaign: Campaign) -> None:
    """The commune nominates two of its recognized models; the province recognizes the first at its level."""
    commune = demo.committees_by_key["long_ho"]
    provincial = demo.committees_by_key["provincial"]
    recognized = list(
        Initiative.objects.filter(campaign=campaign, state=State.RECOGNIZED, decision__committee=commune.committee)
        .exclude(pending_case=True)
        .select_related("unit", "campaign", "decision__committee__unit")
        .order_by("pk")[:2]
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
        lifecycle.recognize_many(
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
