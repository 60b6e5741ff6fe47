"""Every module calls gettext under a name that `makemessages` extracts.

`makemessages` runs xgettext with its Python keywords plus Django's: a string passed to an alias
such as `_g` is never written to the catalogs, so the English interface shows it in Vietnamese
and tests/test_translations.py cannot notice, because extraction does not see it either. Found
three times (the reports, the lifecycle, the admin); this checks the whole project at once.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
# xgettext's default Python keywords and the ones Django's makemessages adds.
EXTRACTED_NAMES = {
    "_",
    "gettext",
    "ngettext",
    "gettext_lazy",
    "ngettext_lazy",
    "gettext_noop",
    "pgettext",
    "npgettext",
    "pgettext_lazy",
    "npgettext_lazy",
}
TRANSLATING = EXTRACTED_NAMES | {"ugettext", "ugettext_lazy", "ungettext", "ungettext_lazy"}


def translation_aliases(source: str) -> dict[str, str]:
    """Return {local name: imported function} for each gettext-like import from django.utils.translation."""
    aliases = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for name in node.names:
                if name.name in TRANSLATING:
                    aliases[name.asname or name.name] = name.name
    return aliases


PACKAGES = ("dvk", "campaigns", "models_registry")
MODULES = sorted(
    str(path.relative_to(BASE_DIR))
    for package in PACKAGES
    for path in (BASE_DIR / package).rglob("*.py")
    if "migrations" not in path.parts
)


def test_the_check_reads_the_whole_project():
    assert "models_registry/admin/initiatives.py" in MODULES
    assert "campaigns/lifecycle.py" in MODULES
    assert len(MODULES) > 40


@pytest.mark.parametrize("module", MODULES)
def test_every_gettext_import_uses_a_name_that_makemessages_extracts(module):
    aliases = translation_aliases((BASE_DIR / module).read_text(encoding="utf-8"))

    hidden = {alias: function for alias, function in aliases.items() if alias not in EXTRACTED_NAMES}

    assert hidden == {}, f"{module}: strings passed to {sorted(hidden)} never reach the catalogs"


def test_the_check_notices_an_alias_that_makemessages_would_miss():
    source = "from django.utils.translation import gettext as _g, gettext_lazy as _\n"

    assert translation_aliases(source) == {"_g": "gettext", "_": "gettext_lazy"}
