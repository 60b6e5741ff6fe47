"""Who sees what: `visible_to(user)` on every model, for each role, down to a grandchild unit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.access import (
    forget_scope,
    led_committees,
    members_over,
    scope,
    unit_filter_choices,
    units_for_registration,
)
from campaigns.models import Campaign, CampaignState, Role, Unit, UnitKind
from models_registry.access import (
    is_committee_member_for,
    is_leader_for,
    is_unit_staff,
    may_see,
    visible_related,
    works_at_unit_of,
)
from models_registry.evidence import save_attachments
from models_registry.models import Attachment, Initiative, Inspection, RecognitionDecision, ScoreSheet, TransitionLog
from models_registry.staff.forms import InitiativeFilterForm
from tests.conftest import add_inspection, modules_spelling, png_file, score
from tests.factories import (
    CampaignFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    InitiativeFactory,
    UnitFactory,
    UnitMembershipFactory,
    UserFactory,
)

ROLES = ["admin", "chair", "secretary", "member", "staff", "staff2", "outsider", "anonymous"]


def user_of(world, role: str):
    return AnonymousUser() if role == "anonymous" else getattr(world, role)


@pytest.fixture
def spread(world) -> dict[str, Initiative]:
    """One initiative at every level of the tree, each registered by its unit's staff."""
    commune_staff = UserFactory(username="commune_staff")
    UnitMembershipFactory(unit=world.commune, user=commune_staff)
    province_staff = UserFactory(username="province_staff")
    UnitMembershipFactory(unit=world.province, user=province_staff)
    return {
        "hamlet": world.initiative("recognition_requested"),
        "commune": InitiativeFactory(campaign=world.campaign, unit=world.commune),
        "province": InitiativeFactory(campaign=world.campaign, unit=world.province),
        "other_hamlet": world.initiative("submitted", unit=world.other_hamlet),
    }


