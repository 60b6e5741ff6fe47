"""The criteria by which a campaign recognizes models or exemplars, and their pass threshold.

Split from models.py by concern: what is scored, not the organisation or the campaigns.
Registered under the campaigns app (models.py imports them); the names stay `campaigns.models.*`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeKind(models.TextChoices):
    MODEL = "model", _("Mô hình")
    EXEMPLAR = "exemplar", _("Điển hình")


class CriteriaSet(models.Model):
    """The criteria by which a campaign recognizes models or exemplars, with a pass threshold."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("đợt phát động"), on_delete=models.CASCADE, related_name="criteria_sets"
    )
    kind = models.CharField(_("áp dụng cho"), max_length=16, choices=InitiativeKind.choices)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    threshold = models.DecimalField(
        _("ngưỡng điểm công nhận"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = verbose_name_plural = _("bộ tiêu chí")
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_criteria_set_per_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def max_total(self) -> int:
        return sum(c.max_points for c in self.criteria.all())


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("tiêu chí"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("tiêu chí")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name
