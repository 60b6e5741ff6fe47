"""`first_by_keys`: a page of an ordered queryset, its keys chosen first, is the page the slice gives."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Case, Count, When
from django.utils import timezone

from models_registry.models import Initiative, State
from models_registry.paginators import CappedPaginator

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


def test_the_joins_and_the_chosen_columns_stay_and_it_is_one_query(mixed, world, django_assert_num_queries):
    ordered = (
        Initiative.objects.filter(unit=world.hamlet, state__in=[State.DRAFT, State.RETURNED])
        .order_by(AWAITING_FIRST, "-updated_at", "-id")
        .select_related("unit", "field")
        .only("id", "name", "state", "unit__name", "field__name")
    )

    with django_assert_num_queries(1):
        rows = list(ordered.first_by_keys(0, 4))
        names = [(r.name, r.unit.name, r.field.name) for r in rows]

    assert [r.state for r in rows] == [State.RETURNED, State.RETURNED, State.DRAFT, State.DRAFT]
    assert len(names) == 4
    assert all(r.unit_id == world.hamlet.pk for r in rows)
    assert rows[0].get_deferred_fields() >= {"solutions", "search_text"}


def test_an_annotation_made_before_would_be_lost_so_it_is_refused(mixed):
    with pytest.raises(TypeError, match="annotate"):
        Initiative.objects.annotate(n=Count("logs")).order_by("-id").first_by_keys(0, 3)


def test_the_keys_come_from_the_filtered_query_alone(mixed, world):
    """The outer query does not repeat the filters: no row outside them can come back."""
    ordered = Initiative.objects.filter(unit=world.other_hamlet).order_by("-id")

    assert [r.unit_id for r in ordered.first_by_keys(0, 30)] == [world.other_hamlet.pk]


@pytest.mark.parametrize("orphans", [0, 2])
def test_a_page_read_by_its_keys_is_the_page_the_paginator_reads(mixed, world, orphans):
    ordered = Initiative.objects.filter(unit__path__startswith=world.commune.path).order_by("-updated_at", "-id")
    plain = CappedPaginator(ordered, 3, orphans=orphans)
    by_keys = CappedPaginator(ordered.slices_by_keys(), 3, orphans=orphans)

    assert by_keys.num_pages == plain.num_pages
    for number in range(1, plain.num_pages + 1):
        assert list(by_keys.get_page(number).object_list) == list(plain.get_page(number).object_list)


def test_a_queryset_whose_slices_are_read_by_keys_gives_the_same_slices_one_query_each(
    mixed, world, django_assert_num_queries
):
    ordered = Initiative.objects.filter(unit__path__startswith=world.commune.path).order_by("-updated_at", "-id")
    by_keys = ordered.select_related("unit").slices_by_keys().filter(state__in=[State.DRAFT, State.APPROVED])

    with django_assert_num_queries(1):
        page = list(by_keys[1:4])
        units = [row.unit.name for row in page]

    assert page == list(ordered.filter(state__in=[State.DRAFT, State.APPROVED])[1:4])
    assert len(units) == 3
    assert by_keys[0] == ordered.filter(state__in=[State.DRAFT, State.APPROVED])[0]
    assert list(by_keys.values_list("pk", flat=True)[:2]) == list(
        ordered.filter(state__in=[State.DRAFT, State.APPROVED]).values_list("pk", flat=True)[:2]
    )
    assert by_keys.count() == 7


def test_what_is_prefetched_is_prefetched_for_the_rows_found_by_their_keys(mixed, world, django_assert_num_queries):
    ordered = Initiative.objects.filter(unit=world.hamlet).order_by("-id").prefetch_related("logs")

    with django_assert_num_queries(2):
        rows = list(ordered.first_by_keys(0, 3))
        logs = [list(row.logs.all()) for row in rows]

    assert len(rows) == 3
    assert [len(x) for x in logs] == [row.logs.count() for row in rows]


def test_the_rows_are_read_on_the_database_the_queryset_names(mixed, world):
    ordered = Initiative.objects.using("default").filter(unit=world.hamlet).order_by("-id")

    assert ordered.first_by_keys(0, 2)._db == "default"  # named, not left to the router
    assert list(ordered.first_by_keys(0, 2)) == list(ordered[:2])
