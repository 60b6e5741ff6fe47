"""The re-reporting guard: the closest recognized twin of a registration, and why it matters.

The guidance warns against one model reported again and again. A name, a campaign or an
origin is only what the registrant claims, so the guard compares content: the registration's
content fields, accent-folded, as sets of word pairs (order-aware enough to tell two models
apart that share stock phrases, tolerant of a few edited words). The candidates are the
recognized initiatives of the unit's history — the unit and the units it was formed from (the
2025 mergers, `Unit.predecessors`), judged alike — and the one the registration claims to
maintain or replicate. A twin is refused as new; as "maintained" or "replicated" it passes only along a
lineage that makes sense (`lineage_refusal`).

The cost does not grow with a unit's history: SQL ranks the unit's recognized initiatives by a
few substring tests on the folded search column (runs of the registration's words, the words of
its name) and hands the Python scoring a bounded number of them (`candidates`); a unit with no
more than CANDIDATES recognized initiatives has all of them scored. The same code path runs on
SQLite and PostgreSQL, one query for a registration or a whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.db.models import Case, Q, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from campaigns.models import Unit
from campaigns.text import fold

from .models import Initiative, Origin, State
from .models.initiative import SEARCH_CONTENT_CHARS
from .search import significant_words

# The content that says what a model does. Not the area, address or contact: a unit's own
# registrations share those whatever they are about.
GUARD_FIELDS = (
    "situation",
    "purpose",
    "goals",
    "solutions",
    "implementing_forces",
    "target_group",
    "resources",
    "expected_outputs",
    "sustainability",
)
# Content this alike (0..1, the Dice coefficient of the word pairs) is the same initiative again.
# A copy with one word in ten edited still scores about 0.8; two models of one unit that share
# a situation paragraph and stock phrases score under 0.4.
SAME_CONTENT_RATIO = 0.6
# Below this the closest recognized initiative is not worth showing side by side.
SHOW_RATIO = 0.3
# States of a registration that still counts as a maintained successor (one per source per year).
LIVE_STATES = (
    State.SUBMITTED,
    State.RETURNED,
    State.APPROVED,
    State.RECOGNITION_REQUESTED,
    State.RECOGNIZED,
    State.NOT_RECOGNIZED,
)
# Columns the guard reads of each candidate (content, lineage, and what a refusal names).
COLUMNS = (
    "id",
    "name",
    "state",
    "origin",
    "unit_id",
    "campaign_id",
    "continues_id",
    "replicates_id",
    *GUARD_FIELDS,
    "unit__name",
    "campaign__year",
    "campaign__name",
)

# What a registration must carry for the guard (a page's rows: add these to its `.only()`).
REGISTRATION_COLUMNS = (
    "id",
    "name",
    "origin",
    "unit_id",
    "campaign_id",
    "continues_id",
    "replicates_id",
    *GUARD_FIELDS,
    "campaign__year",
)
# The guard scores in Python at most this many recognized initiatives per registration for each
# of its two questions (closest content, closest name), whatever the unit's history: a real unit
# has tens, the million-row benchmark gives a commune thousands (bench/RESULTS.md).
CANDIDATES = 25
# The content fields the search column holds, in its order (Initiative.normalize, without the area:
# a unit's registrations share their area whatever they are about).
SEARCH_CONTENT_FIELDS = ("situation", "purpose", "goals", "solutions", "target_group")
# How a candidate's content is compared in SQL: this many runs of ANCHOR_WORDS words of the
# registration's content, and the longest MAX_NAME_WORDS significant words of its name.
ANCHORS = 12
ANCHOR_WORDS = 3
MAX_NAME_WORDS = 8
# How many generations of mergers the guard follows back (a hamlet renamed, then merged, …).
MERGER_GENERATIONS = 4

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def content_pairs(initiative: Initiative) -> frozenset:
    """Return the word pairs of the initiative's content (each field on its own), cached on it."""
    cached = getattr(initiative, "_guard_pairs", None)
    if cached is not None:
        return cached
    pairs: set = set()
    for name in GUARD_FIELDS:
        words = _words(getattr(initiative, name) or "")
        if len(words) == 1:
            pairs.add((words[0],))
        pairs.update(zip(words, words[1:], strict=False))
    initiative._guard_pairs = frozenset(pairs)
    return initiative._guard_pairs


