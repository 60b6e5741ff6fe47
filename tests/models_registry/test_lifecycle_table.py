"""Every row of the initiative transition table, allowed and refused for each reason.

A refused move must say why (the error's `code` and a specific Vietnamese text) and must
change nothing: no log row, same state, same version.
"""

from __future__ import annotations

import datetime

import pytest

from campaigns.lifecycle import apply_campaign
from campaigns.models import Campaign, Role
from models_registry import bulk, lifecycle
from models_registry.evidence import save_attachments
from models_registry.lifecycle import TransitionError
from models_registry.models import Initiative, Nomination, Origin, RecognitionDecision, State, TransitionLog
from tests.conftest import add_inspection, attach, move_to, png_file, score
from tests.factories import (
    CampaignFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    InitiativeFactory,
    UserFactory,
)

TODAY = datetime.date.today()


def decision_of(committee, number: str = "01/QĐ-BCĐ") -> RecognitionDecision:
    return RecognitionDecision.objects.create(committee=committee, number=number, decided_on=TODAY, signer="Trưởng ban")


def snapshot(initiative: Initiative) -> tuple:
    row = Initiative.objects.get(pk=initiative.pk)
    return row.state, row.version, TransitionLog.objects.filter(initiative=initiative).count()


def assert_refused(initiative: Initiative, action: str, actor, code: str, text: str = "", **params) -> TransitionError:
    """Apply a move that must be refused; check the reason and that nothing changed."""
    before = snapshot(initiative)

    with pytest.raises(TransitionError) as excinfo:
        lifecycle.apply(initiative, action, actor, **params)

    assert excinfo.value.code == code, str(excinfo.value)
    assert text in str(excinfo.value)
    assert snapshot(initiative) == before
    return excinfo.value


def prepare(world, action: str, state: str, unit=None) -> tuple[Initiative, dict]:
    """Return an initiative in `state` with every need of `action` met, and the parameters to pass."""
    initiative = world.initiative(state, unit=unit)
    params: dict = {}
    if action in (
        "return_for_revision",
        "reject",
        "request_more_evidence",
        "decline_recognition",
        "withdraw",
        "close_unfinished",
    ):
        params["comment"] = "Lý do cụ thể cho thao tác này."
    elif action == "approve":
        params["plan_note"] = "Ban Chỉ đạo xã hỗ trợ tập huấn."
    elif action == "request_recognition":
        add_inspection(initiative, world.chair)
        attach(world, initiative, png_file())
        params["results_report"] = "Đạt 120% chỉ tiêu vận động."
    elif action == "recognize":
        score(initiative, world.chair, 90)
        score(initiative, world.secretary, 70)
        params["decision"] = decision_of(world.commune_committee, f"QĐ-{initiative.pk}")
    elif action == "nominate":
        params["comment"] = "Mô hình tiêu biểu của xã."
    elif action in ("recognize_nomination", "return_nomination"):
        # Waiting at the province (made directly: a province-level initiative has no level above to go to).
        Nomination.objects.create(
            initiative=initiative,
            from_committee=world.commune_committee,
            to_committee=world.province_committee,
            reason="Mô hình tiêu biểu.",
        )
        if action == "return_nomination":
            params["comment"] = "Chưa đủ minh chứng."
        else:
            params["decision"] = decision_of(world.province_committee, f"T-{initiative.pk}")
    return initiative, params


# Who is allowed to do each action on `staff`'s hamlet initiative, as a World attribute name.
ACTOR = {
    "submit": "staff",
    "return_for_revision": "member",
    "approve": "member",
    "reject": "member",
    "request_recognition": "staff",
    "request_more_evidence": "member",
    "recognize": "chair",
    "decline_recognition": "member",
    "withdraw": "staff",
    "close_unfinished": "chair",
    # `chair` leads the commune's committee (nominates) and the province's (decides the nomination).
    "nominate": "chair",
    "recognize_nomination": "chair",
    "return_nomination": "chair",
}

