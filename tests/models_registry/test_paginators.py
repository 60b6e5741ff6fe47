"""The capped paginator: province-wide lists count at most a cap of rows, then say "more than"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from models_registry.models import Initiative
from models_registry.paginators import COUNT_CAP, SEARCH_COUNT_CAP, CappedPaginator

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
    monkeypatch.setattr("models_registry.staff.views.lists.PAGE_SIZE", 2)
    client.force_login(world.staff)

    first = client.get(reverse("staff:initiative_list"))
    second = client.get(reverse("staff:initiative_list"), {"page": 2})

    html = first.content.decode()
    assert "Tìm thấy hơn 3 hồ sơ" in html
    assert "Trang 1<" in html
    assert second.status_code == 200
    assert len(second.context["page"].object_list) == 1


def test_the_staff_list_below_the_cap_shows_the_exact_count(client, world, five_drafts):
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_list")).content.decode()

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


def test_without_counting_a_page_reads_one_row_more_to_know_whether_a_next_page_exists(five_drafts):
    paginator = CappedPaginator(Initiative.objects.order_by("-id"), 2, count_rows=False)

    with CaptureQueriesContext(connection) as queries:
        first = paginator.get_page(1)
        first.has_next()  # noqa: B018 - no query

    assert len(queries) == 1
    assert "COUNT(" not in queries[0]["sql"].upper()
    assert "LIMIT 3" in queries[0]["sql"].upper()
    assert len(first.object_list) == 2
    assert first.has_next() and not first.has_previous()
    assert paginator.count_is_capped is True
    assert paginator.cap == 2


def test_without_counting_the_last_page_knows_the_exact_total(five_drafts):
    paginator = CappedPaginator(Initiative.objects.order_by("-id"), 2, count_rows=False)

    last = paginator.get_page(3)

    assert [i.pk for i in last.object_list] == [five_drafts[0].pk]
    assert not last.has_next() and last.has_previous()
    assert paginator.count == 5
    assert paginator.count_is_capped is False


@pytest.mark.parametrize("number", ["9", "abc", "-1"])
def test_without_counting_a_page_past_the_end_or_invalid_gives_the_first(five_drafts, number):
    paginator = CappedPaginator(Initiative.objects.order_by("-id"), 2, count_rows=False)

    page = paginator.get_page(number)

    assert page.number == 1
    assert [i.pk for i in page.object_list] == [five_drafts[4].pk, five_drafts[3].pk]


def test_a_searched_staff_list_is_not_counted_and_pages_with_a_next_link(client, world, five_drafts, monkeypatch):
    monkeypatch.setattr("models_registry.staff.views.lists.PAGE_SIZE", 2)
    client.force_login(world.staff)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("staff:initiative_list"), {"q": "dan van"})
    last = client.get(reverse("staff:initiative_list"), {"q": "dan van", "page": 3})

    assert not any("COUNT(" in q["sql"].upper() and "models_registry_initiative" in q["sql"] for q in queries)
    html = first.content.decode()
    assert "Tìm thấy hơn 2 hồ sơ" in html
    assert "page=2" in html
    assert "Tìm thấy 5 hồ sơ" in last.content.decode()
    assert len(last.context["page"].object_list) == 1


def test_a_searched_showcase_is_not_counted(client, world):
    for _ in range(3):
        world.initiative("recognized")

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("showcase:index"), {"q": "dan van"}).content.decode()

    assert not any("COUNT(" in q["sql"].upper() for q in queries)
    assert "3 mô hình, điển hình" in html


def test_a_text_search_in_the_admin_counts_only_up_to_the_smaller_search_cap(client, world, monkeypatch):
    for _ in range(4):
        InitiativeFactory(campaign=world.campaign, unit=world.hamlet, name="Dân vận khéo ở ấp")
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    monkeypatch.setattr("models_registry.admin.initiatives.SEARCH_COUNT_CAP", 3)
    client.force_login(world.admin)
    url = reverse("admin:models_registry_initiative_changelist")

    searched = client.get(url, {"q": "dan van"})
    unsearched = client.get(url)

    assert searched.context["cl"].paginator.cap == 3
    assert searched.context["cl"].paginator.count_is_capped is True
    assert "Hơn 3" in searched.content.decode()
    assert unsearched.context["cl"].paginator.cap == 10
    assert unsearched.context["cl"].paginator.count_is_capped is False
    assert unsearched.context["cl"].result_count == 4


def test_the_search_cap_is_a_tenth_of_the_list_cap():
    assert SEARCH_COUNT_CAP == 1_000 < COUNT_CAP
