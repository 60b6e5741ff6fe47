"""Vietnamese text helpers: NFC storage and the accent-folded search key."""

import unicodedata

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str | None) -> str:
    """Return the text NFC-normalized with surrounding white space removed."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str | None) -> str:
    """Return the search key: lower case, diacritics and đ folded, white space collapsed.

    "Dân vận khéo", "DÂN VẬN KHÉO" and its decomposed (NFD) spelling all give "dan van kheo".
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.translate(_FOLD_EXTRA).lower().split())
