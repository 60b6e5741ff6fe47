"""An award recovered by its authority (Law 06/2022: awards obtained by fraud are recovered).

DVK records awards, it does not grant or recover them: the recovering decision is recorded on the
award, which stays for the record and stops counting in the reports, the showcase and the open data.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from campaigns.lifecycle import TransitionError, apply_campaign
from campaigns.submissions import new_token
from models_registry.models import Commendation, CommendationCount, Initiative
from models_registry.models.steps import COMMENDED
from tests.factories import CommendationFactory
from tests.models_registry.reports.test_commendations import commendation_data
from tests.models_registry.test_counts import assert_table_equals_group_by

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def commend(initiative: Initiative, user, decided_on=TODAY - datetime.timedelta(days=30)) -> Commendation:
    return CommendationFactory(
        initiative=initiative, decision_number="12/QĐ-UBND", decided_on=decided_on, created_by=user
    )


def recover(commendation: Commendation, user, **overrides) -> None:
    values = {"number": "30/QĐ-UBND", "decided_on": TODAY, "reason": "Kê khai thành tích không đúng.", **overrides}
    commendation.recover(user, **values)


def counted(initiative: Initiative) -> int:
    return sum(
        CommendationCount.objects.filter(campaign=initiative.campaign, unit=initiative.unit, grain="unit").values_list(
            "count", flat=True
        )
    )


def test_a_recovered_award_stays_recorded_and_stops_counting(world):
    initiative = world.initiative("recognized")
    commendation = commend(initiative, world.chair)
    assert counted(initiative) == 1
    assert Initiative.objects.get(pk=initiative.pk).later_steps & COMMENDED

    recover(commendation, world.chair)

    commendation.refresh_from_db()
    assert commendation.is_recovered
    assert (commendation.recovery_number, commendation.recovered_on) == ("30/QĐ-UBND", TODAY)
    assert (commendation.recovery_reason, commendation.recovery_recorded_by) == (
        "Kê khai thành tích không đúng.",
        world.chair,
    )
    assert commendation.recovery_recorded_at is not None
    assert not Commendation.objects.standing().filter(pk=commendation.pk).exists()
    assert counted(initiative) == 0
    assert not Initiative.objects.get(pk=initiative.pk).later_steps & COMMENDED
    assert_table_equals_group_by()


def test_a_replayed_recovery_is_dated_when_it_happened_for_the_api_too(world):
    from django.utils import timezone

    commendation = commend(world.initiative("recognized"), world.chair)
    then = timezone.now() - datetime.timedelta(days=10)

    recover(commendation, world.chair, decided_on=TODAY - datetime.timedelta(days=10), at=then)

    commendation.refresh_from_db()
    # What an integration's `changed_since` reads is the recovery's moment, not the moment it was replayed.
    assert (commendation.recovery_recorded_at, commendation.updated_at) == (then, then)


def test_the_initiatives_history_says_which_decision_recovered_the_award(world):
    initiative = world.initiative("recognized")
    commendation = commend(initiative, world.chair)

    recover(commendation, world.chair)

    note = LogEntry.objects.filter(object_id=str(initiative.pk)).latest("action_time")
    assert note.user == world.chair
    assert "Đã bị thu hồi theo Quyết định số 30/QĐ-UBND ngày" in note.change_message
    assert "Kê khai thành tích không đúng." in note.change_message


@pytest.mark.parametrize("who", ["member", "staff", "outsider"])
def test_only_those_who_record_awards_may_record_their_recovery(world, who):
    commendation = commend(world.initiative("recognized"), world.chair)

    with pytest.raises(TransitionError) as refused:
        recover(commendation, getattr(world, who))

    assert refused.value.code == "role"
    commendation.refresh_from_db()
    assert not commendation.is_recovered


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"number": "  "}, "Còn thiếu: số quyết định thu hồi."),
        ({"reason": ""}, "Còn thiếu: lý do thu hồi."),
        ({"decided_on": None}, "Còn thiếu: ngày quyết định thu hồi."),
        ({"decided_on": TODAY + datetime.timedelta(days=1)}, "Ngày quyết định thu hồi không thể ở tương lai."),
        (
            {"decided_on": TODAY - datetime.timedelta(days=31)},
            "Quyết định thu hồi không thể trước quyết định khen thưởng",
        ),
    ],
)
def test_a_recovery_needs_its_decision_and_reason_and_a_date_after_the_award(world, overrides, said):
    commendation = commend(world.initiative("recognized"), world.chair)

    with pytest.raises(TransitionError) as refused:
        recover(commendation, world.chair, **overrides)

    assert said in str(refused.value)
    commendation.refresh_from_db()
    assert not commendation.is_recovered


def test_an_award_is_recovered_once(world):
    commendation = commend(world.initiative("recognized"), world.chair)
    stale = Commendation.objects.get(pk=commendation.pk)
    recover(commendation, world.chair)

    with pytest.raises(TransitionError) as refused:
        recover(stale, world.chair, number="31/QĐ-UBND")

    assert refused.value.code == "conflict"
    commendation.refresh_from_db()
    assert commendation.recovery_number == "30/QĐ-UBND"
    assert_table_equals_group_by()


def test_a_recovery_is_recorded_after_the_year_is_summarized(world):
    # A new decision of the authority, not an edit of the year (as a revoked recognition).
    initiative = world.initiative("recognized")
    commendation = commend(initiative, world.chair)
    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.")

    recover(Commendation.objects.get(pk=commendation.pk), world.chair)

    assert not Commendation.objects.standing().exists()
    assert_table_equals_group_by()


def test_an_award_of_a_revoked_recognition_can_be_recovered(world):
    # The usual order: the committee revokes the recognition, the authority then recovers the award.
    from models_registry.models import Amendment

    initiative = world.initiative("recognized")
    commendation = commend(initiative, world.chair)
    initiative.decision.amend(
        world.chair, kind=Amendment.REVOKE, number="TH-01", decided_on=TODAY, signer="Chủ tịch", reason="Gian lận."
    )

    recover(Commendation.objects.get(pk=commendation.pk), world.chair)

    assert not Commendation.objects.standing().exists()
    assert_table_equals_group_by()


def test_the_units_staff_are_told_which_decision_recovered_their_award_in_their_language(
    world, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from notifications.models import Notification
    from notifications.sending import render_one

    initiative = world.initiative("recognized")
    commendation = commend(initiative, world.chair, decided_on=datetime.date(TODAY.year - 1, 6, 1))
    commendation.recipient = "Ấp Phú Hòa"
    commendation.save(update_fields=["recipient"])

    with django_capture_on_commit_callbacks(execute=True):
        recover(commendation, world.chair, decided_on=datetime.date(TODAY.year - 1, 12, 22))

    told = Notification.objects.filter(kind="commendation_recovered")
    # The unit's staff, not the leader who recorded it.
    assert list(told.values_list("recipient__username", flat=True)) == ["staff"]
    notification = told.get()
    assert (notification.target, notification.actor, notification.comment) == (
        initiative,
        world.chair,
        "Kê khai thành tích không đúng.",
    )
    day = f"22/12/{TODAY.year - 1}"
    with translation.override("vi"):
        assert (
            notification.summary == f"Khen thưởng tặng Ấp Phú Hòa bị thu hồi theo Quyết định số 30/QĐ-UBND ngày {day}."
        )
        subject, body = render_one(notification)
    assert subject == f"[DVK] Thu hồi khen thưởng: {initiative.name}"
    assert "Ý kiến: Kê khai thành tích không đúng." in body
    with translation.override("en"):
        assert notification.summary == f"The award to Ấp Phú Hòa was recovered by decision no. 30/QĐ-UBND of {day}."


def test_a_refused_or_replayed_recovery_tells_nobody(world, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    commendation = commend(world.initiative("recognized"), world.chair)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(TransitionError):
            recover(commendation, world.member)
        # The demo replays a recovery months old: nobody is told.
        recover(commendation, world.chair, notify=False)

    assert Commendation.objects.get(pk=commendation.pk).is_recovered
    assert not Notification.objects.filter(kind="commendation_recovered").exists()


def test_an_achievement_whose_award_was_recovered_may_be_proposed_and_commended_again(world):
    # Recovered while the recognition stands (a wrong form, a case pending when it was granted): the award
    # is no longer held, so a new one is not a second award of the same achievement (Law 06/2022).
    from models_registry.models import check_not_commended_twice, check_proposable

    initiative = world.initiative("recognized")
    commendation = commend(initiative, world.chair)
    with pytest.raises(TransitionError):
        check_proposable(initiative)
    with pytest.raises(TransitionError):
        check_not_commended_twice(initiative, "45/QĐ-UBND", TODAY, "Ấp Phú Hòa")

    recover(commendation, world.chair)

    check_proposable(initiative)
    check_not_commended_twice(initiative, "45/QĐ-UBND", TODAY, "Ấp Phú Hòa")
    again = CommendationFactory(
        initiative=initiative, decision_number="45/QĐ-UBND", decided_on=TODAY, recipient="Tổ tự quản số 2"
    )
    assert list(Commendation.objects.standing().filter(initiative=initiative)) == [again]
    assert counted(initiative) == 1
    assert Initiative.objects.get(pk=initiative.pk).later_steps & COMMENDED
    assert_table_equals_group_by()
    # The new award is held: a third is refused, naming it.
    with pytest.raises(TransitionError) as refused:
        check_not_commended_twice(initiative, "46/QĐ-UBND", TODAY, "Ấp Phú Hòa")
    assert "Tổ tự quản số 2" in str(refused.value)


def test_an_award_recovered_with_its_recognition_revoked_is_not_granted_again(world):
    # Fraud: the committee revokes the recognition, the authority recovers the award; nothing follows.
    from models_registry.models import Amendment, check_commendable, check_proposable

    initiative = world.initiative("recognized")
    commendation = commend(initiative, world.chair)
    initiative.decision.amend(
        world.chair, kind=Amendment.REVOKE, number="TH-01", decided_on=TODAY, signer="Chủ tịch", reason="Gian lận."
    )
    recover(Commendation.objects.get(pk=commendation.pk), world.chair)
    initiative.refresh_from_db()

    for check in (check_commendable, check_proposable):
        with pytest.raises(TransitionError) as refused:
            check(initiative)
        assert refused.value.code == "state"


def test_the_commendation_page_records_a_new_award_after_a_recovery(client, world):
    initiative = world.initiative("recognized")
    recover(commend(initiative, world.chair), world.chair)
    client.force_login(world.chair)

    response = client.post(
        reverse("reports:commendation_create", args=[initiative.pk]),
        commendation_data(decision_number="45/QĐ-UBND", form_token=new_token()),
    )

    assert response.status_code == 302
    assert Commendation.objects.standing().get(initiative=initiative).decision_number == "45/QĐ-UBND"
    assert Commendation.objects.filter(initiative=initiative).count() == 2
