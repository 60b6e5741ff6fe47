"""Helpers of the export and showcase tests: many recognized initiatives, through the lifecycle."""

from __future__ import annotations

import datetime

from models_registry import bulk, lifecycle
from tests.conftest import add_inspection, attach, move_to, png_file, score, unit_staff
from tests.factories import InitiativeFactory


def recognize_batch(world, count: int, unit=None, number: str = "QĐ-LOẠT", files=list, **kwargs) -> list:
    """Create `count` initiatives and recognize them all with one decision, as the chair would; each
    unit attaches its evidence photo and the files `files()` makes with its request."""
    unit = unit or world.hamlet
    initiatives = []
    for _ in range(count):
        initiative = InitiativeFactory(campaign=world.campaign, unit=unit, **kwargs)
        move_to(world, initiative, "approved")
        add_inspection(initiative, world.chair)
        attach(world, initiative, png_file(), *files())
        lifecycle.apply(
            initiative, "request_recognition", unit_staff(world, initiative), results_report="Đạt 100% mục tiêu."
        )
        score(initiative, world.chair, 90)
        initiatives.append(initiative)
    bulk.recognize_many(initiatives, world.chair, number=number, decided_on=datetime.date.today(), signer="Chủ tịch")
    for initiative in initiatives:
        initiative.refresh_from_db()
    return initiatives