ALLOWED_MOVES = [
    ("submit", "draft", "submitted"),
    ("submit", "returned", "submitted"),
    ("return_for_revision", "submitted", "returned"),
    ("approve", "submitted", "approved"),
    ("reject", "submitted", "rejected"),
    ("request_recognition", "approved", "recognition_requested"),
    ("request_more_evidence", "recognition_requested", "approved"),
    ("recognize", "recognition_requested", "recognized"),
    ("decline_recognition", "recognition_requested", "not_recognized"),
    ("withdraw", "draft", "withdrawn"),
    ("withdraw", "submitted", "withdrawn"),
    ("withdraw", "returned", "withdrawn"),
    ("withdraw", "approved", "withdrawn"),
    ("close_unfinished", "submitted", "unfinished"),
    ("close_unfinished", "returned", "unfinished"),
    ("close_unfinished", "approved", "unfinished"),
    ("close_unfinished", "recognition_requested", "unfinished"),
    ("nominate", "recognized", "recognized"),
    ("recognize_nomination", "recognized", "recognized"),
    ("return_nomination", "recognized", "recognized"),
]

# A source state for each action, to test refusals that are not about the state.
SOURCE = {
    "submit": "draft",
    "return_for_revision": "submitted",
    "approve": "submitted",
    "reject": "submitted",
    "request_recognition": "approved",
    "request_more_evidence": "recognition_requested",
    "recognize": "recognition_requested",
    "decline_recognition": "recognition_requested",
    "withdraw": "submitted",
    "close_unfinished": "approved",
    "nominate": "recognized",
    "recognize_nomination": "recognized",
    "return_nomination": "recognized",
}

# A state each action must refuse.
WRONG_STATE = [
    ("submit", "approved"),
    ("submit", "submitted"),
    ("return_for_revision", "draft"),
    ("approve", "returned"),
    ("approve", "approved"),
    ("reject", "approved"),
    ("request_recognition", "submitted"),
    ("request_more_evidence", "approved"),
    ("recognize", "approved"),
    ("decline_recognition", "recognized"),
    ("withdraw", "recognition_requested"),
    ("withdraw", "rejected"),
    ("close_unfinished", "draft"),
    ("close_unfinished", "recognized"),
    ("close_unfinished", "unfinished"),
    ("nominate", "approved"),
    ("recognize_nomination", "recognition_requested"),
    ("return_nomination", "approved"),
]


def test_the_table_has_exactly_the_actions_of_the_design():
    assert set(lifecycle.TRANSITIONS) == set(ACTOR)
    assert {(a, s, t) for a, s, t in ALLOWED_MOVES} == {
        (t.action, source, t.target) for t in lifecycle.TRANSITIONS.values() for source in t.sources
    }


# ----- allowed ----------------------------------------------------------------------------
@pytest.mark.parametrize(("action", "source", "target"), ALLOWED_MOVES)
def test_an_allowed_move_changes_the_state_and_writes_one_log_row(world, action, source, target):
    initiative, params = prepare(world, action, source)
    actor = getattr(world, ACTOR[action])
    logs_before = initiative.logs.count()

    lifecycle.apply(initiative, action, actor, **params)

    row = Initiative.objects.get(pk=initiative.pk)
    assert row.state == initiative.state == target
    assert row.version == initiative.version
    assert initiative.logs.count() == logs_before + 1
    log = initiative.logs.last()
    assert (log.action, log.actor, log.from_state, log.to_state) == (action, actor, source, target)
    expected_comment = params.get("comment") or params.get("plan_note") or ""
    assert log.comment == expected_comment
    assert log.created_at is not None


def test_submit_stamps_the_submission_time(world):
    initiative = world.initiative("draft")

    lifecycle.apply(initiative, "submit", world.staff)

    assert Initiative.objects.get(pk=initiative.pk).submitted_at is not None


def test_approve_records_the_plan_and_the_supporting_cadres(world):
    initiative = world.initiative("submitted")

    lifecycle.apply(
        initiative,
        "approve",
        world.member,
        plan_note="Hỗ trợ tập huấn kỹ năng.",
        supporting_cadres=[world.member2, world.chair],
        confirmed_criteria="Tiêu chí 1, 2, 3",
    )

    row = Initiative.objects.get(pk=initiative.pk)
    assert row.plan_note == "Hỗ trợ tập huấn kỹ năng."
    assert row.confirmed_criteria == "Tiêu chí 1, 2, 3"
    assert set(row.supporting_cadres.all()) == {world.member2, world.chair}


def test_request_recognition_stores_the_results_report(world):
    initiative, params = prepare(world, "request_recognition", "approved")

    lifecycle.apply(initiative, "request_recognition", world.staff, **params)

    assert Initiative.objects.get(pk=initiative.pk).results_report == "Đạt 120% chỉ tiêu vận động."


