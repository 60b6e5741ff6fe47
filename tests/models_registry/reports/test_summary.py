"""The summary's numbers against hand-computed ones on a small known data set."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from campaigns.models import Role
from models_registry import bulk, lifecycle
from models_registry.evidence import save_attachments
from models_registry.models import Commendation, Initiative, Origin, Subject
from models_registry.reports.summary import build_summary, for_campaign, for_year, summary_scope_for
from tests.conftest import add_inspection, png_file, score
from tests.factories import CampaignFactory, CommitteeMembershipFactory, InitiativeFactory, UserFactory, field


def drive(world, initiative, state, recognizer=None):
    """Move an initiative to `state` through the entry point (the administrator acts as unit staff)."""
    staff, committee = world.admin, world.chair
    for step in lifecycle.path_to(state):
        if step == "submit":
            lifecycle.apply(initiative, "submit", staff)
        elif step == "approve":
            lifecycle.apply(initiative, "approve", committee, plan_note="Kế hoạch hỗ trợ.")
        elif step in ("reject", "decline_recognition", "withdraw"):
            lifecycle.apply(initiative, step, staff if step == "withdraw" else committee, comment="Lý do.")
        elif step == "request_recognition":
            add_inspection(initiative, committee)
            save_attachments(initiative, [png_file()], staff)
            lifecycle.apply(initiative, step, staff, results_report="Đạt mục tiêu.")
        elif step == "recognize":
            score(initiative, world.chair, 90)
            score(initiative, world.secretary, 80)
            bulk.recognize_many(
                [initiative],
                recognizer or world.chair,
                number=f"{initiative.pk}/QĐ-BCĐ",
                decided_on=datetime.date(world.campaign.year, 10, 10),
                signer="Nguyễn Văn A",
            )
    initiative.refresh_from_db()
    return initiative


def make(world, state, unit, code="economic", recognizer=None, **kwargs):
    initiative = InitiativeFactory(campaign=world.campaign, unit=unit, field=field(code), **kwargs)
    return drive(world, initiative, state, recognizer)


@pytest.fixture
def data(world):
    """Nine initiatives whose numbers are worked out by hand in the tests below."""
    commune_chair = UserFactory(username="commune_chair")
    CommitteeMembershipFactory(committee=world.commune_committee, user=commune_chair, role=Role.CHAIR)
    # Aimed at the province (issue 15): the province's chair recognizes it at that level.
    a = make(world, "recognized", world.hamlet, level="province")
    b = make(
        world,
        "recognized",
        world.hamlet,
        "culture_society",
        recognizer=commune_chair,
        kind="exemplar",
        subject=Subject.INDIVIDUAL,
    )
    c = make(world, "submitted", world.hamlet, origin=Origin.MAINTAINED, continues=a)
    d = make(world, "draft", world.hamlet)
    e = make(world, "withdrawn", world.hamlet)
    f = make(world, "recognized", world.other_hamlet, origin=Origin.REPLICATED, replicates=a)
    g = make(
        world,
        "rejected",
        world.other_hamlet,
        "security_defence",
        origin=Origin.REPLICATED,
        replicates=a,
        subject=Subject.INDIVIDUAL,
    )
    h = make(world, "not_recognized", world.other_hamlet, kind="exemplar")
    i = make(world, "approved", world.commune, "political_system")
    Initiative.objects.filter(pk=a.pk).update(outstanding=True)
    for initiative, kind in (
        (a, "certificate_of_merit"),
        (a, "higher_certificate_of_merit"),
        (f, "certificate_of_merit"),
    ):
        Commendation.objects.create(
            initiative=initiative,
            kind=kind,
            authority="UBND tỉnh",
            decision_number=f"{initiative.pk}-{kind}",
            decided_on=datetime.date(world.campaign.year, 10, 14),
            recipient="Chi hội Phụ nữ",
        )
    return {k: v for k, v in locals().items() if len(k) == 1}


def rows(breakdown):
    return {r.key: (r.registered, r.recognized) for r in breakdown}


def test_totals_count_registered_recognized_and_the_rate(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    assert (summary.total, summary.registered, summary.recognized) == (9, 7, 3)
    assert summary.rate == Decimal("42.9")
    assert summary.outstanding == 1


def test_breakdowns_by_field_kind_subject_and_origin_match_the_hand_count(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    assert rows(summary.by_field) == {
        "economic": (4, 2),
        "culture_society": (1, 1),
        "security_defence": (1, 0),
        "political_system": (1, 0),
        "other": (0, 0),
    }
    assert rows(summary.by_kind) == {"model": (5, 2), "exemplar": (2, 1)}
    assert rows(summary.by_subject) == {"collective": (5, 2), "individual": (2, 1)}
    assert rows(summary.by_origin) == {"new": (4, 2), "maintained": (1, 0), "replicated": (2, 1)}


def test_levels_come_from_the_recognition_decisions(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    assert {r.key: r.count for r in summary.by_level} == {"grassroots": 0, "commune": 1, "province": 2}


def test_each_commune_row_sums_its_hamlets(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    by_unit = {r.unit_id: (r.registered, r.recognized, r.direct) for r in summary.by_unit}
    assert by_unit == {world.commune.pk: (4, 2, False), world.other_commune.pk: (3, 1, False)}


def test_a_commune_root_shows_its_own_row_and_its_hamlets(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.commune)

    assert [(r.name, r.registered, r.recognized, r.direct) for r in summary.by_unit] == [
        ("Xã Long Hồ", 1, 0, True),
        ("Ấp Phú Hòa", 3, 2, False),
    ]


def test_commendations_are_counted_by_kind(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    assert {r.key: r.count for r in summary.commendations_by_kind} == {
        "certificate_of_merit": 2,
        "higher_certificate_of_merit": 1,
        "other": 0,
    }
    assert summary.commendations_total == 3


def test_replications_are_counted_and_the_source_is_listed_first(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    # f counts; g was rejected by the committee, so it is not a replication (see test_replication_counts).
    assert summary.replications == 1
    assert [(s.initiative_id, s.count) for s in summary.top_replicated] == [(data["a"].pk, 1)]


def test_counts_per_state_and_field_include_drafts(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    states = {r.key: r.count for r in summary.by_state}
    assert states == {
        "draft": 1,
        "submitted": 1,
        "returned": 0,
        "approved": 1,
        "rejected": 1,
        "recognition_requested": 0,
        "recognized": 3,
        "recognition_revoked": 0,
        "not_recognized": 1,
        "withdrawn": 1,
        "unfinished": 0,
    }
    economic = next(r for r in summary.by_state_and_field if r.key == "economic")
    assert economic.counts == {"recognized": 2, "submitted": 1, "draft": 1, "withdrawn": 1, "not_recognized": 1}
    assert economic.total == 6


def test_the_recognized_list_carries_the_decision_numbers(world, data):
    summary = build_summary(Initiative.objects.all(), root_unit=world.province)

    numbers = {i.pk: i.decision.number for i in summary.recognized_initiatives}
    assert numbers == {p.pk: f"{p.pk}/QĐ-BCĐ" for p in (data["a"], data["b"], data["f"])}


def test_the_summary_runs_a_fixed_number_of_queries(world, data, django_assert_num_queries):
    qs = Initiative.objects.all()

    # The fields, the grouped counts, the counts per unit and the commendations in one round trip
    # (`read_together`), the root's children, the most replicated sources.
    with django_assert_num_queries(3):
        build_summary(qs, root_unit=world.province)


def test_the_scope_of_a_commune_member_is_the_commune(world, data):
    initiatives, root = summary_scope_for(world.member)
    summary = build_summary(initiatives, root_unit=root)

    assert root == world.commune
    assert (summary.registered, summary.recognized) == (4, 2)


def test_the_scope_of_unit_staff_is_their_unit(world, data):
    initiatives, root = summary_scope_for(world.staff2)
    summary = build_summary(initiatives, root_unit=root)

    assert root == world.other_hamlet
    assert (summary.registered, summary.recognized) == (3, 1)
    assert [(r.direct, r.registered) for r in summary.by_unit] == [(True, 3)]


def test_the_scope_of_the_chair_and_the_administrator_is_the_province(world, data):
    for user in (world.chair, world.admin):
        initiatives, root = summary_scope_for(user)

        assert root == world.province
        assert build_summary(initiatives, root_unit=root).registered == 7


def test_campaign_and_year_filters_keep_only_that_campaign(world, data):
    later = CampaignFactory(committee=world.province_committee, year=world.campaign.year + 1)
    InitiativeFactory(campaign=later, unit=world.hamlet)

    assert for_campaign(Initiative.objects.all(), world.campaign).count() == 9
    assert for_campaign(Initiative.objects.all(), later.pk).count() == 1
    assert for_year(Initiative.objects.all(), world.campaign.year).count() == 9
