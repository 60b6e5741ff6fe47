"""Levels and nomination upward (issue 15): the committee of an initiative's level acts on it, the
others over its unit only see it; a commune's recognized initiative is nominated to the province,
which recognizes it again at its level (a second decision on the same initiative) or returns it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from campaigns.lifecycle import apply_campaign
from campaigns.models import CampaignState, Level, Role, SteeringCommittee
from models_registry import bulk, lifecycle
from models_registry.evidence import save_attachments
from models_registry.lifecycle import TransitionError
from models_registry.models import Initiative, Nomination, NominationState, RecognitionDecision, TransitionLog
from tests.conftest import add_inspection, png_file, score
from tests.factories import (
    CampaignFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    InitiativeFactory,
    UnitFactory,
    UnitMembershipFactory,
    UserFactory,
)

TODAY = datetime.date.today()


@dataclass
class Levels:
    """The world plus what levels need: a commune chair, a commune campaign, another commune's committee."""

    world: object
    commune_chair: object
    province_chair: object
    province_member: object
    other_chair: object
    commune_campaign: object


@pytest.fixture
def levels(world, province_chair) -> Levels:
    # The world's `chair` leads both committees; these sit on one each, to tell the levels apart.
    commune_chair = UserFactory(username="commune_chair", is_staff=True)
    CommitteeMembershipFactory(committee=world.commune_committee, user=commune_chair, role=Role.CHAIR)
    province_member = UserFactory(username="province_member", is_staff=True)
    CommitteeMembershipFactory(committee=world.province_committee, user=province_member, role=Role.MEMBER)
    other_committee = CommitteeFactory(unit=world.other_commune, name="Ban Chỉ đạo phường Trà Vinh")
    other_chair = UserFactory(username="other_chair", is_staff=True)
    CommitteeMembershipFactory(committee=other_committee, user=other_chair, role=Role.CHAIR)
    commune_campaign = CampaignFactory(committee=world.commune_committee, name="Dân vận khéo xã Long Hồ")
    return Levels(world, commune_chair, province_chair, province_member, other_chair, commune_campaign)


def commune_initiative(levels: Levels, **kwargs) -> Initiative:
    """A hamlet's registration in the commune's campaign, at the level it takes by default (no `level`)."""
    initiative = Initiative(
        **{
            f.name: getattr(InitiativeFactory.build(campaign=levels.commune_campaign), f.name)
            for f in Initiative._meta.concrete_fields
            if not f.primary_key and f.name not in ("level", "search_text", "version")
        }
    )
    initiative.unit = levels.world.hamlet
    initiative.campaign = levels.commune_campaign
    for key, value in kwargs.items():
        setattr(initiative, key, value)
    initiative.save()
    return initiative


def drive(levels: Levels, initiative: Initiative, state: str) -> Initiative:
    """Move a commune-level initiative to `state` as the commune's committee would."""
    w = levels.world
    for action in lifecycle.path_to(state, start=initiative.state):
        if action == "request_recognition":
            add_inspection(initiative, w.member)
            save_attachments(initiative, [png_file()], w.staff)
            lifecycle.apply(initiative, action, w.staff, results_report="Đạt 100% mục tiêu.")
        elif action == "recognize":
            score(initiative, w.member, 90)
            score(initiative, w.member2, 80)
            bulk.recognize_many(
                [initiative], levels.commune_chair, number=f"X-{initiative.pk}", decided_on=TODAY, signer="Chủ tịch xã"
            )
        elif action == "submit":
            lifecycle.apply(initiative, action, w.staff)
        else:
            params = {"plan_note": "Kế hoạch."} if action == "approve" else {"comment": "Lý do."}
            lifecycle.apply(initiative, action, w.member, **params)
    initiative.refresh_from_db()
    return initiative


def province_decision(levels: Levels, number: str = "T-01") -> RecognitionDecision:
    return RecognitionDecision.objects.create(
        committee=levels.world.province_committee, number=number, decided_on=TODAY, signer="Trưởng ban tỉnh"
    )


