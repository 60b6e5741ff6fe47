"""The report, export and showcase modules call gettext under names that `makemessages` extracts.

`makemessages` runs xgettext with its Python keywords plus Django's: a string passed to an alias
such as `_g` or `_lazy` is never written to the catalogs, so the English interface shows it in
Vietnamese (the PDF's and the workbook's headings were) and tests/test_translations.py cannot
notice, because extraction does not see it either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
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
MODULES = [
    "models_registry/exports.py",
    "models_registry/pdf.py",
    "models_registry/svg_charts.py",
    "models_registry/summary.py",
    "models_registry/report_views.py",
    "models_registry/report_forms.py",
    "models_registry/export_views.py",
    "models_registry/showcase_views.py",
    "models_registry/management/commands/export_summary.py",
]


def translation_aliases(source: str) -> dict[str, str]:
    """Return {local name: imported function} for each gettext-like import from django.utils.translation."""
    aliases = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for name in node.names:
                if name.name in TRANSLATING:
                    aliases[name.asname or name.name] = name.name
    return aliases


@pytest.mark.parametrize("module", MODULES)
def test_every_gettext_import_uses_a_name_that_makemessages_extracts(module):
    aliases = translation_aliases((BASE_DIR / module).read_text(encoding="utf-8"))

    hidden = {alias: function for alias, function in aliases.items() if alias not in EXTRACTED_NAMES}

    assert hidden == {}, f"{module}: strings passed to {sorted(hidden)} never reach the catalogs"
