"""Logins resist guessing (issue 20): lockout per account and per address, unlock, reset by e-mail, strong passwords."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LIMIT = 3


@pytest.fixture
def axes_on(settings):
    """Turn django-axes on (the suite runs with it off), with a small limit."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = LIMIT
    return settings


def log_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, follow=False
    )


def test_the_right_password_is_refused_after_repeated_failures_with_a_vietnamese_when(client, world, axes_on):
    # Arrange
    for _ in range(LIMIT):
        log_in(client, "staff", "sai-mat-khau")

    # Act
    response = log_in(client, "staff", PASSWORD)

    # Assert
    assert response.status_code == 429
    page = response.content.decode()
    assert "tạm bị khóa" in page
    assert re.search(r"Hãy thử lại sau 15 phút \(từ \d\d:\d\d\)", page)
    assert "_auth_user_id" not in client.session


def test_failures_on_many_accounts_from_one_address_lock_that_address(client, world, axes_on):
    # Arrange: one guess each at several accounts, as a password sprayer does.
    for username in ("chair", "secretary", "member")[:LIMIT]:
        log_in(client, username, "sai-mat-khau", address="10.9.9.9")

    # Act
    from_there = log_in(client, "staff", PASSWORD, address="10.9.9.9")
    from_elsewhere = log_in(client, "staff", PASSWORD, address="10.0.0.2")

    # Assert
    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock_and_a_success_clears_them(client, world, axes_on):
    # Arrange
    for _ in range(LIMIT - 1):
        log_in(client, "staff", "sai-mat-khau")

    # Act
    response = log_in(client, "staff", PASSWORD)

    # Assert
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="staff", failures_since_start__gt=0).exists()


def test_an_administrator_unlocks_an_account_in_the_admin(client, world, axes_on):
    # Arrange
    for _ in range(LIMIT):
        log_in(client, "staff", "sai-mat-khau")
    attempts = list(AccessAttempt.objects.filter(username="staff"))
    admin_client = type(client)()
    admin_client.force_login(world.admin)

    # Act
    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    for attempt in attempts:
        admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    response = log_in(client, "staff", PASSWORD)

    # Assert
    assert listing.status_code == 200
    assert attempts
    assert response.status_code == 302


def test_force_login_is_not_throttled(client, world, axes_on):
    # Arrange
    for _ in range(LIMIT):
        log_in(client, "staff", "sai-mat-khau")

    # Act
    client.force_login(world.staff)

    # Assert
    assert client.get(reverse("staff:home")).status_code == 200


@pytest.mark.parametrize(
    "password",
    ["staff2026!", "Staff@Vinh-Long", "PhuHoa@2026", "ap phu hoa 123", "ẤpPhúHòa!9x"],
)
def test_a_password_built_from_the_username_or_the_unit_name_is_refused(world, password):
    # Act / Assert
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, world.staff)


@pytest.mark.parametrize("password", ["tre-xanh-bên-sông-9", "Long-vien-7Q!mk"])
def test_a_password_unrelated_to_the_username_and_the_unit_passes(world, password):
    # Act / Assert: "Long" alone is one word of "Xã Long Hồ", not the unit's name.
    password_validation.validate_password(password, world.staff)


def test_a_forgotten_password_is_reset_by_e_mail_end_to_end(client, db):
    # Arrange
    user = UserFactory(username="quen", email="quen@example.org")
    new_password = "Mat-khau-moi-rat-dai-42"

    # Act: ask for the mail, follow its link, set a new password, log in with it.
    asked = client.post(reverse("password_reset"), {"email": "quen@example.org"})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    set_password = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    logged_in = client.post(reverse("login"), {"username": "quen", "password": new_password})

    # Assert
    assert asked.status_code == 302 and asked["Location"] == reverse("password_reset_done")
    assert message.to == ["quen@example.org"]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    assert set_password.status_code == 302 and set_password["Location"] == reverse("password_reset_complete")
    assert logged_in.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_a_used_reset_link_says_so_in_vietnamese(client, db):
    # Arrange
    UserFactory(username="quen2", email="quen2@example.org")
    client.post(reverse("password_reset"), {"email": "quen2@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": "Mot-hai-ba-bon-99", "new_password2": "Mot-hai-ba-bon-99"}
    )

    # Act
    again = client.get(link, follow=True)

    # Assert
    assert "không còn dùng được" in again.content.decode()


def test_the_demo_and_test_users_still_log_in_with_axes_on(client, world, axes_on):
    # Act
    response = log_in(client, "chair", PASSWORD)

    # Assert
    assert response.status_code == 302
    assert client.get(reverse("staff:home")).status_code == 200
