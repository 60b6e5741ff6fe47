"""The re-reporting guard: the closest recognized twin of a registration, and why it matters.

The guidance warns against one model reported again and again. A name, a campaign or an
origin is only what the registrant claims, so the guard compares content: the registration's
content fields, accent-folded, as sets of word pairs (order-aware enough to tell two models
apart that share stock phrases, tolerant of a few edited words). The candidates are the
recognized initiatives of the unit's history — the unit and the units it was formed from (the
2025 mergers, `Unit.predecessors`), judged alike — and the one the registration claims to
maintain or replicate. A twin is refused as new; as "maintained" or "replicated" it passes only along a
lineage that makes sense (`lineage_refusal`).

The check reads the full history, whatever its age: one query reads, for a registration or a batch,
every recognized initiative of each unit of the registrations' histories (found through the
(unit, state) index) and the sources they claim, and Python scores those. Its verdict is stored on
the registration (`Initiative.recognized_twin`, `twin_*`): when it is submitted, approved, asked to be
recognized or recognized (the lifecycle's needs, `verdict_columns`), and again, inside the same
transaction, for the live registrations whose candidates a new recognition changes
(`after_move`). List pages and the record page read the stored verdict (`stored_twins`): no
pair scoring per row; a row never checked (an older database, an import, the benchmark's rows) is
checked the first time a page needs it, then stored; `manage.py refresh_twins` checks them all.
The same code path runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Case, F, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.models import Unit
from campaigns.sql import EqualsAnyArray
from campaigns.text import fold

from .models import REGISTRATION_TEXT, Initiative, Origin, State

# The content that says what a model does. Not the area, address or contact: a unit's own
# registrations share those whatever they are about.
GUARD_FIELDS = tuple(
    name for name in REGISTRATION_TEXT if name not in ("area", "address", "contact", "advantages", "difficulties")
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
    # The stored verdict (STORED_FIELDS).
    "recognized_twin_id",
    "twin_score",
    "twin_verdict",
    "twin_checked_at",
)
# How many generations of mergers the guard follows back (a hamlet renamed, then merged, …).
MERGER_GENERATIONS = 4

# What counts as a word, in the guard's pairs and the side by side's matching alike.
WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def content_pairs(initiative: Initiative) -> frozenset:
    """Return the word pairs of the initiative's content (each field on its own), cached on it."""
    cached = getattr(initiative, "_guard_pairs", None)
    if cached is not None:
        return cached
    # Pairs as "word word" strings, not tuples: a string keeps its hash, and a page intersects these
    # sets thousands of times.
    pairs: set = set()
    for name in GUARD_FIELDS:
        words = _words(getattr(initiative, name) or "")
        if len(words) == 1:
            pairs.add(words[0])
        pairs.update(map(" ".join, zip(words, words[1:], strict=False)))
    initiative._guard_pairs = frozenset(pairs)
    return initiative._guard_pairs


def content_similarity(a: Initiative, b: Initiative) -> float:
    """Score 0..1 how much of two initiatives' content is the same, whatever their names."""
    pa, pb = content_pairs(a), content_pairs(b)
    if not pa or not pb:
        return 0.0
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def _name_key(initiative: Initiative) -> tuple[str, set[str]]:
    """search._name_key() of the initiative's name, cached on it (a page compares each name many times)."""
    from .search import _name_key

    cached = getattr(initiative, "_guard_name", None)
    if cached is None or cached[0] != initiative.name:
        cached = (initiative.name, _name_key(initiative.name))
        initiative._guard_name = cached
    return cached[1]


def same_name(a: Initiative, b: Initiative) -> bool:
    """True when the names, without the words every name shares, are the same (a unit's own model again)."""
    from .search import SAME_INITIATIVE_RATIO, _score_keys

    # search.similarity() with its floor: the cheap upper bounds settle most pairs without the full ratio.
    score = _score_keys(*_name_key(a), set(), *_name_key(b), set(), SAME_INITIATIVE_RATIO)
    return score >= SAME_INITIATIVE_RATIO


