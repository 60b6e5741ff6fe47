"""Pages drawn through shared layouts (templates/_column.html, registration/_account.html) in the states no other
test renders: the two-step verification page with the second factor on, and the request for a new password."""

from __future__ import annotations

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice


def test_with_the_second_factor_on_the_page_offers_only_to_turn_it_off(client, world):
    # Arrange
    TOTPDevice.objects.create(user=world.chair, name="DVK", confirmed=True)
    client.force_login(world.chair)

    # Act
    response = client.get(reverse("two_factor"))

    # Assert
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<form method="post" novalidate>') == 1
    assert 'name="code"' in html
    assert "Tắt xác thực hai bước</button>" in html
    assert "Bật xác thực hai bước</button>" not in html


def test_the_request_for_a_new_password_asks_for_the_address_before_login(client, world):
    # Act
    response = client.get(reverse("password_reset"))

    # Assert
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="breadcrumb' not in html
    assert 'name="email"' in html
    assert "Gửi đường dẫn đặt lại mật khẩu</button>" in html
