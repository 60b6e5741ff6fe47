"""Evidence photos on the public showcase: published only by the unit with consent, served resized, never otherwise."""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.models import Role
from models_registry.models import Attachment, AttachmentPurpose, Initiative, RecognitionDecision
from models_registry.showcase import photos
from tests.conftest import pdf_file, unit_staff
from tests.factories import CommitteeFactory, CommitteeMembershipFactory, UserFactory
from tests.models_registry.export_helpers import recognize_batch


def jpeg_file(name: str = "le-ra-quan.jpg", size=(1600, 1200), gps: bool = True) -> SimpleUploadedFile:
    """A phone-sized JPEG that carries EXIF (a GPS block when `gps`), as a phone writes it."""
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (10.0, 15.0, 0.0)}  # GPSInfo: where the photo was taken
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def with_files(world, *uploads, state: str = "recognized") -> tuple[Initiative, list[Attachment]]:
    """Return an initiative in `state` and the files its unit attached with its request for recognition
    (a phone photo unless `uploads` are given): a unit adds evidence while the initiative is open."""
    uploads = uploads or (jpeg_file(),)
    initiative = world.initiative(state, files=uploads)
    attachments = list(initiative.attachments.order_by("-pk")[: len(uploads)])
    return initiative, attachments[::-1]


def publish(world, attachment: Attachment) -> Attachment:
    """Publish the photo as its unit's staff, with the people's consent."""
    attachment.set_public(unit_staff(world, attachment.initiative), True, consent=True)
    return attachment


def published(world, *uploads, state: str = "recognized") -> tuple[Initiative, Attachment]:
    """Return an initiative in `state` and the photo its unit attached and published."""
    initiative, [attachment] = with_files(world, *uploads, state=state)
    return initiative, publish(world, attachment)


def photo_url(attachment_id: int, size: str = "card") -> str:
    return reverse("showcase:photo", args=[attachment_id, size])


# ----- publishing ---------------------------------------------------------------------------------
def test_a_new_evidence_photo_is_not_public(world):
    _initiative, [attachment] = with_files(world)

    assert attachment.is_public is False
    assert not Attachment.objects.in_showcase().filter(pk=attachment.pk).exists()


def test_unit_staff_publish_a_photo_with_consent_and_the_change_is_logged(client, world):
    initiative, [attachment] = with_files(world)
    client.force_login(world.staff)

    response = client.post(reverse("staff:attachment_publish", args=[attachment.pk]), {"public": "1", "consent": "1"})

    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.is_public and attachment.published_by == world.staff and attachment.published_at
    note = LogEntry.objects.filter(object_id=str(initiative.pk)).latest("action_time")
    assert "le-ra-quan.jpg" in note.change_message and note.user == world.staff


