"""The columns of a units or people sheet, described once: the titles each is known by, its title on the
template, and which must be there. The reading, the template download and the refusal at upload all use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .reading import open_sheet
from .report import Report
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

    def rows(self, path: str | Path, sheet_name: str, report: Report) -> Iterator[tuple[int, dict[str, object]]]:
        """Yield each row of the sheet (the named one, else the first with a header) as (its number,
        {column: value}); what the reader says of the file goes to the report's notes. A sheet without a
        required column is refused at its header row and yields nothing."""
        with open_sheet(path, self.known, sheet_name) as sheet:
            report.notes.extend(sheet.notes)
            refusal = self.refusal(sheet.headers)
            if refusal:
                report.refuse(sheet.header_row, refusal)
                return
            positions = self.index(sheet.headers)
            for number, values in sheet.rows:
                yield number, {name: values[at] if at < len(values) else None for name, at in positions.items()}
