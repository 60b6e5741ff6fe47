"""`row_url`: Django's `reverse()` for the rows of a list, with each pattern reversed once per process.

A list page links every row, often twice (its record, its action). `reverse()` walks the URL
resolver each time (40–60 µs here): on a page of 100 rows that was most of the time spent drawing
the rows, more than reading them. The URL of a row differs from the next row's only by its ids, so
the pattern is reversed once with stand-in ids (`_MARKS`) and each row's ids are written in its
place. The result is the same string `reverse()` gives; anything the stand-ins cannot stand for (a
negative id, more than three ids, an argument neither an int nor text, a converter that refuses the
stand-ins, a table of patterns grown past `_MOST`) goes through `reverse()` itself.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Ids no table reaches, all of one length so that none is part of another.
_MARKS = (987_654_321_001, 987_654_321_002, 987_654_321_003)

# (name, args with stand-ins, URLconf, script prefix) → the reversed pattern, cut at its stand-ins:
# the text around them and, between, which argument goes there. Its keys are the templates' link
# names with their text arguments (an action's name, a photo's size): a few hundred.
_patterns: dict[tuple, tuple[list[str], list[int]]] = {}
# A text argument that differs per row (none does today) would add a key per row: past this many
# patterns the rest go through `reverse()`.
_MOST = 2048
_MARK_RE = re.compile("|".join(str(mark) for mark in _MARKS))


def row_url(name: str, *args) -> str:
    """Return `reverse(name, args=args)` (see the module docstring)."""
    ids = [i for i, arg in enumerate(args) if type(arg) is int]
    if (
        len(ids) > len(_MARKS)
        or any(args[i] < 0 for i in ids)
        or any(type(arg) not in (int, str) for arg in args)  # a UUID, None, a lazy string…
    ):
        return reverse(name, args=args)
    shape = list(args)
    for mark, i in zip(_MARKS, ids, strict=False):
        shape[i] = mark
    key = (name, tuple(shape), settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    cut = _patterns.get(key)
    if cut is None:
        try:
            url = reverse(name, args=shape)
        except NoReverseMatch:
            return reverse(name, args=args)  # a converter refuses the stand-ins: no shortcut
        # The ids are written in by position, never searched for again: an id equal to a stand-in
        # cannot be replaced twice.
        slots = [ids[_MARKS.index(int(found))] for found in _MARK_RE.findall(url)]
        cut = (_MARK_RE.split(url), slots)
        if len(_patterns) < _MOST:
            _patterns[key] = cut
    texts, slots = cut
    parts = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=True):
        parts += (str(args[slot]), text)
    return "".join(parts)