def test_publishing_without_the_consent_box_is_refused_with_the_message_beside_the_box(client, world):
    _initiative, [attachment] = with_files(world)
    client.force_login(world.staff)

    response = client.post(reverse("staff:attachment_publish", args=[attachment.pk]), {"public": "1"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "đã được sự đồng ý của những người có trong ảnh" in html
    assert f'id="consent-error-{attachment.pk}"' in html and 'aria-invalid="true"' in html
    attachment.refresh_from_db()
    assert attachment.is_public is False


def test_the_model_refuses_consentless_publication_and_anyone_but_the_units_staff(world):
    _initiative, [attachment] = with_files(world)

    with pytest.raises(ValidationError):
        attachment.set_public(world.staff, True)
    for user in (world.staff2, world.member, world.chair, world.secretary, world.admin, world.outsider):
        with pytest.raises(PermissionDenied):
            attachment.set_public(user, True, consent=True)
    attachment.refresh_from_db()
    assert attachment.is_public is False


def test_a_pdf_or_an_inspection_photo_cannot_be_published(world):
    _initiative, [pdf, inspection_photo] = with_files(world, pdf_file(), jpeg_file())
    Attachment.objects.filter(pk=inspection_photo.pk).update(purpose=AttachmentPurpose.INSPECTION)
    inspection_photo.refresh_from_db()

    for attachment in (pdf, inspection_photo):
        with pytest.raises(PermissionDenied):
            attachment.set_public(world.staff, True, consent=True)


def test_the_detail_page_offers_the_switch_to_the_units_staff_only(client, world):
    initiative, [attachment] = with_files(world)
    url = reverse("staff:attachment_publish", args=[attachment.pk])

    client.force_login(world.staff)
    own = client.get(initiative.get_absolute_url()).content.decode()
    client.force_login(world.chair)
    chair = client.get(initiative.get_absolute_url()).content.decode()

    assert url in own and "đã đồng ý cho công khai ảnh" in own
    assert url not in chair


PUBLISH_MATRIX = {"staff": 302, "member": 403, "chair": 403, "admin": 403}


@pytest.mark.parametrize(
    "who", ["anonymous", "other_unit_staff", "outside_committee", "staff", "member", "chair", "admin"]
)
def test_access_matrix_of_the_publish_switch(client, world, who):
    _initiative, [attachment] = with_files(world)
    outside = UserFactory(username="outside_member")
    CommitteeMembershipFactory(
        committee=CommitteeFactory(unit=world.other_commune, name="BCĐ phường"), user=outside, role=Role.CHAIR
    )
    users = {
        "other_unit_staff": world.staff2,
        "outside_committee": outside,
        "staff": world.staff,
        "member": world.member,
        "chair": world.chair,
        "admin": world.admin,
    }
    if who != "anonymous":
        client.force_login(users[who])

    response = client.post(reverse("staff:attachment_publish", args=[attachment.pk]), {"public": "1", "consent": "1"})

    attachment.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif who in ("other_unit_staff", "outside_committee"):
        assert response.status_code == 404
    else:
        assert response.status_code == PUBLISH_MATRIX[who]
    assert attachment.is_public is (who == "staff")


def test_the_publish_switch_answers_only_post(client, world):
    _initiative, [attachment] = with_files(world)
    client.force_login(world.staff)

    assert client.get(reverse("staff:attachment_publish", args=[attachment.pk])).status_code == 405


# ----- the showcase -----------------------------------------------------------------------------
def test_a_published_photo_shows_on_the_card_and_in_the_gallery_and_is_served_resized(client, world):
    initiative, attachment = published(world)

    listing = client.get(reverse("showcase:index")).content.decode()
    page = client.get(reverse("showcase:detail", args=[initiative.pk])).content.decode()
    card = client.get(photo_url(attachment.pk, "card"))
    large = client.get(photo_url(attachment.pk, "large"))

    assert photo_url(attachment.pk, "card") in listing
    assert photo_url(attachment.pk, "large") in page and "Hình ảnh" in page
    assert card.status_code == 200 and card["Content-Type"] == "image/jpeg"
    assert "public" in card["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(card.streaming_content))) as image:
        assert image.size == (480, 320)
        assert not image.getexif()  # no place, no device: the copy carries no metadata
    with Image.open(io.BytesIO(b"".join(large.streaming_content))) as image:
        assert image.size == (1280, 960)


def test_the_resized_copy_is_made_once_and_read_back_afterwards(client, world, monkeypatch):
    _initiative, attachment = published(world)
    assert client.get(photo_url(attachment.pk)).status_code == 200
    assert default_storage.exists(photos.thumbnail_name(attachment.pk, "card"))

    def no_second_render(*args, **kwargs):
        raise AssertionError("rendered twice")

    monkeypatch.setattr(photos, "_render", no_second_render)

    assert client.get(photo_url(attachment.pk)).status_code == 200


def test_a_photo_that_is_not_published_is_404_to_everyone_even_by_guessing_ids(client, world):
    # Beside the evidence photo the lifecycle needed, two photos of the unit's: one published, one not.
    _initiative, [shown, unpublished] = with_files(world, jpeg_file(), jpeg_file())
    publish(world, shown)
    hidden = [a.pk for a in Attachment.objects.exclude(pk=shown.pk)]
    assert hidden and unpublished.pk in hidden

    for user in (None, world.staff, world.admin):
        if user:
            client.force_login(user)
        for pk in [*hidden, shown.pk + 1000, 0]:
            for size in photos.SIZES:
                assert client.get(photo_url(pk, size)).status_code == 404, (user, pk, size)
    assert client.get(photo_url(shown.pk)).status_code == 200


def test_a_published_photo_of_an_initiative_outside_the_showcase_is_404(client, world):
    _approved, attachment = published(world, state="approved")  # allowed at any state: it shows once recognized

    assert client.get(photo_url(attachment.pk)).status_code == 404
    assert not Attachment.objects.in_showcase().filter(pk=attachment.pk).exists()


def test_a_published_photo_of_an_initiative_whose_decision_was_revoked_is_404(client, world):
    initiative, attachment = published(world)
    assert client.get(photo_url(attachment.pk)).status_code == 200

    RecognitionDecision.objects.filter(pk=initiative.decision_id).update(revoked=True)

    assert client.get(photo_url(attachment.pk)).status_code == 404
    assert client.get(reverse("showcase:detail", args=[initiative.pk])).status_code == 404


def test_a_forced_public_flag_on_a_pdf_or_an_inspection_file_still_serves_nothing(client, world):
    _initiative, [pdf, inspection_photo] = with_files(world, pdf_file(), jpeg_file())
    Attachment.objects.filter(pk=pdf.pk).update(is_public=True)
    Attachment.objects.filter(pk=inspection_photo.pk).update(is_public=True, purpose=AttachmentPurpose.INSPECTION)

    assert client.get(photo_url(pdf.pk)).status_code == 404
    assert client.get(photo_url(inspection_photo.pk)).status_code == 404


def test_an_unknown_size_is_404(client, world):
    _initiative, attachment = published(world)

    assert client.get(photo_url(attachment.pk).replace("card", "original")).status_code == 404


def test_a_withdrawn_photo_leaves_the_showcase_and_its_copies_are_deleted(
    client, world, django_capture_on_commit_callbacks
):
    _initiative, attachment = published(world)
    assert client.get(photo_url(attachment.pk)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        attachment.set_public(world.staff, False)

    assert client.get(photo_url(attachment.pk)).status_code == 404
    assert not default_storage.exists(photos.thumbnail_name(attachment.pk, "card"))
    assert photo_url(attachment.pk) not in client.get(reverse("showcase:index")).content.decode()


def test_publishing_changes_the_showcase_pages_etag(client, world):
    initiative, [attachment] = with_files(world)
    url = reverse("showcase:detail", args=[initiative.pk])
    before = client.get(url)["ETag"]

    attachment.set_public(world.staff, True, consent=True)

    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_an_unreadable_image_is_404_not_a_server_error(client, world):
    broken = SimpleUploadedFile("hong.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    _initiative, attachment = published(world, broken)

    assert client.get(photo_url(attachment.pk)).status_code == 404


# ----- query budgets ------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [1, 3])
def test_the_showcase_list_with_photos_runs_the_same_queries_at_1_and_3_rows(
    client, world, django_assert_num_queries, count
):
    for initiative in recognize_batch(world, count, files=lambda: [jpeg_file(), jpeg_file()]):
        for photo in initiative.attachments.filter(content_type="image/jpeg"):
            publish(world, photo)

    # units, paginator count, page (with each card's first photo), years, fields.
    with django_assert_num_queries(5):
        response = client.get(reverse("showcase:index"))

    rows = response.context["initiatives"]
    assert len(rows) == count and all(row.cover_photo for row in rows)


@pytest.mark.parametrize("count", [1, 3])
def test_the_showcase_detail_with_a_gallery_runs_the_same_queries_at_1_and_3_photos(
    client, world, django_assert_num_queries, count
):
    initiative, photos_ = with_files(world, *[jpeg_file() for _ in range(count)])
    for photo in photos_:
        publish(world, photo)

    # the initiative, its commendations, its photos.
    with django_assert_num_queries(3):
        response = client.get(reverse("showcase:detail", args=[initiative.pk]))

    assert len(response.context["photos"]) == count
