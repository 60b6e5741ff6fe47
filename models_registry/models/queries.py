"""The words every caller uses to ask for initiatives (`Initiative.objects`), and the score subqueries.

Apart from the model (initiative.py) so that each stays readable; `Initiative.objects` is this
queryset's manager, and `models_registry.models` re-exports both names.
"""

from __future__ import annotations

import datetime

from django.db import connection, models
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, StrIndex
from django.db.models.lookups import GreaterThan
from django.db.models.query import ModelIterable

from campaigns.models import Campaign, CampaignState, SteeringCommittee
from campaigns.text import fold

from .states import COUNTED_REPLICATION_STATES, UNREGISTERED_STATES, Origin, State


class OfInitiativeQuerySet(models.QuerySet):
    """Rows that each belong to one initiative (their `initiative`): seen by whoever sees it."""

    def visible_to(self, user):
        """Return the rows of the initiatives this user sees (see access.visible_related)."""
        from ..access import visible_related

        return visible_related(self, user)


def _campaign_held(campaign_id: int) -> Campaign:
    """Read the campaign again under a shared row lock (PostgreSQL's FOR SHARE, which Django's
    `select_for_update` does not spell); SQLite writes one transaction at a time and needs none."""
    if connection.vendor != "postgresql":
        return Campaign.objects.get(pk=campaign_id)
    table = connection.ops.quote_name(Campaign._meta.db_table)
    return Campaign.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [campaign_id])[0]


