"""Numbers written into text (messages, papers, charts) as the active language writes them.

Templates localize numbers by themselves (`{{ value }}`, `floatformat`); Python-built text does
not: `str(15.5)` and `f"{x:.1f}"` always write a decimal point. This is the one way Python code
writes a number into a sentence: "15,5" in Vietnamese, "15.5" in English.
"""

from __future__ import annotations

from decimal import Decimal

from django.template.defaultfilters import floatformat


def number_text(value: float | Decimal | int | None, places: int = 1, *, trim: bool = False, empty: str = "—") -> str:
    """Write a number with `places` decimals in the active language; `trim` drops trailing zeros ("85", "85,5")."""
    if value is None:
        return empty
    if trim:
        exponent = round(Decimal(str(value)), places).normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else places
    return str(floatformat(value, places))
