# ruff: noqa: F811
"""Levels and access (issue 15): the committee of the initiative's level acts on it and is told of its
moves; a committee of another level over its unit reads it (page, inspections, admin) but acts on nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.access import concerned_by
from campaigns.models import Level
from models_registry import lifecycle
from models_registry.management.commands.seed_demo import Command as SeedDemo
from notifications.models import Notification
from tests.conftest import MOVE_PARAMS, add_inspection

# `levels` is the fixture of test_levels.py, shared by import (F811: the tests take it by name).
from tests.models_registry.test_levels import commune_initiative, drive, levels  # noqa: F401

pytestmark = pytest.mark.django_db


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


# ----- who is told -----------------------------------------------------------------------------
def test_a_province_level_initiative_concerns_its_staff_and_the_province_committee_not_the_communes(levels):
    w = levels.world

    recipients = concerned_by(w.hamlet, Level.PROVINCE)

    assert recipients == {w.staff.pk, w.chair.pk, w.secretary.pk, levels.province_chair.pk, levels.province_member.pk}


def test_a_commune_level_initiative_concerns_its_staff_and_the_commune_committee_not_the_provinces(levels):
    w = levels.world

    recipients = concerned_by(w.hamlet, Level.COMMUNE)

    assert recipients == {w.staff.pk, w.member.pk, w.member2.pk, w.chair.pk, w.secretary.pk, levels.commune_chair.pk}


def test_a_move_on_a_province_level_initiative_tells_the_province_committee(levels, django_capture_on_commit_callbacks):
    w = levels.world
    initiative = w.initiative("submitted", level=Level.PROVINCE)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "approve", levels.province_member, **MOVE_PARAMS["approve"])

    # Not `member`, `member2` nor `commune_chair`: the commune's committee only sees this one.
    assert told("approve") == ["chair", "province_chair", "secretary", "staff"]


def test_a_move_on_a_commune_level_initiative_does_not_tell_the_province_committee(
    levels, django_capture_on_commit_callbacks
):
    w = levels.world
    initiative = commune_initiative(levels)
    lifecycle.apply(initiative, "submit", w.staff, notify=False)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "approve", w.member, **MOVE_PARAMS["approve"])

    assert told("approve") == ["chair", "commune_chair", "member2", "secretary", "staff"]


def test_a_nomination_tells_the_committee_it_goes_to_as_well(levels, django_capture_on_commit_callbacks):
    initiative = drive(levels, commune_initiative(levels), "recognized")

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "nominate", levels.commune_chair, comment="Tiêu biểu của xã.")

    assert told("nominate") == [
        "chair",
        "member",
        "member2",
        "province_chair",
        "province_member",
        "secretary",
        "staff",
    ]


def test_the_provinces_answer_to_a_nomination_tells_the_commune_that_nominated(
    levels, django_capture_on_commit_callbacks
):
    initiative = drive(levels, commune_initiative(levels), "recognized")
    lifecycle.apply(initiative, "nominate", levels.commune_chair, comment="Tiêu biểu.", notify=False)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "return_nomination", levels.province_chair, comment="Chưa đủ hồ sơ.")

    assert told("return_nomination") == ["chair", "commune_chair", "member", "member2", "secretary", "staff"]


# ----- the access matrix with a committee of another level --------------------------------------
# The pages where the committee acts, the state they need, the method.
ACTING_PAGES = [
    ("committee:appraise", {}, "submitted", "get"),
    ("committee:act", {"action": "approve"}, "submitted", "get"),
    ("committee:act", {"action": "reject"}, "submitted", "get"),
    ("committee:inspection_create", {}, "approved", "get"),
    ("committee:score", {}, "recognition_requested", "get"),
]
# The pages where it reads.
READING_PAGES = [
    ("staff:initiative_detail", {}, "approved", "get"),
    ("committee:inspection_list", {}, "approved", "get"),
]


def _get(client, method: str, name: str, kwargs: dict, pk: int):
    url = reverse(name, kwargs={"pk": pk, **kwargs})
    return client.post(url, {"outstanding": "1"}) if method == "post" else client.get(url)


def _initiative(levels, level: str, state: str):
    w = levels.world
    if level == Level.PROVINCE:
        return w.initiative(state, level=Level.PROVINCE)
    return drive(levels, commune_initiative(levels), state)


# Who, for an initiative of each level: the expected status on acting pages and on reading pages.
MATRIX = [
    # level,          actor,             acting, reading
    (Level.COMMUNE, "anonymous", 302, 302),
    (Level.COMMUNE, "staff2", 404, 404),
    (Level.COMMUNE, "other_chair", 404, 404),
    (Level.COMMUNE, "member", 200, 200),
    (Level.COMMUNE, "commune_chair", 200, 200),
    # The committee above sees a commune-level initiative, read-only.
    (Level.COMMUNE, "province_member", 403, 200),
    (Level.COMMUNE, "province_chair", 403, 200),
    (Level.COMMUNE, "admin", 200, 200),
    (Level.PROVINCE, "province_member", 200, 200),
    (Level.PROVINCE, "province_chair", 200, 200),
    # The committee below sees a province-level initiative of its hamlet but does not act on it.
    (Level.PROVINCE, "member", 403, 200),
    (Level.PROVINCE, "commune_chair", 403, 200),
    (Level.PROVINCE, "other_chair", 404, 404),
]


def _actor(levels, name: str, admin_user):
    if name == "anonymous":
        return None
    if name == "admin":
        return admin_user
    return getattr(levels, name, None) or getattr(levels.world, name)


@pytest.mark.parametrize(("level", "actor", "acting", "reading"), MATRIX)
def test_the_committee_of_the_initiatives_level_acts_and_the_others_over_it_only_read(
    client, levels, admin_user, level, actor, acting, reading
):
    user = _actor(levels, actor, admin_user)
    results = {}
    expected = {}
    for pages, status in ((ACTING_PAGES, acting), (READING_PAGES, reading)):
        for name, kwargs, state, method in pages:
            initiative = _initiative(levels, level, state)
            client.logout()
            if user is not None:
                client.force_login(user)
            response = _get(client, method, name, kwargs, initiative.pk)
            key = f"{name} {kwargs} {state}"
            results[key] = response.status_code
            expected[key] = status
            if status == 302 and user is None:
                assert reverse("login") in response["Location"]

    assert results == expected


@pytest.mark.parametrize(
    ("level", "actor", "status"),
    [
        (Level.COMMUNE, "commune_chair", 302),
        (Level.COMMUNE, "province_chair", 403),
        (Level.PROVINCE, "province_chair", 302),
        (Level.PROVINCE, "commune_chair", 403),
    ],
)
def test_only_the_leader_of_the_initiatives_level_marks_it_outstanding(levels, client, level, actor, status):
    initiative = _initiative(levels, level, "recognized")
    client.force_login(getattr(levels, actor))

    response = client.post(reverse("committee:mark_outstanding", args=[initiative.pk]), {"outstanding": "1"})

    initiative.refresh_from_db()
    assert response.status_code == status
    assert initiative.outstanding is (status == 302)


def test_the_initiative_page_offers_a_committee_of_another_level_no_move_and_no_committee_form(levels, client):
    initiative = _initiative(levels, Level.COMMUNE, "submitted")
    client.force_login(levels.province_chair)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert reverse("committee:appraise", args=[initiative.pk]) not in html
    assert reverse("committee:act", args=[initiative.pk, "approve"]) not in html


def test_the_inspection_list_offers_a_committee_of_another_level_no_new_inspection(levels, client):
    initiative = _initiative(levels, Level.COMMUNE, "approved")
    client.force_login(levels.province_chair)

    response = client.get(reverse("committee:inspection_list", args=[initiative.pk]))

    assert response.status_code == 200
    assert reverse("committee:inspection_create", args=[initiative.pk]) not in response.content.decode()


def test_a_leader_of_another_level_may_not_correct_the_acting_committees_inspection(levels):
    initiative = _initiative(levels, Level.COMMUNE, "approved")
    inspection = add_inspection(initiative, levels.world.member)

    assert inspection.may_be_corrected_by(levels.commune_chair)
    assert not inspection.may_be_corrected_by(levels.province_chair)


@pytest.mark.parametrize(("actor", "editable"), [("commune_chair", True), ("province_chair", False)])
def test_in_the_admin_only_the_acting_committees_leaders_set_the_flags(levels, client, actor, editable):
    initiative = _initiative(levels, Level.COMMUNE, "recognized")
    user = getattr(levels, actor)
    # The admin rights seed_demo gives committee members.
    user.groups.add(SeedDemo().committee_group())
    client.force_login(user)

    response = client.get(reverse("admin:models_registry_initiative_change", args=[initiative.pk]))

    assert response.status_code == 200
    assert ('name="outstanding"' in response.content.decode()) is editable


@pytest.mark.parametrize(("actor", "offered"), [("commune_chair", True), ("province_chair", False)])
def test_the_commune_decision_page_offers_the_outstanding_toggle_only_to_the_communes_leaders(
    levels, client, actor, offered
):
    initiative = _initiative(levels, Level.COMMUNE, "recognized")
    client.force_login(getattr(levels, actor))

    response = client.get(reverse("committee:decision_detail", args=[initiative.decision_id]))

    assert response.status_code == 200
    assert (reverse("committee:mark_outstanding", args=[initiative.pk]) in response.content.decode()) is offered


# ----- who scores and who is reminded ----------------------------------------------------------
def test_the_scorers_offered_are_the_acting_committees_members_only(levels):
    from models_registry.models import eligible_scorers

    commune_level = _initiative(levels, Level.COMMUNE, "recognition_requested")
    province_level = _initiative(levels, Level.PROVINCE, "recognition_requested")

    commune_names = set(eligible_scorers(commune_level).values_list("username", flat=True))
    province_names = set(eligible_scorers(province_level).values_list("username", flat=True))

    assert commune_names == {"chair", "secretary", "member", "member2", "commune_chair"}
    assert province_names == {"chair", "secretary", "province_chair", "province_member"}


def test_a_province_level_request_reminds_the_province_committee_not_the_communes(levels, settings):
    import datetime

    from models_registry.models import TransitionLog
    from models_registry.reminders import send_reminders

    settings.DVK_SCORE_SHEET_REMINDER_DAYS = 7
    initiative = _initiative(levels, Level.PROVINCE, "recognition_requested")
    initiative.score_sheets.all().delete()
    asked_on = TransitionLog.objects.get(initiative=initiative, action="request_recognition").created_at.date()

    send_reminders(asked_on + datetime.timedelta(days=7))

    assert told("score_sheets_missing") == ["chair", "province_chair", "province_member", "secretary"]


def test_inspections_due_of_a_province_level_initiative_go_to_the_province_committee(levels):
    import datetime

    from models_registry.models import Initiative
    from models_registry.reminders import send_reminders

    _initiative(levels, Level.PROVINCE, "approved")
    Initiative.objects.update(last_inspected_on=None)

    send_reminders(datetime.date(2026, 3, 2))

    recipients = sorted(
        Notification.objects.filter(kind="inspections_due").values_list("recipient__username", flat=True)
    )
    assert recipients == ["chair", "province_chair", "province_member", "secretary"]
