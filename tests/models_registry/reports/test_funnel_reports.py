"""The funnel in every report (issue 15): recognized → outstanding → proposed for a commendation →
commended, per level, per field and per unit, the same in the page, the workbook and the PDF, and equal
to counts made here one initiative at a time."""

from __future__ import annotations

import datetime
import unicodedata
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from models_registry.models import (
    Commendation,
    CommendationKind,
    CommendationLevel,
    CommendationProposal,
    CommendationProposalState,
    Initiative,
    Nomination,
)
from tests.jobs.helpers import body, export

TODAY = datetime.date.today()
STEPS = ("registered", "recognized", "outstanding", "nominated", "recognized_above", "proposed", "commended")


@pytest.fixture
def funnel_data(world):
    """Recognized, outstanding, proposed, granted, withdrawn and declined, in two communes and two fields."""
    from campaigns.models import Field

    social = Field.objects.exclude(pk=world.initiative("draft").field_id).order_by("pk").first()
    proposed = world.initiative("recognized")
    proposed.mark_outstanding()  # as the committee does: the kept counts move with the flag
    granted = world.initiative("recognized", field=social)
    withdrawn = world.initiative("recognized")
    declined = world.initiative("recognized", unit=world.other_hamlet)
    world.initiative("recognized", unit=world.other_hamlet, field=social)  # recognized, nothing more
    world.initiative("submitted")
    world.initiative("withdrawn", unit=world.other_hamlet)
    for initiative in (proposed, granted, withdrawn):
        CommendationProposal.objects.propose(
            initiative, world.chair, kind=CommendationKind.CERTIFICATE_OF_MERIT, level="province", achievement="Tốt."
        )
    CommendationProposal.objects.propose(
        declined, world.chair, kind=CommendationKind.CERTIFICATE_OF_MERIT, level="province", achievement="Tốt."
    ).close(world.chair, CommendationProposalState.DECLINED, "Chưa đủ tiêu chuẩn.")
    withdrawn.commendation_proposals.get().close(world.chair, CommendationProposalState.WITHDRAWN, "Bổ sung.")
    Commendation.objects.create(
        initiative=granted,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        level=CommendationLevel.PROVINCE,
        authority="UBND tỉnh",
        decision_number="9/QĐ",
        decided_on=TODAY,
        recipient="Ấp Phú Hòa",
    )
    return world


def expected_counts(key) -> dict[str, tuple[int, ...]]:
    """Count every step for each value of `key(initiative)`, one initiative at a time."""
    counted: dict[str, list[int]] = {}
    nominated = {n.initiative_id: n.state for n in Nomination.objects.all()}
    proposed = {p.initiative_id for p in CommendationProposal.objects.exclude(state="withdrawn")}
    commended = {c.initiative_id for c in Commendation.objects.all()}
    for initiative in Initiative.objects.select_related("unit__parent", "field"):
        row = counted.setdefault(key(initiative), [0] * len(STEPS))
        recognized = initiative.state == "recognized"
        steps = (
            initiative.state not in ("draft", "withdrawn"),
            recognized,
            recognized and initiative.outstanding,
            recognized and initiative.pk in nominated,
            recognized and nominated.get(initiative.pk) == "accepted",
            recognized and initiative.pk in proposed,
            recognized and initiative.pk in commended,
        )
        for index, step in enumerate(steps):
            row[index] += int(step)
    return {label: tuple(values) for label, values in counted.items() if values[0]}


def level_of(initiative) -> str:
    return initiative.get_level_display()


def field_of(initiative) -> str:
    return str(initiative.field.label)


def unit_of(initiative) -> str:
    return initiative.unit.parent.name  # the province's child that holds it (the chair's report's rows)


def as_counts(rows) -> dict[str, tuple[int, ...]]:
    return {row.label: tuple(getattr(row, step) for step in STEPS) for row in rows}


def test_the_page_counts_the_funnel_as_the_rows_do(client, funnel_data):
    world = funnel_data
    client.force_login(world.chair)

    response = client.get(reverse("reports:summary"), {"campaign": world.campaign.pk})

    assert as_counts(response.context["funnel"]) == expected_counts(level_of)
    assert as_counts(response.context["funnel_by_field"]) == expected_counts(field_of)
    assert as_counts(response.context["funnel_by_unit"]) == expected_counts(unit_of)
    # The hand count, so the loops above are not trusted blindly: 3 proposed (one withdrawn), 1 commended.
    assert sum(row.proposed for row in response.context["funnel"]) == 3
    assert sum(row.commended for row in response.context["funnel"]) == 1
    assert 'data-funnel-table="unit"' in response.content.decode()


def sheet_counts(sheet) -> dict[str, tuple[int, ...]]:
    rows = {}
    for values in sheet.iter_rows(min_row=5, values_only=True):
        if values[0] is not None:
            rows[values[1]] = tuple(values[2:])
    return rows


def test_the_workbook_counts_the_funnel_as_the_rows_do(client, funnel_data):
    world = funnel_data
    client.force_login(world.chair)

    response = export(client, reverse("reports:export"), {"campaign": world.campaign.pk, "format": "xlsx"})

    workbook = load_workbook(BytesIO(body(response)))
    assert sheet_counts(workbook["Đến khen thưởng theo cấp"]) == expected_counts(level_of)
    assert sheet_counts(workbook["Đến khen thưởng theo lĩnh vực"]) == expected_counts(field_of)
    assert sheet_counts(workbook["Đến khen thưởng theo đơn vị"]) == expected_counts(unit_of)
    header = [c.value for c in workbook["Đến khen thưởng theo cấp"][4]]
    assert header[-2:] == ["Đề nghị khen thưởng", "Được khen thưởng"]


def test_the_pdf_counts_the_funnel_as_the_rows_do(client, funnel_data):
    world = funnel_data
    client.force_login(world.chair)
    response = export(client, reverse("reports:export"), {"campaign": world.campaign.pk, "format": "pdf"})

    reader = PdfReader(BytesIO(body(response)))
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))

    lines = [" ".join(line.split()) for line in text.splitlines()]
    for title, key in (
        ("Đến khen thưởng theo cấp", level_of),
        ("Đến khen thưởng theo lĩnh vực", field_of),
        ("Đến khen thưởng theo đơn vị", unit_of),
    ):
        start = next(i for i, line in enumerate(lines) if line.endswith(title))
        # The extracted text breaks a long cell over lines (and drops a space here and there): compare
        # without whitespace, each row's label followed by its numbers in the table's order.
        table = "".join("".join(lines[start + 1 : start + 60]).split())
        for label, counts in sorted(expected_counts(key).items()):
            row = "".join(f"{label}{''.join(str(n) for n in counts)}".split())
            assert row in table, (title, label, counts)
