"""The registration form: drafts, submission, optimistic lock, similar initiatives, replication."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Field, UnitMembership
from models_registry.models import Initiative, Origin, State
from tests.factories import CampaignFactory, InitiativeFactory, UnitFactory


def registration_data(world, **overrides) -> dict:
    """What a unit officer types into the form, complete."""
    year = world.campaign.year
    data = {
        "campaign": world.campaign.pk,
        "name": "Tổ phụ nữ tiết kiệm",
        "field": Field.objects.get(code="economic").pk,
        "kind": "model",
        "subject": "collective",
        "origin": "new",
        "situation": "Nhiều hộ hội viên thiếu vốn.",
        "purpose": "Giúp nhau tiết kiệm.",
        "goals": "30 hộ tham gia.",
        "solutions": "Họp tổ hằng tháng.",
        "area": "Ấp Phú Hòa",
        "address": "Nhà văn hóa ấp Phú Hòa",
        "implementing_forces": "Chi hội phụ nữ.",
        "target_group": "Hội viên hộ nghèo.",
        "resources": "Vốn góp.",
        "starts_on": f"{year}-03-01",
        "ends_on": f"{year}-10-31",
        "expected_outputs": "Sổ góp vốn.",
        "sustainability": "Duy trì lâu dài.",
        "advantages": "Đồng thuận.",
        "difficulties": "Vốn ít.",
        "contact": "Chị Lan, 0909 000 000",
    }
    data.update(overrides)
    return data


def test_the_form_shows_help_texts_from_the_guidance_in_the_real_order(client, world):
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_create")).content.decode()

    assert "tránh hiện tượng" not in html  # help texts are paraphrased, not pasted whole
    assert "Địa chỉ cụ thể, rõ ràng để cấp trên thuận lợi hỗ trợ" in html
    order = [
        html.index(legend) for legend in ("Đợt phát động và đơn vị", "Thông tin chung", "Nội dung", "Kết quả dự kiến")
    ]
    assert order == sorted(order)
    assert 'name="unit"' not in html  # a single unit: nothing to choose


def test_campaign_choices_are_only_open_ones_visible_to_the_user(client, world):
    closed = CampaignFactory(
        committee=world.province_committee,
        name="Đợt đã đóng",
        registration_closes_on=datetime.date.today() - datetime.timedelta(days=1),
        registration_opens_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    elsewhere = CampaignFactory(name="Đợt của tỉnh khác")
    client.force_login(world.staff)

    choices = client.get(reverse("staff:initiative_create")).context["form"].fields["campaign"].queryset

    assert world.campaign in choices
    assert closed not in choices
    assert elsewhere not in choices


def test_unit_is_asked_when_the_user_belongs_to_several_units(client, world):
    UnitMembership.objects.create(user=world.staff, unit=world.commune)
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_create")).content.decode()

    assert 'name="unit"' in html


def test_saving_a_draft_with_missing_fields_is_allowed(client, world):
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_create"),
        {
            "campaign": world.campaign.pk,
            "name": "Mới bắt đầu",
            "field": Field.objects.first().pk,
            "kind": "model",
            "subject": "collective",
            "origin": "new",
            "intent": "draft",
        },
    )

    initiative = Initiative.objects.get(name="Mới bắt đầu")
    assert response.status_code == 302
    assert response.url == reverse("staff:initiative_edit", args=[initiative.pk])
    assert initiative.state == State.DRAFT
    assert initiative.unit == world.hamlet
    assert initiative.created_by == world.staff


def test_submitting_an_incomplete_registration_lists_what_is_missing_and_keeps_the_input(client, world):
    client.force_login(world.staff)
    data = registration_data(world, address="", goals="", intent="submit", name="Tổ tự quản")

    response = client.post(reverse("staff:initiative_create"), data)

    html = response.content.decode()
    initiative = Initiative.objects.get(name="Tổ tự quản")
    assert response.status_code == 400
    assert initiative.state == State.DRAFT
    assert "địa chỉ cụ thể" in html and "mục tiêu, tiêu chí" in html
    assert "Cần điền trước khi gửi đăng ký." in html
    assert "Nhiều hộ hội viên thiếu vốn." in html
    assert f'action="{reverse("staff:initiative_edit", args=[initiative.pk])}"' in html


def test_submitting_a_complete_registration_moves_it_to_submitted(client, world):
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_create"), registration_data(world, intent="submit"))

    initiative = Initiative.objects.get(name="Tổ phụ nữ tiết kiệm")
    assert response.status_code == 302
    assert response.url == reverse("staff:initiative_detail", args=[initiative.pk])
    assert initiative.state == State.SUBMITTED
    assert initiative.logs.get().action == "submit"


def test_a_wrong_period_is_refused_with_the_rest_kept(client, world):
    year = world.campaign.year
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_create"),
        registration_data(world, starts_on=f"{year}-03-01", ends_on=f"{year}-03-05", intent="draft"),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "từ 1 đến 12 tháng" in html
    assert "Chị Lan, 0909 000 000" in html
    assert not Initiative.objects.exists()


def test_dates_may_be_typed_dd_mm_yyyy(client, world):
    year = world.campaign.year
    client.force_login(world.staff)

    client.post(
        reverse("staff:initiative_create"),
        registration_data(world, starts_on=f"01/03/{year}", ends_on=f"31/10/{year}", intent="draft"),
    )

    assert Initiative.objects.get().ends_on == datetime.date(year, 10, 31)


def test_a_stale_edit_is_refused_and_keeps_the_users_input(client, world):
    initiative = world.initiative("draft")
    old_version = initiative.version
    Initiative.objects.get(pk=initiative.pk).save_edit(expected_version=old_version)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_edit", args=[initiative.pk]),
        registration_data(world, name="Tên tôi vừa gõ", version=old_version, intent="draft"),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Người khác đã lưu hoặc chuyển bước hồ sơ này sau khi bạn mở nó" in html
    assert "Tên tôi vừa gõ" in html
    assert Initiative.objects.get(pk=initiative.pk).name == initiative.name


def test_editing_with_the_current_version_saves(client, world):
    initiative = world.initiative("draft")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_edit", args=[initiative.pk]),
        registration_data(world, name="Tên đã sửa", version=initiative.version, intent="draft"),
    )

    initiative.refresh_from_db()
    assert response.status_code == 302
    assert initiative.name == "Tên đã sửa"
    assert initiative.version == 2


def test_resubmitting_after_a_return_moves_it_back_to_submitted(client, world):
    initiative = world.initiative("returned")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_edit", args=[initiative.pk]),
        registration_data(world, address="Số 5, tổ 3, ấp Phú Hòa", version=initiative.version, intent="submit"),
    )

    initiative.refresh_from_db()
    assert response.status_code == 302
    assert initiative.state == State.SUBMITTED
    assert initiative.address == "Số 5, tổ 3, ấp Phú Hòa"


@pytest.mark.parametrize("state", ["submitted", "approved", "recognized", "withdrawn"])
def test_opening_the_edit_page_when_not_editable_lands_on_the_record_saying_so(client, world, state):
    initiative = world.initiative(state)
    client.force_login(world.staff)

    response = client.get(reverse("staff:initiative_edit", args=[initiative.pk]), follow=True)

    assert response.redirect_chain[-1][0] == initiative.get_absolute_url()
    assert "không còn áp dụng" in response.content.decode()


def test_a_committee_member_in_scope_may_not_edit_the_registration(client, world):
    initiative = world.initiative("draft")
    client.force_login(world.member)

    assert client.get(reverse("staff:initiative_edit", args=[initiative.pk])).status_code == 403


def test_the_edit_page_shows_similar_earlier_initiatives_and_marks_one_as_maintained(client, world):
    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    earlier = InitiativeFactory(campaign=last_year, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm vì người nghèo")
    # Last year's campaign is closed to new moves here; only its place in the history matters.
    Initiative.objects.filter(pk=earlier.pk).update(state=State.APPROVED)
    draft = world.initiative("draft", name="Tổ phụ nữ tiết kiệm")
    client.force_login(world.staff)

    page = client.get(reverse("staff:initiative_edit", args=[draft.pk]))
    response = client.post(
        reverse("staff:initiative_edit", args=[draft.pk]),
        registration_data(world, version=draft.version, mark_continues=earlier.pk),
    )

    html = page.content.decode()
    draft.refresh_from_db()
    assert earlier.name in html
    assert str(last_year.year) in html
    assert "Đánh dấu là duy trì từ mô hình này" in html
    assert response.status_code == 302
    assert draft.origin == Origin.MAINTAINED
    assert draft.continues_id == earlier.pk


def test_similar_endpoint_returns_the_units_earlier_initiatives(client, world):
    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    earlier = InitiativeFactory(campaign=last_year, unit=world.hamlet, name="Tổ phụ nữ tiết kiệm")
    Initiative.objects.filter(pk=earlier.pk).update(state=State.APPROVED)
    client.force_login(world.staff)

    data = client.get(
        reverse("staff:initiative_similar"), {"name": "to phu nu tiet kiem", "unit": world.hamlet.pk}
    ).json()

    assert [row["id"] for row in data["results"]] == [earlier.pk]
    assert data["results"][0]["year"] == last_year.year


def test_similar_endpoint_refuses_another_units_history(client, world):
    client.force_login(world.staff)

    response = client.get(reverse("staff:initiative_similar"), {"name": "abc", "unit": world.other_hamlet.pk})

    assert response.status_code == 404


def test_replicating_a_recognized_initiative_creates_a_prefilled_draft(client, world):
    source = world.initiative("recognized", unit=world.other_hamlet, name="Camera an ninh khu phố")
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_replicate", args=[source.pk]))

    copy = Initiative.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("staff:initiative_edit", args=[copy.pk])
    assert copy.unit == world.hamlet
    assert copy.origin == Origin.REPLICATED
    assert copy.replicates == source
    assert copy.state == State.DRAFT
    assert copy.solutions == source.solutions
    assert copy.address == ""


def test_replicating_needs_a_recognized_initiative(client, world):
    source = world.initiative("approved", unit=world.other_hamlet)
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_replicate", args=[source.pk]))

    assert response.status_code == 404


def test_replicating_is_refused_to_a_user_without_a_unit(client, world):
    source = world.initiative("recognized", unit=world.other_hamlet)
    client.force_login(world.outsider)

    assert client.post(reverse("staff:initiative_replicate", args=[source.pk])).status_code == 403


def test_lookup_finds_recognized_initiatives_by_name_without_accents(client, world):
    source = world.initiative("recognized", unit=world.other_hamlet, name="Camera an ninh khu phố")
    world.initiative("approved", unit=world.other_hamlet, name="Camera giao thông")
    client.force_login(world.staff)

    rows = client.get(reverse("staff:initiative_lookup"), {"q": "camera"}).json()["results"]

    assert [row["id"] for row in rows] == [source.pk]


def test_a_new_unit_without_campaign_cannot_replicate(client, world):
    lonely = UnitFactory(name="Đơn vị ngoài tỉnh")
    UnitMembership.objects.create(user=world.outsider, unit=lonely)
    source = world.initiative("recognized", unit=world.other_hamlet)
    client.force_login(world.outsider)

    response = client.post(reverse("staff:initiative_replicate", args=[source.pk]))

    assert response.status_code == 302
    assert Initiative.objects.count() == 1


def test_a_save_after_the_registration_was_submitted_elsewhere_is_refused_with_the_input_shown(client, world):
    initiative = world.initiative("submitted")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_edit", args=[initiative.pk]),
        registration_data(world, name="Nội dung tôi vừa gõ", version=initiative.version, intent="draft"),
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert "Hồ sơ không còn ở trạng thái được sửa." in html
    assert "Nội dung tôi vừa gõ" in html
    assert Initiative.objects.get(pk=initiative.pk).name == initiative.name


def test_continues_offers_only_the_units_initiatives_of_other_campaigns(client, world):
    last_year = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)
    earlier = InitiativeFactory(campaign=last_year, unit=world.hamlet)
    Initiative.objects.filter(pk=earlier.pk).update(state=State.APPROVED)
    same_year = world.initiative("submitted")
    other_unit = InitiativeFactory(campaign=last_year, unit=world.other_hamlet)
    Initiative.objects.filter(pk=other_unit.pk).update(state=State.APPROVED)
    draft = world.initiative("draft")
    client.force_login(world.staff)

    choices = client.get(reverse("staff:initiative_edit", args=[draft.pk])).context["form"].fields["continues"].queryset

    assert list(choices) == [earlier]
    assert same_year not in choices


def test_field_errors_are_valid_html(client, world):
    client.force_login(world.staff)
    year = world.campaign.year

    response = client.post(
        reverse("staff:initiative_create"),
        registration_data(world, starts_on=f"{year}-03-01", ends_on=f"{year}-03-05", intent="draft"),
    )

    html = response.content.decode()
    assert '_error" class="invalid-feedback"' in html
    assert '_error"class=' not in html


def test_replicating_asks_which_unit_when_the_user_has_several(client, world):
    UnitMembership.objects.create(user=world.staff, unit=world.commune)
    source = world.initiative("recognized", unit=world.other_hamlet)
    client.force_login(world.staff)
    url = reverse("staff:initiative_replicate", args=[source.pk])

    asked = client.post(url)
    response = client.post(url, {"unit": world.commune.pk})

    assert asked.status_code == 200
    assert 'name="unit"' in asked.content.decode()
    assert response.status_code == 302
    assert Initiative.objects.get(replicates=source).unit == world.commune


def test_the_form_says_so_when_no_campaign_is_open(client, world):
    world.campaign.registration_closes_on = datetime.date.today() - datetime.timedelta(days=1)
    world.campaign.registration_opens_on = world.campaign.registration_closes_on - datetime.timedelta(days=10)
    world.campaign.save()
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_create")).content.decode()

    assert "Hiện không có đợt phát động nào đang trong thời gian đăng ký" in html


def test_a_registration_sent_with_a_mistake_says_not_saved_in_the_words_every_form_says_it(client, world):
    # The campaign pages say it too (dvk.forms.NOT_SAVED): one wording for "fix the marked items".
    from dvk.forms import NOT_SAVED

    client.force_login(world.staff)
    data = registration_data(world, name="Tổ tự quản", starts_on="ngày mai", intent="draft")

    response = client.post(reverse("staff:initiative_create"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert str(NOT_SAVED) in html
    assert "Nhiều hộ hội viên thiếu vốn." in html
    assert not Initiative.objects.filter(name="Tổ tự quản").exists()