# What a twin means for its registration (Initiative.twin_verdict), stored so that a page words it in
# its reader's language (verdict_text): not a twin, only alike enough to be shown; a twin its
# claimed lineage explains; or one of the refusals.
NOT_TWIN = ""
LINEAGE = "lineage"
REPLICATE = "replicate"  # another unit's content: only as a replication of it
PREDECESSOR = "predecessor"  # a predecessor unit's content: only as maintained from it
SAME_CAMPAIGN = "campaign"  # the unit's own, recognized in this very campaign
MAINTAIN = "maintain"  # the unit's own of an earlier campaign: only as maintained from it
VERDICTS = (NOT_TWIN, LINEAGE, REPLICATE, PREDECESSOR, SAME_CAMPAIGN, MAINTAIN)
# The stored verdict's columns (a page's rows: REGISTRATION_COLUMNS holds them).
STORED_FIELDS = ("recognized_twin", "twin_score", "twin_verdict", "twin_checked_at")


@dataclass
class Twin:
    """The closest recognized initiative to a registration, how close, and whether that refuses it."""

    initiative: Initiative
    score: float
    same_name: bool = False
    verdict: str = NOT_TWIN
    # The registration compared, for the side-by-side rows (computed when a page shows them).
    registration: Initiative | None = field(default=None, repr=False)

    @cached_property
    def rows(self) -> list[dict]:
        """The side by side of the twin and the registration (content_diff): only what a page shows needs it."""
        from .side_by_side import content_diff  # here: side_by_side imports the guard's fields

        return content_diff(self.initiative, self.registration) if self.registration is not None else []

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

    @cached_property
    def refusal(self) -> str | None:
        """Why registering this content again is refused, or None (not a twin, or its lineage explains it).

        Cached: a queue row asks it three times (set once the verdict is, by _closest or stored_twins).
        """
        return verdict_text(self.verdict, self.initiative)


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


def _verdict(registration: Initiative, twin: Initiative, known: dict[int, Initiative]) -> str:
    """What registering this twin's content again means (VERDICTS): a refusal, or LINEAGE when it explains it."""
    if (
        registration.origin == Origin.MAINTAINED
        and _in_lineage(registration, twin, known)
        and twin.campaign.year < registration.campaign.year
    ):
        return LINEAGE
    own = same_history(registration, twin)
    if registration.origin == Origin.REPLICATED and twin.pk == registration.replicates_id and not own:
        return LINEAGE
    if not own:
        return REPLICATE
    if twin.unit_id != registration.unit_id:
        return PREDECESSOR
    if twin.campaign_id == registration.campaign_id:
        return SAME_CAMPAIGN
    return MAINTAIN


def verdict_text(verdict: str, twin: Initiative) -> str | None:
    """The refusal a verdict stands for, in words naming the twin (its unit and campaign loaded), or None."""
    if verdict in (NOT_TWIN, LINEAGE):
        return None
    names = {"name": twin.name, "unit": twin.unit.name, "year": twin.campaign.year}
    if verdict == REPLICATE:
        return (
            gettext(
                "nội dung này là của “%(name)s” (%(unit)s, công nhận năm %(year)s): chỉ đăng ký theo hình thức "
                "nhân rộng từ mô hình đó"
            )
            % names
        )
    if verdict == PREDECESSOR:
        return (
            gettext(
                "nội dung này trùng với “%(name)s” của %(unit)s (đơn vị trước khi hợp nhất), đã được công nhận năm "
                "%(year)s: hãy đăng ký theo hình thức duy trì từ mô hình đó, không đăng ký như mô hình mới hay nhân rộng"
            )
            % names
        )
    if verdict == SAME_CAMPAIGN:
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


def history_units(unit_ids: Iterable[int]) -> Q:
    """The rows of these units and of the units they were formed from (MERGER_GENERATIONS deep), as SQL.

    Unit.with_predecessors() in one subquery of the query it joins, instead of a query per generation.
    """
    unit_ids = list(unit_ids)
    through = Unit.predecessors.through
    units = Unit.objects.filter(pk__in=unit_ids).order_by().values("pk")
    level = through.objects.filter(from_unit_id__in=unit_ids).values("to_unit_id")
    for _ in range(MERGER_GENERATIONS):
        units = units.union(level)
        level = through.objects.filter(from_unit_id__in=level).values("to_unit_id")
    if connection.vendor == "postgresql":
        # `unit_id = ANY(ARRAY(…))`: the units are an InitPlan evaluated once and the index on
        # (unit, state) takes them as a parameter. As `IN (SELECT …)` PostgreSQL estimated a
        # thousand units from the mergers table and scanned every recognized initiative of the
        # province for each registration (bench/RESULTS.md, 1M).
        return Q(EqualsAnyArray(F("unit_id"), Subquery(units)))
    return Q(unit_id__in=units)


