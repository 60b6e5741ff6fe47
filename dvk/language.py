"""The language: Vietnamese first (the middleware), English through the switch (`set_language`).

The switch is Django's `set_language` without the CSRF token, so public pages stay cacheable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Set the language cookie and redirect to a same-host `next`, as Django's view does, without a token.

    The switch is in the navbar of every page, the public showcase's included. A CSRF token in it
    would make Django set a CSRF cookie on pages that shared caches keep (`public, max-age=300`):
    one visitor's token would be served to the next, whose switch would then fail with 403. What
    the token guarded is small (another site flipping a visitor's language; Django's view still
    refuses a `next` on another host), and browsers that say a POST comes from another site are
    refused here.
    """
    if request.method == "POST" and request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise PermissionDenied
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        # Mail is written in the language the person last chose on the site (notifications.Preference).
        from notifications.models import Preference

        Preference.objects.update_or_create(user=request.user, defaults={"language": language})
    return response


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the switcher; the browser's language is not followed.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many phones and office
    computers in Vietnam run in English: their users would get English pages and, worse, English
    spreadsheets and PDF reports to hand up the hierarchy, where reports are in Vietnamese. The
    language cookie that the switcher sets is the only way to English.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # The page depends on the language cookie, not on Accept-Language: say so to caches
        # (Django's middleware adds "Vary: Accept-Language", which would split shared caches
        # of the public showcase by every browser's language for nothing).
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
