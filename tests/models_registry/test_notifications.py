"""E-mail after a move: to the people it concerns, only after commit, and never able to break the move.

Who is told is tested in tests/notifications/test_recipients.py; how mail is written (links,
language, digests) in tests/notifications/test_mail.py.
"""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from models_registry import lifecycle
from models_registry.models import Initiative, State
from notifications.models import Notification
from tests.conftest import score
from tests.models_registry.test_lifecycle_table import decision_of


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submission_mails_the_responsible_committee_after_commit_and_not_the_province(
    world, django_capture_on_commit_callbacks
):
    initiative = world.initiative("draft")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lifecycle.apply(initiative, "submit", world.staff)
        # Nothing is told before the transaction commits.
        assert mail.outbox == []
        assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    # The commune committee acts on a hamlet's registration (member, member2; and `chair` and
    # `secretary`, who lead it as well as the province's, issue 15); a province-only leader would
    # see it in the roll-up, not in their mail.
    assert recipients() == ["chair@example.org", "member2@example.org", "member@example.org", "secretary@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert initiative.name in mail.outbox[0].subject
    assert "Gửi đăng ký" in mail.outbox[0].subject


def test_a_committee_decision_mails_the_units_staff_with_the_comment(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("submitted")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "return_for_revision", world.member, comment="Bổ sung địa chỉ cụ thể.")

    assert recipients() == ["chair@example.org", "member2@example.org", "secretary@example.org", "staff@example.org"]
    body = next(m.body for m in mail.outbox if m.to == ["staff@example.org"])
    assert "Bổ sung địa chỉ cụ thể." in body
    assert "member" in body


def test_a_recognition_mails_the_units_staff(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "recognize", world.chair, decision=decision_of(world.commune_committee))

    assert "staff@example.org" in recipients()


def test_a_refused_move_sends_nothing(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("submitted")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(lifecycle.TransitionError):
        lifecycle.apply(initiative, "approve", world.member, plan_note="")

    assert callbacks == []
    assert mail.outbox == []


def test_a_failing_mail_server_neither_undoes_nor_breaks_the_move(
    world, settings, caplog, django_capture_on_commit_callbacks
):
    initiative = world.initiative("submitted")
    settings.EMAIL_BACKEND = "tests.models_registry.test_notifications.FailingBackend"

    with (
        caplog.at_level(logging.ERROR, logger="notifications.sending"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        lifecycle.apply(initiative, "approve", world.member, plan_note="Hỗ trợ.")

    row = Initiative.objects.get(pk=initiative.pk)
    assert row.state == State.APPROVED
    assert row.logs.last().to_state == State.APPROVED
    # The inbox has it even though the mail could not go.
    assert Notification.objects.filter(recipient=world.staff, kind="approve", mailed_at__isnull=True).exists()
    failure = [r for r in caplog.records if r.name == "notifications.sending" and r.levelno == logging.ERROR]
    assert len(failure) == 1
    assert "failed" in failure[0].getMessage()
    assert failure[0].exc_info[0] is ConnectionRefusedError


def test_users_without_an_e_mail_address_are_skipped(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("submitted")
    for user in (world.staff, world.member2, world.chair, world.secretary):
        user.email = ""
        user.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "approve", world.member, plan_note="Hỗ trợ.")

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=world.staff, kind="approve").exists()
