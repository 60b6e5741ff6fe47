"""A deployment can collect its static files: the manifest storage it uses checks every URL a stylesheet names.

The test settings serve static files without a manifest, so a stylesheet pointing at a file that is not
where it says (the papers' fonts were) passed every other test and broke `collectstatic` in production.
"""

from __future__ import annotations

from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_succeeds_with_the_storage_of_a_deployment(tmp_path):
    # Arrange
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST_STORAGE):
        # Act
        call_command("collectstatic", interactive=False, verbosity=0)

    # Assert
    assert (tmp_path / "staticfiles.json").exists()
    hashed_fonts = list((tmp_path / "fonts").glob("DejaVuSerifCondensed.*.ttf"))
    assert hashed_fonts, "the papers' font was not collected under its hashed name"


def test_the_papers_stylesheet_names_its_fonts_relative_to_itself(settings):
    # Arrange
    stylesheet = (settings.BASE_DIR / "static" / "css" / "papers.css").read_text(encoding="utf-8")

    # Act
    fonts = [line.split('url("', 1)[1].split('"', 1)[0] for line in stylesheet.splitlines() if "url(" in line]

    # Assert
    assert fonts and all((settings.BASE_DIR / "static" / "css" / font).resolve().is_file() for font in fonts)


def test_every_initiative_state_has_its_badge_colour():
    # A state without its rule showed as a bare label among coloured ones (unfinished did, and a new one would).
    from pathlib import Path

    from django.conf import settings as django_settings

    from models_registry.models import State

    css = (Path(django_settings.BASE_DIR) / "static" / "css" / "dvk.css").read_text(encoding="utf-8")
    missing = [state for state in State.values if f".dvk-state-{state} {{" not in css]

    assert missing == []
