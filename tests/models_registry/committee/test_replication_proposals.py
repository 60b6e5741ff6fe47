"""Replication led by the committee: propose, accept into an adapted draft, decline; and the summary's counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.models import CampaignState, Role
from models_registry import bulk
from models_registry.models import (
    Initiative,
    Origin,
    ProposalState,
    ReplicationProposal,
    State,
    adapted_name,
)
from tests.conftest import move_to, score
from tests.factories import (
    CampaignFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    UnitMembershipFactory,
    UserFactory,
)

SOURCE_NAME = "Mô hình “Chợ an toàn” ấp Phú Hòa"


@pytest.fixture
def source(world):
    return world.initiative("recognized", name=SOURCE_NAME)


def propose(world, source, *units, by=None) -> list[ReplicationProposal]:
    result = ReplicationProposal.objects.propose(source, list(units), by or world.secretary, "Phù hợp với khu dân cư.")
    return result.created


def last_years_campaign_still_open(world):
    """Last year's campaign of the same committee, its registration still open today (closing first)."""
    today = datetime.date.today()
    return CampaignFactory(
        committee=world.province_committee,
        name="Dân vận khéo năm trước",
        year=today.year - 1,
        starts_on=datetime.date(today.year - 1, 1, 1),
        ends_on=today,
        registration_opens_on=datetime.date(today.year - 1, 1, 1),
        registration_closes_on=today,
    )


# ----- adapting the title -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "places", "adapted"),
    [
        ("Mô hình “Chợ an toàn” ấp Phú Hòa", ["Ấp Phú Hòa"], "Mô hình “Chợ an toàn”"),
        ("Dân vận khéo tại ấp Phú Hòa – xã Long Hồ", ["Ấp Phú Hòa", "Xã Long Hồ"], "Dân vận khéo"),
        ("Tổ tự quản khóm 3", ["Khóm 3"], "Tổ tự quản"),
        ("Khóm 30 xanh", ["Khóm 3"], "Khóm 30 xanh"),  # another place that only starts alike
        ("Ấp Phú Hòa", ["Ấp Phú Hòa"], "Ấp Phú Hòa"),  # nothing would be left: kept
    ],
)
def test_a_replicated_title_drops_the_source_units_names(title, places, adapted):
    assert adapted_name(title, places) == adapted


# ----- proposing -------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["chair", "secretary", "admin"])
def test_a_leader_over_the_units_proposes_a_recognized_model(client, world, source, who):
    client.force_login(getattr(world, who))

    response = client.post(
        reverse("committee:replication_propose", args=[source.pk]),
        {"units": [world.other_hamlet.pk, world.other_commune.pk], "note": "Nên làm ở khu phố."},
    )

    assert response.status_code == 302
    rows = ReplicationProposal.objects.filter(source=source).order_by("unit__path")
    assert [(p.unit, p.campaign, p.state, p.proposed_by) for p in rows] == [
        (world.other_commune, world.campaign, ProposalState.PROPOSED, getattr(world, who)),
        (world.other_hamlet, world.campaign, ProposalState.PROPOSED, getattr(world, who)),
    ]


PROPOSE_PAGE = {"anonymous": "login", "staff": 403, "staff2": 403, "member": 403, "chair": 200, "admin": 200}


