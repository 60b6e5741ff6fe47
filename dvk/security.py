"""Response headers every page needs and that no single view should have to remember.

`Permissions-Policy` turns off the browser features DVK never uses, so a script that got in could
not use them either. Pages of a logged-in user and file downloads are `Cache-Control: private,
no-store`: they show one person's scope (names, scores, unit data), and a shared computer's back
button or disk cache must not hand them to the next person. Anonymous public pages (the showcase)
keep the cache headers their views chose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), fullscreen=(self)"
)
PRIVATE = "private, no-store"


def is_private(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Say whether the response belongs to one person: a logged-in user's page or a download."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # An anonymous download is private unless its view declared it public on purpose (open data).
    attachment = response.get("Content-Disposition", "").lower().startswith("attachment")
    return attachment and "public" not in response.get("Cache-Control", "")


class SecurityHeadersMiddleware:
    """Add `Permissions-Policy` to every response and keep private responses out of every cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private(request, response):
            # Replaced, not patched: a view's `public` or `max-age` must not survive beside it.
            response["Cache-Control"] = PRIVATE
        return response
