"""The committee's home page: its three queues and the field x state table of what it acts on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.access import scope
from campaigns.models import Campaign, Field
from campaigns.sql import in_campaigns

from ...access import is_leader_for
from ...models import Initiative, ReasonTemplate, ScoreSheet, State
from ..forms import BulkApproveForm, BulkMoveForm
from .common import committee_initiatives, filter_queue, require_committee
from .queues import QUEUE_COLUMNS, due_cutoff

# How many rows each queue of the home page shows; the counts always cover everything.
QUEUE_ROWS = 50


# ----- home: the three queues ---------------------------------------------------------------
@login_required
def home(request):
    """The committee's three queues and the field x state table of what it acts on, under the page's filters."""
    user = request.user
    require_committee(user)
    filters, in_scope = filter_queue(request, committee_initiatives(user))
    # The field x state table and the queue totals add up the kept counts (a few rows per unit
    # and key, whatever the number of initiatives) under the same filters; the queues read the rows.
    # One aggregate of the kept counts gives the field x state table, the appraisal and
    # recognition totals, and which open campaigns hold rows in each state: the queue lists then
    # filter on those campaign ids directly, so PostgreSQL reads them in order from the queue
    # indexes (migration 0005) and stops after QUEUE_ROWS, instead of joining the campaign and
    # sorting every row of the running year.
    counts, campaigns_by_state = counts_by_field_and_state(
        in_campaigns(filters.apply_to_counts(user), Campaign.objects.not_summarized()),
        with_campaigns=True,
        fields=filters.all_fields,
        tally=Sum("count"),
    )
    queues = home_queues(user, in_scope, counts, campaigns_by_state)
    shows_reasons = any(queue["rows"] for queue in queues if queue["key"] in QUEUE_REASON_ACTIONS)
    leads = scope(user).may_lead
    return render(
        request,
        "models_registry/committee/home.html",
        {
            "filters": filters,
            "queues": queues,
            "queue_rows": QUEUE_ROWS,
            "due_days": settings.DVK_INSPECTION_DUE_DAYS,
            "counts": counts,
            "bulk_form": BulkApproveForm(),
            "reasons": saved_reasons(user) if shows_reasons else {},
            "is_leader": leads,
            "may_manage_reasons": leads,
            "query": request.GET.urlencode(),
        },
    )


def home_queues(user, in_scope: QuerySet, counts: dict, campaigns_by_state: dict[str, set[int]]) -> list[dict]:
    """Return the home page's queues (appraisal, inspection, recognition): key, title, total and first rows.

    `counts` is the field x state table, whose totals are the appraisal and recognition counts;
    `campaigns_by_state` names the open campaigns holding rows in each state.
    """
    by_state = dict(zip(counts["states"], counts["totals"], strict=True))
    days = settings.DVK_INSPECTION_DUE_DAYS

    def queue(state):
        return (
            in_scope.filter(state=state, campaign_id__in=sorted(campaigns_by_state.get(state, ())))
            .select_related("unit", "field")
            .only(*QUEUE_COLUMNS)
        )

    # Each queue's QUEUE_ROWS are chosen by their keys first (`first_by_keys`): a busy commune's
    # 1,500 rows of a state were read whole with their unit and field and sorted, for each of the
    # three lists (7 + 4 + 4 ms at 1M); now only the shown rows are.
    recognition = recognition_rows(queue(State.RECOGNITION_REQUESTED), user)
    inspection = queue(State.APPROVED).due_for_inspection(due_cutoff(days))
    return [
        {
            "key": "appraisal",
            "title": _("Đăng ký chờ thẩm định"),
            "count": by_state[State.SUBMITTED],
            "rows": list(queue(State.SUBMITTED).order_by("submitted_at", "id").first_by_keys(0, QUEUE_ROWS)),
        },
        {
            "key": "inspection",
            "title": ngettext(
                "Đã duyệt, chưa kiểm tra hoặc quá %(days)s ngày chưa kiểm tra",
                "Đã duyệt, chưa kiểm tra hoặc quá %(days)s ngày chưa kiểm tra",
                days,
            )
            % {"days": days},
            "count": inspection.count(),
            "rows": list(inspection.first_by_keys(0, QUEUE_ROWS)),
        },
        {
            "key": "recognition",
            "title": _("Đề nghị công nhận chờ chấm điểm hoặc quyết định"),
            "count": by_state[State.RECOGNITION_REQUESTED],
            "rows": recognition,
        },
    ]


def recognition_rows(requests, user) -> list[Initiative]:
    """Return the recognition queue's first rows with their scores, whether the user scored each and sees its mean."""
    rows = list(
        requests.order_by("submitted_at", "id")
        .first_by_keys(0, QUEUE_ROWS)
        .with_scores()
        .with_threshold()
        .annotate(
            # A scalar subquery, not EXISTS: PostgreSQL may turn an EXISTS into a hashed scan of
            # every sheet this member ever submitted (56,000 at a million) for 50 rows shown.
            my_sheet=Subquery(
                ScoreSheet.objects.filter(initiative=OuterRef("pk"), member=user).submitted().values("pk")[:1]
            )
        )
    )
    for initiative in rows:
        initiative.scored_by_me = initiative.my_sheet is not None
        # Blind scoring, as on the score page: a member sees the mean once their own sheet is in.
        initiative.shows_mean = initiative.scored_by_me or is_leader_for(user, initiative)
    return rows