def _history_flag(unit_id: int) -> str:
    return f"guard_history_{unit_id}"


def same_history(registration: Initiative, other: Initiative) -> bool:
    """True when `other` belongs to the registration's unit or to a unit it was formed from.

    Read from the flag `candidates` sets on each row it loads; a row loaded otherwise counts by its unit alone.
    """
    return other.unit_id == registration.unit_id or getattr(other, _history_flag(registration.unit_id), False)


def candidates(registrations: list[Initiative]) -> list[Initiative]:
    """Read, in one query, the recognized initiatives the registrations may repeat (see candidate_query)."""
    return list(candidate_query(registrations))


def candidate_query(registrations: list[Initiative]) -> QuerySet:
    """The query of the recognized initiatives the registrations may repeat: their whole history.

    The claimed sources (whatever their unit or age), and every recognized initiative of each unit of
    the registrations' histories up to the latest registration's year, found through the (unit, state) index.
    """
    sources = {pk for r in registrations for pk in (r.continues_id, r.replicates_id) if pk}
    units = {r.unit_id for r in registrations}
    year = max((r.campaign.year for r in registrations), default=0)
    history = Q(campaign__year__lte=year) & history_units(units) if units else Q(pk__in=[])
    # Which rows belong to the history of which registration's unit (same_history), in the same query.
    flags = {
        _history_flag(unit): Case(When(history_units([unit]), then=Value(True)), default=Value(False)) for unit in units
    }
    return (
        Initiative.objects.filter(Q(state=State.RECOGNIZED) & (history | Q(pk__in=sources)))
        .select_related("unit", "campaign")
        .only(*COLUMNS)
        .annotate(**flags)
        # The newest first: between two rows equally close, the newer is shown.
        .order_by("-created_at", "-id")
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
        best.verdict = _verdict(registration, best.initiative, known)
    best.registration = registration
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
    loaded = {i.pk: i for i in found}
    # Each unit's history once for all its registrations, then each registration's claimed sources:
    # _closest would skip every other row anyway.
    histories: dict[int, list[Initiative]] = {}
    twins = {}
    for registration in registrations:
        history = histories.get(registration.unit_id)
        if history is None:
            history = histories[registration.unit_id] = [c for c in found if same_history(registration, c)]
        claimed = [
            loaded[pk]
            for pk in {registration.continues_id, registration.replicates_id}
            if pk in loaded and not same_history(registration, loaded[pk])
        ]
        twin = _closest(registration, [*history, *claimed], known)
        if twin is not None:
            twins[registration.pk] = twin
    return twins


def lineage_refusal(registration: Initiative, loaded: Iterable[Initiative] = ()) -> str | None:
    """Why the claimed lineage makes no sense, or None.

    One maintained successor per source per (campaign) year; a replication only in another unit
    than the source's and its predecessors'. (A maintained copy in its source's own year is refused by
    the twin verdict.) `loaded`: the rows `candidates` read, which say whether the source is of the
    unit's history (for a source they do not hold, one query says it).
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
        flagged = next((row for row in loaded if row.pk == source.pk), None)
        own = (
            same_history(registration, flagged)
            if flagged is not None
            else source.unit_id == registration.unit_id
            or Initiative.objects.filter(history_units([registration.unit_id]), pk=source.pk).exists()
        )
        if own:
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


# ----- the stored verdict ---------------------------------------------------------------------
def verdict_columns(twin: Twin | None) -> dict:
    """The columns that store this check's verdict (a move's writes, or a page's lazy check)."""
    return {
        "recognized_twin_id": twin.initiative.pk if twin is not None else None,
        "twin_score": twin.score if twin is not None else None,
        "twin_verdict": twin.verdict if twin is not None else NOT_TWIN,
        "twin_checked_at": timezone.now(),
    }


def check_and_store(registrations: Iterable[Initiative]) -> dict[int | None, Twin]:
    """Check the registrations against their full history (closest_twins) and store each verdict: two queries."""
    registrations = list(registrations)
    if not registrations:
        return {}
    twins = closest_twins(registrations)
    for registration in registrations:
        for name, value in verdict_columns(twins.get(registration.pk)).items():
            setattr(registration, name, value)
    Initiative.objects.bulk_update(registrations, STORED_FIELDS)
    return twins


def stored_twins(registrations: Iterable[Initiative]) -> dict[int | None, Twin]:
    """Return {pk: Twin} from the stored verdicts: what a list page or the record page shows.

    The registrations must carry REGISTRATION_COLUMNS. One query reads the stored twins of them all
    (none when no row has one); the rows never checked are checked first (check_and_store).
    """
    registrations = list(registrations)
    twins = check_and_store([r for r in registrations if r.twin_checked_at is None])
    stored = [r for r in registrations if r.pk not in twins and r.recognized_twin_id is not None]
    if not stored:
        return twins
    rows = (
        Initiative.objects.select_related("unit", "campaign")
        .only(*COLUMNS)
        .in_bulk({r.recognized_twin_id for r in stored})
    )
    for registration in stored:
        other = rows.get(registration.recognized_twin_id)
        if other is None:  # deleted since (its registrations are checked again: Initiative.recognized_twin's on_delete)
            continue
        score = registration.twin_score or 0.0
        twins[registration.pk] = Twin(
            other,
            score,
            # A twin by name only (stored as a verdict without the content's score).
            same_name=registration.twin_verdict != NOT_TWIN and score < SAME_CONTENT_RATIO,
            verdict=registration.twin_verdict,
            registration=registration,
        )
    return twins


def stored_twin(registration: Initiative) -> Twin | None:
    """The registration's stored closest recognized twin (checked now if never checked)."""
    return stored_twins([registration]).get(registration.pk)


# The registrations whose stored verdict a new recognition refreshes: checked, and not closed yet.
REFRESHED_STATES = (State.SUBMITTED, State.RETURNED, State.APPROVED, State.RECOGNITION_REQUESTED)


def successor_units(unit_id: int) -> set[int]:
    """The unit and the units formed from it by mergers (MERGER_GENERATIONS deep): whose history holds it."""
    through = Unit.predecessors.through
    units = level = {unit_id}
    for _ in range(MERGER_GENERATIONS):
        level = set(through.objects.filter(to_unit_id__in=level).values_list("from_unit_id", flat=True)) - units
        if not level:
            break
        units = units | level
    return units


def after_move(initiative: Initiative, from_state: str, to_state: str) -> None:
    """The lifecycle's hook, inside the move's transaction: a new recognition is a new candidate.

    The live registrations of the units whose history holds the recognized initiative, and those that
    claim it as their source, of its year or later, may now have it as their closest twin. Each one's
    stored twin can only be beaten by it: one pair scoring each, and a full check of the few it beats.
    """
    if to_state != State.RECOGNIZED or from_state == State.RECOGNIZED:
        return
    units = successor_units(initiative.unit_id)
    year = Initiative.objects.filter(pk=initiative.pk).values_list("campaign__year", flat=True).get()
    live = list(
        Initiative.objects.filter(
            Q(unit_id__in=units) | Q(continues_id=initiative.pk) | Q(replicates_id=initiative.pk),
            state__in=REFRESHED_STATES,
            twin_checked_at__isnull=False,
            campaign__year__gte=year,
        )
        .exclude(pk=initiative.pk)
        .select_related("campaign")
        .only(*REGISTRATION_COLUMNS)
        # A row another move holds (its own check stores its verdict) is left, rather than waited for:
        # two near twins recognized at the same instant would otherwise each wait for the other.
        .select_for_update(skip_locked=True, of=("self",))
    )
    if not live:
        return
    recognized = Initiative.objects.select_related("unit", "campaign").only(*COLUMNS).get(pk=initiative.pk)
    beaten = []
    for registration in live:
        claimed = recognized.pk in (registration.continues_id, registration.replicates_id)
        own = registration.unit_id in units
        if not own and not claimed:
            continue
        score = content_similarity(registration, recognized)
        is_twin = score >= SAME_CONTENT_RATIO or (
            own and year < registration.campaign.year and same_name(registration, recognized)
        )
        if not (is_twin or score >= SHOW_RATIO):
            continue
        if registration.recognized_twin_id is not None:
            stored_claimed = registration.recognized_twin_id in (registration.continues_id, registration.replicates_id)
            stored = (registration.twin_verdict != NOT_TWIN, registration.twin_score or 0.0, stored_claimed)
            if (is_twin, score, claimed) <= stored:
                continue
        beaten.append(registration)
    # The full check words the verdict with the whole lineage (the new twin may be the source maintained).
    check_and_store(beaten)