def test_recognize_links_the_decision_and_its_level(world):
    initiative, params = prepare(world, "recognize", "recognition_requested")

    lifecycle.apply(initiative, "recognize", world.secretary, **params)

    row = Initiative.objects.get(pk=initiative.pk)
    assert row.decision == params["decision"]
    assert row.decision.level == row.level == "commune"


def test_an_administrator_may_apply_any_move(world):
    initiative = world.initiative("submitted")

    lifecycle.apply(initiative, "approve", world.admin, plan_note="Duyệt.")

    assert Initiative.objects.get(pk=initiative.pk).state == State.APPROVED


# ----- refused: state ---------------------------------------------------------------------
@pytest.mark.parametrize(("action", "state"), WRONG_STATE)
def test_an_action_is_refused_in_a_state_the_table_does_not_allow(world, action, state):
    initiative, params = prepare(world, action, state)
    label = str(State(state).label)

    error = assert_refused(initiative, action, getattr(world, ACTOR[action]), "state", label, **params)

    assert "Không thể thực hiện thao tác này" in str(error)


def test_an_unknown_action_is_refused(world):
    initiative = world.initiative("submitted")

    assert_refused(initiative, "publish", world.admin, "unknown", "Thao tác không hợp lệ")


# ----- refused: scope ---------------------------------------------------------------------
@pytest.mark.parametrize("action", list(ACTOR))
def test_unit_staff_and_committee_members_of_another_commune_are_out_of_scope(world, action):
    # The initiative belongs to staff2's hamlet, in the other commune: outside `member`'s
    # committee and outside `staff`'s unit.
    initiative, params = prepare(world, action, SOURCE[action], unit=world.other_hamlet)
    actor = world.staff if ACTOR[action] == "staff" else world.member

    assert_refused(initiative, action, actor, "scope", "không thuộc phạm vi của bạn", **params)


@pytest.mark.parametrize("action", list(ACTOR))
def test_a_user_without_any_unit_or_committee_is_out_of_scope(world, action):
    initiative, params = prepare(world, action, SOURCE[action])

    assert_refused(initiative, action, world.outsider, "scope", "không thuộc phạm vi của bạn", **params)


def test_the_leader_of_another_communes_committee_cannot_recognize(world):
    other_committee = CommitteeFactory(unit=world.other_commune)
    other_chair = UserFactory(username="other_chair")
    CommitteeMembershipFactory(committee=other_committee, user=other_chair, role=Role.CHAIR)
    initiative, params = prepare(world, "recognize", "recognition_requested")

    assert_refused(initiative, "recognize", other_chair, "scope", **params)


# ----- refused: role ----------------------------------------------------------------------
STAFF_ACTIONS = ["submit", "request_recognition", "withdraw"]
COMMITTEE_ACTIONS = ["return_for_revision", "approve", "reject", "request_more_evidence", "decline_recognition"]


# Not close_unfinished: closing the year is also the act of the campaign's committee, here the province's.
@pytest.mark.parametrize("action", [*COMMITTEE_ACTIONS, "recognize", "nominate"])
def test_a_committee_above_the_initiatives_level_sees_it_but_may_not_act(world, action):
    # The hamlet's initiative aims at the commune's level: the province's committee only reads it.
    above = UserFactory(username="province_only")
    CommitteeMembershipFactory(committee=world.province_committee, user=above, role=Role.CHAIR)
    initiative, params = prepare(world, action, SOURCE[action])
    assert initiative.level == "commune"

    assert_refused(initiative, action, above, "role", **params)


@pytest.mark.parametrize("action", [*COMMITTEE_ACTIONS, "recognize", "close_unfinished"])
def test_a_committee_below_the_initiatives_level_sees_it_but_may_not_act(world, action):
    # Aimed at the province: the commune's committee, below, only reads it (its leader too).
    below = UserFactory(username="commune_only")
    CommitteeMembershipFactory(committee=world.commune_committee, user=below, role=Role.CHAIR)
    initiative = world.initiative(SOURCE[action], level="province")
    params = {"comment": "Lý do.", "plan_note": "Kế hoạch."} if action != "recognize" else {}

    assert_refused(initiative, action, below, "role", **params)


