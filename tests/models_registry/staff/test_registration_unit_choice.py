"""Which unit a registration belongs to: a search box for an administrator, a select of one's own units otherwise."""

from __future__ import annotations

from django.urls import reverse

from campaigns.models import UnitMembership
from models_registry.models import Initiative
from tests.models_registry.staff.test_staff_registration import registration_data

UNIT_SEARCH = "?app_label=models_registry&model_name=initiative&field_name=unit"


def test_an_administrator_picks_the_unit_with_a_search_box_instead_of_a_select_of_every_unit(client, world):
    client.force_login(world.admin)

    html = client.get(reverse("staff:initiative_create")).content.decode()

    assert 'id="dvk-unit-search"' in html
    assert f'data-lookup-url="{reverse("admin:autocomplete")}{UNIT_SEARCH.replace("&", "&amp;")}"' in html
    assert '<input type="number" name="unit"' in html
    assert '<select name="unit"' not in html
    assert "Khóm 3" not in html  # no unit is listed in the page


def test_the_administrators_unit_search_finds_a_unit_by_its_name_without_accents(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("admin:autocomplete") + UNIT_SEARCH + "&term=phu+hoa")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(world.hamlet.pk)]


def test_an_administrator_registers_for_the_unit_chosen_by_its_id(client, world):
    client.force_login(world.admin)

    response = client.post(
        reverse("staff:initiative_create"), registration_data(world, unit=world.other_hamlet.pk, intent="draft")
    )

    initiative = Initiative.objects.get(name="Tổ phụ nữ tiết kiệm")
    assert response.status_code == 302
    assert initiative.unit == world.other_hamlet


def test_an_administrator_with_an_unknown_unit_id_is_told_so_and_keeps_the_rest_of_the_form(client, world):
    client.force_login(world.admin)

    response = client.post(reverse("staff:initiative_create"), registration_data(world, unit=987654, intent="draft"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Không có đơn vị mã 987654." in html
    assert 'value="987654"' in html
    assert "Chị Lan, 0909 000 000" in html and 'value="Tổ phụ nữ tiết kiệm"' in html
    assert not Initiative.objects.exists()


def test_a_form_shown_again_names_the_unit_the_administrator_chose(client, world):
    year = world.campaign.year
    client.force_login(world.admin)
    too_short = {"starts_on": f"{year}-03-01", "ends_on": f"{year}-03-05"}

    response = client.post(
        reverse("staff:initiative_create"), registration_data(world, unit=world.hamlet.pk, intent="draft", **too_short)
    )

    assert response.status_code == 400
    assert "✓ Ấp Phú Hòa" in response.content.decode()


def test_unit_staff_still_choose_among_their_own_units_only(client, world):
    UnitMembership.objects.create(user=world.staff, unit=world.commune)
    client.force_login(world.staff)

    form = client.get(reverse("staff:initiative_create")).context["form"]

    assert set(form.fields["unit"].queryset) == {world.hamlet, world.commune}
    assert 'id="dvk-unit-search"' not in client.get(reverse("staff:initiative_create")).content.decode()


def test_unit_staff_cannot_register_for_a_unit_that_is_not_theirs(client, world):
    UnitMembership.objects.create(user=world.staff, unit=world.commune)
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_create"), registration_data(world, unit=world.other_hamlet.pk, intent="draft")
    )

    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not Initiative.objects.exists()
