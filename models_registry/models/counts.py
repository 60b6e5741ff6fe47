"""How many initiatives share each key (campaign × unit × field × kind × subject × origin × state × level ×
outstanding), kept by every write that changes a key (`models_registry.counts`), read by the summary, the
campaign overview and the committee home instead of a GROUP BY over every initiative of the year.

The key is said once, in `KEY` (the columns here) and `SOURCE` (where each is read on an initiative).
One more dimension is one more line in each, one more field below, its migration (the unique
constraint takes `KEY`), and `manage.py rebuild_counts`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce

from campaigns.models import Campaign, Field, Unit

# The count's key columns (attribute names), in the order of the unique constraint: the campaign
# first, so that the constraint's index serves "this campaign's rows" and "this campaign's units".
KEY = (
    "campaign_id",
    "unit_id",
    "field_id",
    "kind",
    "subject",
    "origin",
    "state",
    "recognition_level",
    "outstanding",
)
# Where each key column is read on an initiative: its own column, or the level of its recognition
# decision (a decision's level never changes; an initiative without one counts under "").
SOURCE = {
    "campaign_id": "campaign_id",
    "unit_id": "unit_id",
    "field_id": "field_id",
    "kind": "kind",
    "subject": "subject",
    "origin": "origin",
    "state": "state",
    "recognition_level": "decision_id",
    "outstanding": "outstanding",
}
# The same key as SQL over Initiative, for the rebuild's GROUP BY.
GROUP_BY = {
    **{name: F(column) for name, column in SOURCE.items() if name != "recognition_level"},
    "recognition_level": Coalesce(F("decision__level"), Value("")),
}


class InitiativeCountQuerySet(models.QuerySet):
    def visible_to(self, user) -> InitiativeCountQuerySet:
        """Return the counts of the initiatives this user may see (the same door as `Initiative.visible_to`)."""
        from ..access import visible_initiatives

        return visible_initiatives(self, user)

    def counted(self) -> InitiativeCountQuerySet:
        """Leave out the keys that no initiative holds any more (a move leaves its old key at 0)."""
        return self.filter(count__gt=0)


class InitiativeCount(models.Model):
    """How many initiatives hold one key; never edited by hand (`manage.py rebuild_counts` recomputes it)."""

    # CASCADE, not PROTECT: an initiative protects its campaign, unit and field, so what is left
    # here when one of them goes is only keys counted at zero.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=16)
    subject = models.CharField(max_length=16)
    origin = models.CharField(max_length=16)
    state = models.CharField(max_length=24)
    recognition_level = models.CharField(max_length=16, blank=True, default="")
    outstanding = models.BooleanField(default=False)
    count = models.IntegerField(default=0)

    objects = InitiativeCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[name.removesuffix("_id") for name in KEY], name="initiative_count_one_row_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {', '.join(str(getattr(self, name)) for name in KEY)}"
