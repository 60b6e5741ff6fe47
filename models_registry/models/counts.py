"""How many initiatives share each key (campaign × unit × field × kind × subject × origin × state ×
recognition level × level aimed at × outstanding × steps after recognition), kept by every write that changes a key
(`models_registry.counts`), read by the summary, the campaign overview and the committee home instead of a GROUP BY over every initiative of the year.

The key is said once, in `KEY` (the columns here) and `SOURCE` (where each is read on an initiative).
One more dimension is one more line in each, one more field below, its migration (the unique
constraint takes `KEY`), and `manage.py rebuild_counts`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from campaigns.indexes import PostgreSQLOnlyIndex
from campaigns.models import Campaign, Unit


# What a row counts (its "grain"): the unit's own initiatives with every dimension; its whole
# subtree (itself included) with every dimension; its whole subtree by state, flag and steps only. The
# subtree rows make a scope's numbers a few hundred rows whatever the number of initiatives
# (a committee reads the rows of its own unit), and the totals make the summary's unit rows one
# row per child and state.
class Grain(models.TextChoices):
    UNIT = "unit", "unit"
    SUBTREE = "subtree", "subtree"
    TOTAL = "total", "total"


# An initiative's key columns (attribute names), in the order of the unique constraint after
# (campaign, grain): the unit next, so that the constraint's index serves "these units' rows".
KEY = (
    "campaign_id",
    "unit_id",
    "field_id",
    "kind",
    "subject",
    "origin",
    "state",
    "recognition_level",
    "level",
    "outstanding",
    "later_steps",
)
# The dimensions that the TOTAL rows leave out (stored as 0 / "").
DETAIL = ("field_id", "kind", "subject", "origin", "recognition_level", "level")
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
    "level": "level",
    "outstanding": "outstanding",
    "later_steps": "later_steps",
}
# The same key as SQL over Initiative, for the rebuild's GROUP BY.
GROUP_BY = {
    **{name: F(column) for name, column in SOURCE.items() if name != "recognition_level"},
    "recognition_level": Coalesce(F("decision__level"), Value("")),
}


# The source a replication replicates: not a dimension of `InitiativeCount` (one row per source
# would multiply its rows), but of `ReplicationCount`, kept by the same moves.
REPLICATES = "replicates_id"
# Every column of an initiative that the kept counts read (what a counted write guards and remembers).
COUNTED_COLUMNS = (*SOURCE.values(), REPLICATES)


# The model's unique key, field names in index order.
COLUMNS = ["campaign", "grain", "unit", *KEY[2:]]
# The same for the commendations' counts (`CommendationCount`) and the replications' (`ReplicationCount`).
COMMENDATION_COLUMNS = ["campaign", "grain", "unit", "kind", "level"]
REPLICATION_COLUMNS = ["campaign", "grain", "unit", "source"]


class InitiativeCountQuerySet(models.QuerySet):
    def visible_to(self, user) -> InitiativeCountQuerySet:
        """Return rows that count the initiatives this user may see, each once (see `access.count_roots`)."""
        from ..access import count_roots

        return self.filter(count_roots(user).rows_q())

    def acted_on_by(self, user, within=None) -> InitiativeCountQuerySet:
        """Return the rows that count the initiatives the user's committees act on, each once: the same
        initiatives as the committee's queues (`committee_initiatives(user)`). `within`: only those of this
        unit's subtree (the queue's unit filter), still at the committees' levels."""
        from ..access import acting_count_q

        return self.filter(acting_count_q(user, within))

    def subtree_of(self, unit) -> InitiativeCountQuerySet:
        """Return the rows that count every initiative of the unit's subtree, with every dimension."""
        return self.filter(grain=Grain.SUBTREE, unit=unit)

    def of_own_units(self, user) -> InitiativeCountQuerySet:
        """Return the rows that count the own initiatives (not their subtrees') of the units this user is
        staff of, every campaign: what `Initiative.objects.visible_to(user)` holds of those units."""
        from campaigns.access import scope

        return self.filter(grain=Grain.UNIT, unit_id__in=list(scope(user).staff_units))

    def counted(self) -> InitiativeCountQuerySet:
        """Leave out the keys that no initiative holds any more (a move leaves its old key at 0)."""
        return self.filter(count__gt=0)


