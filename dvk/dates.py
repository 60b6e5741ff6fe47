"""Dates written into text (messages, notices, refusals) as the interface writes them.

Templates format dates by themselves (`{{ value }}`, `|date`), from the language's format module
(`dvk/formats/`: dd/mm/yyyy in both languages, as the province writes them); Python-built text does
not. This is the one way Python code writes a date into a sentence, so that a sentence and the page
around it never disagree. Papers and files with a fixed layout (the export's cells, the PDF and DOCX
papers, an import's echo of a cell) keep their own: their format is the paper's, not the reader's.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone


def date_text(value: datetime.date | None, empty: str = "") -> str:
    """Write a day in the active language's short date format ("06/12/2026"); `empty` for none."""
    if value is None:
        return empty
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def datetime_text(value: datetime.datetime | None, empty: str = "") -> str:
    """Write a moment, in the server's time zone, in the active language's short format ("06/12/2026 14:05")."""
    if value is None:
        return empty
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")