@pytest.mark.parametrize("action", STAFF_ACTIONS)
@pytest.mark.parametrize("actor", ["chair", "member"])
def test_committee_members_cannot_take_the_units_own_actions(world, action, actor):
    initiative, params = prepare(world, action, SOURCE[action])
    label = str(lifecycle.TRANSITIONS[action].label)

    assert_refused(initiative, action, getattr(world, actor), "role", f"không được phép “{label}”", **params)


@pytest.mark.parametrize("action", [*COMMITTEE_ACTIONS, "recognize"])
def test_unit_staff_cannot_take_committee_actions_on_their_own_initiative(world, action):
    initiative, params = prepare(world, action, SOURCE[action])

    assert_refused(initiative, action, world.staff, "role", "Vai trò của bạn không được phép", **params)


def test_a_plain_committee_member_cannot_recognize(world):
    initiative, params = prepare(world, "recognize", "recognition_requested")

    assert_refused(initiative, "recognize", world.member, "role", "“Công nhận”", **params)


def test_a_vice_chair_cannot_recognize_either(world):
    vice = UserFactory(username="vice")
    CommitteeMembershipFactory(committee=world.province_committee, user=vice, role=Role.VICE_CHAIR)
    initiative, params = prepare(world, "recognize", "recognition_requested")

    assert_refused(initiative, "recognize", vice, "role", **params)


def test_a_leader_cannot_recognize_with_a_decision_of_a_committee_they_do_not_lead(world):
    commune_chair = UserFactory(username="commune_chair")
    CommitteeMembershipFactory(committee=world.commune_committee, user=commune_chair, role=Role.CHAIR)
    initiative, params = prepare(world, "recognize", "recognition_requested")
    params["decision"] = decision_of(world.province_committee, "T-1")

    # The decision is the province committee's; the commune chair cannot sign for it.
    assert_refused(initiative, "recognize", commune_chair, "role", **params)


# ----- refused: needs ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("return_for_revision", "nội dung cần điều chỉnh"),
        ("reject", "lý do không duyệt"),
        ("request_more_evidence", "minh chứng cần bổ sung"),
        ("decline_recognition", "lý do không công nhận"),
        ("withdraw", "lý do rút đăng ký"),
    ],
)
@pytest.mark.parametrize("comment", ["", "   "])
def test_actions_that_need_a_reason_are_refused_without_one(world, action, label, comment):
    initiative, _ = prepare(world, action, SOURCE[action])

    error = assert_refused(initiative, action, getattr(world, ACTOR[action]), "needs", comment=comment)

    assert error.missing == [label]
    assert str(error) == f"Còn thiếu: {label}."


def test_approve_needs_a_plan_note(world):
    initiative = world.initiative("submitted")

    error = assert_refused(initiative, "approve", world.member, "needs", plan_note="  ")

    assert error.missing == ["kế hoạch, định hướng của Ban Chỉ đạo"]


def test_approve_refuses_supporting_cadres_outside_the_committees_over_the_unit(world):
    initiative = world.initiative("submitted")

    error = assert_refused(
        initiative,
        "approve",
        world.member,
        "needs",
        "outsider",
        plan_note="Hỗ trợ.",
        supporting_cadres=[world.outsider],
    )

    assert "cán bộ hỗ trợ" in str(error)


def test_request_recognition_needs_a_results_report(world):
    initiative, params = prepare(world, "request_recognition", "approved")

    error = assert_refused(initiative, "request_recognition", world.staff, "needs", results_report="")

    assert error.missing == ["báo cáo kết quả đạt được so với mục tiêu"]


def test_request_recognition_needs_evidence_and_an_inspection(world):
    initiative = world.initiative("approved")

    error = assert_refused(initiative, "request_recognition", world.staff, "needs", results_report="Đạt.")

    assert error.missing == ["ít nhất một tệp minh chứng", "ít nhất một lần kiểm tra của Ban Chỉ đạo"]


def test_inspection_photos_are_not_the_units_evidence_for_a_recognition_request(world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.chair)
    save_attachments(initiative, [png_file()], world.chair, purpose="inspection", inspection=inspection)

    error = assert_refused(initiative, "request_recognition", world.staff, "needs", results_report="Đạt.")

    assert error.missing == ["ít nhất một tệp minh chứng"]


def test_one_evidence_file_of_the_unit_beside_the_inspection_photos_is_enough_for_a_recognition_request(world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.chair)
    save_attachments(initiative, [png_file()], world.chair, purpose="inspection", inspection=inspection)
    save_attachments(initiative, [png_file()], world.staff)

    lifecycle.apply(initiative, "request_recognition", world.staff, results_report="Đạt.")

    assert Initiative.objects.get(pk=initiative.pk).state == State.RECOGNITION_REQUESTED


