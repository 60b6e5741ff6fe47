"""The appraisal page and the score sheet put the whole record in front of the reviewer: registration,
results report, inspections with their photos, and every evidence file, each opening in a new tab."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from models_registry.evidence import save_attachments
from models_registry.models import AttachmentPurpose
from tests.conftest import add_inspection, pdf_file, png_file
from tests.models_registry.showcase.test_showcase_photos import jpeg_file

pytestmark = pytest.mark.django_db

PAGES = [("committee:appraise", "submitted"), ("committee:score", "recognition_requested")]


def image_link(body: str, attachment) -> bool:
    """Whether the page shows the photo's small copy as an <img> inside a link to the original opening in a new tab."""
    url = re.escape(attachment.get_absolute_url())
    small = re.escape(reverse("committee:thumbnail", args=[attachment.pk]))
    pattern = rf'<a href="{url}" target="_blank" rel="noopener"[^>]*>\s*<img src="{small}"'
    return re.search(pattern, body) is not None


def new_tab_link(body: str, url: str) -> bool:
    return re.search(rf'<a href="{re.escape(url)}" target="_blank" rel="noopener"', body) is not None


@pytest.mark.parametrize(("name", "state"), PAGES)
def test_the_page_shows_every_evidence_file_of_the_initiative_and_none_of_another(client, world, name, state):
    initiative = world.initiative(state)
    save_attachments(initiative, [png_file("ao-ca.png"), pdf_file("bien-ban-hop.pdf")], world.staff)
    other = world.initiative(state, unit=world.other_hamlet)
    save_attachments(other, [png_file("cua-nguoi-khac.png")], world.staff2)
    client.force_login(world.member)

    response = client.get(reverse(name, args=[initiative.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    evidence = list(initiative.attachments.evidence())
    assert len(evidence) >= 2
    for attachment in evidence:
        url = attachment.get_absolute_url()
        if attachment.is_image:
            assert image_link(body, attachment), attachment.original_name
        else:
            assert new_tab_link(body, url), attachment.original_name
        assert attachment.original_name in body
    assert "bien-ban-hop.pdf" in body
    assert "bi-file-earmark-pdf" in body
    for attachment in other.attachments.all():
        assert attachment.get_absolute_url() not in body
    assert "cua-nguoi-khac.png" not in body


@pytest.mark.parametrize(("name", "state"), PAGES)
def test_the_page_shows_the_registration_content(client, world, name, state):
    initiative = world.initiative(state, goals="Nuôi cá sạch cho 30 hộ.")
    client.force_login(world.member)

    body = client.get(reverse(name, args=[initiative.pk])).content.decode()

    assert "Nuôi cá sạch cho 30 hộ." in body
    assert "Nội dung đăng ký" in body


def test_the_score_sheet_shows_the_results_report_and_the_inspections_with_their_photos(client, world):
    initiative = world.initiative("recognition_requested")
    inspection = initiative.inspections.get()
    saved, _refused = save_attachments(
        initiative,
        [png_file("hien-truong.png")],
        world.chair,
        purpose=AttachmentPurpose.INSPECTION,
        inspection=inspection,
    )
    client.force_login(world.member)

    response = client.get(reverse("committee:score", args=[initiative.pk]))

    body = response.content.decode()
    assert "Đạt 100% mục tiêu." in body
    assert "Đang triển khai đúng kế hoạch." in body
    assert inspection.inspected_on.strftime("%d/%m/%Y") in body
    assert "Hoàn thành 60%" in body
    assert image_link(body, saved[0])
    # The inspection photo sits with its inspection, not among the unit's evidence.
    assert [a.pk for a in response.context["dossier"]["evidence"]] == list(
        initiative.attachments.evidence().values_list("pk", flat=True)
    )


def test_the_score_sheet_title_is_plain_text(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.member)

    body = client.get(reverse("committee:score", args=[initiative.pk])).content.decode()

    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "<" not in title


def add_files(initiative, staff, count: int) -> None:
    save_attachments(initiative, [png_file(f"anh-{i}.png") for i in range(count)], staff)


# Exact budgets, measured: the dossier adds three queries whatever the number of files and
# inspections (the initiative's files, its inspections, their inspectors), at one and at three of each.
# The appraisal page reads its forms' saved reasons in one more query; the guard's stored verdict of
# a registration without a close recognized twin costs none (one with a twin: one query reads it).
@pytest.mark.parametrize(
    ("name", "state", "queries"),
    [("committee:appraise", "submitted", 11), ("committee:score", "recognition_requested", 16)],
)
def test_the_query_count_does_not_grow_with_files_or_inspections(
    client, world, django_assert_num_queries, name, state, queries
):
    initiative = world.initiative(state)
    # One evidence file and one inspection in all (move_to adds both on the way to recognition_requested).
    add_files(initiative, world.staff, 1 - initiative.attachments.count())
    if not initiative.inspections.exists():
        add_inspection(initiative, world.chair)
    client.force_login(world.member)
    url = reverse(name, args=[initiative.pk])
    client.get(url)

    with django_assert_num_queries(queries):
        client.get(url)
    add_files(initiative, world.staff, 2)
    add_inspection(initiative, world.member)
    add_inspection(initiative, world.member2)
    with django_assert_num_queries(queries):
        response = client.get(url)

    assert len(response.context["dossier"]["evidence"]) == 3
    assert len(response.context["dossier"]["inspections"]) == 3


# ----- the small copy of a photo: the download's access rule ---------------------------------
@pytest.fixture
def photo(world):
    initiative = world.initiative("recognition_requested")
    saved, _refused = save_attachments(initiative, [jpeg_file()], world.staff)
    return saved[0]


def test_anonymous_visitor_is_sent_to_login_for_a_thumbnail(client, photo):
    response = client.get(reverse("committee:thumbnail", args=[photo.pk]))

    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("who", ["staff2", "outsider"])
def test_people_who_cannot_see_the_initiative_get_404_for_a_thumbnail(client, world, photo, who):
    client.force_login(getattr(world, who))

    assert client.get(reverse("committee:thumbnail", args=[photo.pk])).status_code == 404


@pytest.mark.parametrize("who", ["staff", "member", "chair", "admin"])
def test_whoever_may_download_the_photo_gets_a_small_jpeg(client, world, photo, who):
    client.force_login(getattr(world, who))

    response = client.get(reverse("committee:thumbnail", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_a_pdf_has_no_thumbnail(client, world):
    initiative = world.initiative("recognition_requested")
    saved, _refused = save_attachments(initiative, [pdf_file()], world.staff)
    client.force_login(world.member)

    assert client.get(reverse("committee:thumbnail", args=[saved[0].pk])).status_code == 404
