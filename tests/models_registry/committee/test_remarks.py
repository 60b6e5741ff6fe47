# ruff: noqa: F811
"""Remarks (issue 15): the committees below the initiative's level and its acting committee comment on it;
the committees above read the remarks only; unit staff neither read nor write them; nothing under a
summarized campaign.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from campaigns.lifecycle import SUMMARIZED_MESSAGE, TransitionError
from campaigns.models import Campaign, CampaignState, Level
from models_registry.models import REMARK_MAX_CHARS, REMARK_WITHDRAW_MINUTES, Remark
from notifications.models import Kind, Notification

# `levels` is the fixture of test_levels.py, shared by import (F811: the tests take it by name).
from tests.models_registry.test_levels import commune_initiative, drive, levels  # noqa: F401

pytestmark = pytest.mark.django_db


def _initiative(levels, level: str, state: str = "approved"):
    if level == Level.PROVINCE:
        return levels.world.initiative(state, level=Level.PROVINCE)
    return drive(levels, commune_initiative(levels), state)


def _actor(levels, name: str, admin_user):
    if name == "anonymous":
        return None
    if name == "admin":
        return admin_user
    return getattr(levels, name, None) or getattr(levels.world, name)


# ----- the access matrix ------------------------------------------------------------------------
# level, actor, status of the POST, whether the page lists the remarks, whether it offers the form.
MATRIX = [
    (Level.PROVINCE, "anonymous", 302, False, False),
    (Level.PROVINCE, "staff2", 404, False, False),
    (Level.PROVINCE, "other_chair", 404, False, False),
    # Unit staff: the committees' deliberation is not the unit's record.
    (Level.PROVINCE, "staff", 403, False, False),
    # The commune's committee is below a province-level initiative of its hamlet: it comments.
    (Level.PROVINCE, "member", 302, True, True),
    (Level.PROVINCE, "commune_chair", 302, True, True),
    # The acting committee writes its notes beside them.
    (Level.PROVINCE, "province_member", 302, True, True),
    (Level.PROVINCE, "province_chair", 302, True, True),
    # An administrator has no committee to speak for: reads only.
    (Level.PROVINCE, "admin", 403, True, False),
    # `chair` sits on both committees: they speak for the commune's (see below).
    (Level.PROVINCE, "chair", 302, True, True),
    (Level.COMMUNE, "chair", 302, True, True),
    (Level.COMMUNE, "member", 302, True, True),
    (Level.COMMUNE, "commune_chair", 302, True, True),
    # The committee above a commune-level initiative reads the remarks only.
    (Level.COMMUNE, "province_member", 403, True, False),
    (Level.COMMUNE, "province_chair", 403, True, False),
    (Level.COMMUNE, "staff", 403, False, False),
    (Level.COMMUNE, "other_chair", 404, False, False),
]


@pytest.mark.parametrize(("level", "actor", "status", "lists", "offers"), MATRIX)
def test_who_may_post_a_remark_and_who_reads_them(client, levels, admin_user, level, actor, status, lists, offers):
    initiative = _initiative(levels, level)
    Remark.objects.create(
        initiative=initiative, committee=levels.world.commune_committee, author=levels.world.member, text="Đã có trước."
    )
    user = _actor(levels, actor, admin_user)
    if user is not None:
        client.force_login(user)

    response = client.post(reverse("committee:remark_create", args=[initiative.pk]), {"text": "Nên nhân rộng."})
    page = client.get(reverse("staff:initiative_detail", args=[initiative.pk]))

    assert response.status_code == status
    if user is None:
        assert reverse("login") in response["Location"]
        return
    assert Remark.objects.filter(text="Nên nhân rộng.").exists() is (status == 302)
    if page.status_code == 404:
        assert status == 404
        return
    html = page.content.decode()
    assert ("data-remarks" in html) is lists
    assert ("Đã có trước." in html) is lists
    assert ("data-remark-form" in html) is offers


def test_a_remark_speaks_for_the_lowest_committee_of_its_author_that_may_comment(levels):
    # `chair` sits on the commune's committee and on the province's: on a province-level initiative
    # of the hamlet, their remark is the commune's (the section is the lower committees' word).
    initiative = _initiative(levels, Level.PROVINCE)

    remark = Remark.objects.post(levels.world.chair, initiative, "Ý kiến của xã.")

    assert remark.committee == levels.world.commune_committee


def test_the_acting_committees_member_speaks_for_the_acting_committee(levels):
    initiative = _initiative(levels, Level.PROVINCE)

    remark = Remark.objects.post(levels.province_member, initiative, "Ghi chú của tỉnh.")

    assert remark.committee == levels.world.province_committee


# ----- refusals ------------------------------------------------------------------------------
def test_a_remark_under_a_summarized_campaign_is_refused_with_the_one_wording(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    Campaign.objects.filter(pk=initiative.campaign_id).update(state=CampaignState.SUMMARIZED)
    initiative.refresh_from_db()
    initiative.campaign.refresh_from_db()
    client.force_login(levels.world.member)

    response = client.post(reverse("committee:remark_create", args=[initiative.pk]), {"text": "Muộn rồi."})
    page = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert response.status_code == 403
    assert str(SUMMARIZED_MESSAGE) in response.content.decode()
    with pytest.raises(TransitionError, match=str(SUMMARIZED_MESSAGE)):
        Remark.objects.post(levels.world.member, initiative, "Muộn rồi.")
    assert not Remark.objects.exists()
    assert "data-remark-form" not in page


def test_the_committee_above_may_not_post_through_the_entry_point_either(levels):
    initiative = _initiative(levels, Level.COMMUNE)

    with pytest.raises(TransitionError):
        Remark.objects.post(levels.province_chair, initiative, "Từ trên xuống.")

    assert not Remark.objects.exists()


def test_an_overlong_remark_comes_back_with_the_error_beside_the_field_and_the_text_kept(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    client.force_login(levels.world.member)
    text = "Dài " + "x" * REMARK_MAX_CHARS

    response = client.post(reverse("committee:remark_create", args=[initiative.pk]), {"text": text})

    html = response.content.decode()
    assert response.status_code == 400
    assert "invalid-feedback" in html or "is-invalid" in html
    assert text in html
    assert not Remark.objects.exists()


def test_control_characters_are_dropped_and_a_blank_remark_is_refused(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    client.force_login(levels.world.member)
    url = reverse("committee:remark_create", args=[initiative.pk])

    blank = client.post(url, {"text": " \x01\x1b  "})
    nul = client.post(url, {"text": "Có\x00 NUL"})
    kept = client.post(url, {"text": "Nên\x07 bổ sung\x1b ảnh.\nDòng hai."})

    assert blank.status_code == 400
    assert nul.status_code == 400
    assert kept.status_code == 302
    assert list(Remark.objects.values_list("text", flat=True)) == ["Nên bổ sung ảnh.\nDòng hai."]


def test_a_remark_without_the_csrf_token_is_refused(levels):
    from django.test import Client

    initiative = _initiative(levels, Level.PROVINCE)
    client = Client(enforce_csrf_checks=True)
    client.force_login(levels.world.member)

    response = client.post(reverse("committee:remark_create", args=[initiative.pk]), {"text": "Không có mã."})

    assert response.status_code == 403
    assert not Remark.objects.exists()


def test_a_get_of_the_post_url_goes_back_to_the_remarks(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    client.force_login(levels.world.member)

    response = client.get(reverse("committee:remark_create", args=[initiative.pk]))

    assert response.status_code == 302
    assert response["Location"].endswith("#remarks")


# ----- who is told ----------------------------------------------------------------------------
def test_a_remark_tells_the_acting_committee_not_the_unit_nor_the_author(levels, django_capture_on_commit_callbacks):
    initiative = _initiative(levels, Level.PROVINCE)

    with django_capture_on_commit_callbacks(execute=True):
        Remark.objects.post(levels.commune_chair, initiative, "Mô hình làm tốt ở ấp.")

    told = sorted(Notification.objects.filter(kind=Kind.REMARK_POSTED).values_list("recipient__username", flat=True))
    assert told == ["chair", "province_chair", "province_member", "secretary"]
    assert Notification.objects.filter(kind=Kind.REMARK_POSTED).first().target == initiative


# ----- visible_to and the page's queries ---------------------------------------------------------
def test_remarks_are_visible_to_the_committees_over_the_unit_and_not_to_its_staff(levels, admin_user):
    initiative = _initiative(levels, Level.PROVINCE)
    Remark.objects.post(levels.world.member, initiative, "Một ý kiến.")

    seen = {
        name: Remark.objects.visible_to(_actor(levels, name, admin_user)).count()
        for name in ("staff", "staff2", "other_chair", "member", "province_chair", "admin")
    }

    assert seen == {"staff": 0, "staff2": 0, "other_chair": 0, "member": 1, "province_chair": 1, "admin": 1}


# The record page's queries for a leader of the acting committee; remarks add one, whatever their number
# (its scores are read with the initiative).
PAGE_QUERIES = 10


def test_the_record_page_reads_one_remark_and_three_in_the_same_queries(client, levels, django_assert_num_queries):
    initiative = _initiative(levels, Level.PROVINCE)
    url = reverse("staff:initiative_detail", args=[initiative.pk])
    client.force_login(levels.province_chair)
    authors = [levels.world.member, levels.commune_chair, levels.province_member]
    Remark.objects.post(authors[0], initiative, "Ý kiến 1.")
    client.get(url)  # the session's first read is not the page's
    with django_assert_num_queries(PAGE_QUERIES):
        one = client.get(url)
    for number, author in enumerate(authors[1:], start=2):
        Remark.objects.post(author, initiative, f"Ý kiến {number}.")

    with django_assert_num_queries(PAGE_QUERIES):
        three = client.get(url)

    assert one.content.decode().count("data-remark>") == 1
    assert three.content.decode().count("data-remark>") == 3


def test_a_remark_stays_when_its_author_is_deleted(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    Remark.objects.post(levels.commune_chair, initiative, "Ý kiến còn lại.")
    levels.commune_chair.delete()
    client.force_login(levels.province_chair)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert Remark.objects.get().author is None
    assert "Ý kiến còn lại." in html


# ----- withdrawal ---------------------------------------------------------------------------------
def test_its_author_withdraws_a_remark_soon_after_and_it_is_no_longer_listed(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    remark = Remark.objects.post(levels.world.member, initiative, "Nhầm hồ sơ.")
    client.force_login(levels.world.member)
    page = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    response = client.post(reverse("committee:remark_withdraw", args=[initiative.pk, remark.pk]))

    remark.refresh_from_db()
    assert "data-remark-withdraw" in page
    assert response.status_code == 302
    assert remark.withdrawn_at is not None
    assert "Nhầm hồ sơ." not in client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()


@pytest.mark.parametrize(("actor", "status"), [("commune_chair", 403), ("province_chair", 403), ("staff", 404)])
def test_nobody_else_withdraws_a_remark(client, levels, actor, status):
    initiative = _initiative(levels, Level.PROVINCE)
    remark = Remark.objects.post(levels.world.member, initiative, "Của người khác.")
    client.force_login(_actor(levels, actor, None))

    response = client.post(reverse("committee:remark_withdraw", args=[initiative.pk, remark.pk]))

    remark.refresh_from_db()
    assert response.status_code == status
    assert remark.withdrawn_at is None


def test_a_remark_is_not_withdrawn_after_the_window_nor_under_a_summarized_campaign(levels):
    initiative = _initiative(levels, Level.PROVINCE)
    late = Remark.objects.post(levels.world.member, initiative, "Đã lâu.")
    frozen = Remark.objects.post(levels.world.member, initiative, "Đã tổng kết.")
    later = late.created_at + timedelta(minutes=REMARK_WITHDRAW_MINUTES, seconds=1)

    with pytest.raises(TransitionError):
        late.withdraw(levels.world.member, now=later)
    Campaign.objects.filter(pk=initiative.campaign_id).update(state=CampaignState.SUMMARIZED)
    frozen.initiative.campaign.refresh_from_db()
    with pytest.raises(TransitionError, match=str(SUMMARIZED_MESSAGE)):
        frozen.withdraw(levels.world.member)

    assert Remark.objects.standing().count() == 2


def test_a_get_of_the_withdraw_url_is_refused(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    remark = Remark.objects.post(levels.world.member, initiative, "Còn đây.")
    client.force_login(levels.world.member)

    response = client.get(reverse("committee:remark_withdraw", args=[initiative.pk, remark.pk]))

    assert response.status_code == 405


@pytest.mark.parametrize("number", [2**63, 10**30])
def test_a_remark_id_past_the_id_column_gives_404(client, levels, number):
    initiative = _initiative(levels, Level.PROVINCE)
    client.force_login(levels.world.member)

    response = client.post(reverse("committee:remark_withdraw", args=[initiative.pk, number]))

    assert response.status_code == 404


def test_a_remark_named_under_another_initiative_gives_404(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    other = _initiative(levels, Level.PROVINCE)
    remark = Remark.objects.post(levels.world.member, initiative, "Ở hồ sơ kia.")
    client.force_login(levels.world.member)

    response = client.post(reverse("committee:remark_withdraw", args=[other.pk, remark.pk]))

    remark.refresh_from_db()
    assert response.status_code == 404
    assert remark.withdrawn_at is None


def test_the_detail_pages_remark_box_is_labelled_and_says_who_reads_it(client, levels):
    initiative = _initiative(levels, Level.PROVINCE)
    client.force_login(levels.world.member)

    html = client.get(reverse("staff:initiative_detail", args=[initiative.pk])).content.decode()

    assert 'for="id_remark_text"' in html and 'id="id_remark_text"' in html
    assert 'name="text"' in html and f'maxlength="{REMARK_MAX_CHARS}"' in html
    assert 'aria-describedby="id_remark_text_helptext"' in html
    assert "cán bộ đơn vị không xem" in html