def content_similarity(a: Initiative, b: Initiative) -> float:
    """Score 0..1 how much of two initiatives' content is the same, whatever their names."""
    pa, pb = content_pairs(a), content_pairs(b)
    if not pa or not pb:
        return 0.0
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def same_name(a: Initiative, b: Initiative) -> bool:
    """True when the names, without the words every name shares, are the same (a unit's own model again)."""
    from .search import SAME_INITIATIVE_RATIO, similarity

    return similarity(a.name, "", b.name, "") >= SAME_INITIATIVE_RATIO


@dataclass
class Twin:
    """The closest recognized initiative to a registration, how close, and whether that refuses it."""

    initiative: Initiative
    score: float
    same_name: bool = False
    refusal: str | None = None
    rows: list[dict] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def is_twin(self) -> bool:
        """The same initiative again (by content, or by name within the unit)."""
        return self.score >= SAME_CONTENT_RATIO or self.same_name

    @property
    def needs_reason(self) -> bool:
        """Recognizing this registration repeats a recognized content: a written reason is required."""
        return self.score >= SAME_CONTENT_RATIO


def _in_lineage(registration: Initiative, twin: Initiative, known: dict[int, Initiative]) -> bool:
    """True when `twin` is the source the registration maintains, or an earlier link of that chain."""
    seen: set[int] = set()
    pk = registration.continues_id
    while pk and pk not in seen:
        if pk == twin.pk:
            return True
        seen.add(pk)
        link = known.get(pk)
        pk = link.continues_id if link is not None else None
    return False


def _verdict(registration: Initiative, twin: Initiative, known: dict[int, Initiative]) -> str | None:
    """Why registering this content again is refused, or None when its lineage explains it."""
    if (
        registration.origin == Origin.MAINTAINED
        and _in_lineage(registration, twin, known)
        and twin.campaign.year < registration.campaign.year
    ):
        return None
    own = same_history(registration, twin)
    if registration.origin == Origin.REPLICATED and twin.pk == registration.replicates_id and not own:
        return None
    names = {"name": twin.name, "unit": twin.unit.name, "year": twin.campaign.year}
    if not own:
        return (
            gettext(
                "nội dung này là của “%(name)s” (%(unit)s, công nhận năm %(year)s): chỉ đăng ký theo hình thức "
                "nhân rộng từ mô hình đó"
            )
            % names
        )
    if twin.unit_id != registration.unit_id:
        return (
            gettext(
                "nội dung này trùng với “%(name)s” của %(unit)s (đơn vị trước khi hợp nhất), đã được công nhận năm "
                "%(year)s: hãy đăng ký theo hình thức duy trì từ mô hình đó, không đăng ký như mô hình mới hay nhân rộng"
            )
            % names
        )
    if twin.campaign_id == registration.campaign_id:
        return (
            gettext(
                "nội dung này trùng với “%(name)s” của đơn vị, đã được công nhận trong chính đợt năm %(year)s: "
                "không đăng ký lại"
            )
            % names
        )
    return (
        gettext(
            "nội dung này trùng với “%(name)s” của đơn vị, đã được công nhận năm %(year)s: hãy đăng ký theo hình "
            "thức duy trì từ mô hình đó, không đăng ký như mô hình mới hay nhân rộng"
        )
        % names
    )


def _search_content(registration: Initiative) -> str:
    """The registration's content as a candidate's search column holds it (folded, the same fields, the same cap)."""
    content = " ".join(getattr(registration, name) or "" for name in SEARCH_CONTENT_FIELDS)
    return fold(content[:SEARCH_CONTENT_CHARS])


def anchors(registration: Initiative) -> list[str]:
    """A few short runs of words spread over the registration's content: what a copy of it contains too.

    A copy keeps most of them whatever its name (an edited word spoils only the runs it falls in);
    another model of the unit shares a stock phrase or two at most.
    """
    text = _search_content(registration)
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return []
    last = max(0, len(spans) - ANCHOR_WORDS)
    count = min(ANCHORS, last + 1)
    starts = sorted({round(i * last / max(1, count - 1)) for i in range(count)})
    runs = (text[spans[i][0] : spans[min(i + ANCHOR_WORDS, len(spans)) - 1][1]] for i in starts)
    return list(dict.fromkeys(run for run in runs if len(run) > 3))


def _hits(needles: Iterable[str]) -> Any:
    """How many of the needles the search column contains (0 when there are none)."""
    found = [Case(When(GreaterThan(StrIndex("search_text", Value(n)), 0), then=1), default=0) for n in needles]
    return sum(found[1:], found[0]) if found else Value(0)


