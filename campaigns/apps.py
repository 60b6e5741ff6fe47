from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = _("Tổ chức và đợt phát động")

    def ready(self) -> None:
        from jobs import housekeeping
        from jobs.strays import held_by, register_folder

        from .models import Submission
        from .records import DOCUMENT_FOLDER, CampaignDocument

        # A creation token is needed for a day at most (a resent form); the housekeeping drops older ones.
        housekeeping.register("submission_tokens", Submission.objects.prune)
        # The campaigns' launch documents (stray-file sweep: jobs/strays.py).
        register_folder(DOCUMENT_FOLDER, held_by(CampaignDocument, "campaign"))
