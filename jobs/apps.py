from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = _("Tệp đã xuất")

    def ready(self) -> None:
        # Registers the jobs app's own sweeps (expired files, old task results) with the housekeeping.
        from . import housekeeping  # noqa: F401
        from .runner import held_exports
        from .strays import register_folder

        register_folder("exports", held_exports)
