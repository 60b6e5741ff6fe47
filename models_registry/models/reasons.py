"""A committee's saved reasons: the few wordings it gives again and again when it returns, rejects or declines.

A template only fills the reason's textarea: the comment logged by the lifecycle is still the text sent,
edited or not, so a template changed later never rewrites a past move.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.access import leaders_only, scope
from campaigns.fields import committee_link
from campaigns.models import Unit
from campaigns.text import nfc

# The most a committee keeps for one action: a short list to pick from, not a second archive.
MAX_REASONS_PER_ACTION = 20


class ReasonAction(models.TextChoices):
    """The committee's moves that take a reason (their labels are the lifecycle's)."""

    RETURN_FOR_REVISION = "return_for_revision", _("Yêu cầu điều chỉnh")
    REJECT = "reject", _("Không duyệt")
    REQUEST_MORE_EVIDENCE = "request_more_evidence", _("Yêu cầu bổ sung minh chứng")
    DECLINE_RECOGNITION = "decline_recognition", _("Không công nhận")


class ReasonTemplateQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReasonTemplateQuerySet:
        """Return the reasons of the committees this user sits on (all of them for administrators)."""
        from ..access import limited

        return limited(self, user, lambda s: Q(committee_id__in={seat.committee_id for seat in s.seats}))

    def managed_by(self, user) -> ReasonTemplateQuerySet:
        """Return the reasons this user may add, change and delete: those of the committees they lead."""
        s = scope(user)
        if s.is_admin:
            return self
        return self.filter(committee_id__in=s.led_committee_ids)

    def offered(self, user, action: str | list[str], unit: Unit | None = None) -> ReasonTemplateQuerySet:
        """Return the reasons to offer for `action` (or several): the user's committees', over `unit` when named."""
        actions = [action] if isinstance(action, str) else list(action)
        qs = self.visible_to(user).filter(action__in=actions)
        if unit is not None:
            qs = qs.filter(committee__unit__path__in=unit.ancestor_paths())
        return qs.order_by("committee__unit__depth", "position", "pk")


class ReasonTemplate(models.Model):
    committee = committee_link(on_delete=models.CASCADE, related_name="reason_templates")
    action = models.CharField(_("Dùng khi"), max_length=32, choices=ReasonAction.choices)
    text = models.TextField(_("Nội dung lý do"), max_length=2000)
    position = models.PositiveSmallIntegerField(
        _("Thứ tự"), default=0, help_text=_("Số nhỏ đứng trước trong danh sách chọn.")
    )

    objects = ReasonTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("lý do mẫu")
        ordering = ("committee", "action", "position", "pk")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else self.text[:59] + "…"

    def save(self, *args, **kwargs):
        self.text = nfc(self.text.strip())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("committee:reason_edit", args=[self.pk])

    @staticmethod
    def require_manager(user, committee_id: int) -> None:
        """Refuse (403) a user who does not lead the committee: only its chair and secretariat keep its reasons."""
        if not scope(user).leads_committee(committee_id):
            raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "sửa được lý do mẫu")))
