"""Commendations on recognized initiatives, and the pending-case flag that stops them."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignState
from campaigns.submissions import new_token
from models_registry.models import Commendation, Initiative
from tests.races import on_postgresql, race

RACERS = 4


def commendation_data(**overrides):
    data = {
        "level": "province",
        "kind": "certificate_of_merit",
        "authority": "Ủy ban nhân dân tỉnh Vĩnh Long",
        "decision_number": "1234/QĐ-UBND",
        "decided_on": "2026-10-14",
        "recipient": "Chi hội Phụ nữ ấp Phú Hòa",
    }
    data.update(overrides)
    return data


def url(initiative):
    return reverse("reports:commendation_create", args=[initiative.pk])


def test_the_chair_records_a_commendation_on_a_recognized_initiative(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data())

    assert response.status_code == 302
    commendation = Commendation.objects.get(initiative=initiative)
    assert (commendation.kind, commendation.decision_number, commendation.created_by) == (
        "certificate_of_merit",
        "1234/QĐ-UBND",
        world.chair,
    )
    page = client.get(url(initiative))
    assert "1234/QĐ-UBND" in page.content.decode()


def test_a_commendation_is_refused_while_a_case_is_pending(client, world):
    initiative = world.initiative("recognized")
    Initiative.objects.filter(pk=initiative.pk).update(pending_case=True)
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data())

    assert response.status_code == 400
    assert "vụ việc kỷ luật, điều tra hoặc khiếu nại" in response.content.decode()
    assert not Commendation.objects.exists()


def test_a_commendation_is_refused_when_the_initiative_is_not_recognized(client, world):
    initiative = world.initiative("approved")
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data())

    assert response.status_code == 400
    assert "Chỉ khen thưởng mô hình, điển hình đã được công nhận." in response.content.decode()
    assert not Commendation.objects.exists()


def test_a_commendation_is_refused_once_the_campaign_is_summarized(client, world):
    initiative = world.initiative("recognized")
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data())

    assert response.status_code == 400
    assert "Đợt phát động đã tổng kết" in response.content.decode()
    assert not Commendation.objects.exists()


def test_missing_fields_are_named_and_the_rest_of_the_input_kept(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(url(initiative), commendation_data(decision_number=""))

    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="Ủy ban nhân dân tỉnh Vĩnh Long"' in content
    assert response.context["form"].errors["decision_number"]
    assert not Commendation.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("staff", 403),  # unit staff of the initiative's hamlet: in scope, not a leader
        ("member", 403),  # commune committee member: in scope, not a leader
        ("staff2", 404),  # staff of another unit
        ("outsider", 404),
        ("secretary", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_the_commendation_page_answers_by_scope_and_role(client, world, user, status):
    initiative = world.initiative("recognized")
    client.force_login(getattr(world, user))

    response = client.get(url(initiative))

    assert response.status_code == status


def test_a_committee_outside_the_subtree_gets_404(client, world):
    initiative = world.initiative("recognized", unit=world.other_hamlet)
    client.force_login(world.member)

    assert client.get(url(initiative)).status_code == 404
    assert client.post(reverse("reports:pending_case", args=[initiative.pk]), {"note": "x"}).status_code == 404


def test_a_member_who_is_not_a_leader_cannot_post_a_commendation(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.member)

    response = client.post(url(initiative), commendation_data())

    assert response.status_code == 403
    assert not Commendation.objects.exists()


def test_anonymous_users_are_sent_to_login(client, world):
    initiative = world.initiative("recognized")

    for response in (
        client.get(url(initiative)),
        client.post(reverse("reports:pending_case", args=[initiative.pk]), {"note": "x"}),
        client.get(reverse("reports:campaign_overview", args=[world.campaign.pk])),
    ):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# ----- the pending-case flag ----------------------------------------------------------------
def test_the_chair_sets_and_clears_the_pending_case_flag_with_a_logged_note(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)
    flag_url = reverse("reports:pending_case", args=[initiative.pk])

    client.post(flag_url, {"pending_case": "on", "note": "Đơn khiếu nại ngày 01/10."})
    initiative.refresh_from_db()
    assert initiative.pending_case is True
    refused = client.post(url(initiative), commendation_data())
    assert refused.status_code == 400

    client.post(flag_url, {"note": "Đã giải quyết xong khiếu nại."})
    initiative.refresh_from_db()

    assert initiative.pending_case is False
    entries = LogEntry.objects.filter(object_id=str(initiative.pk)).order_by("action_time", "pk")
    assert [(e.user_id, e.change_message) for e in entries] == [
        (world.chair.pk, "Đánh dấu đang có vụ việc chưa giải quyết: Đơn khiếu nại ngày 01/10."),
        (world.chair.pk, "Bỏ đánh dấu vụ việc chưa giải quyết: Đã giải quyết xong khiếu nại."),
    ]
    # The flag is not a state: the lifecycle's log still ends with the recognition.
    assert initiative.logs.last().action == "recognize"
    assert initiative.state == "recognized"
    assert "Đã giải quyết xong khiếu nại." in client.get(url(initiative)).content.decode()
    assert client.post(url(initiative), commendation_data()).status_code == 302


def test_the_pending_case_flag_needs_a_note(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.post(reverse("reports:pending_case", args=[initiative.pk]), {"pending_case": "on"}, follow=True)

    initiative.refresh_from_db()
    assert initiative.pending_case is False
    assert "Hãy ghi chú căn cứ của việc thay đổi này." in response.content.decode()


def test_a_refused_pending_case_note_stays_as_typed_with_why_beside_it(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)
    note = "Đơn khiếu nại ngày 01/10 <b>gửi</b> " + "x" * 2000

    response = client.post(reverse("reports:pending_case", args=[initiative.pk]), {"pending_case": "on", "note": note})

    html = response.content.decode()
    initiative.refresh_from_db()
    assert response.status_code == 400
    assert initiative.pending_case is False
    assert "Đơn khiếu nại ngày 01/10 &lt;b&gt;gửi&lt;/b&gt;" in html  # kept, never echoed raw
    assert "<b>gửi</b>" not in html
    assert 'id="id_pending_note"' in html and 'maxlength="2000"' in html
    assert 'id="error_1_id_pending_note"' in html  # beside the note, not at the top of the page


@pytest.mark.parametrize("user", ["member", "staff"])
def test_only_leaders_set_the_pending_case_flag(client, world, user):
    initiative = world.initiative("recognized")
    client.force_login(getattr(world, user))

    response = client.post(reverse("reports:pending_case", args=[initiative.pk]), {"pending_case": "on", "note": "x"})

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.pending_case is False


def test_the_pending_case_flag_only_answers_post(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    assert client.get(reverse("reports:pending_case", args=[initiative.pk])).status_code == 405


def test_the_pending_case_flag_does_not_change_once_the_campaign_is_summarized(client, world):
    initiative = world.initiative("recognized")
    Campaign.objects.filter(pk=world.campaign.pk).update(state=CampaignState.SUMMARIZED)
    client.force_login(world.chair)

    response = client.post(
        reverse("reports:pending_case", args=[initiative.pk]), {"pending_case": "on", "note": "x"}, follow=True
    )

    initiative.refresh_from_db()
    assert initiative.pending_case is False
    assert "Đợt phát động đã tổng kết" in response.content.decode()


def test_a_commendation_dated_in_the_future_is_refused(client, world):
    # A typo in the year (2062 for 2026) would otherwise be handed in with the yearly report.
    initiative = world.initiative("recognized")
    client.force_login(world.chair)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(url(initiative), commendation_data(decided_on=tomorrow.isoformat()))

    assert response.status_code == 400
    assert "Ngày quyết định không thể ở tương lai." in response.content.decode()
    assert not Commendation.objects.exists()


def test_the_same_commendation_posted_twice_is_recorded_once(client, world):
    # A double click or a resubmitted form must not count one certificate twice in the summary.
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    token = new_token()

    first = client.post(url(initiative), commendation_data(form_token=token))
    second = client.post(url(initiative), commendation_data(recipient=" Chi hội Phụ nữ ấp Phú Hòa ", form_token=token))

    assert (first.status_code, second.status_code) == (302, 302)
    assert Commendation.objects.filter(initiative=initiative).count() == 1


def test_the_commendation_page_carries_a_creation_token(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    response = client.get(url(initiative))

    assert 'name="form_token"' in response.content.decode()


def test_one_decision_may_commend_two_recipients_of_the_same_initiative(client, world):
    initiative = world.initiative("recognized")
    client.force_login(world.chair)

    client.post(url(initiative), commendation_data())
    client.post(url(initiative), commendation_data(recipient="Bà Nguyễn Thị Lan"))

    assert Commendation.objects.filter(initiative=initiative).count() == 2


@on_postgresql
def test_simultaneous_posts_of_one_commendation_record_it_once(world):
    # A double click sends two requests at once: both may look before either one writes.
    initiative = world.initiative("recognized")

    def log_in(index: int) -> Client:
        client = Client()
        client.force_login(world.chair)
        return client

    data = commendation_data(form_token=new_token())

    statuses = race(RACERS, lambda index, client: client.post(url(initiative), data).status_code, log_in)

    assert statuses == [302] * RACERS
    assert Commendation.objects.filter(initiative=initiative).count() == 1


def test_the_pending_case_notes_leave_out_the_administrators_other_edits(client, world):
    # The admin logs each save of the initiative in the same history; "changed the name" is not a
    # note about a discipline case and must not be listed as one.
    initiative = world.initiative("recognized")
    client.force_login(world.chair)
    client.post(
        reverse("reports:pending_case", args=[initiative.pk]), {"pending_case": "on", "note": "Đơn khiếu nại số 7."}
    )
    LogEntry.objects.create(
        user=world.admin,
        content_type=ContentType.objects.get_for_model(Initiative),
        object_id=str(initiative.pk),
        object_repr=str(initiative),
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Địa bàn thực hiện"]}}]),
    )

    html = client.get(url(initiative)).content.decode()

    assert "Đơn khiếu nại số 7." in html
    assert "Địa bàn thực hiện" not in html


def test_the_recipient_is_prefilled_with_the_unit_only_for_a_collective(client, world):
    # An individual exemplar is commended in a person's name: prefilling the hamlet's name would
    # record the certificate to the wrong recipient when the form is sent as it comes.
    collective = world.initiative("recognized", subject="collective")
    individual = world.initiative("recognized", subject="individual", name="Ông Phạm Văn Lộc — gương hiến đất")
    client.force_login(world.chair)

    collective_form = client.get(url(collective)).context["form"]
    individual_form = client.get(url(individual)).context["form"]

    assert collective_form["recipient"].value() == world.hamlet.name
    assert not individual_form["recipient"].value()
