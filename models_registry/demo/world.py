"""What the demo loader has made so far, shared by its steps, and how it dates what it writes."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from campaigns.models import InitiativeKind, SteeringCommittee, Unit
from models_registry.models import Initiative, Origin


@dataclass
class Committee:
    committee: SteeringCommittee
    leader: object
    appraisers: list
    scorers: list


@dataclass
class Slot:
    """One initiative to be: where, by whom, and the state it must reach."""

    unit: Unit
    state: str
    staff: object
    kind: str = InitiativeKind.MODEL
    subject: str = "collective"
    origin: str = Origin.NEW
    source: Initiative | None = None
    extras: dict = field(default_factory=dict)


@dataclass
class Demo:
    """The province being built: its random stream, units, people and committees."""

    rnd: random.Random
    password_hash: str
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, object] = field(default_factory=dict)
    committees: dict[int, Committee] = field(default_factory=dict)  # committee id → its work
    committees_by_key: dict[str, Committee] = field(default_factory=dict)  # key in province.COMMITTEES
    staff_of: dict[int, object] = field(default_factory=dict)  # unit id → its officer
    fields: dict[str, object] = field(default_factory=dict)
    used_names: dict[int, dict[int, set[str]]] = field(default_factory=dict)  # year → unit id → names

    def committee_for(self, unit: Unit) -> Committee:
        """Return the deepest committee over the unit."""
        return max(
            (c for c in self.committees.values() if unit.path.startswith(c.committee.unit.path)),
            key=lambda c: len(c.committee.unit.path),
        )

    def day(self, start: datetime.date, span: int) -> datetime.date:
        """Return a day within `span` days after `start`."""
        return start + datetime.timedelta(days=self.rnd.randint(0, span))


def moment(day: datetime.date, hour: int) -> datetime.datetime:
    """Return the aware moment at `hour` o'clock on `day`: when a replayed step happened."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def stamp(queryset: models.QuerySet, when: datetime.datetime, *names: str) -> None:
    """Date rows just written: auto_now_add stamps the present, the demo replays the past."""
    queryset.update(**dict.fromkeys(names, when))