@pytest.mark.parametrize("who", list(PROPOSE_PAGE))
def test_access_matrix_of_the_propose_page(client, world, source, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    url = reverse("committee:replication_propose", args=[source.pk])

    page = client.get(url)
    sent = client.post(url, {"units": [world.other_hamlet.pk]})

    if PROPOSE_PAGE[who] == "login":
        assert page.status_code == 302 and page.url.startswith(reverse("login"))
    else:
        assert page.status_code == PROPOSE_PAGE[who]
    assert ReplicationProposal.objects.exists() is (PROPOSE_PAGE[who] == 200)
    assert sent.status_code in (302, 403) or who == "anonymous"


@pytest.mark.parametrize("state", ["approved", "recognition_requested", "not_recognized"])
def test_a_model_that_is_not_in_the_showcase_cannot_be_proposed(client, world, state):
    initiative = world.initiative(state)
    client.force_login(world.chair)

    assert client.get(reverse("committee:replication_propose", args=[initiative.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        ReplicationProposal.objects.propose(initiative, [world.other_hamlet], world.chair)


def test_a_leader_cannot_propose_to_a_unit_outside_their_committee(client, world, source):
    commune_chair = UserFactory(username="commune_chair")
    CommitteeMembershipFactory(committee=world.commune_committee, user=commune_chair, role=Role.CHAIR)
    client.force_login(commune_chair)

    response = client.post(
        reverse("committee:replication_propose", args=[source.pk]), {"units": [world.other_hamlet.pk]}
    )

    assert response.status_code == 400  # the unit is not offered: the form says so
    assert "units" in response.context["form"].errors
    assert not ReplicationProposal.objects.exists()
    with pytest.raises(PermissionDenied):
        ReplicationProposal.objects.propose(source, [world.other_hamlet], commune_chair)


def test_a_committee_member_cannot_propose_even_in_scope(world, source):
    with pytest.raises(PermissionDenied):
        ReplicationProposal.objects.propose(source, [world.hamlet], world.member)


def test_the_source_unit_a_unit_without_open_campaign_and_a_repeat_are_skipped_with_a_reason(world, source):
    world.campaign.state = CampaignState.SUMMARIZED
    world.campaign.save()
    closed = ReplicationProposal.objects.propose(source, [world.other_hamlet], world.secretary)
    world.campaign.state = CampaignState.LAUNCHED
    world.campaign.save()

    first = ReplicationProposal.objects.propose(source, [world.other_hamlet, world.hamlet], world.secretary)
    again = ReplicationProposal.objects.propose(source, [world.other_hamlet], world.secretary)

    assert closed.created == [] and "đang mở đăng ký" in str(closed.skipped[0][1])
    assert [p.unit for p in first.created] == [world.other_hamlet]
    assert first.skipped[0][0] == world.hamlet
    assert again.created == [] and "Đã đề xuất" in str(again.skipped[0][1])


def test_the_proposal_takes_the_campaign_running_now_not_last_years(world, source):
    last_years_campaign_still_open(world)

    (proposal,) = propose(world, source, world.other_hamlet)

    assert proposal.campaign == world.campaign


# ----- answering ------------------------------------------------------------------------------------
def test_the_unit_accepts_into_an_adapted_draft_that_keeps_the_lineage(client, world, source):
    last_years_campaign_still_open(world)
    (proposal,) = propose(world, source, world.other_hamlet)
    client.force_login(world.staff2)

    response = client.post(reverse("staff:replication_proposal_accept", args=[proposal.pk]))

    draft = Initiative.objects.get(unit=world.other_hamlet)
    assert response.status_code == 302 and response.url == reverse("staff:initiative_edit", args=[draft.pk])
    assert draft.state == State.DRAFT
    assert draft.campaign == world.campaign
    assert draft.name == "Mô hình “Chợ an toàn”"
    assert draft.area == world.other_hamlet.name
    assert draft.address == "" and draft.contact == "" and draft.starts_on is None
    assert draft.origin == Origin.REPLICATED and draft.replicates == source
    assert draft.purpose == source.purpose and draft.solutions == source.solutions
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.initiative == draft
    assert proposal.answered_by == world.staff2


def test_the_draft_form_names_the_source_and_shows_no_internal_id(client, world, source):
    (proposal,) = propose(world, source, world.other_hamlet)
    draft = proposal.accept(world.staff2)
    client.force_login(world.staff2)

    html = client.get(reverse("staff:initiative_edit", args=[draft.pk])).content.decode()

    assert "Mã số mô hình" not in html
    assert f"{source.name} — {world.hamlet.name} ({source.campaign.year})" in html
    assert f">{source.pk}<" not in html and f": {source.pk}" not in html
    assert 'id="dvk-replicate-search"' not in html  # the lineage is not offered for change


def test_a_tampered_post_cannot_change_the_lineage_of_a_replication_draft(client, world, source):
    other_source = world.initiative("recognized", name="Mô hình khác")
    (proposal,) = propose(world, source, world.other_hamlet)
    draft = proposal.accept(world.staff2)
    client.force_login(world.staff2)
    form = client.get(reverse("staff:initiative_edit", args=[draft.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "supporting_cadres"}
    data.update(campaign=draft.campaign_id, field=draft.field_id, origin="new", replicates=other_source.pk)

    client.post(reverse("staff:initiative_edit", args=[draft.pk]), {**data, "intent": "draft"})

    draft.refresh_from_db()
    assert draft.origin == Origin.REPLICATED and draft.replicates == source


def test_accepting_twice_opens_the_same_draft(client, world, source):
    (proposal,) = propose(world, source, world.other_hamlet)
    client.force_login(world.staff2)
    url = reverse("staff:replication_proposal_accept", args=[proposal.pk])

    first = client.post(url)
    second = client.post(url)

    assert first.url == second.url
    assert Initiative.objects.filter(unit=world.other_hamlet).count() == 1


def test_declining_needs_a_reason_shown_beside_the_box_and_keeps_the_typing(client, world, source):
    (proposal,) = propose(world, source, world.other_hamlet)
    client.force_login(world.staff2)
    url = reverse("staff:replication_proposal_decline", args=[proposal.pk])

    empty = client.post(url, {"answer": "   "})
    declined = client.post(url, {"answer": "Khu phố đã có mô hình tương tự."})

    assert empty.status_code == 400
    assert f'id="answer-error-{proposal.pk}"' in empty.content.decode()
    assert "lý do đơn vị không nhận" in empty.content.decode()
    assert declined.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED and proposal.answer == "Khu phố đã có mô hình tương tự."
    assert client.post(reverse("staff:replication_proposal_accept", args=[proposal.pk])).status_code == 403
    assert not Initiative.objects.filter(unit=world.other_hamlet).exists()


ANSWER = {
    "anonymous": "login",
    "staff": 404,  # another unit's staff
    "outside_committee": 404,
    "member": 404,  # a commune committee that does not cover the unit
    "chair": 403,  # covers it, but the unit answers
    "secretary": 403,
    "staff2": 302,
    "admin": 302,
}


@pytest.mark.parametrize("action", ["accept", "decline"])
@pytest.mark.parametrize("who", list(ANSWER))
def test_access_matrix_of_accept_and_decline(client, world, source, who, action):
    (proposal,) = propose(world, source, world.other_hamlet)
    outside = UserFactory(username="outside_member")
    CommitteeMembershipFactory(
        committee=CommitteeFactory(unit=world.hamlet, name="BCĐ ấp"), user=outside, role=Role.CHAIR
    )
    users = {"outside_committee": outside}
    if who != "anonymous":
        client.force_login(users.get(who) or getattr(world, who))

    response = client.post(
        reverse(f"staff:replication_proposal_{action}", args=[proposal.pk]), {"answer": "Chưa phù hợp."}
    )

    proposal.refresh_from_db()
    if ANSWER[who] == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == ANSWER[who]
    assert (proposal.state != ProposalState.PROPOSED) is (ANSWER[who] == 302)


def test_the_unit_sees_its_proposals_and_another_unit_does_not(client, world, source):
    propose(world, source, world.other_hamlet)
    client.force_login(world.staff2)
    home = client.get(reverse("staff:home")).content.decode()
    listing = client.get(reverse("staff:replication_proposals")).content.decode()
    client.force_login(world.staff)
    other = client.get(reverse("staff:replication_proposals")).content.decode()

    assert "Ban Chỉ đạo đề xuất đơn vị bạn nhân rộng 1 mô hình." in home
    assert SOURCE_NAME in listing and "Phù hợp với khu dân cư." in listing
    assert SOURCE_NAME not in other


@pytest.mark.parametrize("count", [1, 3])
def test_the_proposals_page_runs_the_same_queries_at_1_and_3_rows(client, world, django_assert_num_queries, count):
    for i in range(count):
        propose(world, world.initiative("recognized", name=f"Mô hình {i}"), world.other_hamlet)
    client.force_login(world.staff2)
    client.get(reverse("staff:replication_proposals"))  # warm the session

    # session, user, scope (1), the proposals with their source, units and campaign.
    with django_assert_num_queries(4):
        response = client.get(reverse("staff:replication_proposals"))

    assert len(response.context["proposals"]) == count


# ----- the unit's own "replicate here" -------------------------------------------------------------------
def test_the_units_own_replication_takes_the_current_campaign_and_an_adapted_title(client, world, source):
    last_years_campaign_still_open(world)
    client.force_login(world.staff2)

    response = client.post(reverse("staff:initiative_replicate", args=[source.pk]))

    draft = Initiative.objects.get(unit=world.other_hamlet)
    assert response.status_code == 302
    assert draft.campaign == world.campaign
    assert draft.name == "Mô hình “Chợ an toàn”" and draft.area == world.other_hamlet.name
    assert draft.replicates == source


def test_a_new_registration_defaults_to_the_campaign_running_now(client, world):
    last_years_campaign_still_open(world)
    client.force_login(world.staff)

    form = client.get(reverse("staff:initiative_create")).context["form"]

    assert form["campaign"].value() == world.campaign.pk


# ----- the summary ---------------------------------------------------------------------------------
def test_the_summary_counts_proposals_acceptances_and_recognized_replications(client, world, source):
    UnitMembershipFactory(unit=world.other_commune, user=world.staff2)
    accepted, recognized_one, declined = propose(world, source, world.other_hamlet, world.other_commune, world.commune)
    declined.decline(world.admin, "Chưa phù hợp.")
    accepted.accept(world.staff2)
    draft = recognized_one.accept(world.staff2)
    Initiative.objects.filter(pk=draft.pk).update(
        address="Trụ sở phường", contact="Lê Văn B", starts_on=world.campaign.starts_on, ends_on=world.campaign.ends_on
    )
    draft = move_to(world, Initiative.objects.get(pk=draft.pk), "recognition_requested")
    score(draft, world.chair, 90)
    bulk.recognize_many(
        [draft],
        world.chair,
        number="QĐ-NR",
        decided_on=datetime.date.today(),
        signer="Chủ tịch",
        reasons={draft.pk: "Nhân rộng theo đề xuất của Ban Chỉ đạo."},
    )
    # A replication the unit started on its own, recognized too; and one the committee rejected.
    own = source.replicate_into(world.other_hamlet, world.campaign, by=world.staff2)[0]
    Initiative.objects.filter(pk=own.pk).update(
        address="Khóm 3", contact="Trần C", starts_on=world.campaign.starts_on, ends_on=world.campaign.ends_on
    )
    # Counted by hand, from what this test did: 3 proposed, 2 accepted, 1 declined, 1 of them recognized.
    expected = {"proposals": 3, "proposals_accepted": 2, "proposals_declined": 1, "proposals_recognized": 1}
    client.force_login(world.chair)

    response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})

    summary = response.context["summary"]
    assert {name: getattr(summary, name) for name in expected} == expected
    assert summary.replications_recognized == 1
    html = response.content.decode()
    assert 'data-count="proposals">3<' in html and 'data-count="proposals_accepted">2<' in html
    # Another year's summary counts none of them.
    from models_registry.reports.replications import proposals_for

    assert not proposals_for(world.chair, year=world.campaign.year - 1).exists()
    assert proposals_for(world.chair, year=world.campaign.year).count() == 3


def test_a_units_summary_counts_only_proposals_to_units_in_its_scope(world, source):
    from models_registry.reports.replications import proposals_for
    from models_registry.reports.summary import build_summary, for_campaign, summary_scope_for

    propose(world, source, world.other_hamlet, world.commune)

    initiatives, root = summary_scope_for(world.member)
    summary = build_summary(
        for_campaign(initiatives, world.campaign),
        root_unit=root,
        proposals=proposals_for(world.member, campaign=world.campaign),
    )

    assert summary.proposals == 1  # the commune's, not the ward's hamlet


def test_a_multi_year_period_counts_the_proposals_of_its_years_on_the_page_and_in_the_workbook(client, world, source):
    """The proposals of every campaign in a period report count, not only a single year's (found: zero)."""
    import io

    from openpyxl import load_workbook

    from tests.jobs.helpers import body, export

    assert len(propose(world, source, world.commune, world.other_commune)) == 2
    client.force_login(world.chair)
    period = f"{world.campaign.year - 1}-{world.campaign.year}"

    page = client.get(reverse("reports:summary"), {"period": period})
    download = export(client, reverse("reports:export"), {"period": period, "format": "xlsx"})

    assert page.status_code == 200
    assert page.context["summary"].proposals == 2
    sheet = load_workbook(io.BytesIO(body(download)), read_only=True).worksheets[0]
    overview = {row[1]: row[2] for row in sheet.iter_rows(values_only=True) if row and len(row) > 2}
    assert overview.get("Ban Chỉ đạo đề xuất nhân rộng") == 2
