"""Oversized uploads: dropped while they arrive (dvk/uploads.py), refused by name beside the field, the
rest of the form kept; the limit and the accepted types stated beside every file field."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from campaigns.models import CampaignDocument
from models_registry.models import Attachment
from tests.campaigns.test_campaign_pages import campaign_data
from tests.conftest import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

LIMIT = 2048
BIG_PNG = PNG_BYTES + b"\x00" * (3 * LIMIT)


@override_settings(DVK_MAX_UPLOAD_BYTES=LIMIT)
def test_an_evidence_file_over_the_limit_is_refused_by_name_and_the_others_are_kept(client, world):
    approved = world.initiative("approved")
    client.force_login(world.staff)

    response = client.post(
        reverse("staff:initiative_evidence", args=[approved.pk]),
        {"files": [SimpleUploadedFile("anh-lon.png", BIG_PNG), SimpleUploadedFile("anh.png", PNG_BYTES)]},
        follow=True,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp “anh-lon.png” quá lớn" in page
    assert "dung lượng tối đa là 2,0\xa0KB" in page
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["anh.png"]


@override_settings(DVK_MAX_UPLOAD_BYTES=LIMIT)
def test_the_bytes_past_the_limit_are_never_kept_and_the_size_is_still_told(rf, world):
    from dvk.uploads import OversizedUpload

    body = BIG_PNG
    request = rf.post("/", {"name": "Tổ tự quản", "files": SimpleUploadedFile("anh-lon.png", body)})

    upload = request.FILES["files"]

    assert isinstance(upload, OversizedUpload)
    assert upload.size == len(body)
    assert upload.read() == b""
    assert request.POST["name"] == "Tổ tự quản"


@override_settings(DVK_MAX_UPLOAD_BYTES=LIMIT)
def test_a_launch_document_over_the_limit_is_a_form_error_beside_it_and_the_form_stays_filled(client, world):
    client.force_login(world.chair)
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES + b"\n" * (3 * LIMIT))

    response = client.post(reverse("campaigns:create"), campaign_data(world, **{"documents-0-file": upload}))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Tệp “ke-hoach.pdf” quá lớn" in page
    assert "Phong trào Dân vận khéo năm mới" in page  # the name typed is still there
    assert not CampaignDocument.objects.exists()


@override_settings(DVK_MAX_UPLOAD_BYTES=LIMIT)
@pytest.mark.parametrize(
    ("who", "url_name", "state"),
    [
        ("staff", "staff:initiative_detail", "approved"),
        ("staff", "staff:initiative_transition", "approved"),
        ("member", "committee:inspection_create", "approved"),
        ("chair", "campaigns:create", None),
    ],
)
def test_every_file_field_states_the_limit_and_the_accepted_types(client, world, who, url_name, state):
    client.force_login(getattr(world, who))
    if url_name == "campaigns:create":
        url = reverse(url_name)
    elif url_name == "staff:initiative_transition":
        url = reverse(url_name, args=[world.initiative(state).pk, "request_recognition"])
    else:
        url = reverse(url_name, args=[world.initiative(state).pk])

    page = client.get(url).content.decode()

    assert 'type="file"' in page
    assert f'data-max-bytes="{LIMIT}"' in page
    assert "tối đa 2,0\xa0KB" in page
    assert "PDF" in page and "accept=" in page