# ----- the level an initiative aims at ---------------------------------------------------------
def test_an_initiative_aims_by_default_at_the_lowest_committee_over_its_unit(levels):
    initiative = commune_initiative(levels)

    assert initiative.level == Level.COMMUNE
    assert initiative.acting_committee() == levels.world.commune_committee


def test_an_initiative_may_aim_at_the_province_and_then_the_province_acts_on_it(levels):
    initiative = commune_initiative(levels, level=Level.PROVINCE)

    assert initiative.acting_committee() == levels.world.province_committee
    assert list(Initiative.objects.acted_on_by(levels.world.province_committee)) == [initiative]
    assert list(Initiative.objects.acted_on_by(levels.world.commune_committee)) == []


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("member", True),
        ("commune_chair", True),
        ("province_chair", False),
        ("province_member", False),
        ("other_chair", False),
    ],
)
def test_only_the_committee_of_the_initiatives_level_appraises_a_commune_level_registration(levels, actor, allowed):
    w = levels.world
    user = getattr(levels, actor, None) or getattr(w, actor)
    initiative = drive(levels, commune_initiative(levels), "submitted")

    refusal = lifecycle.check(user, "approve", initiative)

    assert (refusal is None) is allowed
    if actor in ("province_chair", "province_member"):
        # The province's committee is above: it sees the registration, read only.
        assert refusal.code == "role"
        assert Initiative.objects.visible_to(user).filter(pk=initiative.pk).exists()
    if actor == "other_chair":
        assert refusal.code == "scope"


@pytest.mark.parametrize(("actor", "allowed"), [("province_chair", True), ("member", False), ("commune_chair", False)])
def test_a_province_level_registration_is_appraised_by_the_province_not_by_the_commune_below(levels, actor, allowed):
    user = getattr(levels, actor, None) or getattr(levels.world, actor)
    initiative = commune_initiative(levels, level=Level.PROVINCE)
    lifecycle.apply(initiative, "submit", levels.world.staff)

    refusal = lifecycle.check(user, "approve", initiative)

    assert (refusal is None) is allowed
    if not allowed:
        assert refusal.code == "role"


def test_the_province_chair_cannot_recognize_a_commune_level_initiative(levels):
    initiative = drive(levels, commune_initiative(levels), "recognition_requested")
    score(initiative, levels.world.member, 90)

    with pytest.raises(TransitionError) as refused:
        bulk.recognize_many([initiative], levels.province_chair, number="T-9", decided_on=TODAY, signer="Trưởng ban")

    assert refused.value.code == "role"
    assert Initiative.objects.get(pk=initiative.pk).state == "recognition_requested"


def test_the_commune_chair_recognizes_a_commune_level_initiative_by_a_commune_decision(levels):
    initiative = drive(levels, commune_initiative(levels), "recognized")

    assert initiative.decision.committee == levels.world.commune_committee
    assert initiative.decision.level == Level.COMMUNE


def test_the_committee_queues_hold_only_what_each_committee_acts_on(levels, client):
    w = levels.world
    commune_level = drive(levels, commune_initiative(levels), "submitted")
    province_level = commune_initiative(levels, level=Level.PROVINCE)
    lifecycle.apply(province_level, "submit", w.staff)
    from models_registry.committee.views.common import committee_initiatives

    assert set(committee_initiatives(w.member)) == {commune_level}
    assert set(committee_initiatives(levels.province_chair)) == {province_level}


def test_the_registration_form_offers_the_levels_of_the_committees_over_the_unit(levels, client):
    client.force_login(levels.world.staff)

    response = client.get(reverse("staff:initiative_create"))

    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["level"].choices]
    assert choices == [Level.COMMUNE, Level.PROVINCE]


