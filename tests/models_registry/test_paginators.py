"""The capped paginator: province-wide lists count at most a cap of rows, then say "more than"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from models_registry.models import Initiative
from models_registry.paginators import COUNT_CAP, CappedPaginator

from ..factories import InitiativeFactory


@pytest.fixture
def five_drafts(world):
    return [InitiativeFactory(campaign=world.campaign, unit=world.hamlet) for _ in range(5)]


def test_the_default_cap_is_ten_thousand():
    assert COUNT_CAP == 10_000
    assert CappedPaginator([], 10).cap == 10_000


def test_below_the_cap_the_count_is_exact(five_drafts):
    paginator = CappedPaginator(Initiative.objects.order_by("-id"), 2, cap=5)

    assert paginator.count == 5
    assert paginator.count_is_capped is False
    assert paginator.num_pages == 3


def test_above_the_cap_the_count_stops_at_the_cap_and_says_so(five_drafts):
    paginator = CappedPaginator(Initiative.objects.order_by("-id"), 2, cap=3)

    assert paginator.count == 3
    assert paginator.count_is_capped is True
    assert paginator.num_pages == 2
    assert len(paginator.get_page(2).object_list) == 1


def test_the_count_is_one_limited_subquery_without_the_order(five_drafts):
    paginator = CappedPaginator(Initiative.objects.order_by("-created_at", "-id"), 2, cap=3)

    with CaptureQueriesContext(connection) as queries:
        paginator.count  # noqa: B018 - the count runs its query
        paginator.count_is_capped  # noqa: B018 - cached: no second query

    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "COUNT(" in sql
    assert "LIMIT 4" in sql
    assert "ORDER BY" not in sql


def test_a_list_that_is_not_a_queryset_is_counted_with_len():
    paginator = CappedPaginator(list(range(7)), 5, cap=5)

    assert paginator.count == 5
    assert paginator.count_is_capped is True


def test_the_staff_list_says_more_than_the_cap_and_its_pages_still_work(client, world, five_drafts, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr("models_registry.views.PAGE_SIZE", 2)
    client.force_login(world.staff)

    first = client.get(reverse("initiative_list"))
    second = client.get(reverse("initiative_list"), {"page": 2})

    html = first.content.decode()
    assert "Tìm thấy hơn 3 hồ sơ" in html
    assert "Trang 1/hơn 2" in html
    assert second.status_code == 200
    assert len(second.context["page"].object_list) == 1


def test_the_staff_list_below_the_cap_shows_the_exact_count(client, world, five_drafts):
    client.force_login(world.staff)

    html = client.get(reverse("initiative_list")).content.decode()

    assert "Tìm thấy 5 hồ sơ" in html
    assert "hơn" not in html.split("Tìm thấy", 1)[1][:40]


def test_the_showcase_says_more_than_the_cap(client, world, monkeypatch):
    for _ in range(3):
        world.initiative("recognized")
    monkeypatch.setattr(CappedPaginator, "cap", 2)

    html = client.get(reverse("showcase:index")).content.decode()

    assert "Hơn 2 mô hình, điển hình" in html


def test_the_committee_queue_says_more_than_the_cap(client, world, monkeypatch):
    for _ in range(3):
        world.initiative("approved")
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    client.force_login(world.chair)

    response = client.get(reverse("committee:due_inspections"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count_is_capped is True
    assert "hơn 2" in response.content.decode()


def test_the_admin_changelist_says_more_than_the_cap_and_has_no_date_hierarchy(client, world, monkeypatch):
    for _ in range(3):
        InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    client.force_login(world.admin)

    response = client.get(reverse("admin:models_registry_initiative_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["cl"].paginator.count_is_capped is True
    assert response.context["cl"].date_hierarchy is None
    assert "Hơn 2" in html
    assert "Chọn tất cả (hơn 2" in html
