"""Defects found by using the staff pages as a commune officer would (second audit)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.models import State

from ..conftest import add_inspection, png_file


def test_an_empty_file_among_evidence_is_named_and_the_other_files_are_kept(client, world):
    initiative = world.initiative("approved")
    empty = SimpleUploadedFile("trong.pdf", b"", content_type="application/pdf")
    client.force_login(world.staff)

    response = client.post(
        reverse("initiative_evidence", args=[initiative.pk]), {"files": [empty, png_file()]}, follow=True
    )

    html = response.content.decode()
    assert "trong.pdf" in html and "rỗng" in html
    assert list(initiative.attachments.values_list("original_name", flat=True)) == ["anh.png"]


def test_an_empty_file_does_not_block_a_recognition_request_that_has_other_evidence(client, world):
    initiative = world.initiative("approved")
    add_inspection(initiative, world.chair)
    empty = SimpleUploadedFile("trong.jpg", b"", content_type="image/jpeg")
    client.force_login(world.staff)

    response = client.post(
        reverse("initiative_transition", args=[initiative.pk, "request_recognition"]),
        {"results_report": "Đạt 100% mục tiêu.", "files": [empty, png_file()]},
        follow=True,
    )

    initiative.refresh_from_db()
    assert "trong.jpg" in response.content.decode()
    assert initiative.state == State.RECOGNITION_REQUESTED
    assert list(initiative.attachments.values_list("original_name", flat=True)) == ["anh.png"]
