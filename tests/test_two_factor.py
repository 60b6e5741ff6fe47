"""Optional second factor (issue 20): administrators and committee leaders may require an authenticator code at login."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(client, username: str, code: str = ""):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "otp_token": code})


def test_a_chair_turns_the_second_factor_on_with_a_code_from_the_app(client, world):
    # Arrange
    client.force_login(world.chair)
    page = client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=world.chair)

    # Act
    response = client.post(reverse("two_factor"), {"code": current_code(device)})

    # Assert
    assert page.status_code == 200 and "Bật xác thực hai bước" in page.content.decode()
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_does_not_turn_the_second_factor_on(client, world):
    # Arrange
    client.force_login(world.admin)
    client.get(reverse("two_factor"))

    # Act
    response = client.post(reverse("two_factor"), {"code": "000000"})

    # Assert
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.admin, confirmed=True).exists()


@pytest.mark.parametrize("username", ["staff", "member"])
def test_unit_staff_and_plain_members_get_403_on_the_second_factor_page(client, world, username):
    # Arrange
    client.force_login(getattr(world, username))

    # Act
    response = client.get(reverse("two_factor"))

    # Assert
    assert response.status_code == 403


def test_with_the_second_factor_on_the_password_alone_does_not_log_in(client, world):
    # Arrange
    TOTPDevice.objects.create(user=world.chair, name="DVK", confirmed=True)

    # Act
    response = log_in(client, "chair")

    # Assert
    assert response.status_code == 200
    assert "hãy nhập mã 6 số" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_with_the_second_factor_on_a_wrong_code_does_not_log_in(client, world):
    # Arrange
    TOTPDevice.objects.create(user=world.chair, name="DVK", confirmed=True)

    # Act
    response = log_in(client, "chair", "123456")

    # Assert
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_with_the_second_factor_on_the_password_and_the_code_log_in_verified(client, world):
    # Arrange
    device = TOTPDevice.objects.create(user=world.chair, name="DVK", confirmed=True)

    # Act
    response = log_in(client, "chair", current_code(device))

    # Assert
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.chair.pk)
    assert client.session["otp_device_id"] == device.persistent_id


def test_users_without_a_second_factor_log_in_with_the_password_alone(client, world):
    # Act
    response = log_in(client, "staff")

    # Assert
    assert response.status_code == 302


def test_the_second_factor_is_turned_off_with_a_current_code(client, world):
    # Arrange
    device = TOTPDevice.objects.create(user=world.chair, name="DVK", confirmed=True)
    client.force_login(world.chair)

    # Act
    response = client.post(reverse("two_factor"), {"code": current_code(device)})

    # Assert
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.chair).exists()


def test_the_admin_login_also_asks_for_the_code(client, world):
    # Arrange
    TOTPDevice.objects.create(user=world.admin, name="DVK", confirmed=True)

    # Act
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": PASSWORD, "next": reverse("admin:index")}
    )

    # Assert
    assert response.status_code == 200
    assert "hãy nhập mã 6 số" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_login_with_the_code_opens_the_admin(client, world):
    # Arrange
    device = TOTPDevice.objects.create(user=world.admin, name="DVK", confirmed=True)

    # Act
    response = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": PASSWORD, "otp_token": current_code(device), "next": reverse("admin:index")},
    )

    # Assert
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
