"""Seed a province-sized data set for the benchmark (`bench/run.py`, through `manage.py seed_bench`):
a unit tree, committees, users, five yearly campaigns and N initiatives with their whole history.

This generator deliberately BYPASSES the lifecycle entry point (`models_registry.lifecycle.apply`):
moving a million initiatives through it one transition at a time would take hours, so it writes
each initiative's final state together with the TransitionLog rows that lead there (along the
paths `lifecycle.path_to` derives from the table, see `data.PATHS`), and the inspections, score
sheets, decisions (a few revoked, with the decisions that revoked them), commendations (a few
recovered, as `Commendation.recover` leaves them) and attachment rows that the lifecycle and `RecognitionDecision.amend` would have produced — consistent by
construction (state == the last log row's to_state; a draft has no log row). On
PostgreSQL it streams rows with COPY inside one transaction (secondary indexes are dropped and
rebuilt, foreign-key triggers are skipped for the session, then VACUUM ANALYZE); on other
databases it falls back to bulk_create. Never run it against real data: it refuses a database
that already holds initiatives unless `force` is given.

Layout: `data.py` (shares, paths, text pools), `rows.py` (the COPY loader), `world.py` (units,
users, committees, campaigns), `history.py` (one initiative's rows), `decisions.py` (the decisions),
this module (the run).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import (
    Campaign,
    CommitteeMembership,
    CriteriaSet,
    Criterion,
    Field,
    SteeringCommittee,
    Unit,
    UnitKind,
    UnitMembership,
)
from models_registry.counts import rebuild as rebuild_counts
from models_registry.models import (
    AWARD_FIELDS,
    REGISTRATION_CONTENT,
    REGISTRATION_HEAD,
    Attachment,
    Commendation,
    CommendationProposal,
    Initiative,
    InitiativeCount,
    Inspection,
    Nomination,
    RecognitionDecision,
    ScoreItem,
    ScoreSheet,
    TransitionLog,
)

from .data import CURRENT_YEAR, RUNNING_STATES, SUMMARIZED_STATES, YEAR_WEIGHTS, YEARS
from .history import InitiativeWriter, accumulate, split_counts
from .rows import Loader
from .world import SeedRefused, World, WorldBuilder

# The initiative's columns, in the order InitiativeWriter._write_row fills its row: COPY is positional,
# so a change of order here or in registration.py must change that row too (a test pins the order).
INITIATIVE_COLUMNS = (
    "campaign_id",
    "unit_id",
    *(Initiative._meta.get_field(name).attname for name in REGISTRATION_HEAD),
    "name",
    *REGISTRATION_CONTENT,
    "state",
    "plan_note",
    "confirmed_criteria",
    "results_report",
    "decision_id",
    "outstanding",
    "pending_case",
    "version",
    "search_text",
    "created_by_id",
    "created_at",
    "updated_at",
    "submitted_at",
    "last_inspected_on",
    "level",
)


# What the loader writes, table by table, in the order it registers (and flushes) them; COPY is positional.
BULK_COLUMNS = {
    Initiative: INITIATIVE_COLUMNS,
    Initiative.supporting_cadres.through: ("initiative_id", "user_id"),
    TransitionLog: ("initiative_id", "action", "from_state", "to_state", "actor_id", "comment", "created_at"),
    Inspection: (
        "initiative_id",
        "inspected_on",
        "completion",
        "effectiveness",
        "findings",
        "recommendations",
        "created_by_id",
        "created_at",
    ),
    Inspection.inspectors.through: ("inspection_id", "user_id"),
    ScoreSheet: ("initiative_id", "member_id", "total", "submitted_at", "created_at"),
    ScoreItem: ("sheet_id", "criterion_id", "points", "comment"),
    RecognitionDecision: (
        "committee_id",
        "number",
        "decided_on",
        "signer",
        "level",
        "note",
        "amends_id",
        "amendment",
        "reason",
        "revoked",
        "created_by_id",
        "created_at",
    ),
    Commendation: (
        "initiative_id",
        *AWARD_FIELDS,
        "created_by_id",
        "created_at",
        "updated_at",
        "recovery_number",
        "recovered_on",
        "recovery_reason",
        "recovery_recorded_by_id",
        "recovery_recorded_at",
    ),
    Nomination: (
        "initiative_id",
        "from_committee_id",
        "to_committee_id",
        "state",
        "from_decision_id",
        "reason",
        "return_reason",
        "decision_id",
        "created_by_id",
        "created_at",
        "decided_at",
    ),
    CommendationProposal: (
        "initiative_id",
        "kind",
        "level",
        "committee_id",
        "achievement",
        "state",
        "close_reason",
        "proposed_by_id",
        "proposed_at",
        "closed_by_id",
        "closed_at",
    ),
    Attachment: (
        "initiative_id",
        "inspection_id",
        "purpose",
        "file",
        "original_name",
        "content_type",
        "size",
        "uploaded_by_id",
        "uploaded_at",
    ),
}


# The scenarios' commune (C001) registers this many times a commune's usual share. With the usual share
# its queues held 20–60 rows at 100,000 initiatives and full pages at 1,000,000, so the growth from one
# to the other measured pages of 20 rows against pages of 100 (issue 16 asks that costs not grow with
# the rows a page does NOT show). A busy commune fills its pages at both sizes; the growth then
# compares the same page over ten times the rows, its own included. Provinces have such communes
# (a city ward, the provincial capital's).
BUSY_COMMUNE_SHARE = 10


class Generator(WorldBuilder, InitiativeWriter):
    """One run of the generator: its random stream, clock, output and loader."""

    def __init__(self, stdout, seed: int = 2026):
        self.stdout = stdout
        self.seed = seed

    def run(self, initiatives: int, communes: int = 124, agencies: int = 40, force: bool = False) -> None:
        """Add `initiatives` initiatives (and the world, the first time); refuse a used database unless `force`."""
        n = initiatives
        if n < 1:
            raise SeedRefused("--initiatives must be at least 1.")
        existing = Initiative.objects.count()
        if existing and not force:
            raise SeedRefused(
                f"This database already holds {existing} initiatives; seed_bench only fills an empty one "
                "(use --force to add to it anyway)."
            )
        self.rnd = random.Random(self.seed + existing)
        self.started = time.monotonic()
        self.use_copy = connection.vendor == "postgresql"
        self.now = timezone.now()

        with transaction.atomic():
            world = self.load_world() or self.build_world(communes, agencies)
        self.say(
            f"world: {len(world.units)} units, {len(world.communes)} communes/wards, "
            f"{len(world.commune_committee) + 1} committees, {len(world.campaigns)} campaigns"
        )
        self.world = world
        with transaction.atomic():
            dropped = self.prepare_bulk()
            loader = self.seed_initiatives(world, n, long_history=existing == 0)
            self.finish_bulk(dropped, loader)
            # The loader bypasses the ORM (COPY / bulk_create): count the campaigns it filled in one
            # GROUP BY each, in the load's transaction.
            rows = rebuild_counts(sorted(c.pk for c in world.campaigns.values()))
            self.say(f"counted: {rows} count rows")
        if self.use_copy:
            self.analyze(loader)
        counts = ", ".join(f"{m.__name__}={c}" for m, c in loader.counts.items())
        self.say(f"done: {counts}")

    def analyze(self, loader: Loader) -> None:
        """Give the planner statistics on every table the run bulk-wrote (VACUUM too, outside a transaction)."""
        # VACUUM sets the visibility map (index-only scans, fast counts); it cannot run inside
        # a transaction (a test's), where ANALYZE alone keeps the planner's statistics right.
        verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        # The tree, users and committees were bulk-inserted too: without statistics the planner
        # guesses one row for `path LIKE …` and picks nested loops over the whole table.
        world_models = [
            Unit,
            UnitMembership,
            SteeringCommittee,
            CommitteeMembership,
            Campaign,
            CriteriaSet,
            Criterion,
            InitiativeCount,
        ]
        with connection.cursor() as cursor:
            for model in loader.fields:
                cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")
            for model in [*world_models, get_user_model()]:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self.say(f"{verb.lower()} done")

    def say(self, message: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:7.1f}s] {message}")
        self.stdout.flush()

    # ----- bulk loading -----------------------------------------------------------------------
    BULK_MODELS = tuple(BULK_COLUMNS)

    def prepare_bulk(self) -> list[tuple[str, str]]:
        """On PostgreSQL: skip FK triggers, give index builds memory, and drop secondary indexes."""
        if not self.use_copy:
            return []
        dropped: list[tuple[str, str]] = []
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except Exception:  # not a superuser: foreign keys are checked row by row, slower but fine
                self.say("note: cannot skip foreign-key triggers (not a superuser)")
            for model in self.BULK_MODELS:
                table = model._meta.db_table
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    dropped.append((name, definition))
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        self.say(f"dropped {len(dropped)} secondary indexes for the load")
        return dropped

    def finish_bulk(self, dropped: list[tuple[str, str]], loader: Loader) -> None:
        if not self.use_copy:
            return
        with connection.cursor() as cursor:
            for name, definition in dropped:
                started = time.monotonic()
                cursor.execute(definition)
                self.say(f"rebuilt index {name} ({time.monotonic() - started:.1f}s)")
            for sql in connection.ops.sequence_reset_sql(no_style(), list(loader.fields)):
                cursor.execute(sql)

    # ----- initiatives ------------------------------------------------------------------------
    def seed_initiatives(self, w: World, n: int, long_history: bool) -> Loader:
        """Write `n` initiatives over the years, with their history; return the flushed loader."""
        loader = Loader(self.use_copy)
        self.loader = loader
        for model, columns in BULK_COLUMNS.items():
            loader.register(model, columns)
        self.fields = list(Field.objects.filter(active=True).values_list("pk", "code"))
        self.unit_ids, weights = self._registering_units(w)
        self.unit_cum = list(accumulate(weights))
        self.decisions: dict[tuple[int, int], list] = {}  # (committee, year) → [id, count, decided_on]
        self.decision_seq = self._decision_numbers_so_far()
        self.pending_decisions: list[tuple] = []
        self.revoked_decisions: dict[tuple[int, int], tuple] = {}  # (committee, year) → its revoked decision
        self.earlier: dict[int, list[int]] = defaultdict(list)  # unit → ids from earlier years
        self.recognized_pool: list[int] = []
        self.awards = 0  # commendations written, for the few recovered (`history.RECOVERED_EVERY`)

        self.done, self.step = 0, max(1, n // 20)
        for year, count in zip(YEARS, split_counts(n, YEAR_WEIGHTS), strict=True):
            self._seed_year(w, year, count, n, long_history)
        self.write_decisions(w)
        loader.flush_all()
        self.say(f"loaded {self.done} initiatives")
        return loader

    def _registering_units(self, w: World) -> tuple[list[int], list[int]]:
        """Return the units that register initiatives and their weights (the busy commune's multiplied)."""
        # Where initiatives come from: hamlets most, then communes, agencies, the Front and mass organisations.
        unit_ids, weights = [], []
        busy = min(w.communes)  # C001, built first: the commune whose people the scenarios sign in as
        for pk, info in w.units.items():
            weight = {
                UnitKind.HAMLET: 5,
                UnitKind.URBAN_HAMLET: 5,
                UnitKind.COMMUNE: 12,
                UnitKind.WARD: 12,
                UnitKind.AGENCY: 15,
                UnitKind.FRONT: 40,
            }.get(info["kind"], 0)
            if info["commune"] == busy:
                weight *= BUSY_COMMUNE_SHARE
            if weight and w.staff.get(pk):
                unit_ids.append(pk)
                weights.append(weight)
        return unit_ids, weights

    def _decision_numbers_so_far(self) -> defaultdict[tuple[int, int], int]:
        """Return the last decision number per (committee, year): numbers go on after an earlier run (--force)."""
        decision_seq: defaultdict[tuple[int, int], int] = defaultdict(int)
        for committee_id, number in RecognitionDecision.objects.values_list("committee_id", "number"):
            seq, _sep, year = number.partition("/QĐ-BCĐ/")
            if seq.isdigit() and year.isdigit():
                key = (committee_id, int(year))
                decision_seq[key] = max(decision_seq[key], int(seq))
        return decision_seq

    def _seed_year(self, w: World, year: int, count: int, n: int, long_history: bool) -> None:
        """Write one year's `count` initiatives in states drawn from that year's shares; keep a few per unit."""
        rnd = self.rnd
        campaign = w.campaigns[year]
        table = RUNNING_STATES if year == CURRENT_YEAR else SUMMARIZED_STATES
        states = list(table)
        cum = list(accumulate(table.values()))
        this_year: dict[int, list[int]] = defaultdict(list)
        for i in range(count):
            state = rnd.choices(states, cum_weights=cum)[0]
            unit_id = rnd.choices(self.unit_ids, cum_weights=self.unit_cum)[0]
            if long_history and year == CURRENT_YEAR and i == 0:
                pk = self.add_long_history(w, campaign)
                this_year[self._first_hamlet(w)].append(pk)
                self.done += 1
                continue
            pk = self.add_initiative(w, campaign, year, unit_id, state)
            this_year[unit_id].append(pk)
            self.done += 1
            if self.done % self.step == 0:
                elapsed = time.monotonic() - self.started
                self.say(f"{self.done:>9}/{n} initiatives ({self.done / elapsed:,.0f}/s overall)")
        for unit_id, ids in this_year.items():
            kept = self.earlier[unit_id]
            kept.extend(ids[-8:])
            del kept[:-16]