def test_request_recognition_needs_an_inspection_when_the_campaign_requires_it(world):
    initiative = world.initiative("approved")
    save_attachments(initiative, [png_file()], world.staff)

    error = assert_refused(initiative, "request_recognition", world.staff, "needs", results_report="Đạt.")

    assert error.missing == ["ít nhất một lần kiểm tra của Ban Chỉ đạo"]


def test_request_recognition_without_inspection_is_allowed_when_the_campaign_does_not_require_it(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(requires_inspection=False)
    initiative = Initiative.objects.get(pk=world.initiative("approved").pk)
    save_attachments(initiative, [png_file()], world.staff)

    lifecycle.apply(initiative, "request_recognition", world.staff, results_report="Đạt.")

    assert Initiative.objects.get(pk=initiative.pk).state == State.RECOGNITION_REQUESTED


def test_recognize_needs_a_decision(world):
    initiative, _ = prepare(world, "recognize", "recognition_requested")

    error = assert_refused(initiative, "recognize", world.chair, "needs")

    assert error.missing == ["quyết định công nhận (số, ngày, người ký)"]


def test_recognize_needs_score_sheets(world):
    initiative = world.initiative("recognition_requested")

    error = assert_refused(initiative, "recognize", world.chair, "needs", decision=decision_of(world.commune_committee))

    assert error.missing == ["phiếu chấm điểm của thành viên Ban Chỉ đạo"]


def test_a_score_sheet_not_yet_submitted_does_not_count(world):
    initiative = world.initiative("recognition_requested")
    sheet = score(initiative, world.chair, 95)
    sheet.submitted_at = None
    sheet.save(update_fields=["submitted_at"])

    error = assert_refused(initiative, "recognize", world.chair, "needs", decision=decision_of(world.commune_committee))

    assert error.missing == ["phiếu chấm điểm của thành viên Ban Chỉ đạo"]


def test_recognize_needs_a_mean_score_that_reaches_the_threshold(world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 70)
    score(initiative, world.secretary, 60)

    error = assert_refused(initiative, "recognize", world.chair, "needs", decision=decision_of(world.commune_committee))

    assert error.missing == ["điểm bình quân 65,00 chưa đạt ngưỡng 70,00"]


def test_a_mean_score_exactly_at_the_threshold_is_enough(world):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 70)

    lifecycle.apply(initiative, "recognize", world.chair, decision=decision_of(world.commune_committee))

    assert Initiative.objects.get(pk=initiative.pk).state == State.RECOGNIZED


def test_recognize_needs_a_decision_of_a_committee_over_the_unit(world):
    commune_chair = UserFactory(username="commune_chair")
    CommitteeMembershipFactory(committee=world.commune_committee, user=commune_chair, role=Role.CHAIR)
    initiative = world.initiative("recognition_requested", unit=world.other_hamlet)
    score(initiative, world.chair, 90)

    # The admin leads every committee, but the commune's decision cannot recognize another commune's work.
    error = assert_refused(initiative, "recognize", world.admin, "needs", decision=decision_of(world.commune_committee))

    assert error.missing == ["quyết định phải do Ban Chỉ đạo phụ trách đơn vị ban hành"]


