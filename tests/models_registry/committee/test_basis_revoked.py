"""Recognitions above whose basis was revoked below: the province recognized a commune's model at its level
(on the nomination); the commune then revoked its own recognition. The province's stands until it decides
(Decree 30: only a new decision that names it), so its leaders find these on one page
(`committee:basis_revoked`) and on the decision's page, where each is marked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from models_registry import lifecycle
from models_registry.models import Amendment, Initiative, Nomination
from tests.models_registry.reports.test_commendation_proposals import login, status_of
from tests.models_registry.test_levels import levels, nominated, province_decision  # noqa: F401
from tests.models_registry.test_recognition_revoked import TODAY, recognized_above, revoke

URL = reverse("committee:basis_revoked")


def revoked_below(levels, number: str = "T-01") -> Initiative:  # noqa: F811
    """The same, then its own recognition revoked by the commune."""
    initiative = recognized_above(levels, number)
    revoke(initiative.decision, levels.commune_chair, number=f"X-TH-{initiative.pk}")
    return Initiative.objects.get(pk=initiative.pk)


# ----- the rule ------------------------------------------------------------------------------------
def test_a_recognition_above_whose_basis_was_revoked_below_is_listed_until_the_province_decides(levels):  # noqa: F811
    standing = recognized_above(levels, "T-01")
    assert not Nomination.objects.basis_revoked().exists()

    initiative = revoked_below(levels, "T-02")

    assert list(Nomination.objects.basis_revoked()) == [initiative.nominations.get()]
    assert standing.nominations.get() not in Nomination.objects.basis_revoked()
    # The province revokes its own decision: nothing is left to review.
    revoke(initiative.nominations.get().decision, levels.province_chair, number="T-TH-01")
    assert not Nomination.objects.basis_revoked().exists()


def test_a_correction_below_leaves_the_basis_standing(levels):  # noqa: F811
    initiative = recognized_above(levels)

    initiative.decision.amend(
        levels.commune_chair,
        kind=Amendment.CORRECT,
        number="X-DC-01",
        decided_on=TODAY,
        signer="Chủ tịch",
        reason="Sai tên.",
    )

    assert not Nomination.objects.basis_revoked().exists()


# ----- the page ------------------------------------------------------------------------------------
def test_the_provinces_leader_finds_it_with_both_decisions_linked(client, levels):  # noqa: F811
    initiative = revoked_below(levels)
    nomination = initiative.nominations.get()
    client.force_login(levels.province_chair)

    response = client.get(URL)

    assert response.status_code == 200
    assert [n.pk for n in response.context["page"].object_list] == [nomination.pk]
    html = response.content.decode()
    assert initiative.name in html
    assert nomination.from_decision.get_absolute_url() in html
    assert nomination.decision.get_absolute_url() in html
    assert "Đã bị thu hồi" in html


def test_the_commune_that_revoked_it_has_nothing_of_its_own_to_review_there(client, levels):  # noqa: F811
    revoked_below(levels)
    client.force_login(levels.commune_chair)

    response = client.get(URL)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "Không có công nhận nào cần xem lại." in response.content.decode()


def test_the_recognition_page_links_it(client, levels):  # noqa: F811
    client.force_login(levels.province_chair)

    assert URL in client.get(reverse("committee:recognition")).content.decode()


def test_the_decision_page_marks_the_initiatives_whose_basis_was_revoked(client, levels):  # noqa: F811
    kept = recognized_above(levels, "T-01")
    upper = kept.nominations.get().decision
    # A second model recognized by the same province decision, whose commune then revoked its own.
    revoked = nominated(levels)
    lifecycle.apply(revoked, "recognize_nomination", levels.province_chair, decision=upper)
    client.force_login(levels.province_chair)
    url = reverse("committee:decision_detail", args=[upper.pk])
    assert "data-basis-revoked" not in client.get(url).content.decode()

    revoke(Initiative.objects.get(pk=revoked.pk).decision, levels.commune_chair, number="X-TH-09")
    response = client.get(url)

    html = response.content.decode()
    assert response.context["basis_revoked"] == 1
    assert html.count("data-basis-revoked ") + html.count("data-basis-revoked>") == 1
    assert "data-basis-revoked-note" in html
    assert "1 mô hình, điển hình trong quyết định này đã bị cấp dưới thu hồi công nhận." in html


def test_the_english_interface_says_it_in_english(client, levels):  # noqa: F811
    from django.conf import settings

    revoked_below(levels)
    client.force_login(levels.province_chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(URL).content.decode()

    assert "Recognitions to review" in html
    assert "Recognition below (revoked)" in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("other_unit_staff", 403),
        ("unit_staff", 403),
        ("member", 403),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_who_opens_the_page(client, levels, role, expected):  # noqa: F811
    revoked_below(levels)
    login(client, levels.world, role)

    response = client.get(URL)

    assert status_of(response) == expected
    if expected == 200:
        assert len(response.context["page"].object_list) == 1


def test_the_page_costs_the_same_queries_for_one_and_three_rows(
    client,
    levels,  # noqa: F811
    django_assert_num_queries,
):
    revoked_below(levels, "T-01")
    client.force_login(levels.province_chair)
    client.get(URL)

    with django_assert_num_queries(PAGE_QUERIES):
        client.get(URL)
    revoked_below(levels, "T-02")
    revoked_below(levels, "T-03")
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)

    assert len(response.context["page"].object_list) == 3


# The session, the user, their scope, the count, the page's rows with their initiatives and decisions.
PAGE_QUERIES = 5
