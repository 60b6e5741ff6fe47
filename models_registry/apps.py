from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "models_registry"
    verbose_name = _("Mô hình, điển hình Dân vận khéo")

    def ready(self) -> None:
        # Registers the jobs (exports, imports, papers, the summary) with the jobs app, in web processes
        # and workers alike.
        # Deletion is counted by a receiver rather than a delete() override: it runs for
        # Model.delete, QuerySet.delete (the admin's bulk delete) and any cascade alike, inside
        # the deletion's transaction, with the row as it was read.
        from django.db.models.signals import post_delete, post_save, pre_save

        from campaigns.signals import unit_moved
        from jobs.strays import held_by, register_folder

        from . import summarize  # noqa: F401
        from .counts import commendation_deleted, commendation_reading, commendation_saved, forget_deleted, move_subtree
        from .imports import import_jobs  # noqa: F401
        from .models import EVIDENCE_FOLDER, Attachment, Commendation, CommendationProposal, Initiative, Nomination
        from .models.steps import step_row_deleted, step_row_reading, step_row_saved
        from .reports import export_jobs, paper_jobs  # noqa: F401
        from .showcase.photos import FOLDER, drop_thumbnails, held_thumbnails

        post_delete.connect(forget_deleted, sender=Initiative, dispatch_uid="initiative_counts_on_delete")
        # The commendations' counts, the same way (the admin edits and deletes them too).
        pre_save.connect(commendation_reading, sender=Commendation, dispatch_uid="commendation_counts_before_save")
        post_save.connect(commendation_saved, sender=Commendation, dispatch_uid="commendation_counts_on_save")
        post_delete.connect(commendation_deleted, sender=Commendation, dispatch_uid="commendation_counts_on_delete")
        # The steps after recognition (models/steps.py), kept on the initiative and in its count.
        for model in (Nomination, CommendationProposal, Commendation):
            name = model._meta.model_name
            pre_save.connect(step_row_reading, sender=model, dispatch_uid=f"{name}_steps_before_save")
            post_save.connect(step_row_saved, sender=model, dispatch_uid=f"{name}_steps_on_save")
            post_delete.connect(step_row_deleted, sender=model, dispatch_uid=f"{name}_steps_on_delete")
        unit_moved.connect(move_subtree, dispatch_uid="initiative_counts_on_unit_move")
        # A deleted public photo's resized copies go with its file, once the deletion commits.
        post_delete.connect(drop_thumbnails, sender=Attachment, dispatch_uid="attachment_thumbnails_on_delete")
        # The folders this app writes, for the stray-file sweep (jobs/strays.py): evidence, the
        # showcase's resized photos, the sheets uploaded for an import.
        register_folder(EVIDENCE_FOLDER, held_by(Attachment, "initiative"))
        register_folder(FOLDER, held_thumbnails)
        register_folder(import_jobs.UPLOAD_FOLDER, import_jobs.held_uploads)
