"""Who is told of what: the unit's staff and the committee responsible for it, not every committee above."""

from __future__ import annotations

import datetime

import pytest

from campaigns.access import concerned_by, people_under, responsible_committees
from campaigns.lifecycle import ANNOUNCEMENTS, apply_campaign
from campaigns.models import CampaignState
from models_registry import bulk, lifecycle
from models_registry.committee.forms import InspectionForm
from models_registry.reports.forms import CommendationForm
from notifications.models import Kind, Notification
from tests.conftest import MOVE_PARAMS, score
from tests.factories import CampaignFactory, UnitMembershipFactory, UserFactory


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_the_committee_responsible_for_a_hamlet_is_its_communes_not_the_provinces(world):
    assert list(responsible_committees(world.hamlet)) == [world.commune_committee]
    assert list(responsible_committees(world.commune)) == [world.commune_committee]
    # A ward without a committee of its own is the province's to act on.
    assert list(responsible_committees(world.other_hamlet)) == [world.province_committee]


def test_a_move_on_a_hamlets_initiative_concerns_its_staff_and_the_commune_committee_only(world):
    # `chair` and `secretary` sit on the commune's committee too (issue 15).
    assert concerned_by(world.hamlet) == {
        world.staff.pk,
        world.member.pk,
        world.member2.pk,
        world.chair.pk,
        world.secretary.pk,
    }
    assert concerned_by(world.other_hamlet) == {world.staff2.pk, world.chair.pk, world.secretary.pk}


@pytest.mark.parametrize(
    ("state", "action", "actor", "expected"),
    [
        # The commune's committee: member, member2, and `chair` and `secretary` who lead it too (issue 15).
        ("draft", "submit", "staff", ["chair", "member", "member2", "secretary"]),
        ("submitted", "approve", "member", ["chair", "member2", "secretary", "staff"]),
        ("submitted", "return_for_revision", "member", ["chair", "member2", "secretary", "staff"]),
        ("submitted", "reject", "member", ["chair", "member2", "secretary", "staff"]),
        ("approved", "withdraw", "staff", ["chair", "member", "member2", "secretary"]),
    ],
)
def test_each_move_tells_the_unit_and_its_committee_but_not_the_actor_nor_the_province(
    world, django_capture_on_commit_callbacks, state, action, actor, expected
):
    initiative = world.initiative(state)
    params = MOVE_PARAMS.get(action, {})

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, action, getattr(world, actor), **params)

    assert told(action) == expected
    notification = Notification.objects.filter(kind=action).first()
    assert notification.target == initiative
    assert notification.actor == getattr(world, actor)


def test_a_recognition_tells_the_unit_and_its_committee(world, django_capture_on_commit_callbacks):
    from tests.models_registry.test_lifecycle_table import decision_of

    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "recognize", world.chair, decision=decision_of(world.commune_committee))

    assert told("recognize") == ["member", "member2", "secretary", "staff"]


def test_an_issued_decision_tells_each_recognized_initiatives_unit_once(world, django_capture_on_commit_callbacks):
    # Both aim at the province (one decision recognizes one level's initiatives, issue 15).
    here = world.initiative("recognition_requested", level="province")
    there = world.initiative("recognition_requested", unit=world.other_hamlet)
    for initiative in (here, there):
        score(initiative, world.chair, 90)

    with django_capture_on_commit_callbacks(execute=True):
        bulk.recognize_many(
            [here, there], world.chair, number="07/QĐ-BCĐ", decided_on=datetime.date.today(), signer="Trưởng ban"
        )

    # Not "recognized" and "decision issued" both: one notification per person and initiative.
    assert told("recognize") == []
    # Both aim at the province: its committee (`secretary`; `chair` acted) is told of each, not the commune's.
    assert told("decision_issued") == ["secretary", "secretary", "staff", "staff2"]
    notification = Notification.objects.get(kind="decision_issued", recipient=world.staff)
    assert notification.target == here
    assert "07/QĐ-BCĐ" in notification.summary


