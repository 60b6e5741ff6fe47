from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = _("Tổ chức và đợt phát động")

    def ready(self) -> None:
        from jobs import housekeeping

        from .models import Submission

        # A creation token is needed for a day at most (a resent form); the housekeeping drops older ones.
        housekeeping.register("submission_tokens", Submission.objects.prune)
