"""Build the demo province from `province.py` and replay its two campaigns through the lifecycle.

`load()` writes everything in one transaction; `manage.py seed_demo` calls it. Moves carry the
day they happened (`lifecycle.apply(at=…, notify=False)`): no clock is patched.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from campaigns.access import forget_scope
from campaigns.lifecycle import apply_campaign
from campaigns.models import (
    Campaign,
    CampaignDocument,
    CommitteeMembership,
    DocumentSettings,
    Field,
    InitiativeKind,
    LegalBasis,
    SteeringCommittee,
    Unit,
    UnitKind,
    UnitMembership,
)
from campaigns.text import fold
from models_registry import lifecycle
from models_registry.models import (
    Initiative,
    Origin,
    ReasonTemplate,
    State,
    assign_scorers,
    eligible_scorers,
    recuse,
)

from . import province as data
from .commendation_proposals import describe_people, propose_for_commendation
from .content import base_of, person_name, pick_base
from .history import commend, create_campaign, drive, recognize, recover_award, revoke
from .levels import commune_campaign, commune_initiatives, nominate_upward
from .notices import build_notifications
from .world import Committee, Demo, Slot, moment

User = get_user_model()

# Steps that happen at the start of the working day.
MORNING = 9


def is_loaded() -> bool:
    """Tell whether the demo province is already in the database."""
    return Unit.objects.filter(code=data.PROVINCE_CODE, parent__isnull=True).exists()


def reset_passwords() -> int:
    """Give every demo account the demo password again; return how many there are."""
    return User.objects.filter(email__endswith=f"@{data.EMAIL_DOMAIN}").update(password=make_password(data.PASSWORD))


def committee_group() -> Group:
    """Return the committee members' group, with the admin rights listed in `province.GROUP_PERMISSIONS`."""
    group, _created = Group.objects.get_or_create(name=data.GROUP_NAME)
    wanted = data.GROUP_PERMISSIONS
    codenames = [f"{action}_{model}" for models in wanted.values() for model, acts in models.items() for action in acts]
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=wanted, codename__in=codenames))
    return group


@transaction.atomic
def load() -> None:
    """Build the province, its people and committees, then replay the 2025 and 2026 campaigns."""
    demo = Demo(rnd=random.Random(2026), password_hash=make_password(data.PASSWORD))
    group = committee_group()
    build_units(demo)
    build_people(demo, group)
    build_committees(demo)
    registering = build_unit_staff(demo)
    demo.fields = {f.code: f for f in Field.objects.all()}
    provincial = demo.committees_by_key["provincial"].committee
    history = run_2025(demo, launch(demo, provincial, 2025), registering)
    current = launch(demo, provincial, 2026)
    run_2026(demo, current, registering, history)
    fair_scoring(demo, current)
    # Levels: the commune's own campaign beside the province's, its own models, and its best sent up.
    commune = commune_campaign(demo)
    commune_initiatives(demo, commune)
    nominate_upward(demo, commune)
    build_notifications(current)
    build_notifications(commune)
    # The funnel's last steps: who is behind each initiative, proposals for a commendation.
    describe_people([history[0].campaign, current] if history else [current])
    propose_for_commendation(demo, current)


# ----- the organisation and its people ----------------------------------------------------------
def build_units(demo: Demo) -> None:
    """Create the province, its communes and wards with their hamlets, agencies and the Front."""
    province = Unit.objects.create(name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE, code=data.PROVINCE_CODE)
    units = demo.units
    units[province.name] = province
    for i, (name, kind, children) in enumerate(data.COMMUNES, start=1):
        commune = Unit.objects.create(name=name, kind=kind, parent=province, code=f"VLG-{i:03d}")
        units[name] = commune
        for j, (child, child_kind) in enumerate(children, start=1):
            units[child] = Unit.objects.create(name=child, kind=child_kind, parent=commune, code=f"VLG-{i:03d}-{j:02d}")
    for name, kind in data.AGENCIES:
        units[name] = Unit.objects.create(name=name, kind=kind, parent=province)
    front = Unit.objects.create(name=data.FRONT, kind=UnitKind.FRONT, parent=province)
    units[data.FRONT] = front
    for name in data.MASS_ORGANISATIONS:
        units[name] = Unit.objects.create(name=name, kind=UnitKind.FRONT, parent=front)


