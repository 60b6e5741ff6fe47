"""Language polish (issue 19, item 8): numbers, plurals, data labels, campaign names and selects
read right in Vietnamese and in English."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import Field
from tests.factories import CampaignFactory
from tests.jobs.helpers import body, export
from tests.models_registry.export_helpers import recognize_batch
from tests.models_registry.reports.papers.helpers import pdf_pages

pytestmark = pytest.mark.django_db


def _english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _pdf_text(client, world) -> str:
    response = export(client, reverse("reports:export"), {"campaign": world.campaign.pk, "format": "pdf"})
    return " ".join(" ".join(pdf_pages(body(response))).split())


def _summary_with_a_third_recognized(world) -> None:
    """Three registrations, one recognized: a rate of 33.3 %."""
    recognize_batch(world, 1)
    world.initiative("submitted")
    world.initiative("submitted")


# ----- numbers ------------------------------------------------------------------------------
def _ending_in(world, days: int) -> None:
    today = timezone.localdate()
    world.campaign.starts_on = today - datetime.timedelta(days=30)
    world.campaign.ends_on = today + datetime.timedelta(days=days)
    world.campaign.registration_opens_on = world.campaign.starts_on
    world.campaign.registration_closes_on = today - datetime.timedelta(days=1)
    world.campaign.save()


def test_the_early_summary_warning_writes_months_with_a_decimal_comma_in_vietnamese(client, world):
    _ending_in(world, 472)  # 472 / 30.44 = 15.5 months
    client.force_login(world.chair)

    html = client.get(reverse("committee:summarize", args=[world.campaign.pk])).content.decode()

    assert "khoảng 15,5 tháng" in html
    assert "15.5" not in html


def test_the_early_summary_warning_writes_months_with_a_decimal_point_in_english(client, world):
    _ending_in(world, 472)
    client.force_login(world.chair)
    _english(client)

    html = client.get(reverse("committee:summarize", args=[world.campaign.pk])).content.decode()

    assert "15.5" in html
    assert "15,5" not in html


def test_the_summary_page_writes_the_rate_as_each_language_does(client, world):
    _summary_with_a_third_recognized(world)
    client.force_login(world.chair)
    url = reverse("reports:summary") + f"?campaign={world.campaign.pk}"

    vietnamese = client.get(url).content.decode()
    _english(client)
    english = client.get(url).content.decode()

    assert "33,3%" in vietnamese and "33.3%" not in vietnamese
    assert "33.3%" in english and "33,3%" not in english


def test_the_summary_pdf_writes_the_rate_with_a_comma_in_vietnamese_and_a_point_in_english(client, world):
    _summary_with_a_third_recognized(world)
    client.force_login(world.chair)

    vietnamese = _pdf_text(client, world)
    _english(client)
    english = _pdf_text(client, world)

    assert "33,3" in vietnamese and "33.3" not in vietnamese
    assert "33.3" in english and "33,3" not in english


def test_a_registration_of_the_wrong_length_says_its_months_as_the_language_writes_them(world):
    initiative = world.initiative("draft")
    initiative.starts_on = world.campaign.starts_on
    initiative.ends_on = initiative.starts_on + datetime.timedelta(days=14)  # half a month

    with translation.override("vi"):
        vietnamese = _errors_of(initiative)
    with translation.override("en"):
        english = _errors_of(initiative)

    assert "0,5 tháng" in vietnamese
    assert "0.5" in english and "0,5" not in english


def _errors_of(initiative) -> str:
    from django.core.exceptions import ValidationError

    try:
        initiative.clean()
    except ValidationError as error:
        return " ".join(str(m) for messages in error.message_dict.values() for m in messages)
    return ""


# ----- plurals --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("recognized", "sentence"),
    [(1, "1 initiative was recognized"), (3, "3 initiatives were recognized")],
)
def test_the_english_report_says_initiative_in_the_singular_for_one_and_the_plural_for_more(
    client, world, recognized, sentence
):
    recognize_batch(world, recognized)
    client.force_login(world.chair)
    _english(client)

    text = _pdf_text(client, world)

    assert sentence in text
    assert "1 were recognized" not in text
    assert "1 commendations" not in text


def test_the_vietnamese_report_keeps_its_one_sentence_of_figures(client, world):
    recognize_batch(world, 1)
    client.force_login(world.chair)

    text = _pdf_text(client, world)

    assert "1 mô hình, điển hình được công nhận (tỷ lệ 100,0%), trong đó 0 mô hình, điển hình tiêu biểu." in text


# ----- data labels ------------------------------------------------------------------------------
def test_a_field_has_its_english_name_in_the_english_interface_and_its_vietnamese_one_otherwise():
    field = Field.objects.get(code="economic")

    with translation.override("en"):
        english = str(field)
    with translation.override("vi"):
        vietnamese = str(field)

    assert english == "Economic development"
    assert vietnamese == field.name == "Phát triển kinh tế"


def test_a_field_without_an_english_name_shows_its_vietnamese_name_in_english():
    field = Field.objects.create(code="local", name="Lĩnh vực riêng của tỉnh")

    with translation.override("en"):
        assert field.label == "Lĩnh vực riêng của tỉnh"


def test_the_list_filter_names_the_fields_in_english_in_the_english_interface(client, world):
    client.force_login(world.staff)
    _english(client)

    html = client.get(reverse("staff:initiative_list")).content.decode()

    assert ">Economic development</option>" in html
    assert "Phát triển kinh tế" not in html


def test_the_summary_names_the_fields_in_english_in_the_english_interface(client, world):
    recognize_batch(world, 1, field=Field.objects.get(code="economic"))
    client.force_login(world.chair)
    _english(client)

    html = client.get(reverse("reports:summary") + f"?campaign={world.campaign.pk}").content.decode()
    pdf = _pdf_text(client, world)

    assert "Economic development" in html and "Phát triển kinh tế" not in html
    assert "Economic development" in pdf and "Phát triển kinh tế" not in pdf


def test_the_unit_kinds_read_in_english_in_the_english_interface(client, world):
    recognize_batch(world, 1)
    client.force_login(world.chair)
    _english(client)

    html = client.get(reverse("reports:summary") + f"?campaign={world.campaign.pk}").content.decode()

    assert "Commune" in html or "Ward" in html


# ----- campaign names ---------------------------------------------------------------------------
def test_a_campaign_named_with_its_year_is_never_shown_with_the_year_twice(client, world):
    year = world.campaign.year
    world.campaign.name = f"Dân vận khéo năm {year}"
    world.campaign.save()
    CampaignFactory(committee=world.province_committee, name="Dân vận khéo", year=year)
    client.force_login(world.chair)

    html = client.get(reverse("reports:summary")).content.decode()

    assert f"Dân vận khéo năm {year} ({year})" not in html
    assert f">Dân vận khéo năm {year}</option>" in html
    assert f">Dân vận khéo ({year})</option>" in html


# ----- selects ------------------------------------------------------------------------------------
def _selects(html: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S)}


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("staff", "staff:initiative_create"),
        ("staff", "staff:initiative_list"),
        ("member", "committee:home"),
        ("chair", "campaigns:create"),
    ],
)
def test_no_select_shows_djangos_dashes(client, world, who, url_name):
    client.force_login(getattr(world, who))

    html = client.get(reverse(url_name)).content.decode()

    selects = _selects(html)
    assert selects, "the page has selects"
    assert not [name for name, options in selects.items() if "---------" in options]


def test_the_campaign_form_asks_to_choose_the_committee_in_vietnamese(client, world):
    client.force_login(world.chair)

    committee = _selects(client.get(reverse("campaigns:create")).content.decode())["committee"]

    assert "— Chọn —" in committee
