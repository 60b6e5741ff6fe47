"""One demo initiative's history: created, then moved along its path through the lifecycle, dated as it happened.

Every move goes through `lifecycle.apply` with `at=` (the day it happened, checked as of that day,
registration windows included) and `notify=False` (the recipients are made up and the moves are
months old). A revocation goes through `RecognitionDecision.amend`, an award's recovery through `Commendation.recover`,
both with `at=` and `notify=False`.
Rows written beside the lifecycle (the initiative, inspections, score sheets, commendations, the
revoking decision) are stamped with the same replayed moments.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Campaign, CriteriaSet, Criterion, SteeringCommittee
from models_registry import bulk, guard, lifecycle
from models_registry.evidence import save_attachments
from models_registry.models import (
    Amendment,
    Attachment,
    Commendation,
    CommendationKind,
    CommendationLevel,
    Effectiveness,
    Initiative,
    Inspection,
    Origin,
    RecognitionDecision,
    ScoreItem,
    ScoreSheet,
    State,
    Subject,
)

from .content import content
from .initiatives import (
    DECLINE_COMMENTS,
    FINDINGS,
    PLAN_NOTES,
    RECOMMENDATIONS,
    REJECT_COMMENTS,
    RESULTS,
    RETURN_COMMENTS,
    WITHDRAW,
)
from .province import CRITERIA_SETS, PDF_BYTES, PNG_BYTES, THEME, THRESHOLD
from .world import Committee, Demo, Slot, moment, stamp

# Days between a move and the one before it (a range to draw from).
DELAYS = {
    "submit": (1, 4),
    "return_for_revision": (4, 10),
    "approve": (4, 10),
    "reject": (4, 10),
    "withdraw": (12, 40),
}
# The hour of day each kind of step happens at.
CREATED, MOVED, INSPECTED, SCORED, DECIDED, COMMENDED = 8, 10, 14, 15, 16, 9
COMMENDATIONS = [
    (
        CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
        CommendationLevel.PROVINCE,
        "Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long",
    ),
    (CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.PROVINCE, "Ban Thường vụ Tỉnh ủy Vĩnh Long"),
    (CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.COMMUNE, "Ủy ban nhân dân xã"),
]


def create_campaign(
    committee: SteeringCommittee, name: str, year: int, registration: tuple[datetime.date, datetime.date], of: str
) -> Campaign:
    """Create a campaign over the whole `year` with the province's criteria sets, each named "<set> <of>"."""
    opens, closes = registration
    campaign = Campaign.objects.create(
        committee=committee,
        name=name,
        year=year,
        theme=THEME,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        registration_opens_on=opens,
        registration_closes_on=closes,
    )
    for kind, set_name, criteria in CRITERIA_SETS:
        criteria_set = CriteriaSet.objects.create(
            campaign=campaign, kind=kind, name=f"{set_name} {of}", threshold=Decimal(THRESHOLD)
        )
        Criterion.objects.bulk_create(
            Criterion(criteria_set=criteria_set, name=text, max_points=points, order=i)
            for i, (text, points) in enumerate(criteria, start=1)
        )
    return campaign


def route(demo: Demo, state: str) -> list[str]:
    """Return the actions to `state`: the table's shortest path, now and then with a detour real files take."""
    if state == State.WITHDRAWN and demo.rnd.random() >= 0.3:
        return lifecycle.path_through(State.APPROVED, State.WITHDRAWN)  # withdrawn after approval
    if state == State.APPROVED and demo.rnd.random() < 0.25:
        return lifecycle.path_through(State.RETURNED, State.APPROVED)  # approved once revised
    return lifecycle.path_to(state)


def create(demo: Demo, slot: Slot, campaign: Campaign, on: datetime.date) -> Initiative:
    """Register the slot's initiative in draft, dated `on`."""
    data = content(demo, slot, campaign.year)
    if slot.origin == Origin.MAINTAINED and slot.source is not None:
        data["name"] = slot.source.name  # a maintained initiative keeps its name
    initiative = Initiative.objects.create(
        campaign=campaign,
        unit=slot.unit,
        kind=slot.kind,
        subject=slot.subject,
        origin=slot.origin,
        continues=slot.source if slot.origin == Origin.MAINTAINED else None,
        replicates=slot.source if slot.origin == Origin.REPLICATED else None,
        created_by=slot.staff,
        **data,
    )
    stamp(Initiative.objects.filter(pk=initiative.pk), moment(on, CREATED), "created_at", "updated_at")
    initiative.campaign = campaign
    initiative.unit = slot.unit
    return initiative


