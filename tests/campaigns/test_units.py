"""The organisation tree, committees, fields and the campaign's own rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import (
    Campaign,
    CampaignState,
    Field,
    InitiativeKind,
    Level,
    Unit,
    UnitKind,
)
from tests.factories import CampaignFactory, CommitteeFactory, UnitFactory

TODAY = datetime.date.today()


# ----- units ------------------------------------------------------------------------------
def test_a_new_unit_gets_its_path_and_depth_from_its_parent(world):
    assert world.province.path == f"{world.province.pk:07d}/"
    assert world.hamlet.path == f"{world.province.pk:07d}/{world.commune.pk:07d}/{world.hamlet.pk:07d}/"
    assert (world.province.depth, world.commune.depth, world.hamlet.depth) == (0, 1, 2)
    stored = Unit.objects.get(pk=world.hamlet.pk)
    assert (stored.path, stored.depth) == (world.hamlet.path, 2)


def test_a_unit_cannot_become_the_child_of_its_own_descendant(world):
    commune = Unit.objects.get(pk=world.commune.pk)
    commune.parent = world.hamlet

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert "parent" in excinfo.value.message_dict
    assert "cấp dưới của nó" in excinfo.value.message_dict["parent"][0]


def test_a_unit_cannot_be_its_own_parent(world):
    commune = Unit.objects.get(pk=world.commune.pk)
    commune.parent = commune

    with pytest.raises(ValidationError):
        commune.full_clean()


def test_saving_a_cycle_without_clean_is_refused_too_and_changes_no_path(world):
    commune = Unit.objects.get(pk=world.commune.pk)
    commune.parent = Unit.objects.get(pk=world.hamlet.pk)
    paths_before = dict(Unit.objects.values_list("pk", "path"))

    with pytest.raises(ValidationError):
        commune.save()

    assert dict(Unit.objects.values_list("pk", "path")) == paths_before
    assert Unit.objects.get(pk=world.commune.pk).parent_id == world.province.pk


def test_a_grandparent_may_not_move_under_its_grandchild_either(world):
    province = Unit.objects.get(pk=world.province.pk)
    province.parent = world.hamlet

    with pytest.raises(ValidationError):
        province.full_clean()


def test_moving_a_unit_under_a_sibling_is_valid(world):
    hamlet = Unit.objects.get(pk=world.hamlet.pk)
    hamlet.parent = world.other_commune

    hamlet.full_clean()
    hamlet.save()

    assert Unit.objects.get(pk=hamlet.pk).path.startswith(world.other_commune.path)


def test_a_unit_name_is_stored_nfc_and_folded_for_search(world):
    assert world.hamlet.search_text == "ap phu hoa"


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        (UnitKind.PROVINCE, Level.PROVINCE),
        (UnitKind.COMMUNE, Level.COMMUNE),
        (UnitKind.WARD, Level.COMMUNE),
        (UnitKind.SPECIAL_ZONE, Level.COMMUNE),
        (UnitKind.DISTRICT, Level.DISTRICT),
        (UnitKind.HAMLET, Level.GRASSROOTS),
        (UnitKind.AGENCY, Level.GRASSROOTS),
        (UnitKind.FRONT, Level.GRASSROOTS),
    ],
)
def test_the_level_of_recognition_follows_the_kind_of_unit(kind, level):
    assert Unit(kind=kind).level == level


def test_every_kind_of_unit_of_the_guidance_exists():
    assert {k.value for k in UnitKind} == {
        "province",
        "commune",
        "ward",
        "special_zone",
        "district",
        "hamlet",
        "urban_hamlet",
        "street_group",
        "residential_area",
        "agency",
        "front",
        "armed_forces",
        "enterprise",
        "school",
        "other",
    }


def test_a_committee_takes_its_level_from_its_unit(world):
    assert world.province_committee.level == Level.PROVINCE
    assert world.commune_committee.level == Level.COMMUNE


def test_the_five_fields_of_the_guidance_are_seeded(db):
    assert list(Field.objects.values_list("code", flat=True)) == [
        "economic",
        "culture_society",
        "security_defence",
        "political_system",
        "other",
    ]


# ----- campaigns --------------------------------------------------------------------------
def campaign(**kwargs) -> Campaign:
    year = TODAY.year
    values = {
        "name": "Dân vận khéo",
        "year": year,
        "starts_on": datetime.date(year, 1, 1),
        "ends_on": datetime.date(year, 12, 31),
        "registration_opens_on": datetime.date(year, 1, 1),
        "registration_closes_on": datetime.date(year, 3, 31),
    }
    values.update(kwargs)
    return Campaign(**values)


def test_a_campaign_must_end_after_it_starts():
    with pytest.raises(ValidationError) as excinfo:
        campaign(ends_on=datetime.date(TODAY.year - 1, 12, 1)).clean()

    assert "ends_on" in excinfo.value.message_dict


def test_registration_must_close_after_it_opens():
    with pytest.raises(ValidationError) as excinfo:
        campaign(registration_closes_on=datetime.date(TODAY.year - 1, 12, 1)).clean()

    assert "registration_closes_on" in excinfo.value.message_dict


def test_registration_must_close_inside_the_campaign_period():
    with pytest.raises(ValidationError) as excinfo:
        campaign(registration_closes_on=datetime.date(TODAY.year + 1, 1, 15)).clean()

    assert "nằm trong thời gian" in excinfo.value.message_dict["registration_closes_on"][0]


def test_a_valid_campaign_passes_clean():
    campaign().clean()


def test_a_new_campaign_is_a_draft_and_requires_inspection_by_default(world):
    new = campaign(committee=world.province_committee)
    new.save()

    assert new.state == CampaignState.DRAFT
    assert new.requires_inspection is True
    assert not new.registration_is_open()


def test_registration_is_open_only_when_launched_and_inside_the_window(world):
    c = world.campaign
    c.registration_opens_on, c.registration_closes_on = TODAY, TODAY

    assert c.registration_is_open()
    assert c.registration_is_open(on=TODAY)
    assert not c.registration_is_open(on=TODAY + datetime.timedelta(days=1))
    assert not c.registration_is_open(on=TODAY - datetime.timedelta(days=1))
    c.state = CampaignState.SUMMARIZED
    assert not c.registration_is_open()
    assert c.is_frozen


@pytest.mark.parametrize(
    ("state", "opens", "closes", "expected"),
    [
        (CampaignState.LAUNCHED, -1, 1, "open"),
        (CampaignState.LAUNCHED, 1, 5, "not_open"),
        (CampaignState.LAUNCHED, -5, -1, "closed"),
        (CampaignState.DRAFT, -1, 1, "not_open"),  # inside its window but not launched yet
        (CampaignState.DRAFT, -5, -1, "closed"),
        (CampaignState.SUMMARIZED, -1, 1, "closed"),  # summarizing ends registration
    ],
)
def test_the_registration_status_says_open_only_when_registration_is_open(world, state, opens, closes, expected):
    c = world.campaign
    c.state = state
    c.registration_opens_on = TODAY + datetime.timedelta(days=opens)
    c.registration_closes_on = TODAY + datetime.timedelta(days=closes)

    assert c.registration_status() == expected
    assert c.registration_is_open() is (expected == "open")


def test_criteria_set_for_each_kind(world):
    model_set = world.campaign.criteria_set_for(InitiativeKind.MODEL)
    exemplar_set = world.campaign.criteria_set_for(InitiativeKind.EXEMPLAR)

    assert model_set.kind == InitiativeKind.MODEL and exemplar_set.kind == InitiativeKind.EXEMPLAR
    assert model_set.max_total == 100
    assert CampaignFactory(committee=world.province_committee, criteria=False).criteria_set_for("model") is None


def test_a_committee_at_a_commune_is_ordered_under_the_province(world):
    CommitteeFactory(unit=UnitFactory(parent=world.other_commune))

    units = [c.unit for c in type(world.province_committee).objects.all()]

    assert units[0] == world.province
