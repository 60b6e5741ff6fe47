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
    assert (
        "Chỉ Trưởng ban, Thư ký hoặc cơ quan thường trực của Ban Chỉ đạo phụ trách mới chọn mô hình tiêu biểu."
        in response.content.decode()
    )


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


LEADERS = "Chỉ Trưởng ban, Thư ký hoặc cơ quan thường trực của Ban Chỉ đạo phụ trách mới "


@pytest.mark.parametrize(
    ("name", "method", "state", "task"),
    [
        ("committee:mark_outstanding", "post", "recognized", "chọn mô hình tiêu biểu."),
        ("reports:commendation_create", "get", "recognized", "ghi nhận khen thưởng."),
        ("reports:proposal_create", "get", "recognized", "đề nghị khen thưởng."),
        ("reports:pending_case", "post", "approved", "thay đổi thông tin này."),
    ],
)
def test_a_member_who_does_not_lead_is_told_in_one_wording_that_the_chair_the_secretary_or_the_secretariat_may(
    client, world, name, method, state, task
):
    # One rule (LEADING_ROLES: chair, secretary, secretariat), so one sentence: some refusals left the secretary out.
    initiative = world.initiative(state, level="commune")
    client.force_login(world.member)

    response = getattr(client, method)(reverse(name, args=[initiative.pk]))

    assert response.status_code == 403
    assert LEADERS + task in response.content.decode()


def test_the_secretary_whom_the_refusal_names_may_indeed_mark_an_initiative_outstanding(client, world):
    initiative = world.initiative("recognized", level="commune")
    client.force_login(world.secretary)

    response = client.post(reverse("committee:mark_outstanding", args=[initiative.pk]), {"outstanding": "1"})

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.outstanding


def test_the_admin_refuses_a_commendation_in_the_words_of_the_page():
    from models_registry.access import COMMENDATION_RECORDERS_ONLY
    from models_registry.admin.commendations import CommendationForm

    assert CommendationForm.role_message is COMMENDATION_RECORDERS_ONLY
    assert str(COMMENDATION_RECORDERS_ONLY) == LEADERS + "ghi nhận khen thưởng."


def test_an_english_reader_is_told_who_may_in_english_with_the_task_as_a_verb(client, world):
    initiative = world.initiative("recognized", level="commune")
    client.force_login(world.member)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("reports:proposal_create", args=[initiative.pk]))

    assert response.status_code == 403
    assert (
        "Only the chair, the secretary or the secretariat of the steering committee in charge may propose commendations."
        in response.content.decode()
    )
