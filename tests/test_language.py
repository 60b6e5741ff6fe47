"""The language switcher, English pages in English, and Vietnamese dates written dd/mm/yyyy."""

from __future__ import annotations

import datetime
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from tests.jobs.helpers import body, export

pytestmark = pytest.mark.django_db

EN_PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Letters that English never uses; the movement's own name is kept in Vietnamese on purpose.
VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")
PROPER_NAMES = ("Dân vận khéo",)


class VisibleText(HTMLParser):
    """Collect the text a reader sees or hears: text nodes and the labelling attributes."""

    SKIPPED = {"script", "style", "template"}
    SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        self.chunks += [value for name, value in attrs if name in self.SPOKEN_ATTRIBUTES and value]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.chunks += [value for name, value in attrs if name == "value" and value]

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(response) -> list[str]:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return [unicodedata.normalize("NFC", chunk) for chunk in parser.chunks]


def english_catalog() -> dict[str, str]:
    if not EN_PO.exists():
        pytest.fail("locale/en/LC_MESSAGES/django.po is missing: the English translation has not been made yet")
    return {
        unicodedata.normalize("NFC", entry.msgid): entry.msgstr
        for entry in polib.pofile(str(EN_PO)).translated_entries()
        if not entry.msgid_plural
    }


def data_strings(world) -> set[str]:
    """Return what the test data itself says (names of people, units, committees) — not interface text."""
    people = [world.admin, world.chair, world.secretary, world.member, world.member2, world.staff, world.staff2]
    names = {person.get_full_name() for person in people} | {person.username for person in people}
    units = [world.province, world.commune, world.hamlet, world.other_commune, world.other_hamlet]
    names |= {unit.name for unit in units} | {world.province_committee.name, world.commune_committee.name}
    return {unicodedata.normalize("NFC", name) for name in names if name} | {world.campaign.name}


def switch_language(client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_every_page_offers_the_language_switcher_with_both_languages(client, world):
    # Arrange
    client.force_login(world.staff)

    # Act
    html = client.get(reverse("staff:home")).content.decode()

    # Assert
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language"' in html
    assert 'value="vi"' in html and 'value="en"' in html


def test_choosing_english_keeps_english_on_the_following_pages_and_back(client, world):
    # Arrange
    client.force_login(world.staff)
    pages = [reverse("staff:home"), reverse("staff:initiative_list"), reverse("showcase:index")]

    # Act
    response = switch_language(client, "en", pages[1])
    english = [client.get(url).content.decode() for url in pages]
    switch_language(client, "vi", pages[0])
    vietnamese = client.get(pages[1]).content.decode()

    # Assert
    assert response.status_code == 302 and response["Location"] == pages[1]
    for url, html in zip(pages, english, strict=True):
        assert '<html lang="en"' in html, f"{url} was not served in English after choosing English"
    assert '<html lang="vi"' in vietnamese
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"


def test_the_chosen_language_survives_logging_in_because_it_is_a_cookie(client, world, password):
    # Arrange: an anonymous visitor picks English on the login page.
    switch_language(client, "en", reverse("login"))

    # Act
    client.post(reverse("login"), {"username": "staff", "password": password})
    html = client.get(reverse("staff:home")).content.decode()

    # Assert
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en"' in html


def test_a_refused_login_is_explained_in_the_chosen_language(client, world):
    # Arrange: Django's own messages come from its catalogs, ours from locale/.
    vietnamese_client, english_client = client, type(client)()
    switch_language(english_client, "en", reverse("login"))

    # Act
    vietnamese = vietnamese_client.post(reverse("login"), {"username": "staff", "password": "sai"}).content.decode()
    english = english_client.post(reverse("login"), {"username": "staff", "password": "wrong"}).content.decode()

    # Assert
    assert "Please enter a correct" in english
    assert "Please enter a correct" not in vietnamese
    assert "Vui lòng" in unicodedata.normalize("NFC", vietnamese)


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("anonymous", "login"),
        ("anonymous", "showcase:index"),
        ("staff", "staff:home"),
        ("staff", "staff:initiative_list"),
        ("staff", "staff:initiative_create"),
        ("member", "committee:home"),
        ("chair", "committee:recognition"),
        ("chair", "campaigns:list"),
        ("chair", "reports:summary"),
    ],
)
def test_an_english_page_shows_no_vietnamese_message_that_the_catalog_translates(client, world, role, url_name):
    # A catalog string still in Vietnamese on an English page means gettext ran too early (gettext instead of
    # gettext_lazy at import time) or the .mo is stale.
    # Arrange
    catalog = english_catalog()
    url = reverse(url_name)
    if role != "anonymous":
        client.force_login(getattr(world, role))
    switch_language(client, "en", url)

    # Act
    response = client.get(url)
    untranslated = sorted(
        text
        for text in set(visible_text(response)) - data_strings(world)
        if text in catalog and catalog[text] and catalog[text] != text
    )

    # Assert
    assert response.status_code == 200
    assert not untranslated, f"{url} in English still shows: {untranslated}"


