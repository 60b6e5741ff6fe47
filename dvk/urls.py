"""DVK URLs: the admin, authentication, the language switch, and the two apps."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import health, language, two_factor
from .autocomplete import AutocompleteView

urlpatterns = [
    # Before the admin's own URLs, so that reverse("admin:autocomplete") lands here.
    path("admin/autocomplete/", admin.site.admin_view(AutocompleteView.as_view(admin_site=admin.site))),
    # The admin's own login form would let a password alone in, past the authenticator code.
    path("admin/login/", two_factor.LoginView.as_view()),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    # Before Django's own: the login that asks for the authenticator code of those who turned it on.
    path("accounts/login/", two_factor.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", two_factor.two_factor, name="two_factor"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("models_registry.staff.urls")),
    path("committee/", include("models_registry.committee.urls")),
    path("reports/", include("models_registry.reports.urls")),
    path("showcase/", include("models_registry.showcase.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("exports/", include("jobs.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/", include("models_registry.api.urls")),
]
# Empty unless DEBUG: `static()` decides, so the URLconf itself has no condition.
urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
