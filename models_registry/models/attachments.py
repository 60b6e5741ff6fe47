"""The files an initiative carries: the unit's evidence of its results, the committee's inspection
files, and the evidence photos its unit makes public on the showcase.

Split from records.py by concern; re-exported by the package (migration 0001 names
`models_registry.models.attachment_path`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from campaigns.fields import recorded_by

from .fields import initiative_link
from .initiative import Initiative
from .records import Inspection

# Written into the initiative's history (the admin's change history) in the language of the person who acts.
PHOTO_PUBLISHED = _(
    "Công khai ảnh “%(name)s” trên trang mô hình tiêu biểu (đã xác nhận có sự đồng ý của người trong ảnh)."
)
PHOTO_WITHDRAWN = _("Thôi công khai ảnh “%(name)s” trên trang mô hình tiêu biểu.")


class AttachmentPurpose(models.TextChoices):
    EVIDENCE = "evidence", _("Minh chứng kết quả")
    INSPECTION = "inspection", _("Minh chứng kiểm tra")
    OTHER = "other", _("Khác")


EVIDENCE_FOLDER = "evidence"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"{EVIDENCE_FOLDER}/{instance.initiative_id}/{filename}"


class AttachmentQuerySet(models.QuerySet):
    def evidence(self) -> AttachmentQuerySet:
        """Return the unit's own evidence of its results (not the committee's inspection files)."""
        return self.filter(purpose=AttachmentPurpose.EVIDENCE)

    def published_photos(self) -> AttachmentQuerySet:
        """Return the evidence photos their unit made public, oldest first (the initiative is not checked)."""
        return self.filter(
            is_public=True, purpose=AttachmentPurpose.EVIDENCE, content_type__startswith="image/"
        ).order_by("uploaded_at", "id")

    def in_showcase(self) -> AttachmentQuerySet:
        """Return the photos the public may see: published, of an initiative the showcase shows."""
        return self.published_photos().filter(initiative__in=Initiative.objects.public().values("pk"))


@cleanup.select
class Attachment(models.Model):
    """An evidence file (photo, minutes, report) of an initiative, served only through a scoped view."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="attachments")
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("lần kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    purpose = models.CharField(
        _("loại minh chứng"), max_length=16, choices=AttachmentPurpose.choices, default=AttachmentPurpose.EVIDENCE
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=500)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=128, editable=False)
    size = models.PositiveIntegerField(_("dung lượng"), editable=False, default=0)
    uploaded_by = recorded_by(verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    # A photo shown on the public showcase: never by default, only through `set_public` by the
    # unit's own staff, who confirm the consent of the people in it (logged, with who and when).
    is_public = models.BooleanField(_("công khai trên trang mô hình tiêu biểu"), default=False, editable=False)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True, editable=False)
    published_by = recorded_by(verbose_name=_("người công khai"), blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "id"]
        indexes = [
            # The showcase's first photo per initiative and its gallery read only published rows.
            models.Index(
                fields=["initiative", "uploaded_at", "id"],
                condition=Q(is_public=True),
                name="attachment_published_photos",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        """Return the scoped download of the file."""
        return reverse("staff:attachment_download", args=[self.pk])

    @property
    def is_inline(self) -> bool:
        """Images and PDFs open in the browser; everything else downloads."""
        return self.content_type.startswith("image/") or self.content_type == "application/pdf"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_publishable(self) -> bool:
        """Only the unit's own evidence photos may go on the showcase (not the committee's inspection files)."""
        return self.is_image and self.purpose == AttachmentPurpose.EVIDENCE

    def set_public(self, user, public: bool, consent: bool = False) -> None:
        """Show this photo on the public showcase (the consent of the people in it confirmed) or withdraw it.

        Only staff of the initiative's own unit decide (PermissionDenied otherwise); publishing without
        `consent` raises ValidationError. The change is noted in the initiative's history and bumps its
        update time, so the showcase pages' ETag and Last-Modified change with their pictures.
        """
        from ..access import may_publish_photos

        if not may_publish_photos(user, self.initiative):
            raise PermissionDenied(_("Chỉ cán bộ của đơn vị đăng ký mới được công khai ảnh minh chứng."))
        if not self.is_publishable:
            raise PermissionDenied(_("Chỉ ảnh minh chứng kết quả của đơn vị mới được công khai."))
        if public and not consent:
            raise ValidationError(
                {"consent": _("Hãy xác nhận đã được sự đồng ý của những người có trong ảnh trước khi công khai.")}
            )
        now = timezone.now()
        with transaction.atomic():
            Attachment.objects.filter(pk=self.pk).update(
                is_public=public, published_at=now if public else None, published_by=user if public else None
            )
            Initiative.objects.filter(pk=self.initiative_id).update(updated_at=now)
            message = PHOTO_PUBLISHED if public else PHOTO_WITHDRAWN
            self.initiative.note_in_history(user, message % {"name": self.original_name})
        self.is_public, self.published_at, self.published_by = (
            public,
            (now if public else None),
            (user if public else None),
        )
        if not public:
            # The resized copies go too: nothing of a withdrawn photo stays where a server could hand it out.
            from ..showcase.photos import delete_thumbnails

            transaction.on_commit(lambda: delete_thumbnails(self.pk), robust=True)
