"""Proposals for a commendation as data (issue 15): the law's rules (one achievement commended once, in
one form; nothing while a case is pending; women first on a tie), the pages, their access and the admin."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from models_registry.lifecycle import TransitionError
from models_registry.models import (
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    CommendationProposalState,
    Gender,
    Initiative,
    Subject,
    check_not_commended_twice,
    commendation_order,
    women_first,
)
from tests.factories import InitiativeFactory
from tests.races import missing_once

TODAY = datetime.date.today()
ACHIEVEMENT = "Giảm 80% số vụ tranh chấp trong năm."


def propose(initiative, user, **overrides) -> CommendationProposal:
    values = {
        "kind": CommendationKind.CERTIFICATE_OF_MERIT,
        "level": CommendationLevel.PROVINCE,
        "achievement": ACHIEVEMENT,
        **overrides,
    }
    return CommendationProposal.objects.propose(initiative, user, **values)


def commend(initiative, kind=CommendationKind.CERTIFICATE_OF_MERIT, number="1/QĐ-UBND") -> Commendation:
    return Commendation.objects.create(
        initiative=initiative,
        kind=kind,
        level=CommendationLevel.PROVINCE,
        authority="Ủy ban nhân dân tỉnh",
        decision_number=number,
        decided_on=TODAY,
        recipient="Ấp Phú Hòa",
    )


# ----- the entry point and the law's rules --------------------------------------------------------
def test_a_leader_proposes_a_recognized_initiative_for_its_acting_committee(world):
    initiative = world.initiative("recognized")

    proposal = propose(initiative, world.chair)

    assert proposal.state == CommendationProposalState.PROPOSED
    assert proposal.committee == world.commune_committee
    assert proposal.proposed_by == world.chair


def test_a_plain_member_may_not_propose(world):
    initiative = world.initiative("recognized")

    with pytest.raises(TransitionError) as refused:
        propose(initiative, world.member)

    assert refused.value.code == "role"
    assert not CommendationProposal.objects.exists()


def test_an_initiative_not_recognized_is_not_proposed(world):
    initiative = world.initiative("approved")

    with pytest.raises(TransitionError):
        propose(initiative, world.chair)


def test_a_second_open_proposal_for_the_same_initiative_is_refused(world):
    initiative = world.initiative("recognized")
    propose(initiative, world.chair)

    with pytest.raises(TransitionError) as refused:
        propose(initiative, world.secretary, kind=CommendationKind.HIGHER_CERTIFICATE_OF_MERIT)

    assert "đang được đề nghị khen thưởng" in str(refused.value)
    assert CommendationProposal.objects.count() == 1


def test_no_proposal_while_a_case_is_pending(world):
    initiative = world.initiative("recognized")
    initiative.set_pending_case(True, "Đơn khiếu nại đang xem xét.", by=world.chair)

    with pytest.raises(TransitionError) as refused:
        propose(initiative, world.chair)

    assert "vụ việc" in str(refused.value)


def test_a_withdrawn_proposal_leaves_room_for_a_new_one(world):
    initiative = world.initiative("recognized")
    first = propose(initiative, world.chair)

    first.close(world.chair, CommendationProposalState.WITHDRAWN, "Bổ sung thành tích.")
    second = propose(initiative, world.chair)

    assert CommendationProposal.objects.get(pk=first.pk).state == CommendationProposalState.WITHDRAWN
    assert second.state == CommendationProposalState.PROPOSED


def test_closing_needs_a_reason_and_a_leader(world):
    proposal = propose(world.initiative("recognized"), world.chair)

    with pytest.raises(TransitionError):
        proposal.close(world.chair, CommendationProposalState.DECLINED, "  ")
    with pytest.raises(TransitionError):
        proposal.close(world.member, CommendationProposalState.DECLINED, "Chưa đủ tiêu chuẩn.")

    assert CommendationProposal.objects.get(pk=proposal.pk).state == CommendationProposalState.PROPOSED


def test_recording_the_commendation_grants_the_open_proposal(world):
    initiative = world.initiative("recognized")
    proposal = propose(initiative, world.chair)

    commendation = commend(initiative)

    proposal.refresh_from_db()
    assert proposal.state == CommendationProposalState.GRANTED
    assert proposal.commendation == commendation
    assert proposal.closed_at is not None


def test_an_initiative_is_not_commended_twice_nor_in_two_forms(world):
    initiative = world.initiative("recognized")
    commend(initiative)

    with pytest.raises(TransitionError) as refused:
        check_not_commended_twice(initiative, "2/QĐ-UBND", TODAY, "Ấp Phú Hòa")

    assert refused.value.field == "decision_number"
    assert "không được khen thưởng hai lần" in str(refused.value)
    with pytest.raises(TransitionError):
        propose(initiative, world.chair, kind=CommendationKind.HIGHER_CERTIFICATE_OF_MERIT)


def test_one_decision_may_name_another_recipient_of_the_same_achievement_but_not_the_same_one_twice(world):
    initiative = world.initiative("recognized")
    commend(initiative, number="1/QĐ-UBND")

    check_not_commended_twice(initiative, "1/QĐ-UBND", TODAY, "Bà Nguyễn Thị Lan")  # the same award, its leader
    with pytest.raises(TransitionError):
        check_not_commended_twice(initiative, "1/QĐ-UBND", TODAY, "Ấp Phú Hòa")


def test_the_commendation_page_refuses_a_second_commendation_in_vietnamese(client, world):
    initiative = world.initiative("recognized")
    commend(initiative)
    client.force_login(world.chair)

    response = client.post(
        reverse("reports:commendation_create", args=[initiative.pk]),
        {
            "kind": CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "authority": "UBND tỉnh",
            "decision_number": "2/QĐ",
            "decided_on": TODAY.isoformat(),
            "recipient": "Ấp Phú Hòa",
        },
    )

    assert response.status_code == 400
    assert "không được khen thưởng hai lần" in " ".join(response.context["form"].errors["decision_number"])
    assert initiative.commendations.count() == 1


def test_the_admin_puts_the_second_commendation_refusal_next_to_the_decision(client, world):
    initiative = world.initiative("recognized")
    commend(initiative)
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_commendation_add"),
        {
            "initiative": initiative.pk,
            "kind": CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "authority": "UBND tỉnh",
            "decision_number": "2/QĐ",
            "decided_on": TODAY.isoformat(),
            "recipient": "Ấp Phú Hòa",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "không được khen thưởng hai lần" in " ".join(errors["decision_number"])
    assert initiative.commendations.count() == 1


def test_the_admin_refuses_a_second_open_proposal_next_to_the_initiative(client, world):
    initiative = world.initiative("recognized")
    propose(initiative, world.chair)
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_commendationproposal_add"),
        {
            "initiative": initiative.pk,
            "kind": CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "achievement": ACHIEVEMENT,
        },
    )

    assert response.status_code == 200
    assert "đang được đề nghị khen thưởng" in " ".join(response.context["adminform"].form.errors["initiative"])
    assert CommendationProposal.objects.count() == 1


def test_two_admin_proposals_for_one_initiative_at_once_give_the_second_a_form_error_not_a_500(
    client, world, monkeypatch
):
    from models_registry.admin import proposals as admin_proposals
    from models_registry.models import proposals as model_proposals

    initiative = world.initiative("recognized")
    real_check = model_proposals.check_proposable
    propose(initiative, world.chair)
    # The race: this request's form and its lock-free check ran before the other proposal was committed.
    missed = {"form": 1, "propose": 1}

    monkeypatch.setattr(admin_proposals, "check_proposable", missing_once(real_check, missed, "form"))
    monkeypatch.setattr(model_proposals, "check_proposable", missing_once(real_check, missed, "propose"))
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_commendationproposal_add"),
        {
            "initiative": initiative.pk,
            "kind": CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "achievement": ACHIEVEMENT,
        },
    )

    assert response.status_code == 200
    assert "đang được đề nghị khen thưởng" in " ".join(response.context["adminform"].form.errors["initiative"])
    assert CommendationProposal.objects.count() == 1
    assert missed == {"form": 0, "propose": 0}


def test_the_admin_proposes_through_the_entry_point(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_commendationproposal_add"),
        {
            "initiative": initiative.pk,
            "kind": CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "achievement": ACHIEVEMENT,
        },
    )

    assert response.status_code == 302
    proposal = CommendationProposal.objects.get()
    assert (proposal.committee, proposal.proposed_by) == (world.commune_committee, world.admin)


def test_old_duplicate_commendations_do_not_break_the_migration_nor_the_funnel(world):
    """No database constraint on commendations: rows recorded twice before the rule stay as they were."""
    initiative = world.initiative("recognized")
    commend(initiative, number="1/QĐ")
    commend(initiative, kind=CommendationKind.HIGHER_CERTIFICATE_OF_MERIT, number="2/QĐ")  # as old data may hold

    from models_registry.reports.funnel import level_funnel

    assert [row.commended for row in level_funnel(Initiative.objects.all())] == [1]


# ----- the tie rule --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("subject", "gender", "share", "first"),
    [
        (Subject.INDIVIDUAL, Gender.FEMALE, None, True),
        (Subject.INDIVIDUAL, Gender.MALE, None, False),
        (Subject.INDIVIDUAL, Gender.NOT_STATED, None, False),
        (Subject.COLLECTIVE, "", 70, True),
        (Subject.COLLECTIVE, "", 69, False),
        (Subject.COLLECTIVE, "", None, False),
        (Subject.COLLECTIVE, "", 100, True),
    ],
)
def test_women_and_collectives_of_at_least_70_percent_women_come_first(subject, gender, share, first):
    initiative = Initiative(subject=subject, gender=gender, women_share=share, name="X")

    assert women_first(initiative) is first


def test_the_order_is_score_then_women_first_then_name():
    def one(name, score, subject=Subject.COLLECTIVE, gender="", share=None):
        return Initiative(name=name, subject=subject, gender=gender, women_share=share), score

    rows = [
        one("An", Decimal("80")),
        one("Bình", Decimal("90")),
        one("Cúc", Decimal("80"), Subject.INDIVIDUAL, Gender.FEMALE),
        one("Dũng", Decimal("80"), share=75),
        one("Ánh", Decimal("80")),
        one("Chưa chấm", None),
    ]

    ordered = [i.name for i, score in sorted(rows, key=lambda row: commendation_order(*row))]

    assert ordered == ["Bình", "Cúc", "Dũng", "An", "Ánh", "Chưa chấm"]


def test_gender_is_for_an_individual_and_the_share_for_a_collective(world):
    initiative = InitiativeFactory.build(campaign=world.campaign, unit=world.hamlet)
    initiative.subject, initiative.gender = Subject.COLLECTIVE, Gender.FEMALE

    with pytest.raises(Exception) as refused:
        initiative.full_clean(exclude=["continues", "replicates"])

    assert "gender" in refused.value.message_dict


def test_the_registration_form_asks_the_gender_and_the_share_of_women(client, world):
    client.force_login(world.staff)

    page = client.get(reverse("staff:initiative_create")).content.decode()

    assert 'name="gender"' in page and 'name="women_share"' in page


# ----- the pages -------------------------------------------------------------------------------------
def test_the_page_proposes_and_lists_the_proposal(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(
        reverse("reports:proposal_create", args=[initiative.pk]),
        {
            "kind": CommendationKind.CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "achievement": ACHIEVEMENT,
        },
    )

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert ACHIEVEMENT in page and 'data-proposal-state="proposed"' in page


def test_the_page_shows_why_a_second_proposal_is_refused(client, world):
    initiative = world.initiative("recognized")
    propose(initiative, world.chair)
    client.force_login(world.chair)

    response = client.post(
        reverse("reports:proposal_create", args=[initiative.pk]),
        {
            "kind": CommendationKind.CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "achievement": ACHIEVEMENT,
        },
    )

    assert response.status_code == 400
    assert "đang được đề nghị khen thưởng" in response.content.decode()
    assert CommendationProposal.objects.count() == 1


def test_a_proposal_sent_twice_from_one_page_is_recorded_once_and_the_second_lands_on_it(client, world):
    # A double tap or a resent page (one creation token) is not "a second proposal": it shows the first.
    from campaigns.submissions import new_token

    initiative = world.initiative("recognized")
    client.force_login(world.chair)
    data = {
        "kind": CommendationKind.CERTIFICATE_OF_MERIT,
        "level": CommendationLevel.PROVINCE,
        "achievement": ACHIEVEMENT,
        "form_token": new_token(),
    }
    url = reverse("reports:proposal_create", args=[initiative.pk])
    assert 'name="form_token"' in client.get(url).content.decode()

    first = client.post(url, data)
    second = client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == first["Location"]
    assert CommendationProposal.objects.count() == 1


def test_the_page_withdraws_a_proposal_with_its_reason(client, world):
    proposal = propose(world.initiative("recognized"), world.chair)
    client.force_login(world.chair)

    response = client.post(
        reverse("reports:proposal_close", args=[proposal.pk]),
        {"state": CommendationProposalState.WITHDRAWN, "reason": "Bổ sung hồ sơ."},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.close_reason) == (CommendationProposalState.WITHDRAWN, "Bổ sung hồ sơ.")


def test_the_campaign_list_orders_by_score_then_women_first_then_name(client, world):
    from tests.conftest import score

    tied_man = world.initiative("recognized", name="An", subject=Subject.INDIVIDUAL, gender=Gender.MALE)
    tied_woman = world.initiative("recognized", name="Yến", subject=Subject.INDIVIDUAL, gender=Gender.FEMALE)
    best = world.initiative("recognized", name="Zung")
    score(best, world.member, 99)  # a third sheet lifts its mean above the others' (90 and 80: 85)
    for initiative in (tied_man, tied_woman, best):
        propose(initiative, world.chair)
    client.force_login(world.chair)

    response = client.get(reverse("reports:proposal_list", args=[world.campaign.pk]))

    assert response.status_code == 200
    assert [row["proposal"].initiative.name for row in response.context["rows"]] == ["Zung", "Yến", "An"]


# ----- access ----------------------------------------------------------------------------------------
ROLES = ("anonymous", "other_unit_staff", "unit_staff", "member", "chair", "admin")
ROLE_USER = {
    "other_unit_staff": "staff2",
    "unit_staff": "staff",
    "member": "member",
    "chair": "chair",
    "admin": "admin",
}


def login(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, ROLE_USER[role]))


def status_of(response) -> object:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("other_unit_staff", 404),
        ("unit_staff", 403),
        ("member", 403),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_who_opens_the_proposal_page(client, world, role, expected):
    initiative = world.initiative("recognized")
    login(client, world, role)

    assert status_of(client.get(reverse("reports:proposal_create", args=[initiative.pk]))) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("other_unit_staff", 404),
        ("unit_staff", 403),
        ("member", 403),
        ("chair", 302),
        ("admin", 302),
    ],
)
def test_who_proposes_through_the_page(client, world, role, expected):
    initiative = world.initiative("recognized")
    login(client, world, role)

    response = client.post(
        reverse("reports:proposal_create", args=[initiative.pk]),
        {
            "kind": CommendationKind.CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "achievement": ACHIEVEMENT,
        },
    )

    assert status_of(response) == expected
    assert CommendationProposal.objects.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("other_unit_staff", 404),
        ("unit_staff", 403),
        ("member", 403),
        ("chair", 302),
        ("admin", 302),
    ],
)
def test_who_closes_a_proposal(client, world, role, expected):
    proposal = propose(world.initiative("recognized"), world.chair)
    login(client, world, role)

    response = client.post(
        reverse("reports:proposal_close", args=[proposal.pk]),
        {"state": CommendationProposalState.DECLINED, "reason": "Chưa đủ tiêu chuẩn."},
    )

    assert status_of(response) == expected
    proposal.refresh_from_db()
    closed = expected == 302
    assert proposal.state == (CommendationProposalState.DECLINED if closed else CommendationProposalState.PROPOSED)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("other_unit_staff", 403),
        ("unit_staff", 403),
        ("member", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_who_reads_the_campaign_list(client, world, role, expected):
    propose(world.initiative("recognized"), world.chair)
    login(client, world, role)

    assert status_of(client.get(reverse("reports:proposal_list", args=[world.campaign.pk]))) == expected


def test_a_committee_member_elsewhere_does_not_see_the_campaign_list(client, world):
    from campaigns.models import Role
    from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory

    other = CommitteeFactory(unit=world.other_commune, name="Ban Chỉ đạo phường")
    elsewhere = UserFactory(username="elsewhere", is_staff=True)
    CommitteeMembershipFactory(committee=other, user=elsewhere, role=Role.CHAIR)
    propose(world.initiative("recognized"), world.chair)
    client.force_login(elsewhere)

    response = client.get(reverse("reports:proposal_list", args=[world.campaign.pk]))

    # The province's campaign is seen from below, its proposals of another commune are not.
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_the_campaign_list_costs_the_same_queries_for_one_and_three_rows(client, world, django_assert_num_queries):
    initiatives = [world.initiative("recognized") for _ in range(3)]
    propose(initiatives[0], world.chair)
    client.force_login(world.chair)
    url = reverse("reports:proposal_list", args=[world.campaign.pk])
    client.get(url)

    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    for initiative in initiatives[1:]:
        propose(initiative, world.chair)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)

    assert len(response.context["rows"]) == 3


# The session, the user, their scope (units and seats, one query), the campaign, the proposals with their scores.
LIST_QUERIES = 5


# ----- the proposal letter -------------------------------------------------------------------------
def test_the_letter_is_built_from_the_proposal_rows_when_there_are_some(world):
    from models_registry.reports.papers.proposal import proposal_paper

    proposed, outstanding, withdrawn = (world.initiative("recognized", name=n) for n in ("Đề nghị", "Tiêu biểu", "Rút"))
    Initiative.objects.filter(pk=outstanding.pk).update(outstanding=True)
    propose(proposed, world.chair)
    propose(withdrawn, world.chair).close(world.chair, CommendationProposalState.WITHDRAWN, "Bổ sung hồ sơ.")
    decision = proposed.decision

    paper = proposal_paper(decision, Initiative.objects.filter(pk__in=[proposed.pk, outstanding.pk, withdrawn.pk]))

    [table] = [block for block in paper.blocks if block.kind == "table"]
    assert [row[1].split(" (")[0] for row in table.rows] == ["Đề nghị"]


def test_the_initiative_page_says_who_is_behind_it(client, world):
    exemplar = world.initiative("submitted", subject=Subject.INDIVIDUAL, gender=Gender.FEMALE)
    collective = world.initiative("submitted", women_share=80)
    client.force_login(world.staff)

    assert "· Nữ</dd>" in client.get(exemplar.get_absolute_url()).content.decode()
    assert "80% là nữ" in client.get(collective.get_absolute_url()).content.decode()


def test_the_campaign_overview_links_the_proposal_list_for_the_committee_only(client, world):
    url = reverse("reports:campaign_overview", args=[world.campaign.pk])
    target = reverse("reports:proposal_list", args=[world.campaign.pk])

    client.force_login(world.member)
    assert target in client.get(url).content.decode()
    client.force_login(world.staff)
    assert target not in client.get(url).content.decode()


def test_a_committee_of_another_level_sees_the_initiative_but_does_not_propose_it(client, world, province_chair):
    initiative = world.initiative("recognized")  # the commune's level: the commune's committee acts on it
    client.force_login(province_chair)

    response = client.get(reverse("reports:proposal_create", args=[initiative.pk]))

    assert response.status_code == 403
    with pytest.raises(TransitionError):
        propose(initiative, province_chair)