def history_units(unit_ids: Iterable[int]) -> Q:
    """The rows of these units and of the units they were formed from (MERGER_GENERATIONS deep), as SQL.

    Unit.with_predecessors() in one subquery of the query it joins, instead of a query per generation.
    """
    unit_ids = list(unit_ids)
    through = Unit.predecessors.through
    units = Q(pk__in=unit_ids)
    level = through.objects.filter(from_unit_id__in=unit_ids).values("to_unit_id")
    for _ in range(MERGER_GENERATIONS):
        units |= Q(pk__in=level)
        level = through.objects.filter(from_unit_id__in=level).values("to_unit_id")
    return Q(unit_id__in=Unit.objects.filter(units).values("pk"))


def _history_flag(unit_id: int) -> str:
    return f"guard_history_{unit_id}"


def same_history(registration: Initiative, other: Initiative) -> bool:
    """True when `other` belongs to the registration's unit or to a unit it was formed from.

    Read from the flag `candidates` sets on each row it loads; a row loaded otherwise counts by its unit alone.
    """
    return other.unit_id == registration.unit_id or getattr(other, _history_flag(registration.unit_id), False)


def _arms(registration: Initiative) -> Q:
    """The registration's closest candidates by content and by name, CANDIDATES of each at most.

    Ranked in SQL by cheap substring tests on the search column (INSTR / STRPOS), so that only a
    bounded number of rows reaches the Python scoring whatever the unit's history. A unit with
    no more than CANDIDATES recognized initiatives has all of them scored, as before.
    """
    year = registration.campaign.year
    base = Initiative.objects.filter(
        history_units([registration.unit_id]), state=State.RECOGNIZED, campaign__year__lte=year
    ).order_by()
    if registration.pk:
        base = base.exclude(pk=registration.pk)
    by_content = base.annotate(guard_hits=_hits(anchors(registration))).order_by("-guard_hits", "-id")
    # The same name again counts only for an earlier year (`same_name` in _closest).
    words = sorted(significant_words(registration.name), key=len, reverse=True)[:MAX_NAME_WORDS]
    by_name = base.filter(campaign__year__lt=year).annotate(guard_hits=_hits(words)).order_by("-guard_hits", "-id")
    return Q(pk__in=by_content.values("pk")[:CANDIDATES]) | Q(pk__in=by_name.values("pk")[:CANDIDATES])


def candidates(registrations: list[Initiative]) -> list[Initiative]:
    """Read, in one query, the recognized initiatives the registrations may repeat, a bounded number each.

    For each registration: its claimed sources (whatever their unit), and of its unit's recognized
    initiatives up to its year the CANDIDATES closest by content and the CANDIDATES closest by name.
    """
    sources = {pk for r in registrations for pk in (r.continues_id, r.replicates_id) if pk}
    units = {r.unit_id for r in registrations}
    arms = Q()
    for registration in registrations:
        arms |= _arms(registration)
    # The unit test first: PostgreSQL reads the units' recognized rows from the (unit, state)
    # index and checks each against the small ranked lists, instead of scanning the table.
    nearest = Q(state=State.RECOGNIZED) & history_units(units) & arms if registrations else Q(pk__in=[])
    # Which rows belong to the history of which registration's unit (same_history), in the same query.
    flags = {
        _history_flag(unit): Case(When(history_units([unit]), then=Value(True)), default=Value(False)) for unit in units
    }
    return list(
        Initiative.objects.filter(Q(pk__in=sources, state=State.RECOGNIZED) | nearest)
        .select_related("unit", "campaign")
        .only(*COLUMNS)
        .annotate(**flags)
    )


def _closest(registration: Initiative, candidates: Iterable[Initiative], known: dict[int, Initiative]) -> Twin | None:
    best: Twin | None = None
    best_rank: tuple = ()
    for other in candidates:
        # A later year's initiative is not what this one repeats (an old record's page must not accuse it).
        if other.pk == registration.pk or other.campaign.year > registration.campaign.year:
            continue
        claimed = other.pk in (registration.continues_id, registration.replicates_id)
        own = same_history(registration, other)
        if not own and not claimed:
            continue
        twin = Twin(
            other,
            content_similarity(registration, other),
            # A unit's model of an earlier year under its own name again is that model maintained;
            # within one year two groups of a unit may share a common name.
            same_name=own and other.campaign.year < registration.campaign.year and same_name(registration, other),
        )
        # On a tie the claimed source wins: it is the comparison the registrant asked for.
        rank = (twin.is_twin, twin.score, claimed)
        if best is None or rank > best_rank:
            best, best_rank = twin, rank
    if best is None or not (best.is_twin or best.score >= SHOW_RATIO):
        return None
    if best.is_twin:
        best.refusal = _verdict(registration, best.initiative, known)
    best.rows = content_diff(best.initiative, registration)
    return best


