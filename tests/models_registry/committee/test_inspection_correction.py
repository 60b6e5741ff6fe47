"""A recorded inspection is corrected in the site by whoever recorded it or by a leader, never in the admin."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.conftest import add_inspection
from tests.models_registry.committee.test_committee_inspections import inspection_data

pytestmark = pytest.mark.django_db


def edit_url(inspection) -> str:
    return reverse("committee:inspection_edit", args=[inspection.initiative_id, inspection.pk])


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("staff2", 404),  # another unit: the record is not in scope
        ("staff", 403),  # the unit's own staff: not a committee member
        ("member2", 403),  # another member of the committee: not who recorded it
        ("member", 200),  # who recorded it
        ("chair", 200),  # a leader over the unit
        ("admin", 200),
    ],
)
def test_access_matrix_of_the_inspection_correction_page(client, world, user, status):
    inspection = add_inspection(world.initiative("approved"), world.member)
    client.force_login(getattr(world, user))

    assert client.get(edit_url(inspection)).status_code == status


def test_anonymous_visitor_of_the_correction_page_is_sent_to_login(client, world):
    inspection = add_inspection(world.initiative("approved"), world.member)

    response = client.get(edit_url(inspection))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_recorder_corrects_the_completion_and_the_history_says_so(client, world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.member, completion=60)
    client.force_login(world.member)

    response = client.post(edit_url(inspection), inspection_data(world, completion="85", findings="Đã sửa số liệu."))

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.completion == 85 and inspection.findings == "Đã sửa số liệu."
    assert LogEntry.objects.filter(
        object_id=str(initiative.pk), change_message__contains="Sửa kết quả kiểm tra"
    ).exists()


def test_another_member_may_not_correct_and_nothing_changes(client, world):
    inspection = add_inspection(world.initiative("approved"), world.member, completion=60)
    client.force_login(world.member2)

    response = client.post(edit_url(inspection), inspection_data(world, completion="10"))

    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.completion == 60


def test_an_inspection_of_a_recognized_initiative_is_no_longer_corrected(client, world):
    initiative = world.initiative("approved")
    inspection = add_inspection(initiative, world.member, completion=60)
    initiative.state = "recognized"
    initiative.save(update_fields=["state"])
    client.force_login(world.chair)

    response = client.post(edit_url(inspection), inspection_data(world, completion="10"))

    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.completion == 60


def test_bad_input_is_shown_beside_the_field_and_the_rest_stays_filled(client, world):
    inspection = add_inspection(world.initiative("approved"), world.member, completion=60)
    client.force_login(world.member)

    response = client.post(edit_url(inspection), inspection_data(world, completion="150", findings="Giữ lại chữ này"))

    body = response.content.decode()
    assert response.status_code == 400
    assert "không được vượt quá 100%" in body
    assert "Giữ lại chữ này" in body
    inspection.refresh_from_db()
    assert inspection.completion == 60


def test_an_inspection_is_not_reached_through_another_initiative(client, world):
    inspection = add_inspection(world.initiative("approved"), world.member)
    other = world.initiative("approved")
    client.force_login(world.chair)

    response = client.get(reverse("committee:inspection_edit", args=[other.pk, inspection.pk]))

    assert response.status_code == 404


def test_the_list_offers_the_correction_to_the_recorder_and_not_to_another_member(client, world):
    inspection = add_inspection(world.initiative("approved"), world.member)
    url = reverse("committee:inspection_list", args=[inspection.initiative_id])

    client.force_login(world.member)
    mine = client.get(url).content.decode()
    client.force_login(world.member2)
    theirs = client.get(url).content.decode()

    assert edit_url(inspection) in mine
    assert edit_url(inspection) not in theirs
