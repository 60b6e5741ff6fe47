"""The columns of a units or people sheet, described once: the titles each is known by, its title on the
template, and which must be there. The reading, the template download and the refusal at upload all use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .values import key


@dataclass(frozen=True)
class Columns:
    # Each column's name → the accent-free, lower-case titles a sheet may give it.
    aliases: dict[str, frozenset[str]]
    # Each column's name → its title on the template (Vietnamese, as the province's sheets are written).
    titles: dict[str, str]
    # The columns a sheet cannot be read without.
    required: tuple[str, ...]

    @property
    def known(self) -> frozenset[str]:
        """Every title a header row may hold (finds the header row under a sheet's own title rows)."""
        return frozenset().union(*self.aliases.values())

    @property
    def template_headers(self) -> list[str]:
        return list(self.titles.values())

    def index(self, headers: list[str]) -> dict[str, int]:
        """Return {column: position} for the known titles of a header row (the first of a repeated one)."""
        found: dict[str, int] = {}
        for position, title in enumerate(headers):
            for name, aliases in self.aliases.items():
                if key(title) in aliases and name not in found:
                    found[name] = position
        return found

    def refusal(self, headers: list[str]) -> str | None:
        """Return why a header row cannot be read, naming the missing columns by the template's titles
        (None: every required column is there)."""
        found = self.index(headers)
        missing = [self.titles[name] for name in self.required if name not in found]
        if not missing:
            return None
        return _("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)}
