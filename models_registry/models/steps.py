"""The steps after recognition an initiative has reached (the funnel of issue 15), kept on the initiative.

`Initiative.later_steps` holds them as bits: nominated to the level above (a nomination waiting,
accepted or returned), recognized above (an accepted nomination whose decision was not revoked),
proposed for a commendation (a proposal not withdrawn) and commended (an award recorded and not
recovered). The bits are a column of the kept counts' key (`InitiativeCount.later_steps`), so the
summary's funnel adds up kept rows instead of reading the year's recognized initiatives against the
three tables (a semi-join that grew with the year: issue 16).

Said once here: which rows make an initiative reach a step (`step_rows`), the same as one SQL
expression (`later_steps_expression`), and the one write that keeps the column and its count true
(`refresh`). Who calls it: the post_save / post_delete receivers of the three tables (creation, the
admin's edits and deletions, factories) and the guarded UPDATEs that change a nomination's or a
proposal's state (`lifecycle._record_nomination`, `CommendationProposal.close` / `grant`) or revoke
the decision of an accepted nomination (`RecognitionDecision.amend`).
"""

from __future__ import annotations

from django.db import router, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

NOMINATED = 1
RECOGNIZED_ABOVE = 2
PROPOSED = 4
COMMENDED = 8
# The funnel's names of the steps (`reports/funnel.py` STEPS) and their bits.
BITS = {"nominated": NOMINATED, "recognized_above": RECOGNIZED_ABOVE, "proposed": PROPOSED, "commended": COMMENDED}
# The funnel's steps in order (issue 15): the three the counts hold by state and flag, then the later
# steps of `BITS`. The summary's tallies and the funnel's tables are lists in this order.
FUNNEL_STEPS = ("registered", "recognized", "outstanding", *BITS)


def holding(bit: int) -> list[int]:
    """The values of `later_steps` that hold this step (for a filter: `later_steps__in=holding(PROPOSED)`)."""
    return [value for value in range(2 * COMMENDED) if value & bit]


def step_rows(apps=None) -> dict[int, QuerySet]:
    """The rows of each step's table that make their initiative count in it (`apps`: a migration's models)."""
    if apps is None:
        from django.apps import apps
    get = apps.get_model
    # The states by value, not through the models' enums: a migration's historical models have none.
    return {
        NOMINATED: get("models_registry", "Nomination").objects.all(),
        # The level above's recognition counts while its decision stands: revoking it takes it back
        # (a replaced decision's chain is flagged only when revoked, so a replacement still counts).
        RECOGNIZED_ABOVE: get("models_registry", "Nomination")
        .objects.filter(state="accepted")
        .exclude(decision__revoked=True),
        PROPOSED: get("models_registry", "CommendationProposal").objects.filter(
            state__in=["proposed", "granted", "declined"]
        ),
        COMMENDED: standing_commendations(get("models_registry", "Commendation").objects.all()),
    }


def standing_award(through: str = "") -> Q:
    """The condition an award stands on (its authority did not recover it), on the award's own row or,
    with `through` ("commendations__"), on the award a join reaches (in the same `filter()` as the
    join's other conditions, so that all of them are about one related row)."""
    return Q(**{f"{through}recovered_on__isnull": True})


def standing_commendations(commendations: QuerySet) -> QuerySet:
    """The awards not recovered (`CommendationQuerySet.standing`), for a migration's models too: those of
    the migrations before recoveries were recorded have no such field, and every award stands there."""
    if any(field.name == "recovered_on" for field in commendations.model._meta.get_fields()):
        return commendations.filter(standing_award())
    return commendations


def later_steps_expression(apps=None):
    """The bits an initiative (the outer row) holds, read from the three tables."""
    parts = [
        Case(When(Exists(rows.filter(initiative=OuterRef("pk"))), then=Value(bit)), default=Value(0))
        for bit, rows in step_rows(apps).items()
    ]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    total.output_field = IntegerField()
    return total


def refresh_all(initiatives: QuerySet, apps=None) -> int:
    """Set `later_steps` of these initiatives from the tables, in one UPDATE (no count moves: for
    `counts.rebuild`, which recounts afterwards). Only rows that may hold a step, or held one, are written."""
    expression = later_steps_expression(apps)
    involved = [rows.values("initiative_id") for rows in step_rows(apps).values()]
    candidates = initiatives.filter(pk__in=involved[0])
    for ids in involved[1:]:
        candidates = candidates | initiatives.filter(pk__in=ids)
    return (candidates | initiatives.exclude(later_steps=0)).update(later_steps=expression)


def refresh(initiative_id: int, *, initiative=None, using: str | None = None) -> int:
    """Set one initiative's `later_steps` from the tables and move its count, in the caller's transaction.

    The row is locked first (PostgreSQL), so two writes at once move the count from the value the
    row really held. `initiative`: the caller's object, kept in step (its value and its counted key),
    so that the caller's next guarded write is not refused as a conflict. Returns the bits.
    """
    from .. import counts
    from .initiative import Initiative

    using = using or router.db_for_write(Initiative)
    columns = list(counts.COUNTED_COLUMNS)
    with transaction.atomic(using=using):
        row = (
            Initiative.objects.using(using)
            .select_for_update()
            .filter(pk=initiative_id)
            .annotate(_steps=later_steps_expression())
            .values(*columns, "_steps")
            .first()
        )
        if row is None:  # the initiative is being deleted: its own receiver uncounts it
            return 0
        steps = row.pop("_steps")
        holder = initiative if initiative is not None else Initiative(pk=initiative_id)
        if steps != row["later_steps"]:
            Initiative.objects.using(using).filter(pk=initiative_id).update(later_steps=steps)
            new = {**row, "later_steps": steps}
            counts.move(counts.key_from(holder, row), counts.key_from(holder, new), using=using)
            row = new
    if initiative is not None:
        initiative.later_steps = steps
        counts.remember(initiative, row)
    return steps


def _cached_initiative(instance):
    initiative = instance._state.fields_cache.get("initiative")
    return initiative if initiative is not None and initiative.pk == instance.initiative_id else None


def step_row_reading(sender, instance, raw=False, using="default", **kwargs) -> None:
    """`pre_save`: the initiative a row belonged to before an edit (the admin may move it to another)."""
    if raw or instance.pk is None:
        return
    instance._steps_initiative_before = (
        sender.objects.using(using).filter(pk=instance.pk).values_list("initiative_id", flat=True).first()
    )


def step_row_saved(sender, instance, raw=False, using="default", **kwargs) -> None:
    """`post_save` of a nomination, a proposal or a commendation: refresh its initiative's steps (and the
    one it left)."""
    if raw:
        return
    before = getattr(instance, "_steps_initiative_before", None)
    if before is not None and before != instance.initiative_id:
        refresh(before, using=using)
    refresh(instance.initiative_id, initiative=_cached_initiative(instance), using=using)


def step_row_deleted(sender, instance, using="default", origin=None, **kwargs) -> None:
    """`post_delete`: refresh the initiative's steps, unless the initiative itself is being deleted (a
    cascade: its row is still there, but `counts.forget_deleted` uncounts it with the key it was read with)."""
    from .initiative import Initiative

    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if origin_model is Initiative:
        return
    refresh(instance.initiative_id, initiative=_cached_initiative(instance), using=using)
