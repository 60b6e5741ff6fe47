"""E-mail after a move: to the right people, only after commit, and never able to break the move."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from models_registry import lifecycle
from models_registry.models import Initiative, State
from tests.conftest import score
from tests.models_registry.test_lifecycle_table import decision_of


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submission_mails_every_committee_member_over_the_unit_after_commit(
    world, django_capture_on_commit_callbacks
):
    initiative = world.initiative("draft")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lifecycle.apply(initiative, "submit", world.staff)
        # Nothing leaves before the transaction commits.
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    # Province committee (chair, secretary) and the commune committee (member, member2);
    # nobody of the other commune, no unit staff.
    assert recipients() == [
        "chair@example.org",
        "member2@example.org",
        "member@example.org",
        "secretary@example.org",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert initiative.name in mail.outbox[0].subject
    assert "Gửi đăng ký" in mail.outbox[0].subject


def test_a_committee_decision_mails_the_units_staff(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("submitted")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "return_for_revision", world.member, comment="Bổ sung địa chỉ cụ thể.")

    assert recipients() == ["staff@example.org"]
    body = mail.outbox[0].body
    assert "Bổ sung địa chỉ cụ thể." in body
    assert "member" in body
    assert str(State.RETURNED.label) in body


def test_a_recognition_mails_the_units_staff(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("recognition_requested")
    score(initiative, world.chair, 90)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "recognize", world.chair, decision=decision_of(world.province_committee))

    assert recipients() == ["staff@example.org"]


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
        caplog.at_level(logging.ERROR, logger="models_registry.lifecycle"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        lifecycle.apply(initiative, "approve", world.member, plan_note="Hỗ trợ.")

    assert len(callbacks) == 1
    row = Initiative.objects.get(pk=initiative.pk)
    assert row.state == State.APPROVED
    assert row.logs.last().to_state == State.APPROVED
    failure = [r for r in caplog.records if r.name == "models_registry.lifecycle" and r.levelno == logging.ERROR]
    assert len(failure) == 1
    assert "failed" in failure[0].getMessage()
    assert failure[0].exc_info[0] is ConnectionRefusedError


def test_users_without_an_e_mail_address_are_skipped(world, django_capture_on_commit_callbacks):
    initiative = world.initiative("submitted")
    world.staff.email = ""
    world.staff.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply(initiative, "approve", world.member, plan_note="Hỗ trợ.")

    assert mail.outbox == []