# Which saved reasons each queue's shared textarea offers (its bulk moves' actions).
QUEUE_REASON_ACTIONS = {"appraisal": ("return_for_revision", "reject"), "recognition": ("decline_recognition",)}


def saved_reasons(user) -> dict[str, list]:
    """Return, per queue, (label, reasons) of the user's committees' saved reasons for its bulk moves (one query)."""
    by_action: dict[str, list] = {action: [] for action in BulkMoveForm.ACTIONS}
    for reason in ReasonTemplate.objects.visible_to(user).filter(action__in=by_action).order_by("position", "pk"):
        by_action[reason.action].append(reason)
    return {
        queue: [(BulkMoveForm.ACTIONS[a], by_action[a]) for a in actions if by_action[a]]
        for queue, actions in QUEUE_REASON_ACTIONS.items()
    }


def counts_by_field_and_state(qs, with_campaigns: bool = False, fields: list[Field] | None = None, tally=None):
    """One aggregate query → a field × state table with row and column totals.

    With `with_campaigns`, also {state: {campaign ids holding rows in that state}} (same query).
    `fields`: every field, already read (the filter form's list); read here when not given.
    `tally`: how a group is counted (default `Count("id")`: initiatives; `Sum("count")`: kept counts).
    """
    cells: dict[tuple[int, str], int] = {}
    campaigns: dict[str, set[int]] = {}
    group = ("campaign_id", "field_id", "state") if with_campaigns else ("field_id", "state")
    for row in qs.order_by().values(*group).annotate(n=tally or Count("id")):
        key = (row["field_id"], row["state"])
        cells[key] = cells.get(key, 0) + row["n"]
        if with_campaigns:
            campaigns.setdefault(row["state"], set()).add(row["campaign_id"])
    states = [s for s in State if s != State.DRAFT]
    if fields is None:
        fields = list(Field.objects.order_by("order", "pk"))
    # Inactive fields still show when they hold rows.
    present = {f for f, _s in cells}
    fields = [f for f in fields if f.active or f.pk in present]
    rows = []
    for field in fields:
        values = [cells.get((field.pk, state), 0) for state in states]
        rows.append({"field": field, "values": values, "total": sum(values)})
    totals = [sum(cells.get((f.pk, state), 0) for f in fields) for state in states]
    table = {"states": states, "rows": rows, "totals": totals, "total": sum(totals)}
    return (table, campaigns) if with_campaigns else table
