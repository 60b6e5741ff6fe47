"""Mail: an absolute link to the record, in the reader's language, at once, in a daily digest, or never."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone

from notifications.models import Delivery, Notification, Preference
from notifications.sending import digest_groups, notify, queue_digests, render_digest, send_digest


def prefer(user, delivery: str, language: str = "vi") -> None:
    Preference.objects.update_or_create(user=user, defaults={"delivery": delivery, "language": language})


def test_an_immediate_mail_links_to_the_record_on_the_site(world, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://dvk.vinhlong.example/"
    initiative = world.initiative("approved")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify([world.staff.pk], "approve", target=initiative, actor=world.member)

    [message] = mail.outbox
    assert f"https://dvk.vinhlong.example/notifications/{notification.pk}/" in message.body
    assert "https://dvk.vinhlong.example/notifications/settings/" in message.body
    notification.refresh_from_db()
    assert notification.mailed_at is not None


def test_mail_is_written_in_the_readers_language(world, django_capture_on_commit_callbacks):
    prefer(world.staff, Delivery.IMMEDIATE, "en")
    initiative = world.initiative("approved")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        notify([world.staff.pk, world.member2.pk], "approve", target=initiative, actor=world.member)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Approve" in by_address["staff@example.org"].subject
    assert "Duyệt" in by_address["member2@example.org"].subject


def test_those_who_chose_a_digest_or_nothing_get_no_immediate_mail(world, django_capture_on_commit_callbacks):
    prefer(world.staff, Delivery.DAILY)
    prefer(world.member2, Delivery.NONE)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        notify([world.staff.pk, world.member2.pk], "campaign_launched", target=world.campaign, actor=world.chair)

    assert mail.outbox == []
    assert Notification.objects.filter(mailed_at__isnull=True).count() == 2


def test_the_digest_groups_by_record_latest_news_first_and_oldest_first_within(world):
    first = world.initiative("approved", name="Mô hình thứ nhất")
    second = world.initiative("approved", name="Mô hình thứ hai")
    start = timezone.now() - datetime.timedelta(hours=5)
    at = [start + datetime.timedelta(hours=h) for h in range(4)]
    a = notify([world.staff.pk], "approve", target=first, actor=world.member, at=at[0])[0]
    b = notify([world.staff.pk], "inspection_recorded", target=second, actor=world.member, at=at[1])[0]
    c = notify([world.staff.pk], "results_due", target=first, data={"date": "2026-06-30"}, at=at[2])[0]
    d = notify([world.staff.pk], "campaign_launched", target=world.campaign, actor=world.chair, at=at[3])[0]

    groups = digest_groups(Notification.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk]))

    assert [(target, [n.pk for n in items]) for target, items in groups] == [
        (world.campaign, [d.pk]),
        (first, [a.pk, c.pk]),
        (second, [b.pk]),
    ]
    subject, body = render_digest(list(Notification.objects.filter(recipient=world.staff)))
    assert "4" in subject
    assert body.index(world.campaign.name) < body.index("Mô hình thứ nhất") < body.index("Mô hình thứ hai")
    assert "30/06/2026" in body


def test_the_daily_digest_is_one_mail_each_day_and_never_repeats(world):
    prefer(world.staff, Delivery.DAILY)
    prefer(world.member2, Delivery.IMMEDIATE)
    initiative = world.initiative("approved")
    notify([world.staff.pk, world.member2.pk], "approve", target=initiative, actor=world.member)
    notify([world.staff.pk], "inspection_recorded", target=initiative, actor=world.member)
    mail.outbox.clear()

    # Tasks run at once in the tests: queueing is sending.
    assert queue_digests() == 1
    [message] = mail.outbox
    assert message.to == ["staff@example.org"]
    assert "2 thông báo mới" in message.subject
    assert queue_digests() == 0
    assert send_digest(world.staff.pk) == 0
    assert len(mail.outbox) == 1


def test_choosing_a_digest_does_not_mail_what_came_before(client, world):
    initiative = world.initiative("approved")
    with_email_off = notify([world.staff.pk], "approve", target=initiative, actor=world.member)[0]
    client.force_login(world.staff)

    client.post("/notifications/settings/", {"delivery": "daily", "language": "vi"})

    with_email_off.refresh_from_db()
    assert with_email_off.mailed_at is not None