# role → the spread keys it sees
EXPECTED_INITIATIVES = {
    "admin": {"hamlet", "commune", "province", "other_hamlet"},
    # The provincial committee reaches the hamlet two levels down.
    "chair": {"hamlet", "commune", "province", "other_hamlet"},
    "secretary": {"hamlet", "commune", "province", "other_hamlet"},
    # The commune committee sees its commune and hamlet, not the other commune's hamlet.
    "member": {"hamlet", "commune"},
    "staff": {"hamlet"},
    "staff2": {"other_hamlet"},
    "outsider": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_initiatives_visible_to_each_role(world, spread, role):
    user = user_of(world, role)

    visible = set(Initiative.objects.visible_to(user).values_list("pk", flat=True))

    assert visible == {spread[key].pk for key in EXPECTED_INITIATIVES[role]}
    for key, initiative in spread.items():
        assert may_see(user, initiative) == (key in EXPECTED_INITIATIVES[role])


def test_staff_of_a_commune_do_not_see_their_hamlets_initiatives(world, spread):
    commune_staff = UserFactory(username="commune_staff")

    visible = set(Initiative.objects.visible_to(commune_staff))

    assert visible == {spread["commune"]}


def test_an_initiative_of_a_unit_outside_the_province_is_seen_by_the_admin_only(world, spread):
    stray = InitiativeFactory(campaign=world.campaign)

    assert stray in Initiative.objects.visible_to(world.admin)
    for role in ROLES[1:]:
        assert stray not in Initiative.objects.visible_to(user_of(world, role))


EXPECTED_UNITS = {
    "admin": {"province", "commune", "hamlet", "other_commune", "other_hamlet"},
    "chair": {"province", "commune", "hamlet", "other_commune", "other_hamlet"},
    "secretary": {"province", "commune", "hamlet", "other_commune", "other_hamlet"},
    "member": {"commune", "hamlet"},
    "staff": {"hamlet"},
    "staff2": {"other_hamlet"},
    "outsider": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_units_visible_to_each_role(world, role):
    names = {key: getattr(world, key).pk for key in EXPECTED_UNITS["admin"]}

    visible = set(Unit.objects.visible_to(user_of(world, role)).values_list("pk", flat=True))

    assert visible == {names[key] for key in EXPECTED_UNITS[role]}


def test_units_for_registration_are_the_staffs_own_units(world):
    assert list(units_for_registration(world.staff)) == [world.hamlet]
    assert list(units_for_registration(world.member)) == []
    assert set(units_for_registration(world.admin)) == set(Unit.objects.all())


# ----- campaigns --------------------------------------------------------------------------
@pytest.fixture
def campaigns(world) -> dict[str, Campaign]:
    return {
        "province_launched": world.campaign,
        "province_draft": CampaignFactory(committee=world.province_committee, state=CampaignState.DRAFT),
        "commune_launched": CampaignFactory(committee=world.commune_committee),
        "commune_draft": CampaignFactory(committee=world.commune_committee, state=CampaignState.DRAFT),
        "other_launched": CampaignFactory(committee=CommitteeFactory(unit=world.other_commune)),
    }


EXPECTED_CAMPAIGNS = {
    "admin": {"province_launched", "province_draft", "commune_launched", "commune_draft", "other_launched"},
    # Drafts only to their own committee: `chair` and `secretary` lead the commune's too (the
    # province-only chair does not see the commune's draft: the test below).
    "chair": {"province_launched", "province_draft", "commune_launched", "commune_draft", "other_launched"},
    "secretary": {"province_launched", "province_draft", "commune_launched", "commune_draft", "other_launched"},
    "member": {"province_launched", "commune_launched", "commune_draft"},
    # Staff see launched campaigns of the committees above their unit.
    "staff": {"province_launched", "commune_launched"},
    "staff2": {"province_launched", "other_launched"},
    "outsider": set(),
    "anonymous": set(),
}


def test_a_province_only_chair_does_not_see_the_communes_draft(world, campaigns, province_chair):
    visible = set(Campaign.objects.visible_to(world.province_chair).values_list("pk", flat=True))

    assert visible == {
        campaigns[k].pk for k in ("province_launched", "province_draft", "commune_launched", "other_launched")
    }


@pytest.mark.parametrize("role", ROLES)
def test_campaigns_visible_to_each_role(world, campaigns, role):
    visible = set(Campaign.objects.visible_to(user_of(world, role)).values_list("pk", flat=True))

    assert visible == {campaigns[key].pk for key in EXPECTED_CAMPAIGNS[role]}


def test_a_summarized_campaign_stays_visible_to_the_units_under_it(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)

    assert world.campaign in Campaign.objects.visible_to(world.staff)


def test_campaigns_open_for_registration_are_launched_with_the_window_open_today(world, campaigns):
    open_ids = set(Campaign.objects.open_for_registration().values_list("pk", flat=True))

    assert open_ids == {campaigns[k].pk for k in ("province_launched", "commune_launched", "other_launched")}


# ----- records hanging off an initiative --------------------------------------------------
@pytest.fixture
def records(world, spread):
    """Logs, an inspection, a score sheet and an attachment on the hamlet's and the other hamlet's initiative."""
    other = spread["other_hamlet"]
    add_inspection(other, world.chair)
    save_attachments(other, [png_file()], world.staff2)
    score(spread["hamlet"], world.chair, 80)
    score(other, world.chair, 80)
    return spread


RELATED = [TransitionLog, Inspection, ScoreSheet, Attachment]


@pytest.mark.parametrize("model", RELATED, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_related_records_follow_their_initiatives_visibility(world, records, model, role):
    user = user_of(world, role)
    expected = {records[key].pk for key in EXPECTED_INITIATIVES[role]}

    seen = visible_related(model.objects.all(), user)

    assert {row.initiative_id for row in seen} == expected & set(model.objects.values_list("initiative_id", flat=True))
    assert seen.count() == model.objects.filter(initiative_id__in=expected).count()


# ----- helpers the lifecycle uses ---------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "staff", "committee", "leader"),
    [
        ("admin", True, True, True),
        ("chair", False, True, True),
        ("secretary", False, True, True),
        ("member", False, True, False),
        ("staff", True, False, False),
        ("staff2", False, False, False),
        ("outsider", False, False, False),
        ("anonymous", False, False, False),
    ],
)
def test_may_act_helpers_for_each_role(world, role, staff, committee, leader):
    initiative = world.initiative("draft")
    user = user_of(world, role)

    assert is_unit_staff(user, initiative) is staff
    assert is_committee_member_for(user, initiative) is committee
    assert is_leader_for(user, initiative) is leader


def test_who_acts_on_an_initiative_is_asked_of_access_and_spelt_nowhere_else():
    """`is_leader_for` and `committee_roles` are the rule of levels for one initiative (its level's committee
    over its unit); a page, a paper or a write that spelt the Scope call again could drift from it."""
    spelt = r"\b(leads_at|roles_at)\(initiative\.unit\.path"

    assert modules_spelling(spelt, besides={"access.py"}) == []


def test_who_works_at_an_initiatives_unit_is_asked_of_access_and_spelt_nowhere_else():
    """`works_at_unit_of` (its own staff) and `is_unit_staff` (or an administrator) are the two answers; the
    lifecycle's staff moves, the showcase's "copy to my unit" and the scoring conflict spelt the Scope call."""
    spelt = r"is_staff_of\((self\.)?initiative\.unit_id"

    assert modules_spelling(spelt, besides={"access.py"}) == []


# role → may open the leaders' pages, the committee's pages, the unit's pages; works at the hamlet's unit,
# acts as that unit (an administrator acts as any unit without working there)
SCOPE_WORDS = {
    "admin": (True, True, True, False, True),
    "chair": (True, True, False, False, False),
    "secretary": (True, True, False, False, False),
    "member": (False, True, False, False, False),
    "staff": (False, False, True, True, True),
    "staff2": (False, False, True, False, False),
    "outsider": (False, False, False, False, False),
    "anonymous": (False, False, False, False, False),
}


@pytest.mark.parametrize("role", SCOPE_WORDS)
def test_who_may_open_which_pages_and_who_works_at_a_unit_is_said_once(world, role):
    may_lead, committee_pages, registers, works_there, acts_as_unit = SCOPE_WORDS[role]
    user = user_of(world, role)
    s = scope(user)
    initiative = world.initiative("submitted")

    assert s.may_lead is may_lead
    assert s.may_open_committee_pages is committee_pages
    assert s.may_register is registers
    assert works_at_unit_of(user, initiative) is works_there
    assert is_unit_staff(user, initiative) is acts_as_unit


def test_an_administrator_or_a_seat_is_asked_of_the_scope_and_spelt_nowhere_else():
    """ "An administrator, or whoever sits on / leads / works at some …" is a named property of the Scope
    (`may_lead`, `may_open_committee_pages`, `may_register`), and `leads_committee` answers for
    administrators itself: the menu, the page guards, the admin and the reports spelt them again."""
    spelt = (
        r"is_admin or s\.(is_committee_member|seats|is_staff_of_any_unit|led_committee_ids|is_leader|leads_committee)\b"
        r"|(is_committee_member|is_staff_of_any_unit) or s\.is_admin"
    )

    assert modules_spelling(spelt, besides={"access.py"}) == []


def test_scope_knows_roles_over_a_grandchild_unit(world):
    assert scope(world.chair).roles_over(world.hamlet.path) == {Role.CHAIR}
    assert scope(world.member).roles_over(world.hamlet.path) == {Role.MEMBER}
    assert scope(world.member).roles_over(world.other_hamlet.path) == set()
    assert scope(world.chair).covers(world.other_hamlet.path)
    assert not scope(world.member).covers(world.province.path)


def test_scope_is_read_in_one_query_once_and_cached_on_the_user(world, django_assert_num_queries):
    forget_scope(world.member)
    # The units as staff and the committee seats, in one query.
    with django_assert_num_queries(1):
        scope(world.member)
    with django_assert_num_queries(0):
        scope(world.member)


def test_visible_initiatives_are_one_query_once_the_scope_is_known(world, spread, django_assert_num_queries):
    scope(world.member)

    with django_assert_num_queries(1):
        assert len(list(Initiative.objects.visible_to(world.member))) == 2


# ----- the tree ---------------------------------------------------------------------------
def test_a_subtree_is_one_query_at_any_depth(world, django_assert_num_queries):
    parent = world.hamlet
    for depth in range(4):
        parent = UnitFactory(name=f"Tổ {depth}", kind=UnitKind.RESIDENTIAL_AREA, parent=parent)

    with django_assert_num_queries(1):
        subtree = list(Unit.objects.subtree_of(world.province))

    assert len(subtree) == 5 + 4
    assert parent.depth == 6
    assert parent.level == "grassroots"


def test_the_subtree_of_a_commune_does_not_leak_into_a_sibling_with_a_longer_id(world):
    # Zero-padded path steps: unit 1's subtree never captures unit 10, 11, …
    siblings = [UnitFactory(parent=world.province) for _ in range(12)]

    subtree = set(Unit.objects.subtree_of(world.commune))

    assert subtree == {world.commune, world.hamlet}
    assert not subtree & set(siblings)


def test_ancestor_paths_list_the_unit_and_every_ancestor(world):
    assert world.hamlet.ancestor_paths() == [world.province.path, world.commune.path, world.hamlet.path]


def test_moving_a_unit_rewrites_its_descendants_paths_and_depths_in_one_update(world, spread):
    street = UnitFactory(name="Tổ 1", kind=UnitKind.STREET_GROUP, parent=world.hamlet)
    household_group = UnitFactory(name="Tổ 1A", kind=UnitKind.OTHER, parent=street)
    commune = Unit.objects.get(pk=world.commune.pk)
    commune.parent = world.other_commune

    with CaptureQueriesContext(connection) as queries:
        commune.save()

    updates = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    # The row itself, its own path, and ONE statement for the whole subtree below it.
    assert len(updates) == 3
    assert sum("LIKE" in sql.upper() or "GLOB" in sql.upper() for sql in updates) == 1
    rows = {u.pk: u for u in Unit.objects.all()}
    assert rows[commune.pk].path == f"{world.other_commune.path}{commune.pk:07d}/"
    assert rows[world.hamlet.pk].path == f"{rows[commune.pk].path}{world.hamlet.pk:07d}/"
    assert rows[household_group.pk].path == f"{rows[street.pk].path}{household_group.pk:07d}/"
    assert [rows[pk].depth for pk in (commune.pk, world.hamlet.pk, street.pk, household_group.pk)] == [2, 3, 4, 5]
    # The whole moved branch now sits in the other commune's subtree.
    assert set(Unit.objects.subtree_of(rows[world.other_commune.pk])) >= {
        rows[commune.pk],
        rows[world.hamlet.pk],
        rows[household_group.pk],
    }


def test_moving_a_unit_up_shortens_its_descendants_depths(world):
    street = UnitFactory(name="Tổ 2", kind=UnitKind.STREET_GROUP, parent=world.hamlet)
    hamlet = Unit.objects.get(pk=world.hamlet.pk)
    hamlet.parent = None

    hamlet.save()

    street.refresh_from_db()
    assert (hamlet.depth, street.depth) == (0, 1)
    assert street.path == f"{hamlet.pk:07d}/{street.pk:07d}/"


def test_a_committee_sees_what_moved_into_its_subtree(world, spread):
    forget_scope(world.member)
    other_hamlet = Unit.objects.get(pk=world.other_hamlet.pk)
    other_hamlet.parent = world.commune

    other_hamlet.save()

    forget_scope(world.member)
    world.member.refresh_from_db()
    assert spread["other_hamlet"] in Initiative.objects.visible_to(world.member)


def test_a_committee_membership_without_a_unit_membership_does_not_register_initiatives(world):
    vice = UserFactory(username="vice")
    CommitteeMembershipFactory(committee=world.province_committee, user=vice, role=Role.VICE_CHAIR)

    assert list(units_for_registration(vice)) == []
    assert scope(vice).is_committee_member
    assert not scope(vice).is_leader


# ----- recognition decisions --------------------------------------------------------------------
DECISION_SEERS = {"admin", "chair", "secretary", "member", "staff"}


@pytest.mark.parametrize("role", ROLES)
def test_a_decision_is_seen_by_whoever_sees_one_of_its_initiatives(world, role):
    decision = world.initiative("recognized").decision

    seen = RecognitionDecision.objects.visible_to(user_of(world, role)).filter(pk=decision.pk).exists()

    assert seen == (role in DECISION_SEERS)


def test_the_leaders_of_the_issuing_committee_see_its_decision_without_seeing_an_initiative(world):
    # Only data moved by hand puts a decision's initiatives outside its committee's subtree.
    decision = world.initiative("recognized").decision
    Initiative.objects.filter(decision=decision).update(unit=UnitFactory(name="Tỉnh khác", kind=UnitKind.PROVINCE))
    province_member = UserFactory(username="province_member")
    CommitteeMembershipFactory(committee=decision.committee, user=province_member, role=Role.MEMBER)

    seers = {
        role
        for role, user in (("chair", world.chair), ("province_member", province_member), ("staff", world.staff))
        if RecognitionDecision.objects.visible_to(user).filter(pk=decision.pk).exists()
    }

    assert seers == {"chair"}


def test_the_committee_members_over_a_unit_are_those_of_every_committee_above_it(world):
    members = set(members_over(world.hamlet).values_list("user__username", flat=True))

    assert members == {"chair", "secretary", "member", "member2"}
    assert set(members_over(world.other_hamlet).values_list("user__username", flat=True)) == {"chair", "secretary"}


@pytest.mark.parametrize(("role", "expected"), [("province_chair", True), ("secretary", True), ("member", False)])
def test_the_committees_a_user_leads_are_those_where_they_chair_or_run_the_secretariat(
    world, province_chair, role, expected
):
    led = set(led_committees(getattr(world, role)))

    assert (world.province_committee in led) == expected
    # `secretary` runs the commune's secretariat too (levels); the province-only chair does not.
    assert (world.commune_committee in led) == (role == "secretary")


# ----- the units a list's unit filter offers (one rule for the staff's list and the committee's queues) -----
def test_a_committee_member_may_filter_by_the_committees_unit_and_the_units_right_below(world):
    UnitMembershipFactory(unit=world.other_hamlet, user=world.member)

    assert list(unit_filter_choices(world.member)) == [world.commune, world.hamlet]
    assert set(unit_filter_choices(world.member, own_units=True)) == {world.commune, world.hamlet, world.other_hamlet}


def test_an_administrator_may_filter_by_the_top_units_and_the_units_right_below(world):
    assert set(unit_filter_choices(world.admin)) == {world.province, world.commune, world.other_commune}


def test_unit_staff_on_no_committee_get_no_unit_filter_on_their_list(world):
    assert "unit" not in InitiativeFilterForm(user=world.staff).fields
    assert "unit" in InitiativeFilterForm(user=world.member).fields