def test_an_inspection_recorded_reaches_the_units_staff(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("approved")
    form = InspectionForm(
        {
            "inspected_on": datetime.date.today().isoformat(),
            "inspectors": [world.member.pk],
            "completion": 50,
            "effectiveness": "good",
            "findings": "Làm đúng kế hoạch.",
        },
        initiative=initiative,
        user=world.member,
    )
    assert form.is_valid(), form.errors

    with django_capture_on_commit_callbacks(execute=True):
        form.save_for(initiative, world.member)

    assert told("inspection_recorded") == ["staff"]
    assert Notification.objects.get(kind="inspection_recorded").comment == "Làm đúng kế hoạch."


def test_a_commendation_recorded_reaches_the_units_staff(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("recognized")
    form = CommendationForm(
        {
            "kind": "certificate_of_merit",
            "level": "province",
            "authority": "UBND tỉnh",
            "decision_number": "12/QĐ-UBND",
            "decided_on": datetime.date.today().isoformat(),
            "recipient": "Ấp Phú Hòa",
        },
        initiative=initiative,
    )
    assert form.is_valid(), form.errors

    with django_capture_on_commit_callbacks(execute=True):
        form.save_for(initiative, world.chair)

    assert told("commendation_recorded") == ["staff"]


def test_a_launch_reaches_every_units_staff_and_committee_in_the_campaigns_scope(
    world, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        apply_campaign(campaign, "launch", world.chair)

    assert told("campaign_launched") == ["member", "member2", "secretary", "staff", "staff2"]
    assert Notification.objects.filter(kind="campaign_launched").first().target == campaign


def test_a_communes_campaign_reaches_only_the_people_of_that_commune(world, django_capture_on_commit_callbacks):
    campaign = CampaignFactory(committee=world.commune_committee, state=CampaignState.DRAFT)
    UnitMembershipFactory(unit=world.province, user=UserFactory(username="province_staff"))
    leader = world.member
    from campaigns.models import CommitteeMembership, Role

    CommitteeMembership.objects.filter(user=leader).update(role=Role.CHAIR)

    with django_capture_on_commit_callbacks(execute=True):
        apply_campaign(campaign, "launch", leader)

    # `chair` and `secretary` lead the commune's committee too (issue 15).
    assert told("campaign_launched") == ["chair", "member2", "secretary", "staff"]
    assert people_under(world.commune) == {
        world.member.pk,
        world.member2.pk,
        world.staff.pk,
        world.chair.pk,
        world.secretary.pk,
    }


def test_a_summary_is_announced_and_a_replayed_one_is_not(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.", notify=False)
    assert told("campaign_summarized") == []

    other = CampaignFactory(committee=world.province_committee)
    with django_capture_on_commit_callbacks(execute=True):
        apply_campaign(other, "summarize", world.chair, lessons_learned="Bài học.")
    assert told("campaign_summarized") == ["member", "member2", "secretary", "staff", "staff2"]


@pytest.mark.parametrize(("changed", "announced"), [(["registration_closes_on"], True), (["theme"], False)])
def test_a_deadline_changed_in_the_admin_is_announced_and_other_edits_are_not(
    rf, world, django_capture_on_commit_callbacks, changed, announced
):
    from types import SimpleNamespace

    from django.contrib import admin

    from campaigns.models import Campaign

    request = rf.post("/")
    request.user = world.chair
    campaign = world.campaign
    campaign.registration_closes_on = datetime.date(campaign.year, 11, 30)

    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Campaign].save_model(
            request, campaign, SimpleNamespace(changed_data=changed, fields=dict.fromkeys(changed)), True
        )

    expected = ["member", "member2", "secretary", "staff", "staff2"] if announced else []
    assert told("deadline_changed") == expected


def test_the_kinds_of_moves_and_announcements_are_those_of_the_lifecycles():
    for action, transition in lifecycle.TRANSITIONS.items():
        assert action in Kind.values
        assert str(Kind(action).label) == str(transition.label)
    assert set(ANNOUNCEMENTS) <= set(Kind.values)


def test_an_unknown_announcement_is_refused_at_once(world):
    from campaigns.lifecycle import announce

    with pytest.raises(ValueError):
        announce(world.campaign, "launched_twice", world.chair)


@pytest.mark.parametrize(
    ("amendment", "verb"),
    [("revoke", "bị thu hồi"), ("replace", "được thay thế"), ("correct", "được đính chính")],
)
def test_amending_a_decision_tells_each_of_its_initiatives_unit_what_changed_and_why(
    world, django_capture_on_commit_callbacks, amendment, verb
):
    from tests.models_registry.reports.papers.helpers import issue

    decision = issue(world, n=2, number="05/QĐ-BCĐ")
    here, there = decision.recognized_initiatives().order_by("pk")

    with django_capture_on_commit_callbacks(execute=True):
        decision.amend(
            world.chair,
            kind=amendment,
            number="09/QĐ-BCĐ",
            decided_on=datetime.date(2026, 4, 10),
            signer="Nguyễn Văn An",
            reason="Hồ sơ không trung thực",
        )

    # Like an issued decision: each initiative's unit staff and its acting committee (`chair` acted).
    assert told("decision_amended") == ["secretary", "secretary", "staff", "staff"]
    notification = Notification.objects.filter(kind="decision_amended", recipient=world.staff).first()
    assert notification.target in (here, there)
    assert notification.actor == world.chair
    assert notification.comment == "Hồ sơ không trung thực"
    assert (
        notification.summary
        == f"Quyết định công nhận số 05/QĐ-BCĐ {verb} bằng Quyết định số 09/QĐ-BCĐ ngày 10/04/2026."
    )


def test_an_amendment_replayed_without_notices_tells_no_one(world, django_capture_on_commit_callbacks):
    from tests.models_registry.reports.papers.helpers import issue

    decision = issue(world, n=1)

    with django_capture_on_commit_callbacks(execute=True):
        decision.amend(
            world.chair,
            kind="revoke",
            number="09/QĐ-BCĐ",
            decided_on=datetime.date.today(),
            signer="Nguyễn Văn An",
            reason="Hồ sơ không trung thực",
            notify=False,
        )

    assert told("decision_amended") == []
    assert not Notification.objects.exists()


def test_an_amendment_that_is_refused_tells_no_one(world, django_capture_on_commit_callbacks):
    from campaigns.lifecycle import TransitionError
    from tests.models_registry.reports.papers.helpers import issue

    decision = issue(world, n=1)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        decision.amend(
            world.member, kind="revoke", number="09/QĐ-BCĐ", decided_on=datetime.date.today(), signer="", reason="x"
        )

    assert told("decision_amended") == []


def test_an_english_reader_is_told_of_a_revocation_in_english(world, django_capture_on_commit_callbacks):
    from django.utils import translation

    from tests.models_registry.reports.papers.helpers import issue

    decision = issue(world, n=1, number="05/QĐ-BCĐ")
    with django_capture_on_commit_callbacks(execute=True):
        decision.amend(
            world.chair,
            kind="revoke",
            number="09/QĐ-BCĐ",
            decided_on=datetime.date(2026, 4, 10),
            signer="Nguyễn Văn An",
            reason="Hồ sơ không trung thực",
        )

    notification = Notification.objects.get(kind="decision_amended", recipient=world.staff)
    with translation.override("en"):
        assert (
            notification.summary
            == "Recognition decision no. 05/QĐ-BCĐ was revoked by decision no. 09/QĐ-BCĐ of 10/04/2026."
        )
        assert notification.get_kind_display() == "Recognition decision amended"


def test_a_moves_notification_is_news_in_english_and_the_buttons_words_in_vietnamese(
    world, django_capture_on_commit_callbacks
):
    # In English the kinds were the buttons' verbs: a unit read "[DVK] Approve: …", an order, in its mail.
    from django.utils import translation

    from notifications.sending import render_one

    initiative = world.initiative("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "approve", world.chair, **MOVE_PARAMS["approve"])
    notification = Notification.objects.filter(kind=Kind.APPROVE).first()

    with translation.override("en"):
        english = render_one(notification)[0], [str(label) for label in Kind.labels]
    with translation.override("vi"):
        vietnamese = render_one(notification)[0]

    assert english[0] == f"[DVK] Approved: {initiative.name}"
    assert vietnamese == f"[DVK] Duyệt: {initiative.name}"
    assert {"Approve", "Recognize", "Submit registration", "Reject"}.isdisjoint(english[1])
