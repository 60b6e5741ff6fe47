"""The staff pages in their error states are valid HTML too (Nu HTML checker; skipped without Java/vnu)."""

from __future__ import annotations

from django.urls import reverse

from tests.browser.quality_fixtures import format_html_errors, validate_html
from tests.models_registry.staff.test_staff_registration import registration_data


def test_staff_pages_with_errors_and_messages_are_valid_html(client, world, tmp_path):
    # Arrange
    client.force_login(world.staff)
    year = world.campaign.year
    returned = world.initiative("returned")
    approved = world.initiative("approved")
    documents = {}

    # Act
    documents["create-with-a-wrong-period"] = client.post(
        reverse("staff:initiative_create"),
        registration_data(world, starts_on=f"{year}-03-01", ends_on=f"{year}-03-05", intent="draft"),
    ).content
    documents["create-submitted-incomplete"] = client.post(
        reverse("staff:initiative_create"), registration_data(world, address="", intent="submit", name="Tổ tự quản")
    ).content
    documents["edit-returned"] = client.get(reverse("staff:initiative_edit", args=[returned.pk])).content
    documents["detail-returned"] = client.get(reverse("staff:initiative_detail", args=[returned.pk])).content
    documents["request-recognition-refused"] = client.post(
        reverse("staff:initiative_transition", args=[approved.pk, "request_recognition"]), {"results_report": ""}
    ).content
    documents["withdraw"] = client.get(reverse("staff:initiative_transition", args=[approved.pk, "withdraw"])).content
    documents["submit"] = client.get(reverse("staff:initiative_transition", args=[returned.pk, "submit"])).content
    documents["list-filtered"] = client.get(
        reverse("staff:initiative_list"), {"state": "approved", "q": "mô hình"}
    ).content
    client.logout()
    documents["login-refused"] = client.post(reverse("login"), {"username": "x", "password": "y"}).content
    errors = validate_html(documents, tmp_path)

    # Assert
    assert not errors, "\n".join(format_html_errors(name, name, found) for name, found in errors.items())
