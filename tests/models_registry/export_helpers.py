"""Helpers of the export and showcase tests: many recognized initiatives, through the lifecycle."""

from __future__ import annotations

import datetime

from models_registry import lifecycle
from models_registry.evidence import save_attachments
from tests.conftest import add_inspection, move_to, png_file, score
from tests.factories import InitiativeFactory


def recognize_batch(world, count: int, unit=None, number: str = "QĐ-LOẠT", **kwargs) -> list:
    """Create `count` initiatives and recognize them all with one decision, as the chair would."""
    unit = unit or world.hamlet
    staff = world.staff if unit.pk == world.hamlet.pk else world.staff2
    initiatives = []
    for _ in range(count):
        initiative = InitiativeFactory(campaign=world.campaign, unit=unit, **kwargs)
        move_to(world, initiative, "approved")
        add_inspection(initiative, world.chair)
        save_attachments(initiative, [png_file()], staff)
        lifecycle.apply(initiative, "request_recognition", staff, results_report="Đạt 100% mục tiêu.")
        score(initiative, world.chair, 90)
        initiatives.append(initiative)
    lifecycle.recognize_many(
        initiatives, world.chair, number=number, decided_on=datetime.date.today(), signer="Chủ tịch"
    )
    for initiative in initiatives:
        initiative.refresh_from_db()
    return initiatives
