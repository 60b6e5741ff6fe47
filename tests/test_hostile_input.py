"""What the hostile-input fuzz found, each pinned by a test of its own (issue 20, item 5).

Ids past the 64-bit id column, a `next` that is not a path, overlong upload names: each gave a 500.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.files import MAX_FILE_NAME_LENGTH
from campaigns.ids import parse_id, parse_ids
from campaigns.models import CampaignDocument
from models_registry.models import Attachment, State
from tests.campaigns.test_campaign_pages import campaign_data
from tests.conftest import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

PAST_THE_ID_COLUMN = str(2**63)
HUGE = str(10**30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), (str(2**63 - 1), 2**63 - 1), (PAST_THE_ID_COLUMN, None), ("0", None), ("-1", None)]
    + [("１２", None), ("1e3", None), ("", None), (None, None), ("\x00", None)],
)
def test_an_id_is_a_plain_number_that_fits_the_id_column(value, expected):
    assert parse_id(value) == expected


def test_ids_that_do_not_fit_are_dropped_from_a_list():
    assert parse_ids(["3", HUGE, "x", "5"]) == [3, 5]


def test_bulk_approval_of_an_id_past_the_id_column_approves_nothing_and_answers(client, world):
    submitted = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:bulk_approve"), {"initiatives": [HUGE, PAST_THE_ID_COLUMN], "plan_note": "Kế hoạch."}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_recognition_of_an_id_past_the_id_column_is_refused_with_a_message(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("committee:recognition"), {"initiatives": [HUGE], "number": "01/QĐ"})

    assert response.status_code in (200, 400)
    assert "Hãy chọn ít nhất một hồ sơ để công nhận." in response.content.decode()


def test_an_empty_recognition_post_is_refused_with_a_message(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("committee:recognition"))

    assert response.status_code in (200, 400)
    assert "Hãy chọn ít nhất một hồ sơ để công nhận." in response.content.decode()


def test_an_inspector_or_cadre_id_past_the_id_column_is_a_form_error(client, world):
    submitted = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:act", args=[submitted.pk, "approve"]),
        {"approve-plan_note": "Kế hoạch.", "approve-supporting_cadres": [HUGE]},
    )

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_a_next_that_is_not_a_path_leads_to_the_initiative(client, world):
    submitted = world.initiative("submitted")
    client.force_login(world.member)

    response = client.post(
        reverse("committee:act", args=[submitted.pk, "return_for_revision"]),
        {"return_for_revision-comment": "Ghi rõ địa chỉ.", "next": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == submitted.get_absolute_url()


def test_the_similar_search_with_ids_past_the_id_column_says_the_parameters_are_wrong(client, world):
    client.force_login(world.staff)

    response = client.get(reverse("staff:initiative_similar"), {"unit": world.hamlet.pk, "exclude": HUGE})

    assert response.status_code == 400
    assert response.json() == {"error": "Tham số không hợp lệ."}


def test_a_registration_shown_again_with_a_unit_id_past_the_id_column_answers(client, world):
    client.force_login(world.staff)

    response = client.post(reverse("staff:initiative_create"), {"unit": HUGE, "name": "Tổ tự quản"})

    assert response.status_code in (200, 400)


def test_an_evidence_file_whose_name_is_too_long_is_refused_by_name(client, world):
    approved = world.initiative("approved")
    client.force_login(world.staff)
    long_name = "a" * 300 + ".png"

    response = client.post(
        reverse("staff:initiative_evidence", args=[approved.pk]),
        {"files": [SimpleUploadedFile(long_name, PNG_BYTES), SimpleUploadedFile("anh.png", PNG_BYTES)]},
        follow=True,
    )

    page = response.content.decode()
    assert f"dài quá {MAX_FILE_NAME_LENGTH} ký tự" in page
    # The good file chosen with it is kept; the long name is neither stored nor cut short.
    assert list(Attachment.objects.filter(initiative=approved).values_list("original_name", flat=True)) == ["anh.png"]


def test_an_evidence_name_of_three_byte_letters_that_the_file_system_cannot_hold_is_refused(client, world):
    approved = world.initiative("approved")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_evidence", args=[approved.pk]),
        {"files": [SimpleUploadedFile("ế" * 90 + ".png", PNG_BYTES)]},
        follow=True,
    )

    assert response.status_code == 200
    assert "dài quá" in response.content.decode()
    assert not Attachment.objects.filter(initiative=approved).exists()


def test_a_launch_document_whose_name_is_too_long_is_a_form_error_and_nothing_is_saved(client, world):
    client.force_login(world.chair)
    upload = SimpleUploadedFile("k" * 150 + ".pdf", PDF_BYTES)

    response = client.post(reverse("campaigns:create"), campaign_data(world, **{"documents-0-file": upload}))

    assert response.status_code == 400
    assert f"dài quá {MAX_FILE_NAME_LENGTH} ký tự" in response.content.decode()
    assert not CampaignDocument.objects.exists()


def test_a_launch_document_with_a_long_accepted_name_keeps_its_whole_name(client, world):
    client.force_login(world.chair)
    name = "Kế hoạch phát động phong trào thi đua Dân vận khéo giai đoạn 2026 - 2030 của tỉnh.pdf"

    client.post(
        reverse("campaigns:create"), campaign_data(world, **{"documents-0-file": SimpleUploadedFile(name, PDF_BYTES)})
    )

    document = CampaignDocument.objects.get()
    # Spaces become underscores (the storage's safe name), but nothing is cut off.
    assert document.file.name.rsplit("/", 1)[-1] == name.replace(" ", "_")


def test_a_unit_id_past_the_id_column_in_a_replication_proposal_is_refused_beside_the_field(client, world):
    # Found by the form fuzz: the units' checkbox list sent the number straight to the database (a 500).
    from models_registry.models import ReplicationProposal

    recognized = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(
        reverse("committee:replication_propose", args=[recognized.pk]),
        {"units": [str(world.other_hamlet.pk), str(2**63)], "note": "Nhân rộng"},
    )

    assert response.status_code in (200, 400)
    assert response.context["form"].errors["units"]
    assert not ReplicationProposal.objects.exists()


@pytest.mark.parametrize("name", ["field", "unit", "year"])
def test_a_showcase_filter_past_every_integer_column_answers_instead_of_failing(client, world, name):
    # Found by the form fuzz: ?field=-16322393768304998088704 reached SQLite as an OverflowError (a 500).
    response = client.get(reverse("showcase:index"), {name: "-16322393768304998088704"})

    assert response.status_code == 200