def test_the_registration_form_refuses_a_level_no_committee_over_the_unit_gives(levels):
    from models_registry.staff.forms import InitiativeForm

    form = InitiativeForm(data={"level": Level.DISTRICT}, user=levels.world.staff)

    assert not form.is_valid()
    assert "level" in form.errors


def test_a_unit_with_one_committee_over_it_gets_no_level_choice(world, client):
    lone = UnitFactory(name="Tỉnh khác", kind="province")
    lone_unit = UnitFactory(name="Ấp lẻ", kind="hamlet", parent=lone)
    CommitteeFactory(unit=lone)
    user = UserFactory(username="lone")
    UnitMembershipFactory(unit=lone_unit, user=user)
    client.force_login(user)

    response = client.get(reverse("staff:initiative_create"))

    assert "level" not in response.context["form"].fields


# ----- nomination upward ------------------------------------------------------------------------
def nominated(levels: Levels) -> Initiative:
    initiative = drive(levels, commune_initiative(levels), "recognized")
    lifecycle.apply(initiative, "nominate", levels.commune_chair, comment="Mô hình tiêu biểu của xã.")
    return initiative


def test_the_commune_chair_nominates_a_recognized_initiative_to_the_province(levels):
    initiative = nominated(levels)

    nomination = Nomination.objects.get(initiative=initiative)
    assert nomination.from_committee == levels.world.commune_committee
    assert nomination.to_committee == levels.world.province_committee
    assert nomination.state == NominationState.PROPOSED
    assert nomination.reason == "Mô hình tiêu biểu của xã."
    assert TransitionLog.objects.filter(initiative=initiative, action="nominate").count() == 1
    assert Initiative.objects.get(pk=initiative.pk).state == "recognized"


@pytest.mark.parametrize("actor", ["member", "province_chair", "other_chair", "staff"])
def test_only_a_leader_of_the_recognizing_committee_nominates(levels, actor):
    user = getattr(levels, actor, None) or getattr(levels.world, actor)
    initiative = drive(levels, commune_initiative(levels), "recognized")

    refusal = lifecycle.check(user, "nominate", initiative)

    assert refusal is not None
    assert refusal.code == ("scope" if actor == "other_chair" else "role")


def test_an_initiative_not_recognized_yet_cannot_be_nominated(levels):
    initiative = drive(levels, commune_initiative(levels), "recognition_requested")

    assert lifecycle.check(levels.commune_chair, "nominate", initiative).code == "state"


def test_an_initiative_already_nominated_cannot_be_nominated_again(levels):
    initiative = nominated(levels)

    with pytest.raises(TransitionError) as refused:
        lifecycle.apply(initiative, "nominate", levels.commune_chair, comment="Lần hai.")

    assert "đã được đề cử" in str(refused.value)
    assert Nomination.objects.filter(initiative=initiative).count() == 1


def test_a_second_open_nomination_of_one_initiative_is_refused_by_the_database_as_a_conflict(levels):
    # Two leaders nominating at once both pass the state check; the one-open-per-initiative constraint
    # stops the second, and the entry point's caller hears "conflict", not an IntegrityError.
    initiative = nominated(levels)

    with pytest.raises(TransitionError) as refused:
        Nomination.objects.propose(initiative, levels.commune_chair, reason="Lần hai, cùng lúc.")

    assert refused.value.code == "conflict"
    assert Nomination.objects.filter(initiative=initiative).count() == 1


def test_a_nomination_answered_meanwhile_cannot_be_answered_again(levels):
    initiative = nominated(levels)
    Nomination.objects.decide(initiative, accepted=False, return_reason="Chưa đủ hồ sơ.")

    with pytest.raises(TransitionError) as refused:
        Nomination.objects.decide(initiative, accepted=False, return_reason="Lần hai.")

    assert refused.value.code == "conflict"
    nomination = Nomination.objects.get(initiative=initiative)
    assert (nomination.state, nomination.return_reason) == (NominationState.RETURNED, "Chưa đủ hồ sơ.")


