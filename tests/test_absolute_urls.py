"""Objects with a page say where it is: `get_absolute_url`, from the primary key alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Campaign, CampaignDocument
from models_registry.models import Attachment, Initiative, RecognitionDecision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "url_name"),
    [
        (Initiative, "staff:initiative_detail"),
        (Campaign, "campaigns:detail"),
        (RecognitionDecision, "committee:decision_detail"),
        (Attachment, "staff:attachment_download"),
        (CampaignDocument, "campaigns:document"),
    ],
)
def test_each_object_with_a_page_links_to_it_without_a_query(django_assert_num_queries, model, url_name):
    # Arrange
    obj = model(pk=41)

    # Act
    with django_assert_num_queries(0):
        url = obj.get_absolute_url()

    # Assert
    assert url == reverse(url_name, args=[41])


def test_the_initiative_page_is_where_its_absolute_url_points(client, world):
    # Arrange
    initiative = world.initiative("submitted")
    client.force_login(world.staff)

    # Act
    response = client.get(initiative.get_absolute_url())

    # Assert
    assert response.status_code == 200
    assert response.context["initiative"].pk == initiative.pk