def drive(demo: Demo, slot: Slot, campaign: Campaign, timeline: dict) -> Initiative:
    """Create the slot's initiative and walk it through the entry point to the slot's state.

    A recognized one stops with its score sheets: its committee recognizes the year's batch at once
    (one whose recognition is revoked, by its own decision: `recognize`, then `revoke`).
    """
    rnd, state = demo.rnd, slot.state
    committee = demo.committee_for(slot.unit)
    appraiser = rnd.choice(committee.appraisers)
    recent = state in (State.DRAFT, State.SUBMITTED, State.RETURNED)
    day = demo.day(*timeline["recent" if recent else "early"])
    initiative = create(demo, slot, campaign, day)
    for action in route(demo, state):
        if action in DELAYS:
            day += datetime.timedelta(days=rnd.randint(*DELAYS[action]))
        if action == "submit":
            move(initiative, action, slot.staff, day)
        elif action in ("return_for_revision", "reject"):
            comments = RETURN_COMMENTS if action == "return_for_revision" else REJECT_COMMENTS
            move(initiative, action, appraiser, day, comment=rnd.choice(comments))
        elif action == "approve":
            approve(demo, initiative, committee, appraiser, day)
        elif action == "withdraw":
            move(initiative, action, slot.staff, day, comment=WITHDRAW)
        elif action == "request_recognition":
            inspect(demo, initiative, committee, demo.day(*timeline["inspect"]), slot.staff)
            day = demo.day(*timeline["request"])
            move(initiative, action, slot.staff, day, results_report=rnd.choice(RESULTS))
        elif action in ("recognize", "decline_recognition"):
            passed = state in (State.RECOGNIZED, State.RECOGNITION_REVOKED)  # revoked later, not marked down
            score(demo, initiative, committee.scorers, high=passed, on=demo.day(*timeline["score"]))
            if action == "decline_recognition":
                move(initiative, action, appraiser, timeline["decide"], comment=rnd.choice(DECLINE_COMMENTS))
    if state == State.APPROVED and rnd.random() >= 0.4:
        inspect(demo, initiative, committee, demo.day(*timeline["inspect"]), slot.staff)  # inspected mid-year
    if state == State.RECOGNITION_REQUESTED and rnd.random() < 0.5:
        score(demo, initiative, committee.scorers[:1], high=True, on=day + datetime.timedelta(days=3))
    return initiative


def move(initiative: Initiative, action: str, actor, on: datetime.date, **params) -> None:
    """Apply one move through the entry point as of `on`, without e-mail."""
    lifecycle.apply(initiative, action, actor, at=moment(on, MOVED), notify=False, **params)


def approve(demo: Demo, initiative: Initiative, committee: Committee, appraiser, on: datetime.date) -> None:
    """Approve with a plan and two of the committee's members to support the unit."""
    cadres = demo.rnd.sample(committee.scorers, k=min(2, len(committee.scorers)))
    move(
        initiative,
        "approve",
        appraiser,
        on,
        plan_note=demo.rnd.choice(PLAN_NOTES),
        confirmed_criteria="Theo bộ tiêu chí của đợt phát động; có số liệu đầu kỳ để so sánh.",
        supporting_cadres=cadres,
    )


def inspect(demo: Demo, initiative: Initiative, committee: Committee, on: datetime.date, staff) -> None:
    """Record the committee's inspection with its minutes, and the unit's evidence photo."""
    rnd = demo.rnd
    inspectors = rnd.sample(committee.scorers, k=min(2, len(committee.scorers)))
    # Through the one way in, as the inspection page records it (nobody to tell in a replay).
    inspection = Inspection.objects.record(
        initiative,
        inspectors[0],
        inspectors=inspectors,
        notify=False,
        inspected_on=on,
        completion=rnd.choice([60, 70, 80, 90, 100]),
        effectiveness=rnd.choice([Effectiveness.GOOD, Effectiveness.GOOD, Effectiveness.FAIR, Effectiveness.AVERAGE]),
        findings=rnd.choice(FINDINGS),
        recommendations=rnd.choice(RECOMMENDATIONS),
    )
    attach(
        initiative,
        SimpleUploadedFile(f"bien-ban-kiem-tra-{initiative.pk}.pdf", PDF_BYTES, "application/pdf"),
        inspectors[0],
        purpose="inspection",
        inspection=inspection,
    )
    attach(initiative, SimpleUploadedFile(f"anh-hoat-dong-{initiative.pk}.png", PNG_BYTES, "image/png"), staff)
    when = moment(on, INSPECTED)
    stamp(Inspection.objects.filter(pk=inspection.pk), when, "created_at")
    stamp(Attachment.objects.filter(initiative=initiative), when, "uploaded_at")


def attach(initiative: Initiative, upload, user, **kwargs) -> None:
    """Attach a file through the one way in. The replay attaches only where the rules allow, so a
    refusal is a fault of the demo's script: said aloud, not a demo quietly missing its files."""
    _saved, refused = save_attachments(initiative, [upload], user, **kwargs)
    if refused:
        raise RuntimeError(f"the demo's file for “{initiative}” was refused: {refused[0]}")