def test_a_nomination_needs_a_reason(levels):
    initiative = drive(levels, commune_initiative(levels), "recognized")

    with pytest.raises(TransitionError) as refused:
        lifecycle.apply(initiative, "nominate", levels.commune_chair, comment="  ")

    assert refused.value.code == "needs"
    assert not Nomination.objects.exists()


def test_a_province_level_initiative_has_no_level_above_to_go_to(levels):
    w = levels.world
    initiative = commune_initiative(levels, level=Level.PROVINCE, campaign=w.campaign)
    for action in lifecycle.path_to("recognition_requested"):
        params = {"plan_note": "Kế hoạch."} if action == "approve" else {}
        if action == "request_recognition":
            add_inspection(initiative, levels.province_chair)
            save_attachments(initiative, [png_file()], w.staff)
            params = {"results_report": "Đạt."}
        lifecycle.apply(initiative, action, w.staff if action != "approve" else levels.province_chair, **params)
    score(initiative, levels.province_chair, 90)
    score(initiative, levels.province_member, 90)
    bulk.recognize_many([initiative], levels.province_chair, number="T-1", decided_on=TODAY, signer="Trưởng ban")
    initiative.refresh_from_db()

    assert lifecycle.check(levels.province_chair, "nominate", initiative).code == "needs"


def test_a_summarized_campaigns_initiative_cannot_be_nominated(levels):
    initiative = drive(levels, commune_initiative(levels), "recognized")
    apply_campaign(levels.commune_campaign, "summarize", levels.commune_chair, lessons_learned="Bài học.")
    initiative.refresh_from_db()

    assert levels.commune_campaign.state == CampaignState.SUMMARIZED
    refusal = lifecycle.check(levels.commune_chair, "nominate", initiative)
    assert "đã tổng kết" in str(refusal)


def test_the_province_recognizes_a_nomination_by_its_own_decision_and_both_decisions_stay(levels):
    initiative = nominated(levels)
    commune_decision = initiative.decision

    decision = bulk.recognize_many(
        [initiative], levels.province_chair, number="T-01", decided_on=TODAY, signer="Trưởng ban"
    )

    initiative.refresh_from_db()
    nomination = Nomination.objects.get(initiative=initiative)
    assert nomination.state == NominationState.ACCEPTED
    assert nomination.decision == decision
    assert decision.level == Level.PROVINCE
    assert initiative.decision == commune_decision  # the first decision stays
    assert list(decision.recognized_initiatives()) == [initiative]
    assert list(commune_decision.recognized_initiatives()) == [initiative]
    assert Initiative.objects.count() == 1  # never a re-registration
    assert TransitionLog.objects.filter(initiative=initiative, action="recognize_nomination").count() == 1


def test_each_decision_counts_what_it_recognized_nominations_included_and_an_amendment_names_what_it_amends(
    client, levels
):
    # The recognition page's recent decisions counted only the initiatives a decision recognized
    # first: the province's decision on a nomination said "0 hồ sơ", as did a revocation.
    initiative = nominated(levels)
    commune_decision = initiative.decision
    province_decision = bulk.recognize_many(
        [initiative], levels.province_chair, number="T-01", decided_on=TODAY, signer="Trưởng ban"
    )
    revocation = commune_decision.amend(
        levels.commune_chair, kind="revoke", number="T-09", decided_on=TODAY, signer="Trưởng ban", reason="Sai sót."
    )

    counted = {d.pk: d.n for d in RecognitionDecision.objects.with_recognized_count()}
    client.force_login(levels.world.chair)  # leads both committees
    html = client.get(reverse("committee:recognition")).content.decode()

    assert counted == {
        pk: RecognitionDecision.objects.get(pk=pk).recognized_initiatives().count() if pk != revocation.pk else 0
        for pk in counted
    }
    assert counted[province_decision.pk] == 1 and counted[commune_decision.pk] == 1
    assert f"{province_decision}</a> — {province_decision.committee.name} (1 hồ sơ)" in html
    assert f"{revocation}</a> — {revocation.committee.name} (Thu hồi: {commune_decision})" in html
    # The admin's list and the API count the same way.
    client.force_login(levels.world.admin)
    listed = client.get(reverse("admin:models_registry_recognitiondecision_changelist"))
    assert {d.pk: d.n for d in listed.context["cl"].result_list}[province_decision.pk] == 1
    assert f'<td class="field-initiative_count">Thu hồi: {commune_decision}</td>' in listed.content.decode()
    api = {d["id"]: d["initiative_count"] for d in client.get("/api/v1/decisions/").json()["results"]}
    assert api[province_decision.pk] == 1 and api[commune_decision.pk] == 1