# submit's needs
def test_first_submit_is_refused_when_the_registration_window_is_closed(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(
        registration_opens_on=TODAY - datetime.timedelta(days=30),
        registration_closes_on=TODAY - datetime.timedelta(days=1),
    )
    initiative = Initiative.objects.select_related("campaign").get(pk=world.initiative("draft").pk)

    closes = (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert_refused(initiative, "submit", world.staff, "needs", "không còn trong thời gian đăng ký")
    with pytest.raises(TransitionError, match=closes):
        lifecycle.apply(initiative, "submit", world.staff)


def test_first_submit_is_refused_before_the_registration_window_opens(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(registration_opens_on=TODAY + datetime.timedelta(days=1))
    initiative = Initiative.objects.select_related("campaign").get(pk=world.initiative("draft").pk)

    assert_refused(initiative, "submit", world.staff, "needs", "thời gian đăng ký")


def test_resubmission_after_a_return_is_allowed_after_the_registration_window_closed(world):
    initiative = world.initiative("returned")
    Campaign.objects.filter(pk=world.campaign.pk).update(
        registration_opens_on=TODAY - datetime.timedelta(days=30),
        registration_closes_on=TODAY - datetime.timedelta(days=1),
    )
    initiative = Initiative.objects.select_related("campaign").get(pk=initiative.pk)

    lifecycle.apply(initiative, "submit", world.staff)

    assert Initiative.objects.get(pk=initiative.pk).state == State.SUBMITTED


def test_submit_lists_every_missing_required_field_by_name(world):
    initiative = world.initiative("draft", situation="", contact="  ", starts_on=None)

    error = assert_refused(initiative, "submit", world.staff, "needs")

    assert error.missing == ["thực trạng, lý do", "thời gian bắt đầu", "người liên hệ, điện thoại"]
    assert "thực trạng, lý do; thời gian bắt đầu; người liên hệ, điện thoại" in str(error)


@pytest.mark.parametrize(
    ("starts", "ends"),
    [((2, 1), (2, 20)), ((3, 10), (3, 31))],
)
def test_submit_refuses_a_duration_shorter_than_one_month(world, starts, ends):
    year = world.campaign.year
    initiative = world.initiative("draft", starts_on=datetime.date(year, *starts), ends_on=datetime.date(year, *ends))

    error = assert_refused(initiative, "submit", world.staff, "needs", "từ 1 đến 12 tháng")

    assert len(error.missing) == 1


def test_submit_refuses_a_duration_longer_than_twelve_months(world):
    year = world.campaign.year
    Campaign.objects.filter(pk=world.campaign.pk).update(ends_on=datetime.date(year + 1, 12, 31))
    initiative = world.initiative("draft", starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year + 1, 2, 28))
    initiative = Initiative.objects.select_related("campaign").get(pk=initiative.pk)

    assert_refused(initiative, "submit", world.staff, "needs", "từ 1 đến 12 tháng")


@pytest.mark.parametrize(
    ("starts", "ends"),
    [((2, 1), (2, 28)), ((1, 1), (12, 31)), ((4, 15), (5, 14)), ((6, 1), (6, 30))],
)
def test_submit_accepts_durations_of_one_to_twelve_whole_months(world, starts, ends):
    year = world.campaign.year
    initiative = world.initiative("draft", starts_on=datetime.date(year, *starts), ends_on=datetime.date(year, *ends))

    lifecycle.apply(initiative, "submit", world.staff)

    assert Initiative.objects.get(pk=initiative.pk).state == State.SUBMITTED


def test_submit_refuses_dates_outside_the_campaign_period(world):
    year = world.campaign.year
    initiative = world.initiative("draft", starts_on=datetime.date(year - 1, 12, 1), ends_on=datetime.date(year, 3, 31))

    error = assert_refused(initiative, "submit", world.staff, "needs", "nằm trong thời gian của đợt phát động")

    assert f"01/01/{year} – 31/12/{year}" in str(error)


def test_an_initiative_recognized_before_cannot_be_submitted_again_as_new(world):
    last_year = world.campaign.year - 1
    earlier_campaign = CampaignFactory(
        committee=world.province_committee,
        year=last_year,
        registration_closes_on=TODAY + datetime.timedelta(days=1),
    )
    name = "Mô hình Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo"
    earlier = move_to(world, InitiativeFactory(campaign=earlier_campaign, unit=world.hamlet, name=name), "recognized")
    assert earlier.state == State.RECOGNIZED
    again = world.initiative("draft", name=name, origin=Origin.NEW)

    error = assert_refused(again, "submit", world.staff, "needs", f"năm {last_year}")

    assert "duy trì" in str(error)

    # Registered as maintained from the recognized one, it goes through.
    again.origin, again.continues = Origin.MAINTAINED, earlier
    again.save()
    lifecycle.apply(again, "submit", world.staff)
    assert Initiative.objects.get(pk=again.pk).state == State.SUBMITTED


def test_a_similar_initiative_of_another_unit_does_not_block_a_new_one(world):
    last_year = world.campaign.year - 1
    earlier_campaign = CampaignFactory(
        committee=world.province_committee,
        year=last_year,
        registration_closes_on=TODAY + datetime.timedelta(days=1),
    )
    name = "Mô hình Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo"
    earlier = move_to(
        world, InitiativeFactory(campaign=earlier_campaign, unit=world.other_hamlet, name=name), "recognized"
    )
    assert earlier.state == State.RECOGNIZED
    again = world.initiative("draft", name=name)

    lifecycle.apply(again, "submit", world.staff)

    assert Initiative.objects.get(pk=again.pk).state == State.SUBMITTED


# ----- frozen -----------------------------------------------------------------------------
@pytest.mark.parametrize(("action", "source", "target"), ALLOWED_MOVES)
def test_a_summarized_campaign_freezes_every_move_of_its_initiatives(world, action, source, target):
    initiative, params = prepare(world, action, source)
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Phát huy vai trò Nhân dân.")
    initiative = Initiative.objects.select_related("campaign", "unit").get(pk=initiative.pk)

    assert_refused(initiative, action, getattr(world, ACTOR[action]), "state", "đã tổng kết", **params)
    assert lifecycle.available_actions(initiative, world.admin) == []


# ----- available actions agree with apply ------------------------------------------------
@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "approved", "recognition_requested", "recognized"])
def test_available_actions_offer_only_what_the_table_allows_for_each_role(world, state):
    initiative = world.initiative(state)

    offered = {
        name: {t.action for t in lifecycle.available_actions(initiative, getattr(world, name))}
        for name in ("staff", "staff2", "member", "chair", "outsider")
    }

    # No nomination waits: the province has nothing to decide yet.
    in_state = {t.action for t in lifecycle.TRANSITIONS.values() if state in t.sources} - set(
        lifecycle.NOMINATION_ACTIONS
    )
    assert offered["staff"] == in_state & {"submit", "request_recognition", "withdraw"}
    assert offered["member"] == in_state - {
        "submit",
        "request_recognition",
        "withdraw",
        "recognize",
        "close_unfinished",
        "nominate",
    }
    assert offered["chair"] == in_state - {"submit", "request_recognition", "withdraw"}
    assert offered["staff2"] == offered["outsider"] == set()


