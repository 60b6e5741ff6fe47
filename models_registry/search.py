"""Accent-insensitive search and "similar earlier initiatives" of a unit."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.db.models import QuerySet

from campaigns.text import fold

from .models import Initiative, State

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
# How much shared content words count next to the name (registrations share much boilerplate).
CONTENT_WEIGHT = 0.2


def significant_words(text: str) -> set[str]:
    return {w for w in fold(text).split() if len(w) > 1 and w not in STOP_WORDS}


def _name_key(name: str) -> tuple[str, set[str]]:
    """Return the folded name without the words every initiative name shares, and its word set."""
    words = [w for w in fold(name).split() if len(w) > 1 and w not in STOP_WORDS]
    return (" ".join(words) or fold(name)), set(words)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def similarity(a_name: str, a_text: str, b_name: str, b_text: str) -> float:
    """Score two initiatives 0..1 from their folded names (mostly) and content words.

    Names are compared without the words that every name shares ("mô hình", "dân vận
    khéo", "xây dựng"…), by characters and by words together: characters alone rate two
    unrelated Vietnamese names about 0.4 alike, words alone miss a small change of spelling.
    """
    a_key, a_words = _name_key(a_name)
    b_key, b_words = _name_key(b_name)
    ratio = SequenceMatcher(None, a_key, b_key).ratio()
    # A name made only of common words has no word set to compare: its characters decide.
    name_score = (ratio + _jaccard(a_words, b_words)) / 2 if a_words and b_words else ratio
    overlap = _jaccard(significant_words(a_text), significant_words(b_text))
    return max(name_score, (1 - CONTENT_WEIGHT) * name_score + CONTENT_WEIGHT * overlap)


def similar_earlier(
    unit_id: int,
    name: str,
    content: str = "",
    exclude_pk: int | None = None,
    campaign_id: int | None = None,
    limit: int = 5,
) -> list[tuple[Initiative, float]]:
    """Return the unit's own initiatives from other campaigns that look like this one, best first.

    One query: a unit registers tens of initiatives a year, so its whole history is small
    and ranked in memory; the (unit, state) index finds it at any table size.
    """
    if not fold(name):
        return []
    qs: QuerySet = (
        Initiative.objects.filter(unit_id=unit_id)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .select_related("campaign", "field", "decision")
        .only(
            "id",
            "name",
            "search_text",
            "state",
            "origin",
            "kind",
            "unit_id",
            "outstanding",
            "campaign__year",
            "campaign__name",
            "field__name",
            "decision__number",
            "decision__decided_on",
        )
        .order_by("-campaign__year", "-id")[:500]
    )
    scored = []
    for other in qs:
        if exclude_pk and other.pk == exclude_pk:
            continue
        if campaign_id and other.campaign_id == campaign_id:
            continue
        score = similarity(name, content, other.name, other.search_text)
        if score >= SIMILAR_RATIO:
            scored.append((other, score))
    scored.sort(key=lambda pair: pair[1], reverse=True)
    return scored[:limit]


def recognized_twin(initiative: Initiative) -> Initiative | None:
    """Return an earlier recognized initiative of the same unit that this one repeats, if any."""
    for other, score in similar_earlier(
        initiative.unit_id,
        initiative.name,
        initiative.search_text,
        exclude_pk=initiative.pk,
        campaign_id=initiative.campaign_id,
        limit=20,
    ):
        if other.state == State.RECOGNIZED and score >= SAME_INITIATIVE_RATIO:
            return other
    return None