def test_the_re_reporting_guard_does_not_catch_the_provincial_recognition(levels):
    from models_registry import guard

    initiative = nominated(levels)

    assert guard.refusal(initiative)[0] is None
    bulk.recognize_many(
        [initiative], levels.province_chair, number="T-02", decided_on=TODAY, signer="Trưởng ban"
    )  # no refusal raised


@pytest.mark.parametrize("actor", ["commune_chair", "member", "other_chair", "staff"])
def test_only_the_province_leaders_decide_a_nomination(levels, actor):
    user = getattr(levels, actor, None) or getattr(levels.world, actor)
    initiative = nominated(levels)

    for action in ("recognize_nomination", "return_nomination"):
        refusal = lifecycle.check(user, action, initiative)
        assert refusal is not None
        assert refusal.code == ("scope" if actor == "other_chair" else "role")


def test_a_decision_of_another_committee_cannot_recognize_a_nomination(levels):
    initiative = nominated(levels)
    wrong = RecognitionDecision.objects.create(
        committee=levels.world.commune_committee, number="X-99", decided_on=TODAY, signer="Chủ tịch xã"
    )

    with pytest.raises(TransitionError) as refused:
        lifecycle.apply(initiative, "recognize_nomination", levels.province_chair, decision=wrong)

    assert refused.value.code == "role"


def test_the_province_returns_a_nomination_with_a_reason_and_it_may_be_nominated_again(levels):
    initiative = nominated(levels)

    with pytest.raises(TransitionError):
        lifecycle.apply(initiative, "return_nomination", levels.province_chair, comment="")
    lifecycle.apply(initiative, "return_nomination", levels.province_chair, comment="Chưa đủ minh chứng nhân rộng.")

    nomination = Nomination.objects.get(initiative=initiative)
    assert nomination.state == NominationState.RETURNED
    assert nomination.return_reason == "Chưa đủ minh chứng nhân rộng."
    assert lifecycle.check(levels.province_chair, "return_nomination", initiative).code == "state"
    assert lifecycle.check(levels.commune_chair, "nominate", initiative) is None


def test_without_a_nomination_the_province_has_nothing_to_decide(levels):
    initiative = drive(levels, commune_initiative(levels), "recognized")

    assert lifecycle.check(levels.province_chair, "recognize_nomination", initiative).code == "state"


def test_returning_a_nomination_that_does_not_exist_lands_on_the_record_not_on_a_server_error(levels, client):
    """Found by the form fuzz: the act page asked who decides a nomination that was never made (a 500)."""
    initiative = drive(levels, commune_initiative(levels), "recognized")
    client.force_login(levels.province_chair)

    response = client.post(
        reverse("committee:act", args=[initiative.pk, "return_nomination"]), {"comment": "Chưa đủ minh chứng."}
    )

    assert response.status_code in (302, 403)
    assert lifecycle.moved_on(levels.province_chair, "return_nomination", initiative) is None


# ----- pages ------------------------------------------------------------------------------------
def test_the_provinces_recognition_page_lists_the_nominations_from_below(levels, client):
    initiative = nominated(levels)
    client.force_login(levels.province_chair)
    response = client.get(reverse("committee:recognition"))

    assert response.status_code == 200
    assert [n.initiative for n in response.context["nominations"]] == [initiative]
    assert "Đề cử từ cấp dưới" in response.content.decode()