def closest_twin(registration: Initiative) -> Twin | None:
    """Return the closest recognized initiative this registration may repeat, and why it matters (one query)."""
    return closest_twins([registration]).get(registration.pk)


def closest_twins(registrations: Iterable[Initiative]) -> dict[int | None, Twin]:
    """Return {pk: Twin} for the registrations that have one: one query for a whole page.

    The registrations must carry REGISTRATION_COLUMNS (a list page adds them to its `.only()`).
    """
    registrations = list(registrations)
    if not registrations:
        return {}
    found = candidates(registrations)
    known = {i.pk: i for i in (*found, *registrations)}
    twins = {}
    for registration in registrations:
        twin = _closest(registration, found, known)
        if twin is not None:
            twins[registration.pk] = twin
    return twins


def lineage_refusal(registration: Initiative, loaded: Iterable[Initiative] = ()) -> str | None:
    """Why the claimed lineage makes no sense, or None.

    One maintained successor per source per (campaign) year; a replication only in another unit
    than the source's and its predecessors'. (A maintained copy in its source's own year is refused by
    the twin verdict.) `loaded`: the rows `candidates` read, which say whether the source is of the
    unit's history (a source they do not hold counts by its unit alone).
    """
    if registration.origin == Origin.MAINTAINED and registration.continues_id:
        source = registration.continues
        year = registration.campaign.year
        other = (
            Initiative.objects.filter(
                continues_id=source.pk, origin=Origin.MAINTAINED, campaign__year=year, state__in=LIVE_STATES
            )
            .exclude(pk=registration.pk)
            .only("id", "name")
            .first()
        )
        if other is not None:
            return gettext(
                "“%(source)s” đã có mô hình duy trì năm %(year)s (“%(other)s”): mỗi năm chỉ một mô hình duy trì"
            ) % {"source": source.name, "year": year, "other": other.name}
    if registration.origin == Origin.REPLICATED and registration.replicates_id:
        source = registration.replicates
        flagged = next((row for row in loaded if row.pk == source.pk), source)
        if same_history(registration, flagged):
            return gettext(
                "“%(name)s” là mô hình của chính đơn vị: nhân rộng là đưa mô hình sang đơn vị khác; "
                "hãy đăng ký theo hình thức duy trì"
            ) % {"name": source.name}
    return None


def refusal(registration: Initiative) -> tuple[str | None, Twin | None]:
    """Return (why the registration may not go on as claimed or None, its closest recognized twin)."""
    found = candidates([registration])
    why = lineage_refusal(registration, found)
    twin = _closest(registration, found, {i.pk: i for i in (*found, registration)})
    if why is None and twin is not None and twin.is_twin:
        why = twin.refusal
    return why, twin


# ----- side by side -------------------------------------------------------------------------
def _marked(words: list[str], spans: list[tuple[int, int, bool]], tag: str) -> SafeString:
    parts = []
    for start, end, changed in spans:
        text = escape(" ".join(words[start:end]))
        if not text:
            continue
        parts.append(f"<{tag}>{text}</{tag}>" if changed else text)
    return mark_safe(" ".join(parts))  # noqa: S308 — every word is escaped above.


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Return (old, new) as escaped HTML: words only in old in <del>, words only in new in <ins>.

    Words are compared folded (accents, case, punctuation do not count as a change) and shown as typed.
    """
    old_words, new_words = (old or "").split(), (new or "").split()

    def key(word: str) -> str:
        return " ".join(_words(word))

    matcher = SequenceMatcher(None, [key(w) for w in old_words], [key(w) for w in new_words], autojunk=False)
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
        left, right = word_diff(old, new)
        rows.append(
            {
                "label": Initiative._meta.get_field(name).verbose_name,
                "twin": left,
                "registration": right,
                "changed": fold(old) != fold(new),
            }
        )
    return rows