class CountRow(models.Model):
    """A kept count: its key starts with the campaign, the grain and the unit (the unique constraint's
    first columns, which index them), then what each kind of count adds."""

    # CASCADE, not PROTECT: an initiative protects its campaign and unit, so what is left here
    # when one of them goes is only keys counted at zero.
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("đợt phát động"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    grain = models.CharField(_("phạm vi đếm"), max_length=8, choices=Grain.choices, default=Grain.UNIT)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+", db_index=False)
    count = models.IntegerField(_("số lượng"), default=0)

    objects = InitiativeCountQuerySet.as_manager()

    class Meta:
        abstract = True


class InitiativeCount(CountRow):
    """How many initiatives hold one key; never edited by hand (`manage.py rebuild_counts` recomputes it)."""

    # The field is a plain number: 0 on the TOTAL rows, which count every field.
    field_id = models.IntegerField(_("lĩnh vực"))
    kind = models.CharField(_("loại"), max_length=16)
    subject = models.CharField(_("chủ thể"), max_length=16)
    origin = models.CharField(_("hình thức"), max_length=16)
    state = models.CharField(_("trạng thái"), max_length=24)
    recognition_level = models.CharField(_("cấp công nhận"), max_length=16, blank=True, default="")
    # The level the initiative aims at (`Initiative.level`, edited with the registration): the
    # per-level funnel and the committee of each level read their own initiatives' numbers here.
    level = models.CharField(_("cấp đăng ký"), max_length=16, blank=True, default="")
    outstanding = models.BooleanField(_("tiêu biểu"), default=False)
    # The steps after recognition (`models/steps.py`): the summary's funnel adds up these rows.
    later_steps = models.PositiveSmallIntegerField(_("số bước sau công nhận"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=COLUMNS, name="initiative_count_one_row_per_key"),
        ]
        indexes = [
            # A unit's own rows of every campaign (`of_own_units`: the staff home's counts by state). The
            # unique key starts with the campaign: without this, PostgreSQL scanned every count row
            # (1.45M at a million initiatives, 138 ms) to find one unit's.
            models.Index(
                fields=["unit", "state"],
                include=["count"],
                condition=models.Q(grain=Grain.UNIT),
                name="initiative_count_unit_own",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.grain}, {', '.join(str(getattr(self, name)) for name in KEY)}"


class CommendationCount(CountRow):
    """How many commendations of one kind and level the initiatives of a unit received in a campaign.

    The sibling of `InitiativeCount` for the summary's commendation tables (a commendation is of a
    recognized initiative, and recognition is final: no state to key on). UNIT rows count a unit's
    own initiatives, SUBTREE rows its whole subtree, read with the same `CountRoots.rows_q()`. Kept by
    `counts.commendation_saved` / `commendation_deleted` (receivers) and `counts.rebuild`.
    """

    kind = models.CharField(_("hình thức khen thưởng"), max_length=32)
    level = models.CharField(_("cấp khen thưởng"), max_length=16, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=COMMENDATION_COLUMNS, name="commendation_count_one_row_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.grain}, {self.campaign_id}, {self.unit_id}, {self.kind}, {self.level}"


class ReplicationCount(CountRow):
    """How many counted replications (`InitiativeQuerySet.replications`) of one source the units made in a campaign.

    The summary's "most replicated" list reads these rows instead of grouping the year's
    replications (20,000 at a million initiatives): UNIT rows count a unit's own replications,
    SUBTREE rows its whole subtree's, read with the same `CountRoots.rows_q()`. Kept by the moves of
    `models_registry.counts` (an initiative's key carries the source it replicates) and recounted by
    `rebuild`.
    """

    # A deleted source takes its rows along (its replications' link is set to NULL in the same
    # deletion, so they no longer count); indexed for that deletion's lookup.
    source = models.ForeignKey(
        "Initiative", verbose_name=_("mô hình được nhân rộng"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=REPLICATION_COLUMNS, name="replication_count_one_row_per_key"),
        ]
        indexes = [
            # The most replicated of one campaign and one root, largest count first (see
            # `reports.replications.counted_by_source`): the top ten and their ties off the index alone.
            PostgreSQLOnlyIndex(
                fields=["campaign", "grain", "unit", "-count"], include=["source"], name="replication_count_top"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.grain}, {self.campaign_id}, {self.unit_id}, {self.source_id}"
