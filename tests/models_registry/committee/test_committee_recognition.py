"""One recognition decision recognizes many initiatives, all or none; the printable decision; outstanding."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import CampaignState
from campaigns.submissions import new_token
from models_registry.models import Initiative, RecognitionDecision, State
from tests.conftest import score
from tests.races import on_postgresql, race

pytestmark = pytest.mark.django_db


def scored(world, total: int, **kwargs) -> Initiative:
    initiative = world.initiative("recognition_requested", **kwargs)
    score(initiative, world.member, total)
    score(initiative, world.chair, total)
    return initiative


def decision_data(*initiatives, number: str = "15-QĐ/BCĐ") -> dict:
    return {
        "initiatives": [i.pk for i in initiatives],
        "number": number,
        "decided_on": datetime.date.today().isoformat(),
        "signer": "Nguyễn Văn An",
        "note": "Công nhận đợt cuối năm.",
        "confirmed": "1",
    }


def test_recognition_page_lists_requests_with_scores_and_enables_only_passing_ones(client, world):
    passing = scored(world, 85)
    failing = scored(world, 50)
    unscored = world.initiative("recognition_requested", unit=world.other_hamlet)
    client.force_login(world.chair)

    response = client.get(reverse("committee:recognition"))

    rows = {i.pk: i for i in response.context["page"].object_list}
    assert set(rows) == {passing.pk, failing.pk, unscored.pk}
    assert rows[passing.pk].passes is True
    assert rows[failing.pk].passes is False
    assert rows[unscored.pk].passes is False
    body = response.content.decode()
    assert f'value="{passing.pk}" id="pick-{passing.pk}" aria-label' in body
    assert f'value="{failing.pk}" id="pick-{failing.pk}" disabled' in body
    assert response.context["form"].initial["signer"] == "Trưởng ban"


def test_a_mean_shown_as_the_threshold_passes_in_the_queue_as_it_does_in_the_recognition(client, world):
    # Arrange: three sheets of 70, 70 and 69.99 make a mean of 69.9967, shown (and checked) as 70.00.
    initiative = world.initiative("recognition_requested")
    for member, total in ((world.member, 70), (world.chair, 70), (world.secretary, Decimal("69.99"))):
        score(initiative, member, total)
    client.force_login(world.chair)

    # Act
    page = client.get(reverse("committee:recognition"))
    response = client.post(reverse("committee:recognition"), decision_data(initiative))

    # Assert: the row may be ticked, and the recognition's own check lets it through.
    (row,) = page.context["page"].object_list
    assert row.passes is True
    assert f'value="{initiative.pk}" id="pick-{initiative.pk}" aria-label' in page.content.decode()
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED


def test_chair_recognizes_several_initiatives_in_one_decision(client, world):
    first = scored(world, 85)
    second = scored(world, 75)
    client.force_login(world.chair)

    response = client.post(reverse("committee:recognition"), decision_data(first, second))

    decision = RecognitionDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("committee:decision_detail", args=[decision.pk])
    # The hamlet's initiatives aim at the commune's level: the chair signs as the commune committee's chair.
    assert decision.committee == world.commune_committee
    assert decision.level == "commune"
    assert decision.signer == "Nguyễn Văn An"
    for initiative in (first, second):
        initiative.refresh_from_db()
        assert initiative.state == State.RECOGNIZED
        assert initiative.decision == decision


def test_secretariat_may_issue_the_decision_too(client, world):
    initiative = scored(world, 90)
    client.force_login(world.secretary)

    response = client.post(reverse("committee:recognition"), decision_data(initiative))

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNIZED


def test_recognition_is_all_or_none_and_names_the_one_that_failed(client, world):
    passing = scored(world, 85)
    failing = scored(world, 50, name="Tổ tự quản đường hoa")
    client.force_login(world.chair)

    response = client.post(reverse("committee:recognition"), decision_data(passing, failing))

    assert response.status_code == 400
    body = response.content.decode()
    assert "Tổ tự quản đường hoa" in body
    assert "chưa đạt ngưỡng 70" in body
    assert 'value="15-QĐ/BCĐ"' in body
    assert "Nguyễn Văn An" in body
    assert RecognitionDecision.objects.count() == 0
    for initiative in (passing, failing):
        initiative.refresh_from_db()
        assert initiative.state == State.RECOGNITION_REQUESTED
        assert initiative.decision_id is None


def test_a_decision_number_already_used_is_refused_and_nothing_is_recognized(client, world):
    first = scored(world, 85)
    client.force_login(world.chair)
    client.post(reverse("committee:recognition"), decision_data(first))
    second = scored(world, 85)

    response = client.post(reverse("committee:recognition"), decision_data(second))

    assert response.status_code == 400
    assert "đã được dùng" in response.content.decode()
    second.refresh_from_db()
    assert second.state == State.RECOGNITION_REQUESTED


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("number", "Hãy nhập số quyết định."),
        ("decided_on", "Hãy nhập ngày quyết định."),
        ("signer", "Hãy nhập tên người ký quyết định."),
    ],
)
def test_decision_fields_are_required_with_clear_messages(client, world, missing, message):
    initiative = scored(world, 85)
    client.force_login(world.chair)
    data = decision_data(initiative)
    data[missing] = ""

    response = client.post(reverse("committee:recognition"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REQUESTED


def test_nothing_selected_is_refused(client, world):
    client.force_login(world.chair)

    response = client.post(reverse("committee:recognition"), decision_data())

    assert response.status_code == 400
    assert "Hãy chọn ít nhất một hồ sơ để công nhận." in response.content.decode()


def test_an_initiative_no_longer_waiting_is_named_and_nothing_recognized(client, world):
    waiting = scored(world, 85)
    already = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(reverse("committee:recognition"), decision_data(waiting, already))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()[0].startswith(f"“{already.name}” (")
    waiting.refresh_from_db()
    assert waiting.state == State.RECOGNITION_REQUESTED


def test_plain_member_cannot_issue_a_decision(client, world):
    initiative = scored(world, 85)
    client.force_login(world.member)

    response = client.post(reverse("committee:recognition"), decision_data(initiative))

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == State.RECOGNITION_REQUESTED


def test_recognition_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for _ in range(3):
        scored(world, 80)
    client.force_login(world.chair)
    client.get(reverse("committee:recognition"))

    # 12: the nominations from below are one more list (issue 15).
    with django_assert_max_num_queries(12):
        three = client.get(reverse("committee:recognition"))
    for _ in range(3):
        scored(world, 80)
    with django_assert_max_num_queries(12):
        six = client.get(reverse("committee:recognition"))

    assert three.context["page"].paginator.count == 3
    assert six.context["page"].paginator.count == 6


# ----- the decision page ---------------------------------------------------------------------
def test_decision_page_is_printable_with_the_official_header_and_the_table(client, world):
    # The other ward's initiatives have no committee below the province's: the province decides them.
    first = scored(world, 85, unit=world.other_hamlet)
    second = scored(world, 80, unit=world.other_hamlet)
    client.force_login(world.chair)
    client.post(reverse("committee:recognition"), decision_data(first, second))
    decision = RecognitionDecision.objects.get()

    response = client.get(reverse("committee:decision_detail", args=[decision.pk]))

    body = response.content.decode()
    assert "BAN CHỈ ĐẠO TỈNH" in body
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body
    assert "Độc lập - Tự do - Hạnh phúc" in body
    assert "QUYẾT ĐỊNH" in body
    assert "Về việc công nhận mô hình, điển hình “Dân vận khéo”" in body
    assert "15-QĐ/BCĐ" in body
    assert "Nguyễn Văn An" in body
    assert world.other_hamlet.name in body
    assert body.count('data-initiative="') == 2
    assert "js/print.js" in body
    assert "css/decision.css" in body
    assert "onclick" not in body


def test_decision_page_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    initiatives = [scored(world, 80) for _ in range(3)]
    client.force_login(world.chair)
    client.post(reverse("committee:recognition"), decision_data(*initiatives))
    decision = RecognitionDecision.objects.get()

    # Two of them read the "Căn cứ" lines the page prints, as the PDF does: the decision's picks, else the defaults.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("committee:decision_detail", args=[decision.pk]))

    assert len(response.context["initiatives"]) == 3


# ----- outstanding ---------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["chair", "secretary", "admin"])
def test_leaders_mark_and_unmark_a_recognized_initiative_as_outstanding(client, world, who):
    initiative = world.initiative("recognized")
    client.force_login(getattr(world, who))
    url = reverse("committee:mark_outstanding", args=[initiative.pk])

    client.post(url, {"outstanding": "1"})
    initiative.refresh_from_db()
    marked = initiative.outstanding
    client.post(url, {"outstanding": "0"})
    initiative.refresh_from_db()

    assert marked is True
    assert initiative.outstanding is False


def test_outstanding_only_for_recognized_initiatives(client, world):
    initiative = world.initiative("recognition_requested")
    client.force_login(world.chair)

    response = client.post(reverse("committee:mark_outstanding", args=[initiative.pk]), {"outstanding": "1"})

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.outstanding is False


def test_outstanding_cannot_change_once_the_campaign_is_summarized(client, world):
    initiative = world.initiative("recognized")
    world.campaign.state = CampaignState.SUMMARIZED
    world.campaign.save()
    client.force_login(world.chair)

    response = client.post(reverse("committee:mark_outstanding", args=[initiative.pk]), {"outstanding": "1"})

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.outstanding is False


def test_mark_outstanding_is_post_only(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.get(reverse("committee:mark_outstanding", args=[initiative.pk]))

    assert response.status_code == 405


def test_recent_decisions_list_the_newest_first_even_past_ten(client, world):
    # Django leaves Meta.ordering out of a GROUP BY query: the count of initiatives per
    # decision made the list show the ten oldest, so a new decision never appeared.
    committee = world.province_committee
    for day in range(1, 13):
        RecognitionDecision.objects.create(
            committee=committee, number=f"{day}-QĐ/BCĐ", decided_on=datetime.date(2026, 1, day), signer="Trưởng ban"
        )
    client.force_login(world.chair)

    response = client.get(reverse("committee:recognition"))

    numbers = [d.number for d in response.context["decisions"]]
    assert numbers[:2] == ["12-QĐ/BCĐ", "11-QĐ/BCĐ"]
    assert "1-QĐ/BCĐ" not in numbers


def test_recent_decisions_show_how_many_initiatives_each_recognized(client, world):
    first, second = scored(world, 85), scored(world, 90)
    client.force_login(world.chair)
    client.post(reverse("committee:recognition"), decision_data(first, second))
    RecognitionDecision.objects.create(
        committee=world.province_committee, number="99-QĐ/BCĐ", decided_on=datetime.date(2026, 1, 1), signer="A"
    )

    response = client.get(reverse("committee:recognition"))

    counts = {d.number: d.n for d in response.context["decisions"]}
    assert counts[decision_data(first)["number"]] == 2
    assert counts["99-QĐ/BCĐ"] == 0


def test_the_outstanding_badge_is_not_printed_into_the_decision(client, world):
    # "Outstanding" is picked later among the recognized; the printed decision is the text
    # the committee signed, so the badge shows on screen only.
    first = scored(world, 85)
    client.force_login(world.chair)
    client.post(reverse("committee:recognition"), decision_data(first))
    Initiative.objects.filter(pk=first.pk).update(outstanding=True)

    response = client.get(reverse("committee:decision_detail", args=[RecognitionDecision.objects.get().pk]))

    assert 'class="badge text-bg-warning no-print" data-outstanding' in response.content.decode()


def test_a_request_declined_while_the_page_was_open_is_named_with_its_state(client, world):
    # The chair's page was opened before a member declined one of the selected requests:
    # the refusal must say which one and why, not give a bare id.
    kept = scored(world, 85)
    declined = scored(world, 80, unit=world.other_hamlet)
    Initiative.objects.filter(pk=declined.pk).update(state=State.NOT_RECOGNIZED)
    client.force_login(world.chair)

    response = client.post(reverse("committee:recognition"), decision_data(kept, declined))

    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert errors == [
        f"“{declined.name}” ({world.other_hamlet.name}): "
        "Không thể thực hiện thao tác này khi đang ở trạng thái “Không công nhận”."
    ]
    assert not RecognitionDecision.objects.exists()
    kept.refresh_from_db()
    assert kept.state == State.RECOGNITION_REQUESTED


def test_posting_the_same_decision_twice_shows_the_decision_issued_by_the_first(client, world):
    # A double click or a resend: the second post must not answer with errors saying the
    # initiatives no longer wait for recognition, when the decision did go through.
    first = scored(world, 85)
    second = scored(world, 75)
    client.force_login(world.chair)
    data = {**decision_data(first, second), "form_token": new_token()}
    client.post(reverse("committee:recognition"), data)

    again = client.post(reverse("committee:recognition"), data)

    decision = RecognitionDecision.objects.get()
    assert again.status_code == 302
    assert again["Location"] == reverse("committee:decision_detail", args=[decision.pk])
    assert decision.initiatives.count() == 2


def test_the_same_number_for_other_initiatives_is_still_refused(client, world):
    first = scored(world, 85)
    other = scored(world, 75)
    client.force_login(world.chair)
    client.post(reverse("committee:recognition"), decision_data(first))

    response = client.post(reverse("committee:recognition"), decision_data(other))

    assert response.status_code == 400
    form = response.context["form"]
    assert "đã được dùng" in form.errors["number"][0]  # beside the number, not "missing: …" at the top
    assert "Còn thiếu" not in response.content.decode()
    assert form["number"].value() == decision_data(other)["number"]  # what was typed stays
    other.refresh_from_db()
    assert other.state == State.RECOGNITION_REQUESTED


@on_postgresql
def test_two_simultaneous_posts_of_one_decision_page_issue_one_decision_and_both_land_on_it(world):
    # A double click sends both posts at once: the page's token, not a lookup afterwards, decides.
    first, second = scored(world, 85), scored(world, 75)
    data = {**decision_data(first, second), "form_token": new_token()}

    def log_in(index: int) -> Client:
        client = Client()
        client.force_login(world.chair)
        return client

    responses = race(2, lambda index, client: client.post(reverse("committee:recognition"), data), log_in)

    decision = RecognitionDecision.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {reverse("committee:decision_detail", args=[decision.pk])}
    assert decision.initiatives.count() == 2
