from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "models_registry"
    verbose_name = _("Mô hình, điển hình Dân vận khéo")

    def ready(self) -> None:
        # Registers the jobs (exports, imports, papers, the summary) with the jobs app, in web processes
        # and workers alike.
        from . import summarize  # noqa: F401
        from .imports import import_jobs  # noqa: F401
        from .reports import export_jobs, paper_jobs  # noqa: F401