def test_an_initiative_made_by_the_factory_outside_the_world_is_out_of_every_members_scope(world):
    stray = InitiativeFactory(campaign=world.campaign)

    assert_refused(stray, "withdraw", world.member, "scope", comment="Rút.")


def test_an_anonymous_user_is_out_of_scope(world):
    from django.contrib.auth.models import AnonymousUser

    initiative = world.initiative("draft")

    assert_refused(initiative, "withdraw", AnonymousUser(), "scope", comment="Rút.")


def test_recognize_needs_a_criteria_set_for_the_initiatives_kind(world):
    world.campaign.criteria_sets.filter(kind="exemplar").delete()
    initiative = world.initiative("recognition_requested", kind="exemplar")

    error = assert_refused(initiative, "recognize", world.chair, "needs", decision=decision_of(world.commune_committee))

    assert error.missing == ["bộ tiêu chí của đợt phát động cho loại này"]


# ----- bulk moves -------------------------------------------------------------------------
def ready_to_recognize(world, count: int) -> list[Initiative]:
    initiatives = [world.initiative("recognition_requested") for _ in range(count)]
    for initiative in initiatives:
        score(initiative, world.chair, 88)
    return initiatives


def test_one_decision_recognizes_many_initiatives_at_once(world):
    initiatives = ready_to_recognize(world, 3)

    decision = bulk.recognize_many(
        initiatives, world.chair, number="15/QĐ-BCĐ", decided_on=TODAY, signer="Nguyễn Văn A"
    )

    assert decision.committee == world.commune_committee  # the committee of the initiatives' level
    assert decision.level == "commune"
    assert set(decision.initiatives.all()) == set(initiatives)
    assert all(i.logs.last().action == "recognize" for i in initiatives)
    assert {i.state for i in initiatives} == {State.RECOGNIZED}


def test_a_bulk_recognition_with_one_unready_initiative_recognizes_none(world):
    initiatives = ready_to_recognize(world, 2)
    unscored = world.initiative("recognition_requested")

    with pytest.raises(bulk.BulkTransitionError) as excinfo:
        bulk.recognize_many(
            [*initiatives, unscored], world.chair, number="16/QĐ-BCĐ", decided_on=TODAY, signer="Nguyễn Văn A"
        )

    assert [f.initiative for f in excinfo.value.failures] == [unscored]
    assert "phiếu chấm điểm" in excinfo.value.failures[0].message
    assert unscored.name in str(excinfo.value)
    assert not RecognitionDecision.objects.filter(number="16/QĐ-BCĐ").exists()
    assert {Initiative.objects.get(pk=i.pk).state for i in initiatives} == {State.RECOGNITION_REQUESTED}
    assert {i.state for i in initiatives} == {State.RECOGNITION_REQUESTED}
    assert not TransitionLog.objects.filter(action="recognize").exists()


