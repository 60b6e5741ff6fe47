"""Password rules and login throttling helpers that Django and django-axes do not ship."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

# The shortest name part worth refusing: "ap" or "xa" inside a password is chance, "phuhoa" is not.
MIN_PART = 4


def compact(text: str) -> str:
    """Return `text` lowercased, without accents, spaces or punctuation ("Ấp Phú Hòa" → "apphuhoa")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed.lower() if ch.isalnum() and not unicodedata.combining(ch))


def name_parts(name: str) -> set[str]:
    """Return the compact forms of every run of two or more words of `name` ("phuhoa", "apphuhoa").

    Single words are too common to refuse ("long" of "Xã Long Hồ" is in "belonging"), unless
    the name is one word.
    """
    words = [word for word in (compact(word) for word in name.split()) if word]
    shortest = 2 if len(words) > 1 else 1
    parts = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + shortest, len(words) + 1)}
    return {part for part in parts if len(part) >= MIN_PART}


class NotFromUsernameOrUnitValidator:
    """Refuse a password that contains the username or the name of one of the user's units.

    Django's similarity validator compares the whole password with the whole username, so
    "chair2026!" or "PhuHoa@2024" pass it; guessers try exactly those first.
    """

    def validate(self, password: str, user=None) -> None:
        """Raise ValidationError when the password is built from the username or a unit name."""
        if user is None:
            return
        candidate = compact(password)
        username = compact(getattr(user, "username", "") or "")
        if len(username) >= 3 and username in candidate:
            raise ValidationError(_("Mật khẩu không được chứa tên đăng nhập."), code="password_has_username")
        if user.pk is None:
            return
        from campaigns.models import Unit

        for name in Unit.objects.filter(memberships__user=user).values_list("name", flat=True):
            if any(part in candidate for part in name_parts(name)):
                raise ValidationError(
                    _("Mật khẩu không được chứa tên đơn vị của bạn (%(unit)s).") % {"unit": name},
                    code="password_has_unit_name",
                )

    def get_help_text(self) -> str:
        """Say the rule on the password forms."""
        return _("Mật khẩu không được chứa tên đăng nhập hay tên đơn vị của bạn.")


def client_ip_address(request: HttpRequest) -> str | None:
    """Return the client's address: the one the nearest trusted proxy saw, else REMOTE_ADDR."""
    proxies = settings.DVK_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        # Each proxy appends the address it saw; entries further left were written by the client.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """Render the Vietnamese lockout page: how many failures, and from what time to try again."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cooloff.total_seconds() // 60),
        "until": timezone.localtime(timezone.now() + cooloff),
    }
    return render(request, "registration/locked_out.html", context, status=429)
