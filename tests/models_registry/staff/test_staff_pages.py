"""Home, list, login pages of the unit staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from models_registry.models import Initiative
from tests.factories import InitiativeFactory


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("staff:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_vietnamese_and_logs_in(client, world, password):
    page = client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": "staff", "password": password})

    assert "Đăng nhập" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("staff:home")


def test_wrong_password_shows_a_message_and_keeps_the_username(client, world):
    response = client.post(reverse("login"), {"username": "staff", "password": "sai"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="staff"' in html
    assert "alert-danger" in html


def test_logout_is_a_post_and_shows_the_login_page(client, world):
    client.force_login(world.staff)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("staff:home")).status_code == 302


def test_password_change_pages_render(client, world, password):
    client.force_login(world.staff)

    page = client.get(reverse("password_change"))
    done = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"},
    )

    assert page.status_code == 200
    assert done.status_code == 302
    assert client.get(done.url).status_code == 200


def test_home_counts_states_and_lists_what_needs_action(client, world):
    returned = world.initiative("returned")
    approved = world.initiative("approved")
    world.initiative("submitted")
    client.force_login(world.staff)

    response = client.get(reverse("staff:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert returned.name in html
    assert "Ghi rõ địa chỉ." in html  # the committee's comment from the last log row
    assert approved.name in html
    assert world.campaign.name in html
    assert world.campaign.registration_closes_on.strftime("%d/%m/%Y") in html


def test_home_shows_more_evidence_requests_with_the_comment(client, world):
    from models_registry import lifecycle

    initiative = world.initiative("recognition_requested")
    lifecycle.apply(initiative, "request_more_evidence", world.chair, comment="Bổ sung biên bản họp.")
    client.force_login(world.staff)

    html = client.get(reverse("staff:home")).content.decode()

    assert "Ban Chỉ đạo yêu cầu bổ sung minh chứng" in html
    assert "Bổ sung biên bản họp." in html


def test_home_of_a_committee_member_links_to_the_committee(client, world):
    client.force_login(world.member)

    response = client.get(reverse("staff:home"))

    assert response.status_code == 200
    committee_url = reverse("committee:home")
    assert response.context["committee_url"] == committee_url
    assert f'href="{committee_url}"' in response.content.decode()


def test_home_of_plain_staff_has_no_committee_link(client, world):
    client.force_login(world.staff)

    response = client.get(reverse("staff:home"))

    assert response.context["committee_url"] == ""


def _make(world, count):
    for _ in range(count):
        world.initiative("returned")
        world.initiative("approved")


def test_home_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    _make(world, 3)
    client.force_login(world.staff)
    # session, user, scope (1), counts by state, what needs action, open campaigns, open replication proposals
    with django_assert_max_num_queries(7) as few:
        client.get(reverse("staff:home"))
    _make(world, 7)
    client.force_login(world.staff)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("staff:home"))

    assert response.status_code == 200


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for _ in range(3):
        world.initiative("submitted")
    client.force_login(world.staff)
    # session, user, scope (1), campaign and field choices, count, page
    with django_assert_max_num_queries(7) as few:
        client.get(reverse("staff:initiative_list"), {"sort": "unit"})
    for _ in range(7):
        world.initiative("submitted")
    client.force_login(world.staff)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("staff:initiative_list"), {"sort": "unit"})

    assert response.content.decode().count("data-initiative=") == 10


def test_list_search_ignores_accents(client, world):
    wanted = world.initiative("draft", name="Tổ phụ nữ nuôi heo đất")
    other = world.initiative("draft", name="Camera an ninh")
    client.force_login(world.staff)

    html = client.get(reverse("staff:initiative_list"), {"q": "NUOI heo dat"}).content.decode()

    assert wanted.name in html
    assert other.name not in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "submitted"}, {"submitted"}),
        ({"state": "draft"}, {"draft"}),
        ({"kind": "exemplar"}, {"exemplar"}),
    ],
)
def test_list_filters_keep_their_values(client, world, filters, expected):
    world.initiative("submitted")
    world.initiative("draft", kind="exemplar")
    client.force_login(world.staff)

    response = client.get(reverse("staff:initiative_list"), filters)

    shown = list(response.context["page"].object_list)
    assert shown
    for initiative in shown:
        assert {initiative.state, initiative.kind} & expected
    value = next(iter(filters.values()))
    assert f'value="{value}" selected' in response.content.decode()


def test_list_filters_by_field_and_year(client, world):
    from campaigns.models import Field

    culture = Field.objects.get(code="culture_society")
    wanted = world.initiative("draft", field=culture)
    world.initiative("draft")
    client.force_login(world.staff)

    response = client.get(reverse("staff:initiative_list"), {"field": culture.pk, "year": world.campaign.year})

    assert [i.pk for i in response.context["page"].object_list] == [wanted.pk]


def test_a_refused_filter_says_why_beside_its_select_and_the_others_still_narrow_the_list(client, world):
    from campaigns.models import Field

    culture = Field.objects.get(code="culture_society")
    wanted = world.initiative("draft", field=culture)
    world.initiative("draft")
    client.force_login(world.member)

    response = client.get(
        reverse("staff:initiative_list"), {"field": culture.pk, "unit": world.other_commune.pk, "sort": "name"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert [i.pk for i in response.context["page"].object_list] == [wanted.pk]
    assert "Đơn vị này không thuộc phạm vi của bạn." in html
    assert f'value="{culture.pk}" selected' in html


def test_list_shows_only_visible_initiatives(client, world):
    mine = world.initiative("draft")
    theirs = InitiativeFactory(campaign=world.campaign, unit=world.other_hamlet)
    client.force_login(world.staff)

    ids = [i.pk for i in client.get(reverse("staff:initiative_list")).context["page"].object_list]

    assert mine.pk in ids
    assert theirs.pk not in ids
    assert Initiative.objects.count() == 2


def test_list_paginates_by_25(client, world):
    for _ in range(27):
        InitiativeFactory(campaign=world.campaign, unit=world.hamlet)
    client.force_login(world.staff)

    first = client.get(reverse("staff:initiative_list"))
    second = client.get(reverse("staff:initiative_list"), {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