def test_the_english_login_page_has_no_vietnamese_words_but_the_movement_name(client):
    # Arrange
    english_catalog()
    switch_language(client, "en", reverse("login"))

    # Act
    chunks = visible_text(client.get(reverse("login")))

    # Assert
    leftovers = []
    for chunk in chunks:
        for name in PROPER_NAMES:
            chunk = chunk.replace(name, "")
        if VIETNAMESE_LETTER.search(unicodedata.normalize("NFD", chunk)):
            leftovers.append(chunk)
    # The switcher names Vietnamese in Vietnamese only if it wants to; everything else must be English.
    leftovers = [chunk for chunk in leftovers if chunk != "Tiếng Việt"]
    assert not leftovers, f"Vietnamese text on the English login page: {leftovers}"


def test_dates_are_written_day_month_year_in_vietnamese():
    # Arrange
    template = Template("{{ day }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ moment }}")
    moment = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30))

    # Act
    with translation.override("vi"):
        rendered = template.render(Context({"day": datetime.date(2026, 3, 5), "moment": moment}))

    # Assert
    assert rendered == "05/03/2026|05/03/2026|05/03/2026 14:30"


def test_the_initiative_page_shows_its_dates_as_dd_mm_yyyy_in_vietnamese(client, world):
    # Arrange
    initiative = world.initiative("draft")
    client.force_login(world.staff)
    url = reverse("staff:initiative_detail", args=[initiative.pk])

    # Act
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    # Assert
    assert '<html lang="vi"' in html
    assert initiative.starts_on.strftime("%d/%m/%Y") in html
    assert initiative.ends_on.strftime("%d/%m/%Y") in html
    assert initiative.starts_on.isoformat() not in re.sub(r'(value|datetime)="[^"]*"', "", html)


def test_a_vietnamese_form_accepts_a_date_typed_dd_mm_yyyy():
    # Arrange
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()

    # Act
    with translation.override("vi"):
        form = DateForm({"day": "05/03/2026"})
        valid = form.is_valid()

    # Assert
    assert valid and form.cleaned_data["day"] == datetime.date(2026, 3, 5)


def test_a_page_outside_ones_scope_is_explained_in_the_sites_layout_and_language(client, world):
    # Arrange: an initiative of another commune is a 404 for this officer (DESIGN: who sees what).
    elsewhere = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.staff)
    url = reverse("staff:initiative_detail", args=[elsewhere.pk])

    # Act
    vietnamese = client.get(url)
    switch_language(client, "en", reverse("staff:home"))
    english = client.get(url)

    # Assert
    assert vietnamese.status_code == english.status_code == 404
    assert '<html lang="vi"' in vietnamese.content.decode()
    assert reverse("staff:home") in vietnamese.content.decode(), "the 404 page offers no way back"
    assert '<html lang="en"' in english.content.decode()


def test_a_refusal_raised_by_a_view_is_shown_with_its_reason_in_the_sites_layout(client, world):
    # Arrange: an account with no unit and no committee seat has nothing to export.
    client.force_login(world.outsider)

    # Act
    response = client.get(reverse("reports:export"))

    # Assert
    html = unicodedata.normalize("NFC", response.content.decode())
    assert response.status_code == 403
    assert '<html lang="vi"' in html
    assert "Bạn chưa thuộc đơn vị hay Ban Chỉ đạo nào" in html


def test_a_browser_set_to_english_still_gets_vietnamese_until_the_user_switches(client, world):
    client.force_login(world.staff)

    before = client.get(reverse("staff:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("staff:home")})
    after = client.get(reverse("staff:home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert before.headers["Content-Language"] == "vi"
    assert 'lang="vi"' in before.content.decode()
    assert after.headers["Content-Language"] == "en"
    assert 'lang="en"' in after.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr,en")

    assert response.headers["Content-Language"] == "vi"


def test_an_export_follows_the_chosen_language_not_the_browsers(client, world):
    client.force_login(world.chair)
    url, query = reverse("reports:export"), {"format": "csv", "year": world.campaign.year}

    def text() -> str:
        response = export(client, url, query, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        return body(response).decode("utf-8-sig")

    vietnamese = text()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = text()

    assert vietnamese.startswith("STT,Mã hồ sơ,Tên mô hình/điển hình")
    assert not VIETNAMESE_LETTER.search(english.splitlines()[0])


@pytest.mark.parametrize("url", ["showcase:index", "login"])
def test_pages_vary_on_the_language_cookie_not_on_the_browsers_language(client, world, url):
    response = client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="en-US")

    vary = {part.strip() for part in response.headers.get("Vary", "").split(",")}
    assert "Cookie" in vary
    assert "Accept-Language" not in vary
    assert response.headers["Content-Language"] == "vi"
