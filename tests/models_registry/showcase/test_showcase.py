"""The public showcase: recognized initiatives only, no personal data, cache-friendly, fixed queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import Field
from models_registry.models import Commendation, CommendationKind, Initiative, State
from tests.factories import CampaignFactory, InitiativeFactory
from tests.models_registry.export_helpers import recognize_batch

NOT_RECOGNIZED_STATES = [s for s in State.values if s != State.RECOGNIZED]


def test_anonymous_visitor_sees_a_recognized_initiative_in_the_list_and_its_page(client, world):
    initiative = world.initiative("recognized", name="Mô hình Dân vận khéo “Chợ an toàn”")

    listing = client.get(reverse("showcase:index"))
    page = client.get(reverse("showcase:detail", args=[initiative.pk]))

    assert listing.status_code == 200
    assert "Mô hình Dân vận khéo “Chợ an toàn”" in listing.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert initiative.purpose in html
    assert initiative.goals in html
    assert initiative.solutions in html
    assert "Đạt 100% mục tiêu." in html  # the results report
    assert f"QĐ-{initiative.pk}" in html
    assert "Đăng nhập" in html  # the nav offers a login button to the public


@pytest.mark.parametrize("state", NOT_RECOGNIZED_STATES)
def test_an_initiative_that_is_not_recognized_is_absent_from_the_list_and_its_page_is_404(client, world, state):
    initiative = world.initiative(state, name=f"Hồ sơ bí mật ở trạng thái {state}")

    listing = client.get(reverse("showcase:index"))
    page = client.get(reverse("showcase:detail", args=[initiative.pk]))

    assert initiative.name not in listing.content.decode()
    assert page.status_code == 404


def test_a_missing_initiative_is_404(client, world):
    assert client.get(reverse("showcase:detail", args=[999999])).status_code == 404


def test_the_detail_page_shows_no_contact_comment_score_inspection_finding_or_user_name(client, world):
    initiative = world.initiative("recognized")
    Commendation.objects.create(
        initiative=initiative,
        kind=CommendationKind.CERTIFICATE_OF_MERIT,
        authority="Ủy ban nhân dân tỉnh",
        decision_number="123/QĐ-UBND",
        decided_on=initiative.decision.decided_on,
        recipient="Bà Trần Thị Bí Mật",
    )

    html = client.get(reverse("showcase:detail", args=[initiative.pk])).content.decode()

    assert "Giấy khen" in html and "123/QĐ-UBND" in html
    for secret in (
        "Nguyễn Thị Lan",  # contact
        "0909 000 000",  # contact phone
        "Kế hoạch hỗ trợ.",  # the committee's plan note (a comment in the log too)
        "Đang triển khai đúng kế hoạch.",  # inspection findings
        "Chủ tịch",  # the decision's signer
        "Trưởng ban",  # the chair's name
        "Bà Trần Thị Bí Mật",  # the commendation's recipient (a person's name)
        "Nhà văn hóa ấp Phú Hòa",  # the exact address
    ):
        assert secret not in html, secret
    assert "phiếu chấm" not in html.lower() and "tổng điểm" not in html.lower()


def test_search_is_accent_insensitive(client, world):
    hit = world.initiative("recognized", name="Mô hình “Dân vận khéo” giữ gìn an ninh")
    miss = world.initiative("recognized", name="Điển hình tiết kiệm nước sạch")

    html = client.get(reverse("showcase:index"), {"q": "DAN VAN kheo an ninh"}).content.decode()

    assert hit.name in html
    assert miss.name not in html


def test_filters_by_year_field_and_top_level_unit(client, world):
    in_hamlet = world.initiative("recognized", name="Mô hình ấp Phú Hòa")
    [in_other] = recognize_batch(world, 1, unit=world.other_hamlet, name="Mô hình khóm 3", number="QĐ-KHÓM")
    culture = Field.objects.get(code="culture_society")
    [cultural] = recognize_batch(world, 1, name="Mô hình văn hóa", field=culture, number="QĐ-VH")
    old_campaign = CampaignFactory(committee=world.province_committee, year=world.campaign.year - 1)

    by_unit = client.get(reverse("showcase:index"), {"unit": world.other_commune.pk}).content.decode()
    by_field = client.get(reverse("showcase:index"), {"field": culture.pk}).content.decode()
    by_old_year = client.get(reverse("showcase:index"), {"year": old_campaign.year}).content.decode()
    by_year = client.get(reverse("showcase:index"), {"year": world.campaign.year}).content.decode()

    assert in_other.name in by_unit and in_hamlet.name not in by_unit
    assert cultural.name in by_field and in_hamlet.name not in by_field
    assert in_hamlet.name not in by_old_year
    assert all(i.name in by_year for i in (in_hamlet, in_other, cultural))


def test_outstanding_initiatives_are_highlighted_and_can_be_listed_alone(client, world):
    plain, star = recognize_batch(world, 2)
    Initiative.objects.filter(pk=star.pk).update(outstanding=True)

    html = client.get(reverse("showcase:index")).content.decode()
    only = client.get(reverse("showcase:index"), {"outstanding": "1"}).content.decode()

    star_card = html.split(f'data-initiative="{star.pk}"')[0].rsplit("<article", 1)[1]
    plain_card = html.split(f'data-initiative="{plain.pk}"')[0].rsplit("<article", 1)[1]
    assert "border-warning" in star_card and "border-warning" not in plain_card
    assert star.name in only and plain.name not in only


def test_the_newest_initiatives_come_first(client, world):
    older, newer = recognize_batch(world, 2)

    html = client.get(reverse("showcase:index")).content.decode()

    assert html.index(newer.name) < html.index(older.name)


def test_bad_filter_values_are_ignored_not_an_error(client, world):
    initiative = world.initiative("recognized")

    response = client.get(reverse("showcase:index"), {"year": "abc", "field": "x", "page": "zz"})

    assert response.status_code == 200
    assert initiative.name in response.content.decode()


def test_anonymous_pages_are_publicly_cacheable_and_vary_on_the_cookie_that_holds_the_language(client, world):
    initiative = world.initiative("recognized")

    for url in (reverse("showcase:index"), reverse("showcase:detail", args=[initiative.pk])):
        response = client.get(url)
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        vary = response["Vary"].lower()
        assert "cookie" in vary
        assert "accept-language" not in vary  # Vietnamese unless the cookie says English
        assert response["ETag"]
    assert client.get(reverse("showcase:detail", args=[initiative.pk]))["Last-Modified"]


def test_logged_in_pages_are_private(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.staff2)

    response = client.get(reverse("showcase:detail", args=[initiative.pk]))

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_conditional_get_with_the_same_etag_gets_304_until_something_changes(client, world):
    initiative = world.initiative("recognized")
    url = reverse("showcase:detail", args=[initiative.pk])
    etag = client.get(url)["ETag"]

    unchanged = client.get(url, headers={"if-none-match": etag})
    Initiative.objects.filter(pk=initiative.pk).update(
        outstanding=True, updated_at=initiative.updated_at.replace(year=2099)
    )
    changed = client.get(url, headers={"if-none-match": etag})
    list_etag = client.get(reverse("showcase:index"))["ETag"]
    list_unchanged = client.get(reverse("showcase:index"), headers={"if-none-match": list_etag})

    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert list_unchanged.status_code == 304
    recognize_batch(world, 1, number="QĐ-MỚI")
    assert client.get(reverse("showcase:index"), headers={"if-none-match": list_etag}).status_code == 200


def test_staff_of_another_unit_is_offered_to_replicate_but_not_the_owner_or_the_public(client, world):
    initiative = world.initiative("recognized")
    replicate_url = reverse("staff:initiative_replicate", args=[initiative.pk])
    url = reverse("showcase:detail", args=[initiative.pk])

    anonymous = client.get(url).content.decode()
    client.force_login(world.staff)
    owner = client.get(url).content.decode()
    client.force_login(world.staff2)
    other = client.get(url).content.decode()

    assert replicate_url not in anonymous
    assert replicate_url not in owner
    assert f'action="{replicate_url}"' in other and "Nhân rộng tại đơn vị tôi" in other


def _queries_for(client, django_assert_max_num_queries, budget: int, url: str) -> None:
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_showcase_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    recognize_batch(world, count)
    InitiativeFactory(campaign=world.campaign, unit=world.hamlet)  # a draft: never shown, never counted

    # units, paginator count, page, years, fields — the same for 3 and for 30 rows.
    with django_assert_num_queries(5):
        response = client.get(reverse("showcase:index"))

    assert response.status_code == 200
    assert len(response.context["initiatives"]) == min(count, 20)


@pytest.mark.parametrize("count", [3, 30])
def test_the_showcase_detail_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    initiatives = recognize_batch(world, count)
    for initiative in initiatives:
        Commendation.objects.create(
            initiative=initiatives[0],
            kind=CommendationKind.CERTIFICATE_OF_MERIT,
            authority="UBND tỉnh",
            decision_number=f"{initiative.pk}/QĐ",
            decided_on=initiative.decision.decided_on,
            recipient="Tập thể",
        )

    # the initiative, its commendations, its published photos.
    with django_assert_num_queries(3):
        response = client.get(reverse("showcase:detail", args=[initiatives[0].pk]))

    assert response.status_code == 200
    assert len(response.context["commendations"]) == count


def test_a_search_with_a_nul_character_answers_instead_of_failing(client, world):
    # PostgreSQL refuses NUL in a string parameter; a crafted link must not become a server error.
    hit = world.initiative("recognized", name="Mô hình giữ gìn an ninh")

    response = client.get(reverse("showcase:index"), {"q": "an\x00ninh"})

    assert response.status_code == 200
    assert hit.name in response.content.decode()


def test_the_detail_page_shows_how_the_model_was_run_so_another_unit_can_copy_it(client, world):
    # Who carried it out, with what means, and what it produced: what a hamlet needs to replicate it.
    initiative = world.initiative("recognized")

    html = client.get(reverse("showcase:detail", args=[initiative.pk])).content.decode()

    assert "Chi hội Phụ nữ chủ trì; Ban nhân dân ấp phối hợp." in html  # implementing forces
    assert "Vốn góp của hội viên; hỗ trợ của Ủy ban nhân dân xã." in html  # resources
    assert "Sổ theo dõi góp vốn; 10 hộ thoát nghèo." in html  # expected outputs
    assert "Nguyễn Thị Lan" not in html  # still no contact


def test_the_filters_are_drawn_as_they_were_read_never_as_the_raw_text_sent(client, world):
    # A crafted link gets the list: an unreadable unit is no filter and shows "all", the readable year
    # stays chosen, and the search box shows the words searched, not the NUL nor the markup sent.
    world.initiative("recognized", name="Mô hình giữ gìn an ninh")
    year = world.campaign.year

    response = client.get(
        reverse("showcase:index"),
        {"year": str(year), "unit": "<b>x</b>", "q": "an\x00ninh", "outstanding": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{year}" selected>{year}</option>' in html
    assert '<select name="unit" class="select form-select" id="showcase-unit">\n  <option value="" selected>' in html
    assert 'value="an ninh"' in html and "\x00" not in html and "<b>x</b>" not in html
    assert 'id="showcase-outstanding" checked' in html