def test_the_nominations_from_below_come_grouped_by_the_nominating_committee_oldest_first(levels, client):
    w = levels.world
    first, second = nominated(levels), nominated(levels)
    other_committee = SteeringCommittee.objects.get(unit=w.other_commune)
    elsewhere = InitiativeFactory(unit=w.other_commune, campaign=w.campaign, state="recognized")
    Nomination.objects.create(
        initiative=elsewhere, from_committee=other_committee, to_committee=w.province_committee, reason="Tiêu biểu."
    )
    client.force_login(levels.province_chair)

    shown = [n.initiative for n in client.get(reverse("committee:recognition")).context["nominations"]]

    by_committee = {w.commune_committee.unit.path: [first, second], w.other_commune.path: [elsewhere]}
    assert shown == [initiative for path in sorted(by_committee) for initiative in by_committee[path]]


def test_the_nominations_badge_says_more_follow_and_a_pager_of_their_own_reaches_the_rest(levels, client, monkeypatch):
    from models_registry.committee.views import queues

    # Two rows a page stand for the hundred of the real page: three nominations need a second page.
    monkeypatch.setattr(queues, "PAGE_ROWS", 2)
    shown = [nominated(levels) for _ in range(3)]
    client.force_login(levels.province_chair)

    first = client.get(reverse("committee:recognition"))
    second = client.get(reverse("committee:recognition"), {"nominations_page": 2})

    html = first.content.decode()
    assert '<span class="badge text-bg-secondary">2+</span>' in html
    assert '<span class="badge text-bg-secondary">3</span>' in second.content.decode()
    assert "?nominations_page=2#nominations-title" in html
    rows = [n.initiative for n in first.context["nominations"]] + [n.initiative for n in second.context["nominations"]]
    assert sorted(i.pk for i in rows) == sorted(i.pk for i in shown)
    assert len(first.context["nominations"]) == 2


