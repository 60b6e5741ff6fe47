"""Accent-insensitive search and "similar earlier initiatives" of a unit."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from campaigns.text import fold

from .models import Initiative

# Words too common in initiative names to say anything about similarity.
STOP_WORDS = frozenset(
    [
        "mo",
        "hinh",
        "dien",
        "hinh",
        "dan",
        "van",
        "kheo",
        "va",
        "cua",
        "cho",
        "trong",
        "tai",
        "cac",
        "nhung",
        "voi",
        "la",
        "ve",
        "to",
        "doi",
        "xay",
        "dung",
    ]
)
# A name this close (0..1) to an earlier recognized one is the same initiative again.
SAME_INITIATIVE_RATIO = 0.85
# Below this score a candidate is not shown as similar.
SIMILAR_RATIO = 0.35
# How many of the unit's earlier initiatives (sharing a word of the name, newest first) are scored.
CANDIDATES = 100
# How far back the hint looks: the unit's newest registrations, a century of a real hamlet's (a few
# a year). Without it the word test read all of a unit's rows, however many (13 → 80 ms at 1M).
HISTORY = 500
# The name words the candidates are pre-filtered on (the longest: they say the most).
MAX_FILTER_WORDS = 8
# Shorter words are not used to pre-filter: as substrings ("ap", "nu") nearly every row holds them.
MIN_FILTER_LETTERS = 3
# How much shared content words count next to the name (registrations share much boilerplate).
CONTENT_WEIGHT = 0.2
# A word is a run of letters and digits: quotes, commas and brackets are not part of it
# ("“tổ" and "tổ," are the word "to").
_WORD = re.compile(r"[^\W_]+")


def _content_words(folded: str) -> list[str]:
    """The words of a folded text that say something: not punctuation, not one letter, not a stop word."""
    return [w for w in _WORD.findall(folded) if len(w) > 1 and w not in STOP_WORDS]


def significant_words(text: str) -> set[str]:
    return set(_content_words(fold(text)))


def _name_key(name: str) -> tuple[str, set[str]]:
    """Return the folded name without the words every initiative name shares, and its word set."""
    words = _content_words(fold(name))
    return (" ".join(words) or fold(name)), set(words)


def filter_words(words: set[str]) -> list[str]:
    """The words of a name that pre-filter the candidates: the longest first, none too short to tell."""
    long_enough = [w for w in words if len(w) >= MIN_FILTER_LETTERS]
    return sorted(long_enough, key=lambda w: (-len(w), w))[:MAX_FILTER_WORDS]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _score(
    a_key: str, a_words: set[str], a_content: set[str], b_name: str, b_content: set[str], floor: float = 0.0
) -> float:
    """similarity() with the first side prepared once; 0.0 as soon as the score cannot reach floor."""
    return _score_keys(a_key, a_words, a_content, *_name_key(b_name), b_content, floor)


def _score_keys(
    a_key: str,
    a_words: set[str],
    a_content: set[str],
    b_key: str,
    b_words: set[str],
    b_content: set[str],
    floor: float = 0.0,
) -> float:
    """_score() with both names prepared (_name_key): the re-reporting guard keeps them on its rows."""
    # A name made only of common words has no word set to compare: its characters decide.
    words = _jaccard(a_words, b_words) if a_words and b_words else None
    overlap = _jaccard(a_content, b_content)

    def combine(ratio: float) -> float:
        name_score = (ratio + words) / 2 if words is not None else ratio
        return max(name_score, (1 - CONTENT_WEIGHT) * name_score + CONTENT_WEIGHT * overlap)

    # 1.0, real_quick_ratio() and quick_ratio() bound ratio() from above, each tighter and dearer,
    # and combine() grows with it: when a bound misses the floor, the exact ratio cannot reach it.
    if floor and combine(1.0) < floor:
        return 0.0
    matcher = SequenceMatcher(None, a_key, b_key)
    if floor and (combine(matcher.real_quick_ratio()) < floor or combine(matcher.quick_ratio()) < floor):
        return 0.0
    return combine(matcher.ratio())


def _folded_words(search_text: str) -> set[str]:
    """significant_words() of a text that is already folded (Initiative.search_text): no second fold."""
    return set(_content_words(search_text))


def similarity(a_name: str, a_text: str, b_name: str, b_text: str) -> float:
    """Score two initiatives 0..1 from their folded names (mostly) and content words.

    Names are compared without the words that every name shares ("mô hình", "dân vận
    khéo", "xây dựng"…), by characters and by words together: characters alone rate two
    unrelated Vietnamese names about 0.4 alike, words alone miss a small change of spelling.
    """
    a_key, a_words = _name_key(a_name)
    return _score(a_key, a_words, significant_words(a_text), b_name, significant_words(b_text))


def similar_earlier(
    unit_id: int,
    name: str,
    content: str = "",
    exclude_pk: int | None = None,
    campaign_id: int | None = None,
    limit: int = 5,
    *,
    states: list[str] | None = None,
    min_score: float = SIMILAR_RATIO,
) -> list[tuple[Initiative, float]]:
    """Return the unit's own initiatives from other campaigns that look like this one, best first.

    One query, then a ranking in Python (difflib). The candidates are cut down in SQL first,
    because a busy unit accumulates hundreds of initiatives over the years and scoring each
    costs about a millisecond: only those whose search text shares a word of this name
    (every similar name shares one; a name made only of common or short words is compared with all),
    the newest CANDIDATES of them, among the unit's newest HISTORY registrations (read from
    `initiative_unit_newest`, so the cost stays the same however long the unit's history grows).
    `states` narrows the candidates, `min_score` raises the bar. The re-reporting guard
    (guard.py) does not use this hint: it compares with every recognized initiative of the unit.
    """
    if not fold(name):
        return []
    key, words = _name_key(name)
    content_words = significant_words(content)
    newest = Initiative.objects.unit_history(
        unit_id, states=states, exclude_pk=exclude_pk, other_than_campaign=campaign_id
    ).values("pk")[:HISTORY]
    scored = []
    for other in _candidates(newest, words):
        score = _score(key, words, content_words, other.name, _folded_words(other.search_text), min_score)
        if score >= min_score:
            scored.append((other, score))
    scored.sort(key=lambda pair: pair[1], reverse=True)
    return scored[:limit]


def _candidates(newest: QuerySet, words: set[str]) -> QuerySet:
    """The newest CANDIDATES among `newest` whose search text shares a telling word of the name, with what a hint shows."""
    qs: QuerySet = Initiative.objects.filter(pk__in=newest)
    if telling := filter_words(words):
        # STRPOS / INSTR, not LIKE: with LIKE PostgreSQL may look every word up in the trigram
        # index of the whole table (tens of ms each at a million rows) to keep a unit's few rows.
        shares_a_word = Q()
        for word in telling:
            shares_a_word |= Q(GreaterThan(StrIndex("search_text", Value(word)), 0))
        qs = qs.filter(shares_a_word)
    return (
        qs.select_related("campaign", "field", "decision")
        .only(
            "id",
            "name",
            "search_text",
            "state",
            "origin",
            "kind",
            "unit_id",
            "campaign_id",
            "outstanding",
            "campaign__year",
            "campaign__name",
            "field__name",
            "field__name_en",
            "decision__number",
            "decision__decided_on",
        )
        .order_by("-campaign__year", "-id")[:CANDIDATES]
    )


def recognized_twin(initiative: Initiative) -> Initiative | None:
    """Return the recognized initiative this one repeats, as the re-reporting guard judges it, if any."""
    from .guard import closest_twin

    twin = closest_twin(initiative)
    return twin.initiative if twin is not None and twin.is_twin else None
