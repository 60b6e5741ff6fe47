"""Reminders before deadlines: each on its day, each once, switched off per campaign (`today` is passed: no clock patched)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from models_registry.models import Initiative, TransitionLog
from models_registry.reminders import send_reminders
from notifications.models import Notification, SentReminder
from tests.conftest import score


def day(month: int, d: int, world) -> datetime.date:
    return datetime.date(world.campaign.year, month, d)


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def closing(world):
    """Registration closes on 20 March."""
    world.campaign.registration_closes_on = day(3, 20, world)
    world.campaign.save()
    return world.campaign.registration_closes_on


def test_registration_closing_is_reminded_7_and_1_days_before_to_every_units_staff(world, closing):
    for offset in range(10, -2, -1):
        send_reminders(closing - datetime.timedelta(days=offset))

    rows = Notification.objects.filter(kind="registration_closing").order_by("created_at", "pk")
    assert told("registration_closing") == ["staff", "staff", "staff2", "staff2"]
    assert sorted({row.data["days"] for row in rows}) == [1, 7]
    assert "20/03" in rows[0].summary


def test_a_reminder_is_sent_once_however_often_the_timer_runs(world, closing):
    seven_before = closing - datetime.timedelta(days=7)

    send_reminders(seven_before)
    send_reminders(seven_before)
    call_command("send_reminders", today=seven_before, no_digests=True)

    assert Notification.objects.filter(kind="registration_closing").count() == 2
    assert SentReminder.objects.filter(key__startswith="registration_closing:").count() == 1


def test_nothing_is_reminded_before_its_day_nor_after_the_deadline(world, closing):
    send_reminders(closing - datetime.timedelta(days=8))
    send_reminders(closing + datetime.timedelta(days=1))

    assert told("registration_closing") == []


def test_a_day_the_timer_missed_is_caught_up_the_next_day_with_the_days_really_left(world, closing):
    send_reminders(closing - datetime.timedelta(days=5))

    assert {row.data["days"] for row in Notification.objects.filter(kind="registration_closing")} == {5}


def test_a_campaign_can_switch_its_reminders_off_or_choose_its_days(world, closing):
    world.campaign.sends_reminders = False
    world.campaign.save()
    send_reminders(closing - datetime.timedelta(days=7))
    assert told("registration_closing") == []

    world.campaign.sends_reminders = True
    world.campaign.reminder_days = "3"
    world.campaign.save()
    send_reminders(closing - datetime.timedelta(days=7))
    assert told("registration_closing") == []
    send_reminders(closing - datetime.timedelta(days=3))
    assert told("registration_closing") == ["staff", "staff2"]


def test_the_results_report_is_reminded_to_the_unit_before_the_initiative_ends(world):
    initiative = world.initiative("approved")
    ends = initiative.ends_on

    send_reminders(ends - datetime.timedelta(days=7))
    send_reminders(ends - datetime.timedelta(days=1))
    send_reminders(ends - datetime.timedelta(days=1))

    assert told("results_due") == ["staff", "staff"]
    assert Notification.objects.filter(kind="results_due").first().target == initiative


def test_honouring_and_statistics_are_reminded_to_the_campaigns_committee(world):
    send_reminders(day(10, 8, world))
    send_reminders(day(12, 14, world))

    assert told("honouring_due") == ["chair", "secretary"]
    assert told("statistics_due") == ["chair", "secretary"]
    assert "15/10" in Notification.objects.filter(kind="honouring_due").first().summary


def test_inspections_due_are_counted_for_the_committee_that_acts_and_reminded_once_a_week(world, settings):
    world.initiative("approved")
    world.initiative("approved")
    world.initiative("approved", unit=world.other_hamlet)
    Initiative.objects.update(last_inspected_on=None)
    monday = datetime.date(2026, 3, 2)

    send_reminders(monday)
    send_reminders(monday + datetime.timedelta(days=3))

    counts = sorted(
        (n.recipient.username, n.data["count"]) for n in Notification.objects.filter(kind="inspections_due")
    )
    # `chair` and `secretary` lead both committees (issue 15): told once for each committee's own.
    assert counts == [("chair", 1), ("chair", 2), ("member", 2), ("member2", 2), ("secretary", 1), ("secretary", 2)]
    send_reminders(monday + datetime.timedelta(days=7))
    assert Notification.objects.filter(kind="inspections_due").count() == 12


def test_members_who_have_not_scored_a_waiting_request_are_reminded_once(world, settings):
    settings.DVK_SCORE_SHEET_REMINDER_DAYS = 7
    initiative = world.initiative("recognition_requested")
    score(initiative, world.member, 90)
    requested = TransitionLog.objects.get(initiative=initiative, action="request_recognition")
    asked_on = requested.created_at.date()

    send_reminders(asked_on + datetime.timedelta(days=6))
    assert told("score_sheets_missing") == []
    send_reminders(asked_on + datetime.timedelta(days=7))
    send_reminders(asked_on + datetime.timedelta(days=8))

    # `chair` and `secretary` sit on the commune's committee too (issue 15): they have not scored either.
    assert told("score_sheets_missing") == ["chair", "member2", "secretary"]


def test_a_summarized_campaign_reminds_nobody(world, closing):
    from campaigns.lifecycle import apply_campaign

    apply_campaign(world.campaign, "summarize", world.chair, lessons_learned="Bài học.", notify=False)

    send_reminders(closing - datetime.timedelta(days=7))

    assert not Notification.objects.exists()
