"""The side by side of a registration and its closest recognized twin, the differences highlighted.

Drawn only where a page shows it (the appraisal page, the twin comparison page): the guard itself
(`guard.py`) decides on word pairs and never needs it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from campaigns.text import fold

from .guard import GUARD_FIELDS, WORD
from .models import Initiative


def _marked(words: list[str], spans: list[tuple[int, int, bool]], tag: str) -> SafeString:
    parts = []
    for start, end, changed in spans:
        text = escape(" ".join(words[start:end]))
        if not text:
            continue
        parts.append(f"<{tag}>{text}</{tag}>" if changed else text)
    return mark_safe(" ".join(parts))  # noqa: S308 — every word is escaped above.


def _word_keys(words: list[str]) -> list[str]:
    """Each word folded, without its punctuation: one fold of the whole text (a fold per word is slow)."""
    folded = fold(" ".join(words)).split()
    if len(folded) != len(words):  # a word that folds to nothing or to two: fold each on its own
        folded = [fold(w) for w in words]
    return [" ".join(WORD.findall(w)) for w in folded]


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Return (old, new) as escaped HTML: words only in old in <del>, words only in new in <ins>.

    Words are compared folded (accents, case, punctuation do not count as a change) and shown as typed.
    """
    old_words, new_words = (old or "").split(), (new or "").split()
    matcher = SequenceMatcher(None, _word_keys(old_words), _word_keys(new_words), autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        left.append((i1, i2, op != "equal"))
        right.append((j1, j2, op != "equal"))
    return _marked(old_words, left, "del"), _marked(new_words, right, "ins")


def content_diff(twin: Initiative, registration: Initiative) -> list[dict]:
    """Rows (label, twin's text, registration's text, changed) of the name and content fields, diffed."""
    rows = []
    for name in ("name", *GUARD_FIELDS):
        old, new = getattr(twin, name) or "", getattr(registration, name) or ""
        changed = fold(old) != fold(new)
        if changed:
            left, right = word_diff(old, new)
        else:  # what word_diff would return, without matching (a page of near twins shows many such fields)
            left, right = (mark_safe(escape(" ".join(text.split()))) for text in (old, new))  # noqa: S308 — escaped.
        rows.append(
            {
                "label": Initiative._meta.get_field(name).verbose_name,
                "twin": left,
                "registration": right,
                "changed": changed,
            }
        )
    return rows