def test_the_province_recognizes_a_nomination_from_its_recognition_page(levels, client):
    initiative = nominated(levels)
    client.force_login(levels.province_chair)
    data = {
        "initiatives": [initiative.pk],
        "number": "T-10",
        "decided_on": TODAY.strftime("%d/%m/%Y"),
        "signer": "Trưởng ban",
        "confirmed": "1",
    }

    response = client.post(reverse("committee:recognition"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    nomination = Nomination.objects.get(initiative=initiative)
    assert nomination.state == NominationState.ACCEPTED
    assert nomination.decision.number == "T-10"


def test_the_initiative_page_shows_both_decisions(levels, client):
    initiative = nominated(levels)
    bulk.recognize_many([initiative], levels.province_chair, number="T-03", decided_on=TODAY, signer="Trưởng ban")
    client.force_login(levels.world.staff)

    html = client.get(initiative.get_absolute_url()).content.decode()

    assert f"X-{initiative.pk}" in html
    assert "T-03" in html
    assert "data-upper-decision" in html


def test_the_return_page_is_refused_to_the_commune_and_open_to_the_province(levels, client):
    initiative = nominated(levels)
    url = reverse("committee:act", args=[initiative.pk, "return_nomination"])

    client.force_login(levels.commune_chair)
    assert client.get(url).status_code == 403
    client.force_login(levels.other_chair)
    assert client.get(url).status_code == 404
    client.force_login(levels.province_chair)
    assert client.get(url).status_code == 200
    response = client.post(url, {"return_nomination-comment": "Cần bổ sung."})
    assert response.status_code == 302
    assert Nomination.objects.get(initiative=initiative).state == NominationState.RETURNED


def test_the_data_migration_gives_existing_initiatives_their_decisions_or_their_campaigns_level(levels):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("models_registry.migrations.0023_levels_initiative_level")
    recognized = drive(levels, commune_initiative(levels), "recognized")
    in_province_campaign = commune_initiative(levels, campaign=levels.world.campaign)
    Initiative.objects.update(level="")  # as the rows stood before the column existed

    migration.set_levels(apps, None)

    assert Initiative.objects.get(pk=recognized.pk).level == Level.COMMUNE  # its decision's level
    assert Initiative.objects.get(pk=in_province_campaign.pk).level == Level.PROVINCE  # its campaign's


# ----- the funnel per level -----------------------------------------------------------------------
def test_the_funnel_per_level_matches_counts_made_one_initiative_at_a_time(levels, client):
    from models_registry.models import Commendation, CommendationKind, Nomination
    from models_registry.reports.funnel import level_funnel

    w = levels.world
    first = nominated(levels)
    bulk.recognize_many([first], levels.province_chair, number="T-20", decided_on=TODAY, signer="Trưởng ban")
    second = drive(levels, commune_initiative(levels), "recognized")
    Initiative.objects.filter(pk=second.pk).update(outstanding=True)
    Commendation.objects.create(
        initiative=second, kind=CommendationKind.choices[0][0], authority="UBND xã", decided_on=TODAY, recipient="Ấp"
    )
    drive(levels, commune_initiative(levels), "submitted")
    commune_initiative(levels)  # a draft: not registered
    province_level = commune_initiative(levels, level=Level.PROVINCE)
    lifecycle.apply(province_level, "submit", w.staff)

    rows = {row.level: row for row in level_funnel(Initiative.objects.all())}

    # Counted again here, one initiative at a time, from the rows themselves.
    for level in (Level.COMMUNE, Level.PROVINCE):
        mine = [i for i in Initiative.objects.all() if i.level == level]
        recognized = [i for i in mine if i.state == "recognized"]
        nominations = {n.initiative_id: n for n in Nomination.objects.all()}
        expected = (
            len([i for i in mine if i.state not in ("draft", "withdrawn")]),
            len(recognized),
            len([i for i in recognized if i.outstanding]),
            len([i for i in recognized if i.pk in nominations]),
            len([i for i in recognized if i.pk in nominations and nominations[i.pk].state == "accepted"]),
            len([i for i in recognized if i.commendations.exists()]),
        )
        row = rows[level]
        assert (
            row.registered,
            row.recognized,
            row.outstanding,
            row.nominated,
            row.recognized_above,
            row.commended,
        ) == expected
    assert (rows[Level.COMMUNE].registered, rows[Level.COMMUNE].recognized_above) == (3, 1)
    assert Level.DISTRICT not in rows


def test_the_summary_page_shows_the_funnel_per_level(levels, client):
    nominated(levels)
    client.force_login(levels.world.chair)

    response = client.get(reverse("reports:summary"), {"campaign": levels.commune_campaign.pk})

    assert response.status_code == 200
    assert [row.level for row in response.context["funnel"]] == [Level.COMMUNE]
    assert "data-funnel" in response.content.decode()


def test_the_units_page_says_when_the_upper_levels_recognition_of_its_nomination_was_revoked(client, levels):
    # The unit was told by a notification; its page still showed the province's decision as standing.
    initiative = nominated(levels)
    province_decision = bulk.recognize_many(
        [initiative], levels.province_chair, number="T-01", decided_on=TODAY, signer="Trưởng ban"
    )
    client.force_login(levels.world.staff)
    url = reverse("staff:initiative_detail", args=[initiative.pk])
    standing = client.get(url).content.decode()

    province_decision.amend(
        levels.province_chair, kind="revoke", number="T-09", decided_on=TODAY, signer="Trưởng ban", reason="Sai sót."
    )
    revoked = client.get(url).content.decode()

    assert "data-upper-decision" in standing and "data-revoked" not in standing
    assert "data-revoked>đã bị thu hồi</span>" in revoked
