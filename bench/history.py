"""One benchmark initiative and everything its history left behind, written as rows (no lifecycle calls)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from campaigns.models import (
    Campaign,
    InitiativeKind,
    Level,
)
from campaigns.text import fold
from models_registry.lifecycle import TRANSITIONS
from models_registry.models import (
    SEARCH_CONTENT_CHARS,
    Attachment,
    AttachmentPurpose,
    Commendation,
    CommendationKind,
    CommendationLevel,
    Effectiveness,
    Initiative,
    Inspection,
    Origin,
    RecognitionDecision,
    ScoreItem,
    ScoreSheet,
    State,
    Subject,
    TransitionLog,
)

from .data import (
    ADVANTAGES,
    COMMENTS,
    CURRENT_YEAR,
    DIFFICULTIES,
    EVIDENCE_STATES,
    FAMILY,
    FINDINGS,
    FORCES,
    GIVEN,
    GOALS,
    INSPECTED_STATES,
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
from .rows import cell
from .world import World


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


class InitiativeWriter:
    """Write initiatives with their logs, inspections, score sheets, evidence, decisions and commendations."""

    def _first_hamlet(self, w: World) -> int:
        first_commune = w.communes[0]
        return min(pk for pk, info in w.units.items() if info["parent"] == first_commune)

    def _committee_for(self, w: World, unit_id: int, rnd: random.Random) -> int:
        commune = w.units[unit_id]["commune"]
        if commune and rnd.random() < 0.8:
            return w.commune_committee[commune]
        return w.province_committee

    def _decision(self, w: World, committee_id: int, year: int) -> tuple[int, datetime.date]:
        """Return an open decision of this committee and year (one decision recognizes up to 60)."""
        key = (committee_id, year)
        current = self.decisions.get(key)
        if current is None or current[1] >= 60:
            self.decision_seq[key] += 1
            seq = self.decision_seq[key]
            day = datetime.date(year, 11, 10) if year == CURRENT_YEAR else datetime.date(year, 12, 10)
            day += datetime.timedelta(days=(seq - 1) % 8)
            current = [self.loader.next_ids[RecognitionDecision], 0, day, seq]
            self.loader.next_ids[RecognitionDecision] += 1
            self.decisions[key] = current
            self.pending_decisions.append((current[0], committee_id, year, seq, day))
        current[1] += 1
        return current[0], current[2]

    def write_decisions(self, w: World) -> None:
        loader = self.loader
        for pk, committee_id, year, seq, day in self.pending_decisions:
            unit_id = w.committee_unit[committee_id]
            level = Level.PROVINCE if unit_id == w.province.pk else Level.COMMUNE
            chair_id, chair_name = w.leader[committee_id]
            row = (
                committee_id,
                f"{seq:03d}/QĐ-BCĐ/{year}",
                day,
                chair_name,
                level,
                "",
                chair_id,
                self._aware(datetime.datetime.combine(day, datetime.time(8, 30))),
            )
            # The id was reserved when the first initiative was recognized under this decision.
            rows = loader.rows[RecognitionDecision]
            if loader.use_copy:
                rows.append("\t".join([str(pk), *map(cell, row)]))
            else:
                rows.append((pk, *row))
        loader.flush(RecognitionDecision)

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
        rnd, loader = self.rnd, self.loader
        unit = w.units[unit_id]
        field_id, field_code = rnd.choice(self.fields)
        kind = InitiativeKind.EXEMPLAR if rnd.random() < 0.25 else InitiativeKind.MODEL
        subject = Subject.INDIVIDUAL if (kind == InitiativeKind.EXEMPLAR and rnd.random() < 0.6) else Subject.COLLECTIVE
        origin, continues, replicates = Origin.NEW, None, None
        earlier = self.earlier.get(unit_id)
        roll = rnd.random()
        if earlier and roll < 0.3:
            origin, continues = Origin.MAINTAINED, rnd.choice(earlier)
        elif self.recognized_pool and roll < 0.4:
            origin, replicates = Origin.REPLICATED, rnd.choice(self.recognized_pool)

        title = rnd.choice(TITLES[field_code])
        place = unit["name"]
        if subject == Subject.INDIVIDUAL:
            name = f"Điển hình “{_person(rnd)} – {title.lower()}” ({place})"
        else:
            name = f"{'Mô hình' if kind == InitiativeKind.MODEL else 'Điển hình'} “{title}” ở {place}"
        commune_name = w.units[unit["commune"]]["name"] if unit["commune"] else "tỉnh Vĩnh Long"
        area = place if place == commune_name else f"{place}, {commune_name}"
        situation = self._text(rnd, SITUATION, 2)
        purpose = self._text(rnd, PURPOSE, 1)
        goals = self._text(rnd, GOALS, 2)
        solutions = self._text(rnd, SOLUTIONS, 3)
        target = self._text(rnd, TARGET_GROUP, 1)
        incomplete = state == State.DRAFT and rnd.random() < 0.4
        pieces = [name, *situation, *purpose, *goals, *solutions, *target, area]
        search_text = " ".join(fold_cached(p) if p is not name else fold(p) for p in pieces)
        if len(" ".join(pieces)) - len(name) - 1 > SEARCH_CONTENT_CHARS:  # keep normalize()'s truncation exact
            content = " ".join(
                [" ".join(situation), " ".join(purpose), " ".join(goals), " ".join(solutions), " ".join(target), area]
            )
            search_text = fold(f"{name} {content[:SEARCH_CONTENT_CHARS]}")

        starts = datetime.date(year, rnd.randint(2, 5), rnd.randint(1, 28))
        ends = min(starts + datetime.timedelta(days=rnd.randint(95, 215)), datetime.date(year, 12, 31))

        # Times: created in the registration window, then each move later, all in the past.
        final_day = None
        decision_id = None
        if path is None:
            path = rnd.choices(PATHS[state], cum_weights=_path_weights(len(PATHS[state])))[0]
        if state == State.RECOGNIZED:
            committee_id = self._committee_for(w, unit_id, rnd)
            decision_id, final_day = self._decision(w, committee_id, year)
        else:
            committee_id = self._committee_for(w, unit_id, rnd)
        if year == CURRENT_YEAR:
            late = datetime.date(year, 6, 30) if path and len(path) > 2 else datetime.date(year, 11, 15)
            created_day = _random_day(rnd, datetime.date(year, 1, 15), late)
            end_day = final_day or (self.now.date() - datetime.timedelta(days=1))
        else:
            created_day = _random_day(rnd, datetime.date(year, 1, 15), datetime.date(year, 3, 25))
            end_day = final_day or datetime.date(year, 12, 20)
        created_at = self._aware(
            datetime.datetime.combine(created_day, datetime.time(rnd.randint(7, 16), rnd.randint(0, 59)))
        )
        end_at = self._aware(datetime.datetime.combine(end_day, datetime.time(9, 0)))
        span = (end_at - created_at).total_seconds()
        times = sorted(created_at + datetime.timedelta(seconds=rnd.uniform(0.02, 0.97) * span) for _ in path)
        if final_day is not None and times:
            times[-1] = end_at

        staff = w.staff[unit_id]
        members = w.members[committee_id]
        leader_id = w.leader[committee_id][0]
        pk = loader.next_ids[Initiative]
        loader.next_ids[Initiative] += 1

        current = State.DRAFT
        submitted_at = None
        approved_at = None
        requested_at = None
        for action, at in zip(path, times, strict=True):
            target_state = TRANSITIONS[action].target
            if action in STAFF_ACTIONS:
                actor = rnd.choice(staff)
            elif action == "recognize":
                actor = leader_id
            else:
                actor = rnd.choice(members)
            if action == "approve":
                comment = rnd.choice(PLAN_NOTES)
                approved_at = at
            else:
                comment = rnd.choice(COMMENTS[action]) if action in COMMENTS else ""
            if action == "submit":
                submitted_at = at
            if action == "request_recognition":
                requested_at = at
            loader.add(TransitionLog, pk, action, current, target_state, actor, comment, at)
            current = target_state
        assert current == state, (state, path)

        # Inspections while approved: every request for recognition has one; most approved ones too.
        last_inspected = None
        if approved_at is not None and state != State.WITHDRAWN:
            n_inspections = extra_inspections or (
                rnd.choice((1, 1, 2)) if state in INSPECTED_STATES else (1 if rnd.random() < 0.65 else 0)
            )
            stop = requested_at or end_at
            for _k in range(n_inspections):
                day = (approved_at + (stop - approved_at) * rnd.uniform(0.1, 0.9)).date()
                inspection = loader.add(
                    Inspection,
                    pk,
                    day,
                    rnd.randint(40, 100),
                    rnd.choice(Effectiveness.values),
                    rnd.choice(FINDINGS),
                    "",
                    rnd.choice(members),
                    self._aware(datetime.datetime.combine(day, datetime.time(16, 0))),
                )
                loader.add(Inspection.inspectors.through, inspection, rnd.choice(members))
                last_inspected = day if last_inspected is None or day > last_inspected else last_inspected
            if rnd.random() < 0.3:
                loader.add(Initiative.supporting_cadres.through, pk, rnd.choice(members))

        # Score sheets: three for a decided request, a few (some not yet submitted) for an open one.
        if state in (State.RECOGNIZED, State.NOT_RECOGNIZED) or (
            state == State.RECOGNITION_REQUESTED and rnd.random() < 0.5
        ):
            criteria = w.criteria[(campaign.pk, kind)]
            n_sheets = 3 if state != State.RECOGNITION_REQUESTED else rnd.randint(1, 2)
            low, high = (14, 20) if state != State.NOT_RECOGNIZED else (7, 15)
            for member in rnd.sample(members, min(n_sheets, len(members))):
                points = [rnd.randint(low, min(high, maximum)) for _c, maximum in criteria]
                sheet_at = (requested_at or end_at) + datetime.timedelta(days=rnd.randint(1, 5))
                if sheet_at >= self.now:
                    sheet_at = self.now - datetime.timedelta(hours=1)
                submitted = None if (state == State.RECOGNITION_REQUESTED and rnd.random() < 0.3) else sheet_at
                sheet = loader.add(ScoreSheet, pk, member, Decimal(sum(points)), submitted, sheet_at)
                for (criterion_id, _m), value in zip(criteria, points, strict=True):
                    loader.add(ScoreItem, sheet, criterion_id, Decimal(value), "")

        if state in EVIDENCE_STATES:
            uploaded = requested_at or end_at
            for original, content_type, size in (
                ("bao-cao-ket-qua.pdf", "application/pdf", rnd.randint(80_000, 900_000)),
                ("hinh-anh-cong-trinh.jpg", "image/jpeg", rnd.randint(200_000, 2_500_000)),
            ):
                loader.add(
                    Attachment,
                    pk,
                    None,
                    AttachmentPurpose.EVIDENCE,
                    f"evidence/{pk}/{original}",
                    original,
                    content_type,
                    size,
                    rnd.choice(staff),
                    uploaded,
                )

        if state == State.RECOGNIZED:
            if rnd.random() < 0.08:
                day = min(final_day + datetime.timedelta(days=12), self.now.date() - datetime.timedelta(days=1))
                award = (
                    CommendationKind.HIGHER_CERTIFICATE_OF_MERIT
                    if rnd.random() < 0.3
                    else CommendationKind.CERTIFICATE_OF_MERIT
                )
                # The level follows from the award and the id, not from another draw: the random
                # stream, and so every row after this one, stays what it was before levels.
                level, authority = _commendation_authority(award, pk, day)
                loader.add(
                    Commendation,
                    pk,
                    award,
                    level,
                    authority,
                    f"{rnd.randint(100, 3999)}/QĐ-UBND",
                    day,
                    place,
                    leader_id,
                    self._aware(datetime.datetime.combine(day, datetime.time(10, 0))),
                )
            if len(self.recognized_pool) < 5000:
                self.recognized_pool.append(pk)
            elif rnd.random() < 0.01:
                self.recognized_pool[rnd.randrange(5000)] = pk

        reached_approval = approved_at is not None
        reached_request = requested_at is not None
        updated_at = times[-1] if times else created_at
        row = (
            campaign.pk,
            unit_id,
            field_id,
            kind,
            subject,
            origin,
            continues,
            replicates,
            name,
            " ".join(situation),
            " ".join(purpose),
            " ".join(goals),
            " ".join(solutions),
            area,
            "" if incomplete else f"Số {rnd.randint(1, 300)}, {area}",
            rnd.choice(FORCES),
            " ".join(target),
            rnd.choice(RESOURCES),
            None if incomplete else starts,
            None if incomplete else ends,
            "" if incomplete else rnd.choice(OUTPUTS),
            "" if incomplete else rnd.choice(SUSTAINABILITY),
            rnd.choice(ADVANTAGES),
            rnd.choice(DIFFICULTIES),
            "" if incomplete else f"{_person(rnd)}, 0{rnd.randint(900_000_000, 999_999_999)}",
            state,
            rnd.choice(PLAN_NOTES) if reached_approval else "",
            "Theo bộ tiêu chí của đợt phát động." if reached_approval else "",
            rnd.choice(RESULTS) if reached_request else "",
            decision_id,
            state == State.RECOGNIZED and rnd.random() < 0.1,
            state == State.RECOGNIZED and rnd.random() < 0.01,
            1 + len(path),
            search_text,
            rnd.choice(staff),
            created_at,
            updated_at,
            submitted_at,
            last_inspected,
        )
        rows = loader.rows[Initiative]
        if loader.use_copy:
            rows.append("\t".join([str(pk), *map(cell, row)]))
        else:
            rows.append((pk, *row))
        if len(rows) >= loader.flush_rows:
            # Parents first: children reference them (checked on SQLite, where triggers run).
            loader.flush(Initiative)
            for model in loader.rows:
                if model is not Initiative:
                    loader.flush(model)
        return pk

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
