"""`first_by_keys`: a page of an ordered queryset, its keys chosen first, is the page the slice gives."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Case, When
from django.utils import timezone

from models_registry.models import Initiative, State

from ..factories import InitiativeFactory

AWAITING_FIRST = Case(When(state=State.RETURNED, then=0), When(state=State.APPROVED, then=1), default=2)


@pytest.fixture
def mixed(world) -> list[Initiative]:
    """Drafts, returned and approved rows, some changed at the very same moment (ties on updated_at)."""
    rows = [world.initiative("draft") for _ in range(4)]
    rows += [world.initiative("returned") for _ in range(2)]
    rows += [world.initiative("approved") for _ in range(3)]
    rows.append(InitiativeFactory(campaign=world.campaign, unit=world.other_hamlet))
    moment = timezone.now() - datetime.timedelta(days=1)
    Initiative.objects.filter(pk__in=[r.pk for r in rows[::2]]).update(updated_at=moment)
    return rows


@pytest.mark.parametrize(
    "ordering",
    [
        (AWAITING_FIRST, "-updated_at", "-id"),
        ("-updated_at", "-id"),
        ("unit__path", "id"),
    ],
    ids=["awaiting first", "last changed", "by unit"],
)
@pytest.mark.parametrize(("bottom", "top"), [(0, 3), (0, 30), (2, 5), (9, 20), (20, 30)])
def test_the_rows_found_by_their_keys_are_the_rows_of_the_slice_in_the_same_order(mixed, world, ordering, bottom, top):
    ordered = Initiative.objects.filter(unit__path__startswith=world.commune.path).order_by(*ordering)

    assert list(ordered.first_by_keys(bottom, top)) == list(ordered[bottom:top])


def test_the_filters_and_the_joins_stay_and_it_is_one_query(mixed, world, django_assert_num_queries):
    ordered = Initiative.objects.filter(unit=world.hamlet, state__in=[State.DRAFT, State.RETURNED]).order_by(
        AWAITING_FIRST, "-updated_at", "-id"
    )

    with django_assert_num_queries(1):
        rows = list(ordered.first_by_keys(0, 4).with_list_columns())
        names = [(r.unit.name, r.field.name, r.campaign.name) for r in rows]

    assert [r.state for r in rows] == [State.RETURNED, State.RETURNED, State.DRAFT, State.DRAFT]
    assert len(names) == 4
    assert all(r.unit_id == world.hamlet.pk for r in rows)
