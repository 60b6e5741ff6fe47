"""The invitation a new user receives to set a password (no password ever travels in a sheet)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


def invitation_link(user, base_url: str) -> str:
    """Return the link where the user sets a password: Django's password-reset token, valid PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@task()
def send_invitation(user_id: int, base_url: str) -> int:
    """E-mail a new user the link to set a password; return the number of messages sent."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        return 0  # gone, or already set a password: the link would be useless
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    subject = _("[DVK] Mời tham gia hệ thống Dân vận khéo")
    body = _(
        "Chào %(name)s,\n\nBạn được thêm vào hệ thống Dân vận khéo với tên đăng nhập %(username)s.\n"
        "Hãy đặt mật khẩu tại liên kết sau (dùng được trong %(days)s ngày):\n%(link)s\n"
    ) % {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "days": days,
        "link": invitation_link(user, base_url),
    }
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
