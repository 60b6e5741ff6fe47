from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = _("Tệp đã xuất")

    def ready(self) -> None:
        # Registers the jobs app's own sweeps (expired files, old task results) with the housekeeping.
        from . import housekeeping  # noqa: F401
        from .models import EXPORT_FOLDER, Job
        from .strays import held_by, register_folder

        # An export lies under its owner and its job: "exports/<owner>/<job>/<file>".
        register_folder(EXPORT_FOLDER, held_by(Job, "pk", depth=2))