def score(demo: Demo, initiative: Initiative, members, *, high: bool, on: datetime.date) -> None:
    """Fill and submit one score sheet per member: above the threshold when `high`, below it otherwise."""
    criteria = list(initiative.campaign.criteria_set_for(initiative.kind).criteria.all())
    when = moment(on, SCORED)
    low, top = (0.76, 0.96) if high else (0.45, 0.66)
    for member in members:
        sheet = ScoreSheet.objects.create(initiative=initiative, member=member, submitted_at=when)
        stamp(ScoreSheet.objects.filter(pk=sheet.pk), when, "created_at")
        items = [
            ScoreItem(sheet=sheet, criterion=c, points=Decimal(round(c.max_points * demo.rnd.uniform(low, top))))
            for c in criteria
        ]
        ScoreItem.objects.bulk_create(items)
        sheet.recompute_total()


def recognize(
    demo: Demo, initiatives: list[Initiative], on: datetime.date, year: int, note: str = ""
) -> list[RecognitionDecision]:
    """Issue one decision per committee, recognizing all its initiatives at once; return the decisions."""
    by_committee: dict[int, list[Initiative]] = {}
    for initiative in initiatives:
        by_committee.setdefault(demo.committee_for(initiative.unit).committee.pk, []).append(initiative)
    decisions = []
    for committee_pk, batch in by_committee.items():
        committee = demo.committees[committee_pk]
        # A maintained model close to last year's is recognized with a reason, as the guard asks of a chair.
        reasons = {
            pk: f"Duy trì và mở rộng từ “{twin.initiative.name}” năm {twin.initiative.campaign.year}; "
            "kết quả năm nay vượt mục tiêu đăng ký."
            for pk, twin in guard.stored_twins(batch).items()
            if twin.needs_reason
        }
        decision = bulk.recognize_many(
            batch,
            committee.leader,
            # The committee's next number in its own format and series (per year, or per term).
            number=RecognitionDecision.objects.next_number(committee.committee, on),
            decided_on=on,
            signer=committee.leader.get_full_name(),
            note=note or f"Công nhận mô hình, điển hình “Dân vận khéo” năm {year}.",
            at=moment(on, DECIDED),
            notify=False,
            reasons=reasons,
        )
        decisions.append(decision)
    return decisions


def revoke(demo: Demo, decision: RecognitionDecision, on: datetime.date, reason: str) -> RecognitionDecision:
    """Revoke the decision as of `on` by a new one its committee's leader signs; return the revoking decision.

    Its initiatives move from "recognized" to "recognition revoked" (`RecognitionDecision.amend`).
    """
    committee = demo.committees[decision.committee_id]
    revoking = decision.amend(
        committee.leader,
        kind=Amendment.REVOKE,
        number=RecognitionDecision.objects.next_number(committee.committee, on),
        decided_on=on,
        signer=committee.leader.get_full_name(),
        reason=reason,
        at=moment(on, DECIDED),
        notify=False,
    )
    stamp(RecognitionDecision.objects.filter(pk=revoking.pk), moment(on, DECIDED), "created_at")
    return revoking


def recover_award(initiatives: list[Initiative], story: dict, actor) -> Commendation:
    """The authority recovers the first award of these initiatives that `actor` records awards for (those of
    its committee's level, `province.RECOVERY_2025`), recorded as the commendation page records it."""
    from ..access import is_leader_for

    awarded = Commendation.objects.filter(initiative__in=initiatives).select_related("initiative__unit")
    commendation = next(c for c in awarded.order_by("decided_on", "id") if is_leader_for(actor, c.initiative))
    commendation.recover(
        actor,
        number=story["number"],
        decided_on=story["on"],
        reason=story["reason"],
        at=moment(story["on"], DECIDED),
        notify=False,
    )
    return commendation


def commend(demo: Demo, initiatives: list[Initiative], on: datetime.date, actor) -> None:
    """Record a commendation for each initiative, the awards taken in turn, and mark them outstanding.

    Recorded through the one way in, as the commendation page records it (nobody to tell in a replay):
    by `actor` where it leads the initiative's acting committee, else by that committee's leader."""
    from ..access import is_leader_for

    for i, initiative in enumerate(initiatives):
        kind, level, authority = COMMENDATIONS[i % len(COMMENDATIONS)]
        recorder = (
            actor if is_leader_for(actor, initiative) else demo.committees[initiative.acting_committee().pk].leader
        )
        commendation = Commendation.objects.record(
            initiative,
            recorder,
            kind=kind,
            level=level,
            authority=authority,
            decision_number=f"{2100 + i}/QĐ-UBND",
            decided_on=on,
            recipient=initiative.unit.name
            if initiative.subject == Subject.COLLECTIVE
            else initiative.name.split(" — ")[0],
            notify=False,
        )
        stamp(Commendation.objects.filter(pk=commendation.pk), moment(on, COMMENDED), "created_at", "updated_at")
        initiative.mark_outstanding()
