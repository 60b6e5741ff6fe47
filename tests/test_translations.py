"""Every user-facing string exists in Vietnamese and English, and the committed .mo files match the .po files.

The msgids are Vietnamese; the `vi` catalog repeats them (msgstr = msgid, so nothing is left to chance)
and the `en` catalog gives the English. An empty or fuzzy msgstr shows the wrong language to someone,
so it fails here, and so does a string in the code that `makemessages` would add to a catalog.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ("vi", "en")
# What `makemessages` reads: the project's own code and templates (never .venv or the vendored files).
SOURCES = ("manage.py", "dvk", "campaigns", "models_registry", "jobs", "notifications", "templates", "locale")


def po_path(language: str, base: Path = BASE_DIR) -> Path:
    return base / "locale" / language / "LC_MESSAGES" / "django.po"


def describe(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2]) or "no reference"
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({where})"


def incomplete_entries(catalog) -> list[str]:
    """Describe each live entry that is fuzzy or has an empty translation (plural forms included)."""
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {describe(entry)}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"plural form untranslated: {describe(entry)}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {describe(entry)}")
    return problems


def listing(problems: list[str], limit: int = 60) -> str:
    shown = "\n".join(problems[:limit])
    return shown + (f"\n… and {len(problems) - limit} more" if len(problems) > limit else "")


def load_po(language: str) -> polib.POFile:
    path = po_path(language)
    if not path.exists():
        pytest.fail(f"{path.relative_to(BASE_DIR)} is missing: run makemessages -l {language} and translate it.")
    return polib.pofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_catalog_is_translated_and_none_is_fuzzy(language):
    # Arrange
    catalog = load_po(language)

    # Act
    problems = incomplete_entries(catalog)

    # Assert
    assert len(catalog) > 0, f"the {language} catalog has no messages"
    assert not problems, f"{len(problems)} message(s) of locale/{language} need work:\n" + listing(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_holds_exactly_the_translations_of_the_po_file(language):
    # Compared by content, not bytes: msgfmt and compilemessages may order or pad the file differently.
    # Arrange
    catalog = load_po(language)
    mo_file = po_path(language).with_suffix(".mo")
    assert mo_file.exists(), f"{mo_file.relative_to(BASE_DIR)} is missing: run compilemessages and commit it"
    expected = {}
    for entry in catalog.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr

    # Act
    with mo_file.open("rb") as handle:
        compiled = {key: text for key, text in gettext.GNUTranslations(handle)._catalog.items() if key != ""}

    # Assert
    stale = sorted(str(key) for key in expected if compiled.get(key) != expected[key])
    extra = sorted(str(key) for key in compiled if key not in expected)
    assert not stale and not extra, (
        f"locale/{language}/LC_MESSAGES/django.mo is not compiled from its .po (run compilemessages):\n"
        f"missing or different in the .mo: {stale[:20]}\nonly in the .mo: {extra[:20]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_po_file_passes_msgfmt_check_so_placeholders_match(language):
    # Arrange
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) is not installed: apt-get install gettext to check the format strings")
    load_po(language)

    # Act
    result = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(po_path(language))], capture_output=True, text=True, check=False
    )

    # Assert
    assert result.returncode == 0, f"msgfmt --check refuses locale/{language}:\n{result.stderr}"


def translated_by_django(entry: polib.POEntry) -> bool:
    """Tell whether Django's own catalogs already give this (English) msgid a Vietnamese text.

    Overridden admin templates reuse Django's strings (`{% translate "Django administration" %}`);
    those are translated at run time even though our catalog does not list them.
    """
    from django.utils import translation

    with translation.override("vi"):
        if entry.msgid_plural:
            text = (
                translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt
                else (translation.ngettext(entry.msgid, entry.msgid_plural, 1))
            )
        else:
            text = (
                translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else translation.gettext(entry.msgid)
            )
    return text != entry.msgid


def test_makemessages_finds_no_string_in_the_code_that_the_catalogs_do_not_translate(tmp_path):
    # A string added to a template after the last makemessages would show in Vietnamese to an English
    # reader; regenerating the catalogs in a copy of the project shows it as a new, untranslated entry.
    # Arrange
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("xgettext/msgmerge (gettext) are not installed: apt-get install gettext to run this check")
    for language in LANGUAGES:
        load_po(language)
    copy = tmp_path / "project"
    copy.mkdir()
    for name in SOURCES:
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    env = {**os.environ, "DVK_TESTING": "1", "PYTHONPATH": str(copy)}

    # Act
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
        + [arg for language in LANGUAGES for arg in ("-l", language)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    # Assert
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    problems = []
    for language in LANGUAGES:
        committed = {(entry.msgctxt, entry.msgid) for entry in load_po(language) if not entry.obsolete}
        regenerated = polib.pofile(str(po_path(language, copy)))
        live = [entry for entry in regenerated if not entry.obsolete]
        new = [entry for entry in live if (entry.msgctxt, entry.msgid) not in committed]
        # Strings that Django's own catalogs translate need nothing from us.
        exempt = {id(entry) for entry in new if translated_by_django(entry)}
        problems += [f"{language}: not in the catalog yet: {describe(e)}" for e in new if id(e) not in exempt]
        problems += [
            f"{language}: {problem}" for problem in incomplete_entries([e for e in live if id(e) not in exempt])
        ]
    assert not problems, "run makemessages -l vi -l en and translate:\n" + listing(sorted(set(problems)))


# A language is named in its own words in the switcher ("English" on the Vietnamese page too).
OWN_NAMES = {"English"}


def test_the_vietnamese_catalog_never_hides_the_vietnamese_of_django_or_drf_for_their_own_strings():
    # The project's catalog is read before Django's: an admin template that borrows Django's
    # words ("Home", "Save") put them in ours with the English as the "Vietnamese", and every admin
    # page lost Django's "Trang chủ" and "Lưu lại" (each admin page's breadcrumb said "Home").
    import django
    import rest_framework

    django_vi = {}
    packages = (Path(django.__file__).parent, Path(rest_framework.__file__).parent)
    for path in (mo for package in packages for mo in package.glob("**/locale/vi/LC_MESSAGES/django.mo")):
        for entry in polib.mofile(str(path)):
            if entry.msgstr:
                django_vi.setdefault((entry.msgctxt, entry.msgid), entry.msgstr)

    hidden = [
        f"{describe(entry)}: ours {entry.msgstr!r}, Django's {django_vi[key]!r}"
        for entry in load_po("vi")
        if (key := (entry.msgctxt, entry.msgid)) in django_vi
        and entry.msgstr != django_vi[key]
        and entry.msgid not in OWN_NAMES
    ]

    assert hidden == [], listing(hidden)


def test_the_admin_breadcrumb_and_save_button_are_in_vietnamese(admin_client):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("vi"):
        html = admin_client.get(reverse("admin:campaigns_campaign_add")).content.decode()

    assert ">Trang chủ</a>" in html
    assert 'value="Lưu lại"' in html
    assert ">Home</a>" not in html and 'value="Save"' not in html
