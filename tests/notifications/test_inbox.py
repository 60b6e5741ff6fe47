"""The inbox: one's own notifications only, a fixed query budget, read when opened, all read at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Delivery, Notification, Preference
from notifications.sending import notify


def tell(world, user, count: int = 1, kind: str = "approve") -> list[Notification]:
    initiative = world.initiative("approved")
    rows = []
    for _ in range(count):
        rows += notify([user.pk], kind, target=initiative, actor=world.member, comment="Hỗ trợ.")
    return rows


@pytest.mark.parametrize("count", [1, 3])
def test_the_inbox_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    tell(world, world.staff, count)
    tell(world, world.staff2)
    client.force_login(world.staff)

    # session, user (with the unread count), the navigation's scope (1), the page's count,
    # the notifications with their actors, and the initiatives they are about (one per kind of record).
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:inbox"))

    assert len(response.context["page"].object_list) == count
    content = response.content.decode()
    assert "Duyệt" in content and "member" in content
    assert content.count("data-unread") == count


def test_the_bell_shows_the_unread_count_without_a_query_of_its_own(client, world, django_assert_num_queries):
    client.force_login(world.staff)
    # session, user (with the unread count), the navigation's scope (1), the preference.
    with django_assert_num_queries(4):
        client.get(reverse("notifications:preferences"))
    tell(world, world.staff, 2)

    with django_assert_num_queries(4):
        response = client.get(reverse("notifications:preferences"))

    assert "data-notifications-bell" in response.content.decode()
    assert response.context["unread_notifications"] == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("staff2", 404), ("member", 404), ("chair", 404), ("admin", 404), ("staff", 302)],
)
def test_a_notification_opens_only_for_its_recipient(client, world, who, status):
    notification = tell(world, world.staff)[0]
    if who != "anonymous":
        client.force_login(getattr(world, who))

    response = client.get(notification.get_absolute_url())

    assert response.status_code == status
    notification.refresh_from_db()
    if who == "staff":
        assert response["Location"] == notification.target.get_absolute_url()
        assert notification.read_at is not None
    else:
        assert notification.read_at is None
        if who == "anonymous":
            assert reverse("login") in response["Location"]


def test_a_notification_whose_record_is_gone_leads_back_to_the_inbox(client, world):
    notification = notify([world.staff.pk], "approve", actor=world.member)[0]
    client.force_login(world.staff)

    response = client.get(notification.get_absolute_url())

    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read_marks_only_ones_own_and_needs_a_post(client, world):
    tell(world, world.staff, 2)
    theirs = tell(world, world.staff2)[0]
    client.force_login(world.staff)

    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.staff, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_each_user_chooses_how_mail_comes_and_in_which_language(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("notifications:preferences")).status_code == 200

    response = client.post(reverse("notifications:preferences"), {"delivery": "daily", "language": "en"})

    assert response.status_code == 302
    preference = Preference.objects.get(user=world.staff)
    assert (preference.delivery, preference.language) == (Delivery.DAILY, "en")


def test_a_bad_choice_is_refused_next_to_the_field_and_the_form_stays_filled(client, world):
    client.force_login(world.staff)

    response = client.post(reverse("notifications:preferences"), {"delivery": "<b>sms</b>", "language": "en"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "<b>sms</b>" not in content
    assert response.context["form"].errors["delivery"]
    assert not Preference.objects.filter(user=world.staff).exists()


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_switching_the_sites_language_is_remembered_for_mail(client, world):
    client.force_login(world.staff)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert Preference.objects.get(user=world.staff).language == "en"
