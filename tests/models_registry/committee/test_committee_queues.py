"""The committee home (three queues, counts by field and state) and the due-for-inspection queue."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from campaigns.models import InitiativeKind
from models_registry.models import Initiative, State
from tests.conftest import add_inspection, score
from tests.factories import field

pytestmark = pytest.mark.django_db


def queue_ids(response, key: str) -> set[int]:
    queue = next(q for q in response.context["queues"] if q["key"] == key)
    return {i.pk for i in queue["rows"]}


def queue_count(response, key: str) -> int:
    return next(q for q in response.context["queues"] if q["key"] == key)["count"]


def test_home_shows_the_three_queues_of_the_members_subtree_only(client, world):
    waiting = world.initiative("submitted")
    not_inspected = world.initiative("approved")
    requested = world.initiative("recognition_requested")
    elsewhere = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.get(reverse("committee:home"))

    assert response.status_code == 200
    assert queue_ids(response, "appraisal") == {waiting.pk}
    assert queue_ids(response, "inspection") == {not_inspected.pk}
    assert queue_ids(response, "recognition") == {requested.pk}
    assert elsewhere.pk not in queue_ids(response, "appraisal")


def test_the_province_chair_sees_every_commune(client, world):
    here = world.initiative("submitted")
    there = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.chair)

    response = client.get(reverse("committee:home"))

    assert queue_ids(response, "appraisal") == {here.pk, there.pk}


def test_recently_inspected_initiatives_leave_the_inspection_queue_and_old_ones_come_back(client, world, settings):
    settings.DVK_INSPECTION_DUE_DAYS = 30
    fresh = world.initiative("approved")
    add_inspection(fresh, world.member)
    stale = world.initiative("approved")
    old = add_inspection(stale, world.member)
    old.inspected_on = datetime.date.today() - datetime.timedelta(days=45)
    old.save()
    Initiative.objects.filter(pk=stale.pk).update(last_inspected_on=old.inspected_on)
    client.force_login(world.member)

    response = client.get(reverse("committee:home"))

    assert queue_ids(response, "inspection") == {stale.pk}


def test_recognition_queue_shows_mean_score_sheet_count_and_whether_i_scored(client, world):
    requested = world.initiative("recognition_requested")
    score(requested, world.member, 80)
    score(requested, world.member2, 60)
    client.force_login(world.member)

    response = client.get(reverse("committee:home"))

    row = next(q for q in response.context["queues"] if q["key"] == "recognition")["rows"][0]
    assert row.sheet_count == 2
    assert row.mean_total == 70
    assert row.threshold == 70
    assert row.scored_by_me is True


def test_recognition_queue_hides_the_mean_from_a_member_who_has_not_scored_yet(client, world):
    requested = world.initiative("recognition_requested")
    score(requested, world.member2, 64)
    client.force_login(world.member)

    response = client.get(reverse("committee:home"))

    row = next(q for q in response.context["queues"] if q["key"] == "recognition")["rows"][0]
    assert row.shows_mean is False
    assert row.sheet_count == 1
    assert "64,00" not in response.content.decode()


def test_recognition_queue_shows_the_mean_to_the_chair_who_does_not_score(client, world):
    requested = world.initiative("recognition_requested")
    score(requested, world.member2, 64)
    client.force_login(world.chair)

    response = client.get(reverse("committee:home"))

    row = next(q for q in response.context["queues"] if q["key"] == "recognition")["rows"][0]
    assert row.shows_mean is True
    assert "64,00 / 70" in response.content.decode()


def test_filters_by_field_unit_and_kind_narrow_the_queues_and_keep_their_values(client, world):
    economic = world.initiative("submitted")
    culture = world.initiative("submitted", field=field("culture_society"))
    exemplar = world.initiative("submitted", kind=InitiativeKind.EXEMPLAR)
    other = world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.chair)

    by_field = client.get(reverse("committee:home"), {"field": field("culture_society").pk})
    by_kind = client.get(reverse("committee:home"), {"kind": "exemplar"})
    by_unit = client.get(reverse("committee:home"), {"unit": world.other_commune.pk})

    assert queue_ids(by_field, "appraisal") == {culture.pk}
    assert queue_ids(by_kind, "appraisal") == {exemplar.pk}
    assert queue_ids(by_unit, "appraisal") == {other.pk}
    assert economic.pk not in queue_ids(by_unit, "appraisal")
    assert 'value="exemplar" selected' in by_kind.content.decode()


def test_a_refused_filter_says_why_beside_its_select_and_the_others_still_narrow_the_queue(client, world):
    world.initiative("submitted")
    culture = world.initiative("submitted", field=field("culture_society"))
    client.force_login(world.member)

    # A unit outside the member's commune (a stale link, a unit since moved) beside a valid field.
    response = client.get(
        reverse("committee:home"), {"field": field("culture_society").pk, "unit": world.other_commune.pk}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert queue_ids(response, "appraisal") == {culture.pk}  # the field still narrows, as its select says
    assert f'value="{field("culture_society").pk}" selected' in html
    assert "Đơn vị này không thuộc phạm vi của bạn." in html
    assert 'aria-invalid="true"' in html


def test_unit_filter_offers_only_units_of_the_members_subtree(client, world):
    client.force_login(world.member)

    response = client.get(reverse("committee:home"))

    units = set(response.context["filters"].fields["unit"].known)
    assert units == {world.commune, world.hamlet}


def test_counts_by_field_and_state_cover_the_subtree(client, world):
    world.initiative("submitted")
    world.initiative("submitted")
    world.initiative("approved", field=field("culture_society"))
    world.initiative("submitted", unit=world.other_hamlet)
    client.force_login(world.member)

    response = client.get(reverse("committee:home"))

    counts = response.context["counts"]
    states = list(counts["states"])
    economic = next(r for r in counts["rows"] if r["field"].code == "economic")
    culture = next(r for r in counts["rows"] if r["field"].code == "culture_society")
    assert economic["values"][states.index(State.SUBMITTED)] == 2
    assert culture["values"][states.index(State.APPROVED)] == 1
    assert counts["total"] == 3


def _fill(world, n: int) -> None:
    for _ in range(n):
        world.initiative("submitted")
        world.initiative("approved")
        requested = world.initiative("recognition_requested")
        score(requested, world.member, 75)


def test_home_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    _fill(world, 3)
    client.force_login(world.member)
    client.get(reverse("committee:home"))  # warm the session

    with django_assert_max_num_queries(16):
        three = client.get(reverse("committee:home"))
    _fill(world, 3)
    with django_assert_max_num_queries(16):
        six = client.get(reverse("committee:home"))

    assert queue_count(three, "appraisal") == 3
    assert queue_count(six, "appraisal") == 6


def test_due_inspections_lists_approved_initiatives_not_inspected_within_the_days(client, world):
    never = world.initiative("approved")
    recent = world.initiative("approved")
    add_inspection(recent, world.member)
    long_ago = world.initiative("approved")
    Initiative.objects.filter(pk=long_ago.pk).update(last_inspected_on=datetime.date.today() - datetime.timedelta(100))
    client.force_login(world.member)

    default = client.get(reverse("committee:due_inspections"))
    short = client.get(reverse("committee:due_inspections"), {"days": "0"})
    longer = client.get(reverse("committee:due_inspections"), {"days": "120"})

    assert {i.pk for i in default.context["page"].object_list} == {never.pk, long_ago.pk}
    assert short.context["days"] == 1  # clamped to at least one day
    assert {i.pk for i in longer.context["page"].object_list} == {never.pk}


def test_due_inspections_ignores_a_malformed_days_value(client, world):
    client.force_login(world.member)

    response = client.get(reverse("committee:due_inspections"), {"days": "abc"})

    assert response.status_code == 200
    assert response.context["days"] == 90


def test_due_inspections_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for _ in range(3):
        world.initiative("approved")
    client.force_login(world.member)
    client.get(reverse("committee:due_inspections"))

    with django_assert_max_num_queries(10):
        three = client.get(reverse("committee:due_inspections"))
    for _ in range(3):
        world.initiative("approved")
    with django_assert_max_num_queries(10):
        six = client.get(reverse("committee:due_inspections"))

    assert three.context["page"].paginator.count == 3
    assert six.context["page"].paginator.count == 6


def test_queue_rows_are_headed_by_the_initiative_name(client, world):
    # A row header keeps the name column readable on a phone (dvk.css gives it a minimum
    # width while the other columns scroll) and tells a screen reader which row it is in.
    submitted = world.initiative("submitted")
    approved = world.initiative("approved")
    client.force_login(world.member)

    body = client.get(reverse("committee:home")).content.decode()

    appraise = reverse("committee:appraise", args=[submitted.pk])
    inspections = reverse("committee:inspection_list", args=[approved.pk])
    assert f'<th scope="row" class="fw-normal"><a href="{appraise}">' in body
    assert f'<th scope="row" class="fw-normal"><a href="{inspections}">' in body
