"""Ids typed into URLs and forms: only what fits the database's id column reaches a query.

Every id column is a 64-bit integer (BigAutoField). A larger number in a crafted form or link
made SQLite raise OverflowError and PostgreSQL refuse the query: a 500 where "not found" is meant.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """Return the value as an id if it is a plain decimal number that fits an id column, else None."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: Iterable) -> list[int]:
    """Return the values that are ids (see parse_id), in order, dropping the rest."""
    return [n for n in map(parse_id, values) if n is not None]
