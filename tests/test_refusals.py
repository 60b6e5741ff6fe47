"""Every refusal is a PermissionDenied rendered by the one 403 page, with the reason it carries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path, reverse

from campaigns.models import CampaignState
from dvk.urls import urlpatterns as product_urlpatterns
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def refuse_with_markup(request):
    raise PermissionDenied('<script>alert("x")</script>')


urlpatterns = [path("refuse/", refuse_with_markup), *product_urlpatterns]


def test_a_committee_refusal_renders_the_one_403_page_with_its_reason(client, world):
    # Arrange
    initiative = world.initiative("recognized")
    client.force_login(world.member)

    # Act
    response = client.post(reverse("committee:mark_outstanding", args=[initiative.pk]), {"outstanding": "1"})

    # Assert
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403.html"
    assert "Chỉ Trưởng ban hoặc cơ quan thường trực mới chọn mô hình tiêu biểu." in response.content.decode()


def test_a_campaign_refusal_renders_the_one_403_page_with_its_reason(client, world):
    # Arrange
    campaign = CampaignFactory(committee=world.commune_committee, state=CampaignState.DRAFT)
    client.force_login(world.member)

    # Act
    response = client.get(reverse("campaigns:edit", args=[campaign.pk]))

    # Assert
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403.html"
    assert "mới sửa được" in response.content.decode()


def test_a_report_refusal_renders_the_one_403_page_with_its_reason(client, world):
    # Arrange
    initiative = world.initiative("recognized")
    client.force_login(world.member)

    # Act
    response = client.get(reverse("reports:commendation_create", args=[initiative.pk]))

    # Assert
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403.html"
    assert "mới ghi nhận khen thưởng" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_the_403_page_escapes_the_reason_it_shows():
    # Arrange
    client = Client()

    # Act
    response = client.get("/refuse/")

    # Assert
    assert response.status_code == 403
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body