def user(demo: Demo, username: str, full_name: str, *, is_staff=False, is_superuser=False, group=None):
    """Create one demo account (the demo password, an address at the demo's domain)."""
    account = User.objects.create(
        username=username,
        # The whole name in first_name: get_full_name() and get_short_name() then read in the
        # Vietnamese order (family, middle, given) instead of "given family".
        first_name=full_name,
        last_name="",
        email=f"{username}@{data.EMAIL_DOMAIN}",
        password=demo.password_hash,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if group is not None:
        account.groups.add(group)
    return account


def build_people(demo: Demo, group: Group) -> None:
    """Create the demo logins and the other committee members; committee members join the group."""
    admin = user(demo, "admin", data.DEMO_USERS["admin"][0], is_staff=True, is_superuser=True)
    for username, (full_name, _title) in {**data.DEMO_USERS, **data.OTHER_COMMITTEE_USERS}.items():
        if username == "admin":
            continue
        committee_user = username not in data.STAFF_UNITS.values()
        demo.people[username] = user(
            demo, username, full_name, is_staff=committee_user, group=group if committee_user else None
        )
    demo.people["admin"] = admin


def build_committees(demo: Demo) -> None:
    """Create the three committees, seat their members and note who does what in each."""
    people = demo.people
    for key, (name, unit) in data.COMMITTEES.items():
        committee = SteeringCommittee.objects.create(name=name, unit=demo.units[unit])
        work = data.COMMITTEE_WORK[key]
        demo.committees_by_key[key] = Committee(
            committee,
            people[work["leader"]],
            [people[u] for u in work["appraisers"]],
            [people[u] for u in work["scorers"]],
        )
    CommitteeMembership.objects.bulk_create(
        [
            CommitteeMembership(committee=demo.committees_by_key[key].committee, user=people[username], role=role)
            for key, username, role in data.SEATS
        ]
    )
    demo.committees = {c.committee.pk: c for c in demo.committees_by_key.values()}
    for key, values in data.DOCUMENT_SETTINGS.items():
        committee = demo.committees_by_key[key].committee
        DocumentSettings.objects.create(committee=committee, **values)
        LegalBasis.objects.bulk_create(
            LegalBasis(committee=committee, text=text, order=order)
            for order, text in enumerate(data.LEGAL_BASES[key], start=1)
        )
    ReasonTemplate.objects.bulk_create(
        ReasonTemplate(committee=demo.committees_by_key[key].committee, action=action, text=text, position=position)
        for key, reasons in data.REASON_TEMPLATES.items()
        for position, (action, text) in enumerate(reasons, start=1)
    )


def build_unit_staff(demo: Demo) -> list[Unit]:
    """Give every registering unit its officer (the demo's `staff` and `staff2`, or a made-up one)."""
    registering = [u for u in demo.units.values() if u.name not in data.NOT_REGISTERING]
    memberships = []
    for unit in registering:
        if unit.name in data.STAFF_UNITS:
            officer = demo.people[data.STAFF_UNITS[unit.name]]
        else:
            username = "cb." + ".".join(fold(unit.name).replace("(", "").replace(")", "").split()[:6])
            officer = user(demo, username[:150], person_name(demo))
        demo.staff_of[unit.pk] = officer
        memberships.append(UnitMembership(user=officer, unit=unit, title=data.STAFF_TITLE))
    UnitMembership.objects.bulk_create(memberships)
    for account in [*demo.people.values(), *demo.staff_of.values()]:
        forget_scope(account)
    return registering


# ----- the campaigns ----------------------------------------------------------------------------
def launch(demo: Demo, committee: SteeringCommittee, year: int) -> Campaign:
    """Create the year's campaign with its criteria and plan, and launch it on its day."""
    calendar = data.CAMPAIGNS[year]
    campaign = create_campaign(
        committee,
        f"Phong trào thi đua “Dân vận khéo” năm {year}",
        year,
        calendar["registration"],
        of=f"năm {year}",
    )
    document = CampaignDocument(campaign=campaign, title=f"Kế hoạch phát động phong trào năm {year}")
    document.file.save(f"ke-hoach-dan-van-kheo-{year}.pdf", SimpleUploadedFile("k.pdf", data.PDF_BYTES), save=False)
    document.content_type = "application/pdf"
    document.save()
    chair = demo.committees[committee.pk].leader
    apply_campaign(
        campaign, "launch", chair, comment=data.LAUNCH_COMMENT, at=moment(calendar["launch"], MORNING), notify=False
    )
    return campaign


def slots(demo: Demo, year: int, units: list[Unit], fixed: list[Slot]) -> list[Slot]:
    """Return the year's slots: the fixed ones, then the remaining states spread over the units."""
    states = [state for state, count in data.STATES[year].items() for _ in range(count)]
    for slot in fixed:
        states.remove(slot.state)
    demo.rnd.shuffle(states)
    result = list(fixed)
    for i, state in enumerate(states):
        unit = units[i % len(units)]
        kind = InitiativeKind.EXEMPLAR if demo.rnd.random() < 0.2 else InitiativeKind.MODEL
        result.append(Slot(unit=unit, state=state, staff=demo.staff_of[unit.pk], kind=kind))
    return result


def fixed_slots(demo: Demo, year: int) -> list[Slot]:
    """Return the slots placed on purpose for the demo logins (`province.FIXED`)."""
    return [
        Slot(unit=demo.units[name], state=state, staff=demo.staff_of[demo.units[name].pk])
        for name, states in data.FIXED[year].items()
        for state in states
    ]


def finish(demo: Demo, recognized: list[Initiative], year: int) -> None:
    """Recognize the year's batch, then commend the first few recognized initiatives."""
    calendar = data.CAMPAIGNS[year]
    recognize(demo, recognized, calendar["decide"], year)
    for initiative in recognized:
        initiative.refresh_from_db()
    commend_on, how_many = calendar["commend"]
    commend(demo, recognized[:how_many], commend_on, demo.people["chair"])


def recognize_then_revoke(demo: Demo, initiatives: list[Initiative], year: int) -> None:
    """Recognize these by a supplementary decision of their committee, then revoke it (`province.REVOCATION_2025`)."""
    story = data.REVOCATION_2025
    for decision in recognize(demo, initiatives, story["recognized_on"], year, note=story["note"]):
        revoke(demo, decision, story["revoked_on"], story["reason"])


def run_2025(demo: Demo, campaign: Campaign, registering: list[Unit]) -> list[Initiative]:
    """Replay 2025 from registration to summary; return its initiatives as they ended."""
    units = list(registering)
    demo.rnd.shuffle(units)
    used = demo.used_names.setdefault(2025, {})
    fixed = fixed_slots(demo, 2025)
    fixed += [
        Slot(unit=demo.units[n], state=State.RECOGNITION_REVOKED, staff=demo.staff_of[demo.units[n].pk])
        for n in data.REVOCATION_2025["units"]
    ]
    recognized, revoked, made = [], [], []
    for slot in slots(demo, 2025, units, fixed):
        pick_base(demo, slot, used.setdefault(slot.unit.pk, set()))
        initiative = drive(demo, slot, campaign, data.CAMPAIGNS[2025])
        made.append(initiative)
        if slot.state == State.RECOGNIZED:
            recognized.append(initiative)
        elif slot.state == State.RECOGNITION_REVOKED:
            revoked.append(initiative)
    finish(demo, recognized, 2025)
    recognize_then_revoke(demo, revoked, 2025)
    recover_award(recognized, data.RECOVERY_2025, demo.people["chair"])
    # At the summary the secretariat closed two approved initiatives that never reported results.
    summary_day = moment(data.CAMPAIGNS[2025]["summarize"], MORNING)
    for initiative in [i for i in made if i.state == State.APPROVED][: data.CLOSED_UNFINISHED_2025]:
        lifecycle.apply(
            initiative,
            "close_unfinished",
            demo.people["chair"],
            comment=data.UNFINISHED_NOTE,
            at=summary_day,
            notify=False,
        )
    apply_campaign(
        campaign,
        "summarize",
        demo.people["chair"],
        lessons_learned=data.LESSONS_2025,
        at=moment(data.CAMPAIGNS[2025]["summarize"], MORNING),
        notify=False,
    )
    for initiative in made:
        initiative.refresh_from_db()
    return made


def run_2026(demo: Demo, campaign: Campaign, registering: list[Unit], history: list[Initiative]) -> None:
    """Replay 2026 so far: continuations and replications of 2025, every state, a pending case."""
    units = list(registering)
    demo.rnd.shuffle(units)
    fixed = fixed_slots(demo, 2026)
    fixed += [
        Slot(unit=demo.units[n], state=State.SUBMITTED, staff=demo.staff_of[demo.units[n].pk])
        for n in data.MEMBER_QUEUE
    ]
    year_slots = slots(demo, 2026, units, fixed)
    choose_lineage(demo, year_slots, history, staff_slots=len(data.FIXED[2026]["Ấp Phước Hanh A"]))
    recognized = []
    for slot in year_slots:
        initiative = drive(demo, slot, campaign, data.CAMPAIGNS[2026])
        if slot.state == State.RECOGNIZED:
            recognized.append(initiative)
    finish(demo, recognized, 2026)
    # One recognized initiative under a pending complaint: it may not be commended (Decree 152/2025, art. 4).
    Initiative.objects.filter(pk=recognized[-1].pk).update(pending_case=True)


# Why the demo's recused member does not score (a conflict of interest, as members declare it).
RECUSAL_REASON = "Là người thân của chủ nhiệm mô hình."


def fair_scoring(demo: Demo, campaign: Campaign) -> None:
    """Show a fair decision: a quorum of two sheets, one request with assigned scorers and a recusal."""
    Campaign.objects.filter(pk=campaign.pk).update(quorum=data.QUORUM)
    requests = (
        Initiative.objects.filter(campaign=campaign, state=State.RECOGNITION_REQUESTED)
        .select_related("unit", "campaign__committee__unit")
        .order_by("unit__path", "pk")
    )
    for initiative in requests:
        committee = demo.committee_for(initiative.unit)
        eligible = set(eligible_scorers(initiative).values_list("pk", flat=True))
        scored = set(initiative.score_sheets.submitted().values_list("member_id", flat=True))
        free = [m for m in committee.scorers if m.pk in eligible and m.pk not in scored]
        if len(committee.scorers) < 3 or not free:
            continue
        # The demo's plain member ("member") keeps scoring: another one declares the conflict.
        recused = next((m for m in reversed(free) if m.username != "member"), free[-1])
        recuse(initiative, recused, RECUSAL_REASON)
        assign_scorers(
            initiative, [m for m in committee.scorers if m.pk in eligible and m != recused], committee.leader
        )
        return


def choose_lineage(demo: Demo, year_slots: list[Slot], history: list[Initiative], staff_slots: int) -> None:
    """Decide what each 2026 slot is about: a continuation of its unit's 2025 one, a replication, or new."""
    # A maintained initiative continues its own unit's 2025 one; a replicated one copies another unit's recognized one.
    earlier_by_unit: dict[int, list[Initiative]] = {}
    for old in history:
        if old.state in (State.RECOGNIZED, State.APPROVED, State.NOT_RECOGNIZED):
            earlier_by_unit.setdefault(old.unit_id, []).append(old)
    recognized_2025 = [old for old in history if old.state == State.RECOGNIZED]
    used_2025 = demo.used_names.get(2025, {})
    used_2026 = demo.used_names.setdefault(2026, {})
    for i, slot in enumerate(year_slots):
        used = used_2026.setdefault(slot.unit.pk, set(used_2025.get(slot.unit.pk, set())))
        mine = earlier_by_unit.get(slot.unit.pk)
        roll = demo.rnd.random()
        if i < staff_slots and slot.state == State.APPROVED and mine:
            roll = 0.0  # the demo's `staff` shows a maintained initiative
        if mine and roll < 0.3:
            source = mine.pop()
            slot.origin, slot.source, slot.kind, slot.subject = Origin.MAINTAINED, source, source.kind, source.subject
            slot.extras["base"] = base_of(source)
        elif 0.3 <= roll < 0.42:
            others = [r for r in recognized_2025 if r.unit_id != slot.unit.pk and r.kind == InitiativeKind.MODEL]
            source = demo.rnd.choice(others)
            slot.origin, slot.source, slot.kind = Origin.REPLICATED, source, InitiativeKind.MODEL
            slot.extras["base"] = base_of(source)
        else:
            pick_base(demo, slot, used)
        if slot.state == State.SUBMITTED and demo.rnd.random() < 0.3:
            slot.extras["late"] = True
