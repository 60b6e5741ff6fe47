"""One benchmark initiative and everything its history left behind, written as rows (no lifecycle calls)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from campaigns.models import (
    Campaign,
    InitiativeKind,
    Level,
)
from campaigns.text import fold
from models_registry.lifecycle import MOVES, REVOCATION
from models_registry.models import (
    SEARCH_CONTENT_CHARS,
    Attachment,
    AttachmentPurpose,
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    CommendationProposalState,
    Effectiveness,
    Initiative,
    Inspection,
    Nomination,
    NominationState,
    Origin,
    ScoreItem,
    ScoreSheet,
    State,
    Subject,
    TransitionLog,
)

from .data import (
    ADVANTAGES,
    ASKED_FOR_RECOGNITION,
    COMMENTS,
    CURRENT_YEAR,
    DIFFICULTIES,
    FAMILY,
    FINDINGS,
    FORCES,
    GIVEN,
    GOALS,
    LONG_HISTORY,
    OUTPUTS,
    PATHS,
    PLAN_NOTES,
    PURPOSE,
    RESOURCES,
    RESULTS,
    SITUATION,
    SOLUTIONS,
    STAFF_ACTIONS,
    SUSTAINABILITY,
    TARGET_GROUP,
    TITLES,
    fold_cached,
)
from .decisions import DecisionWriter, Revocation
from .world import World

# The states a committee scored and decided: three sheets each (passing ones, but for "not recognized").
DECIDED = (State.RECOGNIZED, State.RECOGNITION_REVOKED, State.NOT_RECOGNIZED)
# The hour a revocation is logged at (its decision is written at 8:30 that day).
REVOKED_AT = datetime.time(10, 0)


# One award in forty, the first included, is recovered by its authority (counted, not drawn: the random
# stream stays what it was), with this reason (Law 06/2022).
RECOVERED_EVERY = 40
RECOVERY_REASON = "Khi xét khen thưởng, cá nhân trong tập thể đang bị xem xét kỷ luật."


def _recovery(pk: int, day: datetime.date, today: datetime.date) -> tuple[str, datetime.date] | None:
    """The recovering decision of an award of `day`, two months on when that day has come: number and date."""
    on = day + datetime.timedelta(days=60)
    return (f"{pk % 900 + 100}/QĐ-UBND", on) if on < today else None


def _commendation_authority(kind: str, pk: int, day: datetime.date) -> tuple[str, str]:
    """Return a plausible (level, authority) for a commendation: spread by id, not by a random draw."""
    if kind == CommendationKind.HIGHER_CERTIFICATE_OF_MERIT:
        if pk % 10 == 0:
            return CommendationLevel.CENTRAL, "Ban Dân vận Trung ương"
        return CommendationLevel.PROVINCE, "Chủ tịch UBND tỉnh Vĩnh Long"
    if pk % 4 == 0:
        return CommendationLevel.PROVINCE, "Ban Dân vận Tỉnh ủy Vĩnh Long"
    # Districts were dissolved in the 2025 reorganisation: their certificates are older.
    if day.year < 2025 and pk % 2:
        return CommendationLevel.DISTRICT, "Chủ tịch UBND huyện"
    return CommendationLevel.COMMUNE, "Chủ tịch UBND xã"


def _person(rnd: random.Random) -> str:
    return f"{rnd.choice(FAMILY)} {rnd.choice(GIVEN)}"


@dataclass
class Record:
    """One initiative being written: what each step drew, for the steps after it."""

    unit_id: int
    state: str
    pk: int = 0
    campaign_id: int = 0
    year: int = 0
    field_id: int = 0
    kind: str = InitiativeKind.MODEL
    subject: str = Subject.COLLECTIVE
    origin: str = Origin.NEW
    continues: int | None = None
    replicates: int | None = None
    place: str = ""
    name: str = ""
    area: str = ""
    situation: list[str] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    incomplete: bool = False
    search_text: str = ""
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    path: tuple[str, ...] = ()
    committee_id: int = 0
    level: str = Level.COMMUNE
    decision_id: int | None = None
    final_day: datetime.date | None = None
    revocation: Revocation | None = None  # the decision that took back its recognition, if any
    created_at: datetime.datetime | None = None
    end_at: datetime.datetime | None = None
    times: list[datetime.datetime] = field(default_factory=list)
    staff: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)
    leader_id: int = 0
    submitted_at: datetime.datetime | None = None
    approved_at: datetime.datetime | None = None
    requested_at: datetime.datetime | None = None
    last_inspected: datetime.date | None = None


def _search_text(r: Record) -> str:
    """Fold the name and text as Initiative.normalize() does, piece by piece (cached) when no truncation applies."""
    pieces = [r.name, *r.situation, *r.purpose, *r.goals, *r.solutions, *r.target, r.area]
    if len(" ".join(pieces)) - len(r.name) - 1 > SEARCH_CONTENT_CHARS:  # keep normalize()'s truncation exact
        content = " ".join(
            [
                " ".join(r.situation),
                " ".join(r.purpose),
                " ".join(r.goals),
                " ".join(r.solutions),
                " ".join(r.target),
                r.area,
            ]
        )
        return fold(f"{r.name} {content[:SEARCH_CONTENT_CHARS]}")
    return " ".join(fold_cached(p) if p is not r.name else fold(p) for p in pieces)


class InitiativeWriter(DecisionWriter):
    """Write initiatives with their logs, inspections, score sheets, evidence, decisions and commendations."""

    def _first_hamlet(self, w: World) -> int:
        first_commune = w.communes[0]
        return min(pk for pk, info in w.units.items() if info["parent"] == first_commune)

    def _committee_for(self, w: World, unit_id: int, rnd: random.Random) -> int:
        commune = w.units[unit_id]["commune"]
        if commune and rnd.random() < 0.8:
            return w.commune_committee[commune]
        return w.province_committee

    def _text(self, rnd: random.Random, pool: list[str], k: int) -> list[str]:
        return rnd.sample(pool, k) if k <= len(pool) else [rnd.choice(pool) for _ in range(k)]

    def add_initiative(
        self,
        w: World,
        campaign: Campaign,
        year: int,
        unit_id: int,
        state: str,
        path: tuple[str, ...] | None = None,
        extra_inspections: int = 0,
    ) -> int:
        """Write one initiative in `state` with every row its history left; return its id.

        The steps draw from one random stream in a fixed order: reordering them changes every row after.
        """
        r = self._describe(w, year, unit_id, state)
        r.campaign_id, r.year = campaign.pk, year
        self._schedule(w, r, path)
        r.pk = self.loader.next_ids[Initiative]
        self.loader.next_ids[Initiative] += 1
        self._write_logs(r)
        self._write_inspections(r, extra_inspections)
        self._write_score_sheets(w, r, kind=r.kind)
        self._write_evidence(r)
        if state == State.RECOGNIZED:
            self._write_recognition(r)
            self._write_later_steps(w, r)
        self._write_row(r)
        return r.pk

    def _describe(self, w: World, year: int, unit_id: int, state: str) -> Record:
        """Draw what the initiative is: field, kind, lineage, name and registration text."""
        rnd = self.rnd
        unit = w.units[unit_id]
        r = Record(unit_id=unit_id, state=state)
        r.field_id, field_code = rnd.choice(self.fields)
        r.kind = InitiativeKind.EXEMPLAR if rnd.random() < 0.25 else InitiativeKind.MODEL
        exemplar = r.kind == InitiativeKind.EXEMPLAR
        r.subject = Subject.INDIVIDUAL if (exemplar and rnd.random() < 0.6) else Subject.COLLECTIVE
        earlier = self.earlier.get(unit_id)
        roll = rnd.random()
        if earlier and roll < 0.3:
            r.origin, r.continues = Origin.MAINTAINED, rnd.choice(earlier)
        elif self.recognized_pool and roll < 0.4:
            r.origin, r.replicates = Origin.REPLICATED, rnd.choice(self.recognized_pool)

        title = rnd.choice(TITLES[field_code])
        r.place = place = unit["name"]
        if r.subject == Subject.INDIVIDUAL:
            r.name = f"Điển hình “{_person(rnd)} – {title.lower()}” ({place})"
        else:
            r.name = f"{'Mô hình' if r.kind == InitiativeKind.MODEL else 'Điển hình'} “{title}” ở {place}"
        commune_name = w.units[unit["commune"]]["name"] if unit["commune"] else "tỉnh Vĩnh Long"
        r.area = place if place == commune_name else f"{place}, {commune_name}"
        r.situation = self._text(rnd, SITUATION, 2)
        r.purpose = self._text(rnd, PURPOSE, 1)
        r.goals = self._text(rnd, GOALS, 2)
        r.solutions = self._text(rnd, SOLUTIONS, 3)
        r.target = self._text(rnd, TARGET_GROUP, 1)
        r.incomplete = state == State.DRAFT and rnd.random() < 0.4
        r.search_text = _search_text(r)
        r.starts = datetime.date(year, rnd.randint(2, 5), rnd.randint(1, 28))
        r.ends = min(r.starts + datetime.timedelta(days=rnd.randint(95, 215)), datetime.date(year, 12, 31))
        return r

    def _schedule(self, w: World, r: Record, path: tuple[str, ...] | None) -> None:
        """Choose the path, the committee (and decision) and when each move happened, all in the past."""
        rnd, year, state = self.rnd, r.year, r.state
        if path is None:
            path = rnd.choices(PATHS[state], cum_weights=_path_weights(len(PATHS[state])))[0]
        r.path = path
        r.committee_id = self._committee_for(w, r.unit_id, rnd)
        # The level it aims at is its acting committee's (no draw: the random stream stays as before levels).
        r.level = Level.PROVINCE if w.committee_unit[r.committee_id] == w.province.pk else Level.COMMUNE
        if state == State.RECOGNIZED:
            r.decision_id, r.final_day = self._decision(w, r.committee_id, year)
        elif state == State.RECOGNITION_REVOKED:
            r.decision_id, r.final_day, r.revocation = self._revoked_decision(w, r.committee_id, year)
        if year == CURRENT_YEAR:
            late = datetime.date(year, 6, 30) if path and len(path) > 2 else datetime.date(year, 11, 15)
            created_day = _random_day(rnd, datetime.date(year, 1, 15), late)
            end_day = r.final_day or (self.now.date() - datetime.timedelta(days=1))
        else:
            created_day = _random_day(rnd, datetime.date(year, 1, 15), datetime.date(year, 3, 25))
            end_day = r.final_day or datetime.date(year, 12, 20)
        r.created_at = self._aware(
            datetime.datetime.combine(created_day, datetime.time(rnd.randint(7, 16), rnd.randint(0, 59)))
        )
        r.end_at = self._aware(datetime.datetime.combine(end_day, datetime.time(9, 0)))
        span = (r.end_at - r.created_at).total_seconds()
        r.times = sorted(r.created_at + datetime.timedelta(seconds=rnd.uniform(0.02, 0.97) * span) for _ in path)
        if r.final_day is not None and r.times:
            r.times[-1] = r.end_at
        if r.revocation is not None:  # recognized on its decision's day, revoked on the later one's
            r.times[-2:] = [r.end_at, self._aware(datetime.datetime.combine(r.revocation.decided_on, REVOKED_AT))]
        r.staff = w.staff[r.unit_id]
        r.members = w.members[r.committee_id]
        r.leader_id = w.leader[r.committee_id][0]

    def _write_logs(self, r: Record) -> None:
        """Write one TransitionLog row per move of the path; note when it was submitted, approved, requested."""
        rnd = self.rnd
        current = State.DRAFT
        for action, at in zip(r.path, r.times, strict=True):
            target_state = MOVES[action].target
            if action in STAFF_ACTIONS:
                actor = rnd.choice(r.staff)
            elif action == "recognize" or MOVES[action].who == "leader":
                actor = r.leader_id
            else:
                actor = rnd.choice(r.members)
            if action == "approve":
                comment = rnd.choice(PLAN_NOTES)
                r.approved_at = at
            elif action == REVOCATION.action:
                comment = r.revocation.comment
            else:
                comment = rnd.choice(COMMENTS[action]) if action in COMMENTS else ""
            if action == "submit":
                r.submitted_at = at
            if action == "request_recognition":
                r.requested_at = at
            self.loader.add(TransitionLog, r.pk, action, current, target_state, actor, comment, at)
            current = target_state
        assert current == r.state, (r.state, r.path)

    def _write_inspections(self, r: Record, extra_inspections: int) -> None:
        """Inspections while approved: every request for recognition has one; most approved ones too."""
        rnd, loader, members = self.rnd, self.loader, r.members
        if r.approved_at is None or r.state == State.WITHDRAWN:
            return
        n_inspections = extra_inspections or (
            rnd.choice((1, 1, 2)) if r.state in ASKED_FOR_RECOGNITION else (1 if rnd.random() < 0.65 else 0)
        )
        stop = r.requested_at or r.end_at
        for _k in range(n_inspections):
            day = (r.approved_at + (stop - r.approved_at) * rnd.uniform(0.1, 0.9)).date()
            inspection = loader.add(
                Inspection,
                r.pk,
                day,
                rnd.randint(40, 100),
                rnd.choice(Effectiveness.values),
                rnd.choice(FINDINGS),
                "",
                rnd.choice(members),
                self._aware(datetime.datetime.combine(day, datetime.time(16, 0))),
            )
            loader.add(Inspection.inspectors.through, inspection, rnd.choice(members))
            r.last_inspected = day if r.last_inspected is None or day > r.last_inspected else r.last_inspected
        if rnd.random() < 0.3:
            loader.add(Initiative.supporting_cadres.through, r.pk, rnd.choice(members))

    def _write_score_sheets(self, w: World, r: Record, kind: str) -> None:
        """Score sheets: three for a decided request, a few (some not yet submitted) for an open one."""
        rnd, state = self.rnd, r.state
        if not (state in DECIDED or (state == State.RECOGNITION_REQUESTED and rnd.random() < 0.5)):
            return
        criteria = w.criteria[(r.campaign_id, kind)]
        n_sheets = 3 if state != State.RECOGNITION_REQUESTED else rnd.randint(1, 2)
        low, high = (14, 20) if state != State.NOT_RECOGNIZED else (7, 15)
        for member in rnd.sample(r.members, min(n_sheets, len(r.members))):
            points = [rnd.randint(low, min(high, maximum)) for _c, maximum in criteria]
            sheet_at = (r.requested_at or r.end_at) + datetime.timedelta(days=rnd.randint(1, 5))
            if sheet_at >= self.now:
                sheet_at = self.now - datetime.timedelta(hours=1)
            submitted = None if (state == State.RECOGNITION_REQUESTED and rnd.random() < 0.3) else sheet_at
            sheet = self.loader.add(ScoreSheet, r.pk, member, Decimal(sum(points)), submitted, sheet_at)
            for (criterion_id, _m), value in zip(criteria, points, strict=True):
                self.loader.add(ScoreItem, sheet, criterion_id, Decimal(value), "")

    def _write_evidence(self, r: Record) -> None:
        """The unit's two evidence files, for every initiative that asked for recognition."""
        if r.state not in ASKED_FOR_RECOGNITION:
            return
        rnd = self.rnd
        uploaded = r.requested_at or r.end_at
        for original, content_type, size in (
            ("bao-cao-ket-qua.pdf", "application/pdf", rnd.randint(80_000, 900_000)),
            ("hinh-anh-cong-trinh.jpg", "image/jpeg", rnd.randint(200_000, 2_500_000)),
        ):
            self.loader.add(
                Attachment,
                r.pk,
                None,
                AttachmentPurpose.EVIDENCE,
                f"evidence/{r.pk}/{original}",
                original,
                content_type,
                size,
                rnd.choice(r.staff),
                uploaded,
            )

    def _write_recognition(self, r: Record) -> None:
        """A commendation now and then; keep a sample of recognized ids for later replications."""
        rnd = self.rnd
        if rnd.random() < 0.08:
            day = min(r.final_day + datetime.timedelta(days=12), self.now.date() - datetime.timedelta(days=1))
            award = (
                CommendationKind.HIGHER_CERTIFICATE_OF_MERIT
                if rnd.random() < 0.3
                else CommendationKind.CERTIFICATE_OF_MERIT
            )
            # The level follows from the award and the id, not from another draw: the random
            # stream, and so every row after this one, stays what it was before levels.
            level, authority = _commendation_authority(award, r.pk, day)
            recorded = self._aware(datetime.datetime.combine(day, datetime.time(10, 0)))
            # What changed it since: its recovery by the authority, for a few (`_recovery`), else nothing.
            self.awards += 1
            recovery = _recovery(r.pk, day, self.now.date()) if self.awards % RECOVERED_EVERY == 1 else None
            if recovery is not None:
                number, on = recovery
                recovered_at = self._aware(datetime.datetime.combine(on, datetime.time(9, 0)))
                changed = (recovered_at, number, on, RECOVERY_REASON, r.leader_id, recovered_at)
            else:
                changed = (recorded, "", None, "", None, None)
            self.loader.add(
                Commendation,
                r.pk,
                award,
                level,
                authority,
                f"{rnd.randint(100, 3999)}/QĐ-UBND",
                day,
                r.place,
                r.leader_id,
                recorded,
                *changed,
            )
        if len(self.recognized_pool) < 5000:
            self.recognized_pool.append(r.pk)
        elif rnd.random() < 0.01:
            self.recognized_pool[rnd.randrange(5000)] = r.pk

    def _write_later_steps(self, w: World, r: Record) -> None:
        """Nominations to the province and commendation proposals, spread by id (no draw: the random
        stream, and so every row after this one, stays what it was before them).

        One commune-level recognition in eight is nominated: accepted by a provincial decision, returned,
        or (this year) still waiting; one recognition in eleven is proposed for a certificate of merit:
        waiting this year, declined or granted in past years (the funnel's later steps, issue 15).
        """
        at = self._aware(datetime.datetime.combine(r.final_day, datetime.time(15, 0)))
        later = at + datetime.timedelta(days=20)
        current = r.year == CURRENT_YEAR
        if r.level == Level.COMMUNE and r.pk % 8 == 0:
            self._write_nomination(w, r, at, later, current)
        if r.pk % 11 == 0:
            self._write_commendation_proposal(r, at, later, current)

    def _write_nomination(
        self, w: World, r: Record, at: datetime.datetime, later: datetime.datetime, current: bool
    ) -> None:
        turn = (r.pk // 8) % (3 if current else 2)
        state = [NominationState.ACCEPTED, NominationState.RETURNED, NominationState.PROPOSED][turn]
        decision_id = self._decision(w, w.province_committee, r.year)[0] if turn == 0 else None
        self.loader.add(
            Nomination,
            r.pk,
            r.committee_id,
            w.province_committee,
            state,
            r.decision_id,
            "Mô hình tiêu biểu của xã, đề nghị Ban Chỉ đạo tỉnh công nhận.",
            "Chưa đủ minh chứng nhân rộng." if state == NominationState.RETURNED else "",
            decision_id,
            r.leader_id,
            at,
            None if state == NominationState.PROPOSED else later,
        )

    def _write_commendation_proposal(
        self, r: Record, at: datetime.datetime, later: datetime.datetime, current: bool
    ) -> None:
        turn = (r.pk // 11) % 2
        state = (
            CommendationProposalState.PROPOSED
            if current
            else [CommendationProposalState.GRANTED, CommendationProposalState.DECLINED][turn]
        )
        closed = state != CommendationProposalState.PROPOSED
        self.loader.add(
            CommendationProposal,
            r.pk,
            CommendationKind.CERTIFICATE_OF_MERIT,
            CommendationLevel.PROVINCE,
            r.committee_id,
            "Có thành tích xuất sắc trong phong trào thi đua Dân vận khéo.",
            state,
            "Chưa đủ tiêu chuẩn." if state == CommendationProposalState.DECLINED else "",
            r.leader_id,
            at,
            r.leader_id if closed else None,
            later if closed else None,
        )

    def _write_row(self, r: Record) -> None:
        """Queue the initiative's own row (the rest of its text is drawn here); flush parents before children."""
        rnd, incomplete, state = self.rnd, r.incomplete, r.state
        reached_approval = r.approved_at is not None
        row = (
            r.campaign_id,
            r.unit_id,
            r.field_id,
            r.kind,
            r.subject,
            r.origin,
            r.continues,
            r.replicates,
            r.name,
            " ".join(r.situation),
            " ".join(r.purpose),
            " ".join(r.goals),
            " ".join(r.solutions),
            r.area,
            "" if incomplete else f"Số {rnd.randint(1, 300)}, {r.area}",
            rnd.choice(FORCES),
            " ".join(r.target),
            rnd.choice(RESOURCES),
            None if incomplete else r.starts,
            None if incomplete else r.ends,
            "" if incomplete else rnd.choice(OUTPUTS),
            "" if incomplete else rnd.choice(SUSTAINABILITY),
            rnd.choice(ADVANTAGES),
            rnd.choice(DIFFICULTIES),
            "" if incomplete else f"{_person(rnd)}, 0{rnd.randint(900_000_000, 999_999_999)}",
            state,
            rnd.choice(PLAN_NOTES) if reached_approval else "",
            "Theo bộ tiêu chí của đợt phát động." if reached_approval else "",
            rnd.choice(RESULTS) if r.requested_at is not None else "",
            r.decision_id,
            state == State.RECOGNIZED and rnd.random() < 0.1,
            state == State.RECOGNIZED and rnd.random() < 0.01,
            1 + len(r.path),
            r.search_text,
            rnd.choice(r.staff),
            r.created_at,
            r.times[-1] if r.times else r.created_at,
            r.submitted_at,
            r.last_inspected,
            r.level,
        )
        self.loader.add_parent(Initiative, r.pk, *row)

    def add_long_history(self, w: World, campaign: Campaign) -> int:
        """One initiative with a long history (returned ten times, evidence asked for eight times)."""
        # Its predecessors must exist before it refers to them: it has none (origin new is likely, not forced).
        saved = self.earlier, self.recognized_pool
        self.earlier, self.recognized_pool = defaultdict(list), []
        try:
            return self.add_initiative(
                w,
                campaign,
                CURRENT_YEAR,
                self._first_hamlet(w),
                State.RECOGNITION_REQUESTED,
                path=LONG_HISTORY,
                extra_inspections=6,
            )
        finally:
            self.earlier, self.recognized_pool = saved


def accumulate(values):
    total = 0
    for v in values:
        total += v
        yield total


def _path_weights(n: int) -> list[int]:
    """The first path is the common one (80%); the others share the rest."""
    if n == 1:
        return [1]
    rest = 20 / (n - 1)
    return list(accumulate([80] + [rest] * (n - 1)))


def split_counts(n: int, weights) -> list[int]:
    total = sum(weights)
    counts = [n * w // total for w in weights]
    counts[-1] += n - sum(counts)
    return counts


def _random_day(rnd: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rnd.randint(0, (end - start).days))
