"""A campaign's history and its launch papers: the log of its moves and the documents it was launched with.

Split from models.py by concern: what a campaign leaves behind, not how it is set up or run.
Registered under the campaigns app (models.py imports them after `Campaign`); the names stay `campaigns.models.*`.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from .bases import WrittenInOrder
from .fields import person_kept

# models.py imports this module after CampaignState and Campaign are defined, so the import below finds them.
from .models import CampaignState


class CampaignLog(WrittenInOrder):
    """One row per move of a campaign's state."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("đợt phát động"), on_delete=models.CASCADE, related_name="logs"
    )
    action = models.CharField(_("thao tác"), max_length=32)
    from_state = models.CharField(_("từ"), max_length=16, choices=CampaignState.choices)
    to_state = models.CharField(_("sang"), max_length=16, choices=CampaignState.choices)
    actor = person_kept(verbose_name=_("người thực hiện"))
    comment = models.TextField(_("ý kiến"), blank=True)

    # The action logged when a launched campaign is amended (`Campaign.save_amendment`); the others are moves.
    AMENDMENT = "amend"

    class Meta(WrittenInOrder.Meta):
        verbose_name = verbose_name_plural = _("nhật ký đợt phát động")

    def __str__(self) -> str:
        return f"{self.action_label}: {self.get_from_state_display()} → {self.get_to_state_display()}"

    @property
    def action_label(self) -> str:
        """The move's name as people read it (see lifecycle.campaign_log_label)."""
        from .lifecycle import campaign_log_label

        return campaign_log_label(self.action)


DOCUMENT_FOLDER = "campaigns"


def campaign_document_path(instance: CampaignDocument, filename: str) -> str:
    return f"{DOCUMENT_FOLDER}/{instance.campaign_id}/{filename}"


@cleanup.select
class CampaignDocument(models.Model):
    """A launch document of a campaign (plan, guidance, registration form)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("đợt phát động"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("tên tài liệu"), max_length=255)
    # Room for the folder and the longest accepted name (campaigns.files.MAX_FILE_NAME_BYTES): the
    # default 100 made the storage cut the name short, and the download is named after it.
    file = models.FileField(_("tệp"), upload_to=campaign_document_path, max_length=500)
    content_type = models.CharField(_("kiểu tệp"), max_length=128, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("tài liệu phát động")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Return the scoped download of the document."""
        return reverse("campaigns:document", args=[self.pk])
