"""Cell values as provinces type them: text with stray spaces, numbers as text, dates in every spelling."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from campaigns.text import fold, nfc

# Spaces that Excel and Word leave behind: NBSP, narrow NBSP, zero-width space, BOM.
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u200b": "", "\ufeff": ""})


def clean(value: object) -> str:
    """Return a cell as NFC text, odd spaces made plain, runs of spaces collapsed (numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(nfc(str(value).translate(_ODD_SPACES)).split())


@lru_cache(maxsize=8192, typed=True)
def key(value: object) -> str:
    """Return the accent-insensitive comparison key of a cell (headers, kinds, names).

    Cached: a sheet repeats the same kinds, fields, units and years tens of thousands of times.
    """
    return fold(clean(value))


class UnreadableDate(ValueError):
    """A date the import cannot read."""


@dataclass(frozen=True)
class LooseDate:
    """A date as precise as the sheet gives it: a day, a month or only a year."""

    day: datetime.date
    precision: str  # "day", "month" or "year"

    @property
    def year(self) -> int:
        return self.day.year


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_MONTH_WORDS = re.compile(r"^thang\s*(\d{1,2})\s*(?:nam\s*)?(\d{4})$")
_DAY_WORDS = re.compile(r"^ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


@lru_cache(maxsize=8192, typed=True)
def parse_date(value: object) -> LooseDate | None:
    """Read a date cell: a real date, "05/03/2023", "5/3/23", "tháng 3/2023", "năm 2023"; None if empty.

    Day first, as Vietnamese offices write it. Raise UnreadableDate for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return LooseDate(value.date(), "day")
    if isinstance(value, datetime.date):
        return LooseDate(value, "day")
    if isinstance(value, int | float) and 1900 <= value <= 2100 and float(value).is_integer():
        return LooseDate(datetime.date(int(value), 1, 1), "year")
    text = key(value).replace(",", " ")
    text = " ".join(text.split())
    if not text:
        return None
    try:
        if match := _DMY.match(text):
            d, m, y = match.groups()
            return LooseDate(datetime.date(_year(y), int(m), int(d)), "day")
        if match := _YMD.match(text):
            y, m, d = match.groups()
            return LooseDate(datetime.date(int(y), int(m), int(d)), "day")
        if match := _DAY_WORDS.match(text):
            d, m, y = match.groups()
            return LooseDate(datetime.date(int(y), int(m), int(d)), "day")
        if match := _MONTH.match(text) or _MONTH_WORDS.match(text):
            m, y = match.groups()
            return LooseDate(datetime.date(int(y), int(m), 1), "month")
        if match := _YEAR.match(text):
            return LooseDate(datetime.date(int(match.group(1)), 1, 1), "year")
    except ValueError as error:  # 31/02, month 13
        raise UnreadableDate(clean(value)) from error
    raise UnreadableDate(clean(value))


def parse_year(value: object) -> int | None:
    """Read a year: 2023, "2023", "năm 2023", or the year of a date; None if empty."""
    found = parse_date(value)
    if found is None:
        return None
    if not 1945 <= found.year <= 2100:
        raise UnreadableDate(clean(value))
    return found.year


_YES = frozenset({"x", "co", "da cong nhan", "cong nhan", "dat", "1", "true", "yes", "v"})
_NO = frozenset({"", "khong", "chua", "khong cong nhan", "chua cong nhan", "khong dat", "0", "false", "no"})


def parse_yes_no(value: object) -> bool | None:
    """Read a yes/no cell ("x", "có", "Đã công nhận" / "", "không"); None when it says neither."""
    text = key(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None