class InitiativeQuerySet(models.QuerySet):
    def locked(self, initiative, *, against_summary: bool = False):
        """Read `initiative` again under its row lock, with its campaign and unit, in the caller's transaction.

        What a write about an initiative (a file, a sheet, an inspection, an award) asks its rule of: a
        lifecycle move made meanwhile either came first and is read here, or waits for the write to commit
        (its compare-and-set UPDATE needs the same row). PostgreSQL; SQLite writes one at a time anyway.

        `against_summary`: the campaign's row too, read again under a lock the summary's own write of it
        waits for, so that "is the year summarized?" is answered by the summary's last word. The summary
        moves its open initiatives under their own locks, which is enough for the writes about those; it
        never writes a decided initiative nor a draft, so the writes about those (an award, a proposal, a
        remark, the outstanding flag, a pending case, a draft submitted, a nomination) ask for this. The
        campaign comes after the initiative, the order the summary takes them in; and it is a shared lock
        (FOR SHARE), so two such writes in one campaign never wait for each other, nor an award decision
        for many in a circle with another: only the summary's write (and an amendment's) waits, or is
        waited for. Registrations, which only point at the campaign, never wait for it.
        """
        current = self.select_for_update(of=("self",)).select_related("campaign", "unit").get(pk=initiative.pk)
        if against_summary:
            current.campaign = _campaign_held(current.campaign_id)
        return current

    def visible_to(self, user) -> InitiativeQuerySet:
        """Return the initiatives this user may see: their units', their committees' subtree, or all."""
        from ..access import visible_by_unit

        return visible_by_unit(self, user)

    def public(self) -> InitiativeQuerySet:
        """Return what the public showcase may show: recognized initiatives whose decision stands.

        The revoked decisions are a subquery on their own partial index (`decision_revoked`), not a
        join: with the join PostgreSQL hashed every decision (8,376 at a million initiatives) for
        each count and list of the showcase, a cost that grew with the years.
        """
        from .decisions import RecognitionDecision

        revoked = RecognitionDecision.objects.filter(revoked=True).values("pk")
        return self.filter(state=State.RECOGNIZED).exclude(decision_id__in=revoked)

    def readable_by(self, user) -> InitiativeQuerySet:
        """Return those of these initiatives the user may read: in their scope, or public (`public()`)."""
        return (self.visible_to(user) | self.public()).distinct()

    def search(self, text: str, *, scoped: bool = False) -> InitiativeQuerySet:
        """Filter by an accent-insensitive search on name and content (every word must match).

        `scoped`: the queryset is already narrowed to a few units (`Scope.is_narrow`); the words are
        then matched with STRPOS, which the trigram index cannot serve, so PostgreSQL reads those
        units' rows first instead of every match of the province (LIKE would take the index).
        """
        qs = self
        # A NUL (from a crafted link) would reach PostgreSQL as a parameter it refuses: a 500.
        for word in fold(text.replace("\x00", " ")).split()[:8]:
            if scoped:
                qs = qs.filter(GreaterThan(StrIndex("search_text", Value(word)), 0))
            else:
                qs = qs.filter(search_text__contains=word)
        return qs

    def acted_on_by(self, committee: SteeringCommittee) -> InitiativeQuerySet:
        """Return the initiatives `committee` acts on: in its subtree and aiming at its level (see `acting_committee`)."""
        return self.filter(unit__path__startswith=committee.unit.path, level=committee.level)

    def due_for_inspection(self, cutoff: datetime.date) -> InitiativeQuerySet:
        """Return those never inspected or last inspected before `cutoff`, the never inspected first."""
        return self.filter(Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=cutoff)).order_by(
            F("last_inspected_on").asc(nulls_first=True), "id"
        )

    def with_list_columns(self) -> InitiativeQuerySet:
        """Select what list pages show, in the same query."""
        return self.select_related("unit", "field", "campaign")

    def first_by_keys(self, bottom: int, top: int) -> InitiativeQuerySet:
        """Return rows bottom..top of this ordered queryset, their keys chosen first: still one query.

        PostgreSQL sorts the rows it joins: a busy commune's 2,108 awaiting registrations were read
        whole (2 kB each, with their unit, field and campaign) to show 30. Here the filters and the
        order choose the keys in a subquery that reads only an index where one covers them
        (`id IN (SELECT id … ORDER BY … LIMIT n)`); the outer query reads those rows alone, on the
        same database, in the same order, with the same select_related, only() and prefetch_related().
        It does not repeat the filters: with them PostgreSQL may read every matching row again to
        join it with the keys. Annotate after this call (an annotation made before would be lost,
        so it is refused).
        """
        if self.query.annotations:
            raise TypeError("first_by_keys() before annotate(): the page's rows are annotated, not the keys' query")
        plain = self._chain()
        plain._slices_by_keys = False
        keys = plain.values("pk")[bottom:top]
        rows = self.model._default_manager.using(self._db).filter(pk__in=keys).order_by(*self.query.order_by)
        rows.query.select_related = self.query.select_related
        rows.query.deferred_loading = self.query.deferred_loading
        rows._prefetch_related_lookups = self._prefetch_related_lookups
        return rows

    def slices_by_keys(self) -> InitiativeQuerySet:
        """Return this queryset with its slices read by `first_by_keys`: for a paginator that slices.

        Django REST framework's cursor pagination slices the queryset it is given and has no other
        hook; its page of a commune's year read all 3,676 recognized rows with their joins to show 50.
        """
        clone = self._chain()
        clone._slices_by_keys = True
        return clone

    def __getitem__(self, k):
        if (
            getattr(self, "_slices_by_keys", False)
            and isinstance(k, slice)
            and k.stop is not None
            and not k.step
            and self.ordered  # a page, not a bounded count (`CappedPaginator` counts unordered)
            and self._iterable_class is ModelIterable  # rows, not values(): first_by_keys returns rows
        ):
            return self.first_by_keys(k.start or 0, k.stop)
        return super().__getitem__(k)

    def _clone(self):
        clone = super()._clone()
        clone._slices_by_keys = getattr(self, "_slices_by_keys", False)
        return clone

    def unfrozen(self) -> InitiativeQuerySet:
        """Return the initiatives whose campaign is not summarized: the queryset form of `Initiative.is_frozen`."""
        return self.exclude(campaign__state=CampaignState.SUMMARIZED)

    def registered(self) -> InitiativeQuerySet:
        """Return the initiatives that reached the committee (see UNREGISTERED_STATES)."""
        return self.exclude(state__in=UNREGISTERED_STATES)

    def unit_history(
        self,
        unit_id: int,
        *,
        states: list[str] | None = None,
        exclude_pk: int | None = None,
        other_than_campaign: int | None = None,
    ) -> InitiativeQuerySet:
        """Return the unit's registrations newest first, in `states`, without one initiative and one campaign's.

        In the order of the index `initiative_unit_newest`, so a slice of the newest costs the same
        however long the unit's history grows (the similarity hint reads the newest few hundred).
        """
        history = self.filter(unit_id=unit_id).registered()
        if states:
            history = history.filter(state__in=states)
        if exclude_pk:
            history = history.exclude(pk=exclude_pk)
        if other_than_campaign:
            history = history.exclude(campaign_id=other_than_campaign)
        return history.order_by("-created_at", "-id")

    def replications(self) -> InitiativeQuerySet:
        """Return the replications that count (see COUNTED_REPLICATION_STATES)."""
        return self.filter(origin=Origin.REPLICATED, state__in=COUNTED_REPLICATION_STATES)

    def with_replication_count(self) -> InitiativeQuerySet:
        """Annotate `replication_count`: how many counted replications each initiative has (one subquery)."""
        counted = (
            self.model._default_manager.replications()
            .filter(replicates=OuterRef("pk"))
            .order_by()
            .values("replicates")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(replication_count=Coalesce(Subquery(counted, output_field=models.IntegerField()), 0))

    def with_scores(self) -> InitiativeQuerySet:
        """Annotate `mean_total` (unrounded mean of the submitted sheets' totals) and `sheet_count`.

        Correlated subqueries rather than a join + GROUP BY: evaluated only for the rows
        actually fetched, and a list's order stays readable from an index.
        """
        return self.annotate(**score_annotations())

    def with_threshold(self) -> InitiativeQuerySet:
        """Annotate `threshold`: the pass mark of the campaign's criteria set for each initiative's kind."""
        from campaigns.models import CriteriaSet

        criteria = CriteriaSet.objects.filter(campaign_id=OuterRef("campaign_id"), kind=OuterRef("kind"))
        return self.annotate(threshold=Subquery(criteria.values("threshold")[:1]))


def score_annotations(initiative: str = "pk") -> dict:
    """`mean_total` and `sheet_count` of the submitted sheets of the initiative at `initiative` (an outer
    reference: "pk" on initiatives, "initiative_id" on rows that point to one), as correlated subqueries."""
    # Imported here: records.py imports Initiative, whose manager is made of this module.
    from .records import ScoreSheet

    submitted = ScoreSheet.objects.filter(initiative=OuterRef(initiative)).submitted().order_by().values("initiative")
    return {
        "mean_total": Subquery(submitted.annotate(v=Avg("total")).values("v")),
        "sheet_count": Coalesce(Subquery(submitted.annotate(v=Count("id")).values("v")), 0),
    }
