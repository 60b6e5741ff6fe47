"""Saved reasons: the committee's leaders keep them in the site, every reason form offers them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from models_registry.models import MAX_REASONS_PER_ACTION, ReasonTemplate, State

pytestmark = pytest.mark.django_db

RETURN_TEXT = "Đề nghị ghi rõ địa bàn thực hiện và số hộ dân tham gia."


def reason_of(committee, action="return_for_revision", text=RETURN_TEXT, position=1) -> ReasonTemplate:
    return ReasonTemplate.objects.create(committee=committee, action=action, text=text, position=position)


# ----- who may open a saved reason ---------------------------------------------------------------
# (role, whose committee keeps the reason, what the edit page answers)
MATRIX = [
    ("anonymous", "commune", 302),
    ("staff2", "commune", 404),  # another unit's staff
    ("staff", "commune", 404),  # the unit's staff: not on the committee
    ("member", "commune", 403),  # on the committee, does not lead it
    ("member", "province", 404),  # not on that committee
    ("chair", "province", 200),
    ("province_chair", "commune", 404),  # leads the committee above, not this one: its own list is its own
    ("admin", "commune", 200),
]


@pytest.mark.parametrize(("role", "owner", "expected"), MATRIX)
def test_the_edit_page_of_a_saved_reason_answers_each_role(client, world, province_chair, role, owner, expected):
    reason = reason_of(getattr(world, f"{owner}_committee"))
    if role != "anonymous":
        client.force_login(getattr(world, role))

    response = client.get(reverse("committee:reason_edit", args=[reason.pk]))

    assert response.status_code == expected
    if expected == 302:
        assert "login" in response["Location"]


@pytest.mark.parametrize(("role", "owner", "expected"), MATRIX)
def test_deleting_a_saved_reason_answers_each_role_and_only_a_leader_deletes(
    client, world, province_chair, role, owner, expected
):
    reason = reason_of(getattr(world, f"{owner}_committee"))
    if role != "anonymous":
        client.force_login(getattr(world, role))

    response = client.post(reverse("committee:reason_delete", args=[reason.pk]))

    if expected == 200:
        assert response.status_code == 302 and response["Location"] == reverse("committee:reason_list")
        assert not ReasonTemplate.objects.filter(pk=reason.pk).exists()
    else:
        assert response.status_code == expected
        assert ReasonTemplate.objects.filter(pk=reason.pk).exists()


@pytest.mark.parametrize(("role", "expected"), [("staff", 403), ("member", 403), ("chair", 200), ("admin", 200)])
def test_the_list_and_the_add_page_are_for_leaders(client, world, role, expected):
    client.force_login(getattr(world, role))

    assert client.get(reverse("committee:reason_list")).status_code == expected
    assert client.get(reverse("committee:reason_create")).status_code == expected


def test_deleting_needs_a_post(client, world):
    reason = reason_of(world.province_committee)
    client.force_login(world.chair)

    response = client.get(reverse("committee:reason_delete", args=[reason.pk]))

    assert response.status_code == 405
    assert ReasonTemplate.objects.filter(pk=reason.pk).exists()


# ----- the list page -----------------------------------------------------------------------------
@pytest.mark.parametrize("rows", [1, 3])
def test_the_list_page_costs_the_same_queries_for_one_row_and_three(client, world, rows, django_assert_num_queries):
    for position in range(rows):
        reason_of(world.province_committee, text=f"Lý do số {position}", position=position)
    client.force_login(world.chair)
    client.get(reverse("committee:reason_list"))  # the session, the scope and the menu's first reads

    with django_assert_num_queries(5):
        response = client.get(reverse("committee:reason_list"))

    assert response.content.decode().count("data-reason=") == rows


def test_the_list_shows_only_the_leaders_committees_reasons(client, world, province_chair):
    reason_of(world.province_committee, text="Lý do của tỉnh")
    reason_of(world.commune_committee, text="Lý do của xã")
    client.force_login(world.province_chair)

    html = client.get(reverse("committee:reason_list")).content.decode()

    assert "Lý do của tỉnh" in html and "Lý do của xã" not in html


# ----- add and edit ------------------------------------------------------------------------------
def test_a_chair_adds_a_reason_to_the_committee_they_lead(client, world):
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:reason_create"),
        {"committee": world.province_committee.pk, "action": "reject", "text": "  Trùng nội dung.  ", "position": 2},
    )

    assert response.status_code == 302
    reason = ReasonTemplate.objects.get()
    assert (reason.committee, reason.action, reason.text, reason.position) == (
        world.province_committee,
        "reject",
        "Trùng nội dung.",
        2,
    )


def test_a_chair_cannot_add_a_reason_to_another_committee(client, world, province_chair):
    client.force_login(world.province_chair)

    response = client.post(
        reverse("committee:reason_create"),
        {"committee": world.commune_committee.pk, "action": "reject", "text": "Trùng.", "position": 0},
    )

    assert response.status_code == 400
    assert not ReasonTemplate.objects.exists()


def test_an_empty_reason_is_refused_beside_the_field_and_the_rest_stays(client, world):
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:reason_create"),
        {"committee": world.province_committee.pk, "action": "reject", "text": "", "position": "7"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy nhập nội dung lý do." in html
    assert 'value="7"' in html
    assert not ReasonTemplate.objects.exists()


@pytest.mark.parametrize("position", ["-1", "abc", "99999999999999999999"])
def test_a_bad_position_is_refused_in_vietnamese_never_a_500(client, world, position):
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:reason_create"),
        {"committee": world.province_committee.pk, "action": "reject", "text": "Trùng.", "position": position},
    )

    assert response.status_code == 400
    assert "Thứ tự" in response.content.decode()


def test_a_committee_keeps_a_short_list_per_action(client, world):
    for position in range(MAX_REASONS_PER_ACTION):
        reason_of(world.province_committee, text=f"Lý do {position}", position=position)
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:reason_create"),
        {"committee": world.province_committee.pk, "action": "return_for_revision", "text": "Một nữa.", "position": 0},
    )

    assert response.status_code == 400
    assert ReasonTemplate.objects.count() == MAX_REASONS_PER_ACTION


def test_a_chair_edits_a_reason(client, world):
    reason = reason_of(world.province_committee)
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:reason_edit", args=[reason.pk]),
        {"committee": world.province_committee.pk, "action": "return_for_revision", "text": "Mới.", "position": 3},
    )

    assert response.status_code == 302
    reason.refresh_from_db()
    assert (reason.text, reason.position) == ("Mới.", 3)


# ----- the reason forms offer them -------------------------------------------------------------
def act_url(initiative, action: str) -> str:
    return reverse("committee:act", args=[initiative.pk, action])


def test_the_return_form_offers_the_committees_reasons_with_their_text(client, world):
    reason = reason_of(world.commune_committee)
    reason_of(world.commune_committee, action="reject", text="Không dành cho điều chỉnh")
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    html = client.get(act_url(initiative, "return_for_revision")).content.decode()

    assert f'value="{reason.pk}"' in html
    assert f'data-text="{RETURN_TEXT}"' in html
    assert 'data-reason-for="id_return_for_revision-comment"' in html
    assert "Không dành cho điều chỉnh" not in html
    assert "js/reasons.js" in html


def test_the_appraisal_page_offers_each_form_its_own_reasons(client, world):
    reason_of(world.commune_committee)
    reason_of(world.commune_committee, action="reject", text="Trùng nội dung đã công nhận.")
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    html = client.get(reverse("committee:appraise", args=[initiative.pk])).content.decode()

    assert 'data-reason-for="id_return_for_revision-comment"' in html
    assert 'data-reason-for="id_reject-comment"' in html
    assert "Trùng nội dung đã công nhận." in html


def test_the_reason_keeps_its_required_asterisk_beside_saved_reasons_but_no_html_required(client, world):
    reason_of(world.commune_committee)
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    html = client.get(act_url(initiative, "return_for_revision")).content.decode()

    label = html[html.index('for="id_return_for_revision-comment"') :]
    label = label[: label.index("</label>")]
    assert 'class="asteriskField"' in label
    textarea = html[html.index('<textarea name="return_for_revision-comment"') :]
    # Without JavaScript a chosen saved reason with an empty text must still be postable.
    assert " required" not in textarea[: textarea.index(">")]


def test_a_refused_bulk_move_shows_the_reason_as_required_beside_saved_reasons(client, world):
    reason_of(world.commune_committee)
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:bulk_move"), {"initiatives": [initiative.pk], "action": "reject", "comment": ""}
    )

    html = response.content.decode()
    assert response.status_code == 400
    label = html[html.index('for="id_comment"') :]
    assert "*</span>" in label[: label.index("</label>")]
    assert "Hãy nhập lý do chung cho các hồ sơ đã chọn." in html


def test_a_form_without_saved_reasons_shows_no_select(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    html = client.get(act_url(initiative, "return_for_revision")).content.decode()

    assert "data-reason-for" not in html


def test_without_javascript_a_chosen_reason_is_used_when_the_textarea_is_empty(client, world):
    reason = reason_of(world.commune_committee)
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        act_url(initiative, "return_for_revision"),
        {"return_for_revision-reason": reason.pk, "return_for_revision-comment": ""},
    )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.RETURNED
    assert initiative.logs.get(action="return_for_revision").comment == RETURN_TEXT


def test_the_text_typed_wins_over_the_chosen_reason(client, world):
    reason = reason_of(world.commune_committee)
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    client.post(
        act_url(initiative, "return_for_revision"),
        {"return_for_revision-reason": reason.pk, "return_for_revision-comment": "Sửa địa chỉ ấp."},
    )

    assert initiative.logs.get(action="return_for_revision").comment == "Sửa địa chỉ ấp."


def test_neither_a_reason_nor_a_text_is_refused_beside_the_field(client, world):
    reason_of(world.commune_committee)
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(act_url(initiative, "return_for_revision"), {"return_for_revision-comment": " "})

    assert response.status_code == 400
    assert "Hãy nhập nội dung cần điều chỉnh." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


@pytest.mark.parametrize("value", ["999999", "x", "99999999999999999999999"])
def test_a_reason_not_offered_is_refused_never_a_500(client, world, value):
    reason_of(world.commune_committee)
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        act_url(initiative, "return_for_revision"),
        {"return_for_revision-reason": value, "return_for_revision-comment": ""},
    )

    assert response.status_code == 400
    assert "Lý do mẫu đã chọn không còn" in response.content.decode()


def test_another_committees_reason_is_not_accepted(client, world):
    reason_of(world.commune_committee)
    foreign = reason_of(world.province_committee, text="Lý do của tỉnh")
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        act_url(initiative, "return_for_revision"),
        {"return_for_revision-reason": foreign.pk, "return_for_revision-comment": ""},
    )

    assert response.status_code == 400
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


# ----- the queues' bulk moves --------------------------------------------------------------------
def test_the_queue_offers_the_saved_reasons_beside_the_shared_textarea(client, world):
    reason_of(world.commune_committee)
    reason_of(world.commune_committee, action="decline_recognition", text="Chưa đạt ngưỡng điểm.")
    world.initiative("submitted")
    world.initiative("recognition_requested")
    client.force_login(world.member)

    html = client.get(reverse("committee:home")).content.decode()

    assert 'data-reason-for="id_bulk_comment_appraisal"' in html
    assert 'data-reason-for="id_bulk_comment_recognition"' in html
    assert f'data-text="{RETURN_TEXT}"' in html


def test_a_bulk_return_with_a_chosen_reason_and_no_text_uses_the_reason(client, world):
    reason = reason_of(world.commune_committee)
    first, second = world.initiative("submitted"), world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:bulk_move"),
        {"initiatives": [first.pk, second.pk], "action": "return_for_revision", "reason": reason.pk, "comment": ""},
    )

    assert response.status_code == 302
    for initiative in (first, second):
        assert initiative.logs.get(action="return_for_revision").comment == RETURN_TEXT


def test_a_bulk_move_with_a_reason_of_another_action_is_refused_and_nothing_moves(client, world):
    reason = reason_of(world.commune_committee)  # a return's reason
    initiative = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:bulk_move"),
        {"initiatives": [initiative.pk], "action": "reject", "reason": reason.pk, "comment": ""},
    )

    assert response.status_code == 400
    assert "không dành cho thao tác này" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


# ----- the admin keeps the same scope ----------------------------------------------------------
def test_the_admin_shows_and_opens_to_a_leader_only_their_committees_reasons(client, world, province_chair):
    world.province_chair.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="models_registry", codename__endswith="reasontemplate")
    )
    own = reason_of(world.province_committee, text="Lý do của tỉnh")
    other = reason_of(world.commune_committee, text="Lý do của xã")
    client.force_login(world.province_chair)

    listing = client.get(reverse("admin:models_registry_reasontemplate_changelist")).content.decode()
    own_page = client.get(reverse("admin:models_registry_reasontemplate_change", args=[own.pk]))
    other_page = client.get(reverse("admin:models_registry_reasontemplate_change", args=[other.pk]))
    add_page = client.get(reverse("admin:models_registry_reasontemplate_add")).content.decode()

    assert "Lý do của tỉnh" in listing and "Lý do của xã" not in listing
    assert own_page.status_code == 200
    assert other_page.status_code == 302  # "no such object" for what is out of one's scope
    assert world.province_committee.name in add_page and world.commune_committee.name not in add_page


def test_the_admin_refuses_a_member_who_does_not_lead_the_committee(client, world):
    world.member.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="models_registry", codename__endswith="reasontemplate")
    )
    reason = reason_of(world.commune_committee)
    client.force_login(world.member)

    page = client.get(reverse("admin:models_registry_reasontemplate_change", args=[reason.pk])).content.decode()
    add = client.get(reverse("admin:models_registry_reasontemplate_add"))

    assert 'name="text"' not in page  # read only
    assert add.status_code == 403
