from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    # An app of its own (label "api") so that its tables migrate apart from the registry's.
    name = "models_registry.api"
    label = "api"
    verbose_name = _("API đọc dữ liệu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jobs import housekeeping

        from . import schema  # noqa: F401  (registers the token's security scheme)
        from .models import ApiCall

        # Every call is logged; the log is kept DVK_API_CALL_RETENTION_DAYS, then swept.
        housekeeping.register("api_calls", ApiCall.objects.prune)
