"""The committee's modules and the lifecycle call gettext under names that `makemessages` extracts.

The lifecycle's refusals ("missing: …", "decision number … already used", the notification
e-mails) were passed to a `_g` alias, so they never reached the catalogs and the English
interface showed them in Vietnamese on the committee's pages and in bulk approval reports.
"""

from __future__ import annotations

import pytest

from tests.models_registry.test_report_strings_extracted import BASE_DIR, EXTRACTED_NAMES, translation_aliases

MODULES = [
    "models_registry/lifecycle.py",
    "models_registry/committee_forms.py",
    "models_registry/committee_views/common.py",
    "models_registry/committee_views/initiatives.py",
    "models_registry/committee_views/queues.py",
]


@pytest.mark.parametrize("module", MODULES)
def test_every_gettext_import_of_the_committee_uses_a_name_that_makemessages_extracts(module):
    aliases = translation_aliases((BASE_DIR / module).read_text(encoding="utf-8"))

    hidden = {alias: function for alias, function in aliases.items() if alias not in EXTRACTED_NAMES}

    assert hidden == {}, f"{module}: strings passed to {sorted(hidden)} never reach the catalogs"
