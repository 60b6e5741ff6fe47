"""The benchmark's recognition decisions: the batches that recognize a committee's year, and the few
recognitions revoked by a later decision (Decree 30), written as rows like the rest (no `amend` calls).

The recognitions revoked in a committee's year have a small supplementary decision of their own
(revoking a batch would take back sixty): that decision is flagged `revoked`, and a second one
`amends` it with `amendment="revoke"` and a reason, as `RecognitionDecision.amend` leaves them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from campaigns.models import Level
from models_registry.models import Amendment, RecognitionDecision

from .data import CURRENT_YEAR, REVOCATION_REASONS
from .world import World

# One decision recognizes up to this many initiatives of its committee and year.
BATCH = 60


@dataclass(frozen=True)
class Revocation:
    """The decision that took back one initiative's recognition: what its log row says, and when."""

    number: str
    decided_on: datetime.date
    reason: str

    @property
    def comment(self) -> str:
        """The log row's comment, as `RecognitionDecision.amend` writes it: the decision, then the reason."""
        return RecognitionDecision(number=self.number, decided_on=self.decided_on, reason=self.reason).log_comment


def _number(seq: int, year: int) -> str:
    return f"{seq:03d}/QĐ-BCĐ/{year}"


class DecisionWriter:
    """Reserve decision ids while the initiatives are written; write the decision rows at the end."""

    def _decision(self, w: World, committee_id: int, year: int) -> tuple[int, datetime.date]:
        """Return an open decision of this committee and year (one decision recognizes up to `BATCH`)."""
        key = (committee_id, year)
        current = self.decisions.get(key)
        if current is None or current[1] >= BATCH:
            day = datetime.date(year, 11, 10) if year == CURRENT_YEAR else datetime.date(year, 12, 10)
            pk, seq = self._reserve(key)
            day += datetime.timedelta(days=(seq - 1) % 8)
            current = [pk, 0, day, seq]
            self.decisions[key] = current
            self.pending_decisions.append((pk, committee_id, year, seq, day, {}))
        current[1] += 1
        return current[0], current[2]

    def _revoked_decision(self, w: World, committee_id: int, year: int) -> tuple[int, datetime.date, Revocation]:
        """Return the committee's supplementary decision of the year whose recognitions were revoked, and the
        revocation; reserve both decisions for its first initiative.

        Both after the year's batches (18–20 December, revoked 24–26, before the summary on the 28th;
        in the running year a month earlier).
        """
        key = (committee_id, year)
        if key in self.revoked_decisions:
            return self.revoked_decisions[key]
        first = datetime.date(year, 11, 18) if year == CURRENT_YEAR else datetime.date(year, 12, 18)
        recognizing, seq = self._reserve(key)
        day = first + datetime.timedelta(days=seq % 3)
        self.pending_decisions.append((recognizing, committee_id, year, seq, day, {"revoked": True}))
        revoking, seq = self._reserve(key)
        revocation = Revocation(
            _number(seq, year), first + datetime.timedelta(days=6 + seq % 3), self.rnd.choice(REVOCATION_REASONS)
        )
        amends = {"amends_id": recognizing, "amendment": Amendment.REVOKE, "reason": revocation.reason}
        self.pending_decisions.append((revoking, committee_id, year, seq, revocation.decided_on, amends))
        self.revoked_decisions[key] = recognizing, day, revocation
        return self.revoked_decisions[key]

    def _reserve(self, key: tuple[int, int]) -> tuple[int, int]:
        """Give out the next decision id and the committee's next number of the year."""
        self.decision_seq[key] += 1
        pk = self.loader.next_ids[RecognitionDecision]
        self.loader.next_ids[RecognitionDecision] += 1
        return pk, self.decision_seq[key]

    def write_decisions(self, w: World) -> None:
        loader = self.loader
        for pk, committee_id, year, seq, day, amends in self.pending_decisions:
            unit_id = w.committee_unit[committee_id]
            level = Level.PROVINCE if unit_id == w.province.pk else Level.COMMUNE
            chair_id, chair_name = w.leader[committee_id]
            row = (
                committee_id,
                _number(seq, year),
                day,
                chair_name,
                level,
                "",
                amends.get("amends_id"),
                amends.get("amendment", ""),
                amends.get("reason", ""),
                amends.get("revoked", False),
                chair_id,
                self._aware(datetime.datetime.combine(day, datetime.time(8, 30))),
            )
            # The id was reserved when the first initiative was recognized under this decision.
            loader.append(RecognitionDecision, pk, row)  # all of them flushed together below
        loader.flush(RecognitionDecision)