def test_a_bulk_recognition_refuses_a_decision_number_already_used(world):
    decision_of(world.commune_committee, "17/QĐ-BCĐ")
    initiatives = ready_to_recognize(world, 1)

    with pytest.raises(TransitionError) as excinfo:
        bulk.recognize_many(initiatives, world.chair, number=" 17/QĐ-BCĐ ", decided_on=TODAY, signer="A")

    assert excinfo.value.code == "conflict"
    assert excinfo.value.field == "number"
    assert "17/QĐ-BCĐ" in str(excinfo.value)
    assert Initiative.objects.get(pk=initiatives[0].pk).state == State.RECOGNITION_REQUESTED


@pytest.mark.parametrize("actor", ["member", "staff"])
def test_only_a_leader_may_issue_a_bulk_recognition(world, actor):
    initiatives = ready_to_recognize(world, 1)

    with pytest.raises(TransitionError) as excinfo:
        bulk.recognize_many(initiatives, getattr(world, actor), number="18", decided_on=TODAY, signer="A")

    assert excinfo.value.code == "role"
    assert not RecognitionDecision.objects.filter(number="18").exists()


def test_a_bulk_recognition_of_nothing_is_refused(world):
    with pytest.raises(TransitionError) as excinfo:
        bulk.recognize_many([], world.chair, number="19", decided_on=TODAY, signer="A")

    assert excinfo.value.missing == ["ít nhất một hồ sơ được chọn"]


def test_apply_many_reports_each_initiative_on_its_own(world):
    ok = world.initiative("submitted")
    wrong_state = world.initiative("draft")
    out_of_scope = world.initiative("submitted", unit=world.other_hamlet)

    outcomes = bulk.apply_many([ok, wrong_state, out_of_scope], "approve", world.member, plan_note="Duyệt.")

    assert [(o.initiative, o.ok) for o in outcomes] == [(ok, True), (wrong_state, False), (out_of_scope, False)]
    assert "Bản nháp" in outcomes[1].message
    assert "không thuộc phạm vi" in outcomes[2].message
    assert Initiative.objects.get(pk=ok.pk).state == State.APPROVED
    assert Initiative.objects.get(pk=out_of_scope.pk).state == State.SUBMITTED


def test_recognize_works_on_an_initiative_loaded_with_the_mean_total_annotation(world):
    # The committee pages load initiatives annotated by `with_scores()`; the threshold check
    # must still use the method's rounded mean.
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    annotated = Initiative.objects.with_scores().select_related("unit", "campaign").get(pk=initiative.pk)

    lifecycle.apply(annotated, "recognize", world.chair, decision=decision_of(world.commune_committee))

    assert Initiative.objects.get(pk=initiative.pk).state == State.RECOGNIZED


def test_apply_many_all_or_none_moves_none_and_names_each_refused_initiative(world):
    ok = world.initiative("submitted")
    wrong_state = world.initiative("draft")
    out_of_scope = world.initiative("submitted", unit=world.other_hamlet)

    with pytest.raises(bulk.BulkTransitionError) as excinfo:
        bulk.apply_many(
            [ok, wrong_state, out_of_scope], "reject", world.member, all_or_none=True, comment="Không phù hợp."
        )

    assert [f.initiative for f in excinfo.value.failures] == [wrong_state, out_of_scope]
    assert Initiative.objects.get(pk=ok.pk).state == State.SUBMITTED
    assert not TransitionLog.objects.filter(action="reject").exists()


def test_apply_many_all_or_none_moves_every_initiative_when_none_is_refused(world):
    initiatives = [world.initiative("submitted") for _ in range(2)]

    outcomes = bulk.apply_many(initiatives, "reject", world.member, all_or_none=True, comment="Không phù hợp.")

    assert [o.ok for o in outcomes] == [True, True]
    assert {Initiative.objects.get(pk=i.pk).state for i in initiatives} == {State.REJECTED}
    assert TransitionLog.objects.filter(action="reject").count() == 2
