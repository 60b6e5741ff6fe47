"""One award decision for many proposals: the authority answers a committee's list with one decision naming
many recipients, and the secretariat enters it once (`CommendationProposalQuerySet.grant`, the page
`reports:proposal_grant`). All or none; each award through `Commendation.objects.record`, the one way in."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from campaigns.submissions import new_token
from models_registry.models import (
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    CommendationProposalState,
    Gender,
    GrantRefused,
    Subject,
)
from notifications.models import Notification
from tests.models_registry.reports.test_commendation_proposals import login, status_of
from tests.races import missing_once

TODAY = datetime.date.today()
DECISION = {"authority": "Ủy ban nhân dân tỉnh Vĩnh Long", "decision_number": "45/QĐ-UBND", "decided_on": TODAY}


def propose(initiative, user, kind=CommendationKind.CERTIFICATE_OF_MERIT, level=CommendationLevel.PROVINCE):
    return CommendationProposal.objects.propose(
        initiative, user, kind=kind, level=level, achievement="Giảm 80% số vụ tranh chấp trong năm."
    )


def grant(proposals, actor, recipients=None, **overrides):
    recipients = recipients or {p.pk: f"Người nhận {p.pk}" for p in proposals}
    return CommendationProposal.objects.filter(pk__in=[p.pk for p in proposals]).grant(
        actor, **{**DECISION, **overrides}, recipients=recipients
    )


# ----- the entry point ---------------------------------------------------------------------------
def test_one_decision_grants_each_proposal_in_its_proposed_form_and_tells_each_unit(
    world, django_capture_on_commit_callbacks
):
    merit = propose(world.initiative("recognized", name="Dân vận khéo ấp"), world.chair)
    higher = propose(
        world.initiative("recognized", name="Tổ hòa giải"),
        world.chair,
        kind=CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
    )

    with django_capture_on_commit_callbacks(execute=True):
        awards = grant([merit, higher], world.chair, {merit.pk: "Ấp Phú Hòa", higher.pk: "Tổ hòa giải ấp Phú Hòa"})

    assert [(a.initiative_id, a.kind, a.level, a.recipient) for a in awards] == [
        (merit.initiative_id, CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.PROVINCE, "Ấp Phú Hòa"),
        (
            higher.initiative_id,
            CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            CommendationLevel.PROVINCE,
            "Tổ hòa giải ấp Phú Hòa",
        ),
    ]
    assert {(a.decision_number, a.decided_on, a.authority, a.created_by) for a in awards} == {
        ("45/QĐ-UBND", TODAY, "Ủy ban nhân dân tỉnh Vĩnh Long", world.chair)
    }
    for proposal, award in zip((merit, higher), awards, strict=True):
        proposal.refresh_from_db()
        assert (proposal.state, proposal.commendation) == (CommendationProposalState.GRANTED, award)
    told = Notification.objects.filter(kind="commendation_recorded")
    assert sorted(told.values_list("object_id", flat=True)) == sorted([merit.initiative_id, higher.initiative_id])
    assert set(told.values_list("recipient__username", flat=True)) == {world.staff.username}


def test_one_proposal_that_may_not_be_granted_stops_the_whole_decision_and_is_named(
    world, django_capture_on_commit_callbacks
):
    fine = propose(world.initiative("recognized", name="Đủ điều kiện"), world.chair)
    pending = propose(world.initiative("recognized", name="Đang có vụ việc"), world.chair)
    pending.initiative.set_pending_case(True, "Đơn khiếu nại đang xem xét.", by=world.chair)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(GrantRefused) as refused:
        grant([fine, pending], world.chair)

    assert [(p.pk, "vụ việc" in message) for p, message in refused.value.failures] == [(pending.pk, True)]
    assert not Commendation.objects.exists()
    assert set(CommendationProposal.objects.values_list("state", flat=True)) == {CommendationProposalState.PROPOSED}
    assert not Notification.objects.filter(kind="commendation_recorded").exists()


def test_a_plain_member_records_no_award_decision(world):
    proposal = propose(world.initiative("recognized"), world.chair)

    with pytest.raises(GrantRefused) as refused:
        grant([proposal], world.member)

    assert refused.value.failures == [
        (
            proposal,
            "Chỉ Trưởng ban, Thư ký hoặc cơ quan thường trực của Ban Chỉ đạo phụ trách mới ghi nhận khen thưởng.",
        )
    ]
    assert not Commendation.objects.exists()


def test_a_closed_proposal_is_not_granted_by_a_later_decision(world):
    proposal = propose(world.initiative("recognized"), world.chair)
    proposal.close(world.chair, CommendationProposalState.WITHDRAWN, "Bổ sung hồ sơ.")

    with pytest.raises(GrantRefused) as refused:
        grant([proposal], world.chair)

    assert "đã kết thúc" in refused.value.failures[0][1]
    assert not Commendation.objects.exists()


def test_an_achievement_already_commended_by_another_decision_is_refused_by_name(world):
    proposal = propose(world.initiative("recognized"), world.chair)
    grant([proposal], world.chair, decision_number="1/QĐ-UBND")
    again = CommendationProposal(
        initiative=proposal.initiative,
        kind=proposal.kind,
        level=proposal.level,
        committee=proposal.committee,
        achievement="x",
        proposed_by=world.chair,
    )
    again.save()

    with pytest.raises(GrantRefused) as refused:
        grant([again], world.chair)

    assert "đã được khen thưởng" in refused.value.failures[0][1]
    assert Commendation.objects.count() == 1


# ----- the page --------------------------------------------------------------------------------
def url(world) -> str:
    return reverse("reports:proposal_grant", args=[world.campaign.pk])


def post_data(proposals, recipients: dict | None = None, **overrides) -> dict:
    data = {
        "authority": DECISION["authority"],
        "decision_number": DECISION["decision_number"],
        "decided_on": TODAY.isoformat(),
        "form_token": new_token(),
    }
    for proposal in proposals:
        data[f"grant_{proposal.pk}"] = "on"
        data[f"recipient_{proposal.pk}"] = (recipients or {}).get(proposal.pk, f"Người nhận {proposal.pk}")
    return {**data, **overrides}


def test_the_page_lists_the_open_proposals_in_the_laws_order_with_each_recipient_offered(client, world):
    collective = propose(world.initiative("recognized", name="Ấp văn hóa"), world.chair)
    woman = propose(
        world.initiative("recognized", name="Bà Năm", subject=Subject.INDIVIDUAL, gender=Gender.FEMALE), world.chair
    )
    closed = propose(world.initiative("recognized", name="Đã rút"), world.chair)
    closed.close(world.chair, CommendationProposalState.WITHDRAWN, "Bổ sung hồ sơ.")
    client.force_login(world.chair)

    response = client.get(url(world))

    assert response.status_code == 200
    assert [row["proposal"].pk for row, _box, _recipient in response.context["rows"]] == [woman.pk, collective.pk]
    html = response.content.decode()
    # A collective is commended in its unit's name (offered); an individual in a person's, typed.
    assert f'name="recipient_{collective.pk}" value="{world.hamlet.name}"' in html
    assert f'name="recipient_{woman.pk}"' in html and f'name="recipient_{woman.pk}" value' not in html
    assert f'name="grant_{closed.pk}"' not in html
    assert 'name="form_token"' in html


def test_the_page_records_the_decision_for_the_chosen_proposals_only(client, world):
    chosen = propose(world.initiative("recognized", name="Chọn"), world.chair)
    left = propose(world.initiative("recognized", name="Chưa có quyết định"), world.chair)
    client.force_login(world.chair)

    response = client.post(url(world), post_data([chosen], {chosen.pk: "Ấp Phú Hòa"}))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:proposal_list", args=[world.campaign.pk])
    award = Commendation.objects.get()
    assert (award.initiative_id, award.recipient, award.decision_number) == (
        chosen.initiative_id,
        "Ấp Phú Hòa",
        "45/QĐ-UBND",
    )
    left.refresh_from_db()
    assert left.state == CommendationProposalState.PROPOSED
    followed = client.get(response["Location"])
    html = followed.content.decode()
    assert "Đã ghi nhận khen thưởng theo Quyết định số 45/QĐ-UBND cho 1 đề nghị." in html
    # The list says which decision granted it, beside its state.
    assert f"Quyết định số 45/QĐ-UBND ngày {TODAY:%d/%m/%Y}" in html and html.count("data-award") == 1


def test_choosing_no_proposal_is_refused_with_the_decision_kept(client, world):
    proposal = propose(world.initiative("recognized"), world.chair)
    client.force_login(world.chair)
    data = post_data([proposal])
    del data[f"grant_{proposal.pk}"]

    response = client.post(url(world), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy chọn ít nhất một đề nghị được khen thưởng theo quyết định này." in html
    assert 'value="45/QĐ-UBND"' in html
    assert not Commendation.objects.exists()


def test_a_chosen_individual_without_a_recipient_is_told_beside_its_row(client, world):
    person = propose(world.initiative("recognized", subject=Subject.INDIVIDUAL, gender=Gender.MALE), world.chair)
    other = propose(world.initiative("recognized"), world.chair)
    client.force_login(world.chair)

    response = client.post(url(world), post_data([person, other], {person.pk: "  ", other.pk: "Ấp Phú Hòa"}))

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_recipient_{person.pk}_error"' in html
    assert "Hãy ghi tên tập thể, cá nhân được khen ghi trên quyết định." in html
    assert f'aria-describedby="id_recipient_{person.pk}_error"' in html
    assert 'value="Ấp Phú Hòa"' in html and "checked" in html
    assert not Commendation.objects.exists()


def test_a_refused_decision_names_each_proposal_and_records_nothing(client, world):
    fine = propose(world.initiative("recognized", name="Đủ điều kiện"), world.chair)
    pending = propose(world.initiative("recognized", name="Đang có vụ việc"), world.chair)
    client.force_login(world.chair)
    client.get(url(world))
    pending.initiative.set_pending_case(True, "Đơn khiếu nại đang xem xét.", by=world.chair)

    response = client.post(url(world), post_data([fine, pending]))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa ghi nhận khen thưởng nào: 1 đề nghị chưa thể khen thưởng." in html
    assert "“Đang có vụ việc”" in html
    assert not Commendation.objects.exists()


def test_a_proposal_ticked_then_withdrawn_by_another_leader_stops_the_decision_instead_of_vanishing(client, world):
    kept = propose(world.initiative("recognized", name="Vẫn chờ"), world.chair)
    withdrawn = propose(world.initiative("recognized", name="Rút giữa chừng"), world.chair)
    client.force_login(world.chair)
    client.get(url(world))
    withdrawn.close(world.secretary, CommendationProposalState.WITHDRAWN, "Bổ sung hồ sơ.")

    response = client.post(url(world), post_data([kept, withdrawn]))

    assert response.status_code == 400
    assert response.context["refused"] == [(withdrawn, "Đề nghị đã kết thúc: đã rút đề nghị.")]
    html = response.content.decode()
    assert "Chưa ghi nhận khen thưởng nào: 1 đề nghị chưa thể khen thưởng." in html
    assert "“Rút giữa chừng”: Đề nghị đã kết thúc: đã rút đề nghị." in html
    assert not Commendation.objects.exists()
    kept.refresh_from_db()
    assert kept.state == CommendationProposalState.PROPOSED


def test_an_id_the_page_never_offered_is_not_named(client, world):
    proposal = propose(world.initiative("recognized"), world.chair)
    client.force_login(world.chair)

    response = client.post(url(world), {**post_data([proposal]), "grant_999999": "on", "grant_x": "on"})

    assert response.status_code == 302
    assert Commendation.objects.count() == 1


def test_a_decision_sent_twice_from_one_page_is_recorded_once(client, world):
    proposals = [propose(world.initiative("recognized"), world.chair) for _ in range(2)]
    client.force_login(world.chair)
    data = post_data(proposals)

    first = client.post(url(world), data)
    second = client.post(url(world), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Commendation.objects.count() == 2


def test_a_future_date_is_refused_beside_the_date(client, world):
    proposal = propose(world.initiative("recognized"), world.chair)
    client.force_login(world.chair)

    response = client.post(
        url(world), post_data([proposal], decided_on=(TODAY + datetime.timedelta(days=3)).isoformat())
    )

    assert response.status_code == 400
    assert response.context["form"].errors["decided_on"] == ["Ngày quyết định không thể ở tương lai."]


def test_the_english_interface_says_the_refusal_in_english(client, world):
    proposal = propose(world.initiative("recognized"), world.chair)
    client.force_login(world.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = post_data([proposal])
    del data[f"grant_{proposal.pk}"]

    response = client.post(url(world), data)

    assert response.status_code == 400
    assert "Choose at least one proposal that this decision grants." in response.content.decode()


def test_a_summarized_year_takes_no_award_decision(client, world):
    from campaigns.models import Campaign, CampaignState

    proposal = propose(world.initiative("recognized"), world.chair)
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    client.force_login(world.chair)

    assert client.get(url(world)).status_code == 403
    assert client.post(url(world), post_data([proposal])).status_code == 403
    assert not Commendation.objects.exists()


def test_the_campaign_list_links_the_page_for_leaders_with_open_proposals_only(client, world):
    propose(world.initiative("recognized"), world.chair)
    listed = reverse("reports:proposal_list", args=[world.campaign.pk])

    client.force_login(world.chair)
    assert url(world) in client.get(listed).content.decode()
    client.force_login(world.member)
    assert url(world) not in client.get(listed).content.decode()


# ----- access ------------------------------------------------------------------------------------
ACCESS = [
    ("anonymous", "login", "login"),
    ("other_unit_staff", 403, 403),
    ("unit_staff", 403, 403),
    ("member", 403, 403),
    ("chair", 200, 302),
    ("admin", 200, 302),
]


@pytest.mark.parametrize(("role", "shown", "sent"), ACCESS)
def test_who_opens_and_who_sends_the_award_decision_page(client, world, role, shown, sent):
    proposal = propose(world.initiative("recognized"), world.chair)
    login(client, world, role)

    assert status_of(client.get(url(world))) == shown
    assert status_of(client.post(url(world), post_data([proposal]))) == sent
    assert Commendation.objects.count() == (1 if sent == 302 else 0)


def test_a_leader_of_another_commune_sees_none_of_these_proposals_and_sends_none(client, world):
    from campaigns.models import Role
    from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory

    other = CommitteeFactory(unit=world.other_commune, name="Ban Chỉ đạo phường")
    elsewhere = UserFactory(username="elsewhere", is_staff=True)
    CommitteeMembershipFactory(committee=other, user=elsewhere, role=Role.CHAIR)
    proposal = propose(world.initiative("recognized"), world.chair)
    client.force_login(elsewhere)

    assert client.get(url(world)).context["rows"] == []
    # A posted box for a proposal it does not list is no field of the form: nothing to grant.
    assert client.post(url(world), post_data([proposal])).status_code == 400
    assert not Commendation.objects.exists()


def test_the_page_costs_the_same_queries_for_one_and_three_rows(client, world, django_assert_num_queries):
    initiatives = [world.initiative("recognized") for _ in range(3)]
    propose(initiatives[0], world.chair)
    client.force_login(world.chair)
    client.get(url(world))

    with django_assert_num_queries(PAGE_QUERIES):
        client.get(url(world))
    for initiative in initiatives[1:]:
        propose(initiative, world.chair)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url(world))

    assert len(response.context["rows"]) == 3


# The session, the user, their scope, the campaign, the open proposals with their scores.
PAGE_QUERIES = 5


# ----- the admin records through the same door --------------------------------------------------------
def test_an_award_added_in_the_admin_tells_the_unit_and_answers_the_proposal(
    client, world, django_capture_on_commit_callbacks
):
    proposal = propose(world.initiative("recognized"), world.chair)
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:models_registry_commendation_add"),
            {
                "initiative": proposal.initiative_id,
                "kind": CommendationKind.CERTIFICATE_OF_MERIT,
                "level": CommendationLevel.PROVINCE,
                "authority": "UBND tỉnh",
                "decision_number": "7/QĐ-UBND",
                "decided_on": TODAY.isoformat(),
                "recipient": "Ấp Phú Hòa",
            },
        )

    assert response.status_code == 302
    award = Commendation.objects.get()
    assert award.created_by == world.admin
    proposal.refresh_from_db()
    assert (proposal.state, proposal.commendation) == (CommendationProposalState.GRANTED, award)
    assert Notification.objects.filter(kind="commendation_recorded", object_id=proposal.initiative_id).exists()


def test_two_admin_awards_of_one_achievement_at_once_give_the_second_a_form_error_not_a_500(client, world, monkeypatch):
    from models_registry.admin import commendations as admin_commendations

    initiative = world.initiative("recognized")
    real_check = admin_commendations.check_not_commended_twice
    Commendation.objects.record(
        initiative,
        world.chair,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        level=CommendationLevel.PROVINCE,
        authority="UBND tỉnh",
        decision_number="1/QĐ-UBND",
        decided_on=TODAY,
        recipient="Ấp Phú Hòa",
    )
    # The race: this request's lock-free form check ran before the other award was committed; the entry
    # point's check, under the row lock, sees it.
    missed = {"form": 1}

    monkeypatch.setattr(admin_commendations, "check_not_commended_twice", missing_once(real_check, missed, "form"))
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:models_registry_commendation_add"),
        {
            "initiative": initiative.pk,
            "kind": CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
            "level": CommendationLevel.PROVINCE,
            "authority": "UBND tỉnh",
            "decision_number": "2/QĐ-UBND",
            "decided_on": TODAY.isoformat(),
            "recipient": "Ấp Phú Hòa",
        },
    )

    assert response.status_code == 200
    assert "đã được khen thưởng" in " ".join(response.context["adminform"].form.errors["decision_number"])
    assert Commendation.objects.count() == 1
    assert missed == {"form": 0}
