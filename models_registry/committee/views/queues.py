"""The committee's lists: the home page's three queues, bulk approval, due inspections,
recognition requests and decisions."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from campaigns.access import scope
from campaigns.ids import parse_ids
from campaigns.lifecycle import refuse_state
from campaigns.models import LEADING_ROLES, Campaign, CampaignState, CriteriaSet, Field, Unit
from campaigns.sql import in_campaigns
from campaigns.submissions import TOKEN_FIELD, create_once
from campaigns.views import confirmation_hidden

from ... import bulk, guard, lifecycle
from ...bulk import BulkTransitionError
from ...lifecycle import TransitionError
from ...models import Initiative, Nomination, ReasonTemplate, RecognitionDecision, ScoreSheet, State
from ...paginators import CappedPaginator
from ..forms import BulkApproveForm, BulkMoveForm, DecisionForm, QueueFilterForm
from .common import committee_counts, committee_initiatives, require_committee, require_leader
from .decisions import leading_committee_ids

# How many rows each queue of the home page shows; the counts always cover everything.
QUEUE_ROWS = 50
# Rows per page of the longer lists (due inspections, recognition requests).
PAGE_ROWS = 100


# ----- querysets ----------------------------------------------------------------------------
def filter_units(user):
    """Units offered by the unit filter: each committee's unit and the units right below it."""
    s = scope(user)
    if s.is_admin:
        return Unit.objects.filter(depth__lte=1).order_by("path")
    q = Q(pk__in=[])
    for path in s.committee_paths:
        q |= Q(path__startswith=path, depth__lte=path.count("/"))
    return Unit.objects.filter(q).order_by("path")


def with_threshold(qs):
    """Annotate the pass threshold of the campaign's criteria set for each initiative's kind."""
    return qs.annotate(
        threshold=Subquery(
            CriteriaSet.objects.filter(campaign_id=OuterRef("campaign_id"), kind=OuterRef("kind")).values("threshold")[
                :1
            ]
        )
    )


# ----- home: the three queues ---------------------------------------------------------------
@login_required
def home(request):
    user = request.user
    require_committee(user)
    filters = QueueFilterForm(request.GET or None, units=filter_units(user))
    in_scope = filters.apply(committee_initiatives(user))
    # The field x state table and the queue totals add up the kept counts (a few rows per unit
    # and key, whatever the number of initiatives) under the same filters; the queues read the rows.
    # One aggregate of the kept counts gives the field x state table, the appraisal and
    # recognition totals, and which open campaigns hold rows in each state: the queue lists then
    # filter on those campaign ids directly, so PostgreSQL reads them in order from the queue
    # indexes (migration 0005) and stops after QUEUE_ROWS, instead of joining the campaign and
    # sorting every row of the running year.
    counts, campaigns_by_state = counts_by_field_and_state(
        in_campaigns(filters.apply_to_counts(committee_counts(user)), Campaign.objects.not_summarized()),
        with_campaigns=True,
        fields=filters.all_fields,
        tally=Sum("count"),
    )
    by_state = dict(zip(counts["states"], counts["totals"], strict=True))
    days = settings.DVK_INSPECTION_DUE_DAYS
    cutoff = timezone.localdate() - datetime.timedelta(days=days)

    def queue(state):
        return (
            in_scope.filter(state=state, campaign_id__in=sorted(campaigns_by_state.get(state, ())))
            .select_related("unit", "field")
            .only(*QUEUE_COLUMNS)
        )

    appraisal = queue(State.SUBMITTED).order_by("submitted_at", "id")
    inspection = (
        queue(State.APPROVED)
        .filter(Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=cutoff))
        .order_by(F("last_inspected_on").asc(nulls_first=True), "id")
    )
    recognition = (
        with_threshold(queue(State.RECOGNITION_REQUESTED).with_scores())
        .annotate(
            # A scalar subquery, not EXISTS: PostgreSQL may turn an EXISTS into a hashed scan of
            # every sheet this member ever submitted (56,000 at a million) for 50 rows shown.
            my_sheet=Subquery(
                ScoreSheet.objects.filter(initiative=OuterRef("pk"), member=user, submitted_at__isnull=False).values(
                    "pk"
                )[:1]
            )
        )
        .order_by("submitted_at", "id")
    )
    recognition_rows = list(recognition[:QUEUE_ROWS])
    s = scope(user)
    for initiative in recognition_rows:
        initiative.scored_by_me = initiative.my_sheet is not None
        # Blind scoring, as on the score page: a member sees the mean once their own sheet is in.
        initiative.shows_mean = initiative.scored_by_me or s.leads_at(initiative.unit.path, initiative.level)
    queues = [
        {
            "key": "appraisal",
            "title": _("Đăng ký chờ thẩm định"),
            "count": by_state[State.SUBMITTED],
            "rows": list(appraisal[:QUEUE_ROWS]),
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
            "rows": list(inspection[:QUEUE_ROWS]),
        },
        {
            "key": "recognition",
            "title": _("Đề nghị công nhận chờ chấm điểm hoặc quyết định"),
            "count": by_state[State.RECOGNITION_REQUESTED],
            "rows": recognition_rows,
        },
    ]
    return render(
        request,
        "models_registry/committee/home.html",
        {
            "filters": filters,
            "queues": queues,
            "queue_rows": QUEUE_ROWS,
            "due_days": days,
            "counts": counts,
            "bulk_form": BulkApproveForm(),
            "reasons": saved_reasons(user) if queues[0]["rows"] or recognition_rows else {},
            "is_leader": scope(user).is_admin or scope(user).is_leader,
            "may_manage_reasons": scope(user).is_admin or scope(user).is_leader,
            "query": request.GET.urlencode(),
        },
    )


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


# What the queue tables show (the registration texts and search key are 2 kB a row: not fetched).
QUEUE_COLUMNS = (
    "id",
    "name",
    "kind",
    "state",
    # Who may act on a row (Scope.roles_at) asks its level: fetched, or each row would load it.
    "level",
    "campaign_id",
    "submitted_at",
    "last_inspected_on",
    "unit__name",
    "unit__path",
    "field__name",
    "field__name_en",
)


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


# ----- bulk approval ------------------------------------------------------------------------
# The session key under which the last bulk approval's report waits for the GET that shows it.
BULK_RESULT_KEY = "committee_bulk_result"


@login_required
@require_http_methods(["GET", "POST"])
def bulk_approve(request):
    """POST approves, then redirects to a GET of the same URL that shows the per-item report.

    Post/redirect/get: reloading the report, or coming back to it, must not post the
    selection again (which reported the just-approved rows as refused, "already approved").
    """
    require_committee(request.user)
    if request.method == "GET":
        report = request.session.get(BULK_RESULT_KEY)
        if not report:
            return redirect("committee:home")
        approved = sum(1 for row in report["outcomes"] if row["ok"])
        return render(
            request,
            "models_registry/committee/bulk_result.html",
            {
                "outcomes": report["outcomes"],
                "missing": report["missing"],
                "approved": approved,
                "refused": len(report["outcomes"]) - approved,
            },
        )
    form = BulkApproveForm(request.POST)
    ids = parse_ids(request.POST.getlist("initiatives"))
    if not ids:
        messages.error(request, _("Hãy chọn ít nhất một hồ sơ để duyệt."))
        return redirect("committee:home")
    if not form.is_valid():
        for error in form.errors.get("plan_note", []):
            messages.error(request, error)
        return redirect("committee:home")
    # A replay of this page's token (a double click, a resend) approves nothing again: the
    # redirect shows the report of the first post, which approved the rows.
    create_once(
        request.POST.get(TOKEN_FIELD),
        request.user,
        lambda: remember_bulk_result(request, ids, form.cleaned_data["plan_note"]),
    )
    return redirect("committee:bulk_approve")


def remember_bulk_result(request, ids: list[int], plan_note: str) -> None:
    """Approve the selected rows in the user's scope, each on its own; keep the report for the GET."""
    found = {i.pk: i for i in committee_initiatives(request.user).filter(pk__in=ids).select_related("unit", "campaign")}
    outcomes = bulk.apply_many([found[pk] for pk in ids if pk in found], "approve", request.user, plan_note=plan_note)
    request.session[BULK_RESULT_KEY] = {
        "outcomes": [
            {
                "pk": o.initiative.pk,
                "name": o.initiative.name,
                "unit": o.initiative.unit.name,
                "ok": o.ok,
                "message": o.message,
            }
            for o in outcomes
        ],
        "missing": [pk for pk in ids if pk not in found],
    }


# ----- bulk return / reject / decline ---------------------------------------------------------
@login_required
@require_http_methods(["POST"])
def bulk_move(request):
    """Return, reject or decline every ticked row with one reason: all of them, or none.

    One reason written for a set is meant for the whole set: if any row may not be moved (another
    committee's, already moved, a member where a leader is needed), nothing moves and the page
    says which rows and why, with the ticks and the reason kept.
    """
    user = request.user
    require_committee(user)
    form = BulkMoveForm(request.POST, user=user)
    ids = parse_ids(request.POST.getlist("initiatives"))
    chosen = list(
        committee_initiatives(user)
        .filter(pk__in=ids)
        .select_related("unit", "field", "campaign")
        .order_by("unit__path", "name", "id")
    )
    missing = sorted(set(ids) - {i.pk for i in chosen})
    refusals: list[str] = []
    if not ids:
        form.add_error(None, _("Hãy chọn ít nhất một hồ sơ."))
    elif missing:
        refusals.append(
            _("Một số hồ sơ đã chọn không tồn tại hoặc không thuộc phạm vi của bạn (mã: %(ids)s).")
            % {"ids": ", ".join(str(pk) for pk in missing)}
        )
    if form.is_valid() and ids and not missing:
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]

        def move_all() -> None:
            # Nothing for the token to point at: a replay redirects home like the first post.
            bulk.apply_many(chosen, action, user, all_or_none=True, comment=comment)

        try:
            create_once(request.POST.get(TOKEN_FIELD), user, move_all)
        except BulkTransitionError as error:
            refusals += [
                _("“%(name)s” (%(unit)s): %(why)s")
                % {"name": f.initiative, "unit": f.initiative.unit, "why": f.message}
                for f in error.failures
            ]
        else:
            messages.success(
                request,
                ngettext(
                    "Đã thực hiện “%(action)s” cho %(count)s hồ sơ.",
                    "Đã thực hiện “%(action)s” cho %(count)s hồ sơ.",
                    len(chosen),
                )
                % {"action": BulkMoveForm.ACTIONS[action], "count": len(chosen)},
            )
            return redirect("committee:home")
    return render(
        request,
        "models_registry/committee/bulk_move.html",
        {"form": form, "chosen": chosen, "refusals": refusals},
        status=400,
    )


# ----- due inspections ----------------------------------------------------------------------
@login_required
def due_inspections(request):
    require_committee(request.user)
    default_days = settings.DVK_INSPECTION_DUE_DAYS
    try:
        days = int(request.GET.get("days", default_days))
    except ValueError:
        days = default_days
    days = max(1, min(days, 3650))
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    filters = QueueFilterForm(request.GET or None, units=filter_units(request.user))
    qs = (
        # The open campaigns by id, not through a join: PostgreSQL then reads the queue in order
        # from `initiative_queue_inspection` (migration 0005) and stops after a page.
        filters.apply(committee_initiatives(request.user).filter(campaign_id__in=open_campaign_ids()))
        .filter(state=State.APPROVED)
        .filter(Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=cutoff))
        .select_related("unit", "field")
        .only(*QUEUE_COLUMNS)
        .order_by(F("last_inspected_on").asc(nulls_first=True), "id")
    )
    page = CappedPaginator(qs, PAGE_ROWS).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "models_registry/committee/due_inspections.html",
        {"page": page, "days": days, "filters": filters, "query": params.urlencode(), "cutoff": cutoff},
    )


# ----- recognition --------------------------------------------------------------------------
def recognition_requests(user):
    """Recognition requests in the subtrees of the committees the user leads, with scores and threshold."""
    qs = committee_initiatives(user, roles=LEADING_ROLES).filter(
        state=State.RECOGNITION_REQUESTED, campaign_id__in=open_campaign_ids()
    )
    # Only the shown columns, and the scores as subqueries computed for the page's rows only
    # (a join + GROUP BY over every column sorted 29,000 wide rows on disk at a million).
    qs = qs.select_related("unit", "field").only(*QUEUE_COLUMNS).with_scores()
    # The campaign's quorum as a scalar subquery, like the threshold: no join for the page's order.
    qs = qs.annotate(quorum=Subquery(Campaign.objects.filter(pk=OuterRef("campaign_id")).values("quorum")[:1]))
    return with_threshold(qs).order_by("unit__path", "id")


def nominations_to(user):
    """The nominations from lower committees waiting for a committee the user leads ("Đề cử từ cấp dưới")."""
    s = scope(user)
    qs = Nomination.objects.visible_to(user).open()
    if not s.is_admin:
        qs = qs.filter(to_committee_id__in=s.led_committee_ids)
    return qs.select_related(
        "initiative__unit", "initiative__field", "initiative__decision", "from_committee", "to_committee"
    ).order_by("initiative__unit__path", "pk")


def nominated_initiatives(user):
    """The initiatives of those nominations, still recognized and in a campaign not summarized."""
    return (
        Initiative.objects.visible_to(user)
        .filter(state=State.RECOGNIZED, pk__in=nominations_to(user).values("initiative_id"))
        .exclude(campaign__state=CampaignState.SUMMARIZED)
    )


def open_campaign_ids() -> list[int]:
    """Ids of the campaigns not summarized yet (one or two in practice).

    As literal ids, not `in_campaigns`' ARRAY subquery: with `campaign_id IN (5)` PostgreSQL reads
    a queue in its display order from the queue indexes and stops at the page; with an array
    parameter it must sort. The home page's aggregate reads everything anyway, so it takes the
    parallel-friendly form instead.
    """
    return list(Campaign.objects.not_summarized().values_list("id", flat=True))


@login_required
def recognition(request):
    user = request.user
    require_leader(user)
    filters = QueueFilterForm(request.GET or None, units=filter_units(user))
    qs = filters.apply(recognition_requests(user))
    # Bound on every POST, an empty one included (an unbound form cannot take the "choose one" error).
    form = DecisionForm(request.POST if request.method == "POST" else None, user=user)
    selected: set[int] = set()
    status = 200
    if request.method == "POST":
        selected = set(parse_ids(request.POST.getlist("initiatives")))
        if not selected:
            form.add_error(None, _("Hãy chọn ít nhất một hồ sơ để công nhận."))
        if form.is_valid() and request.POST.get("confirmed") != "1":
            return confirm_decision(request, form.cleaned_data, selected)
        if form.is_valid():
            try:
                decision, _created = create_once(
                    request.POST.get(TOKEN_FIELD),
                    user,
                    lambda: issue_decision(user, selected, form.cleaned_data, twin_reasons(request.POST, selected)),
                )
            except SelectionLost as lost:
                for message in lost.reasons:
                    form.add_error(None, message)
            except BulkTransitionError as error:
                for failure in error.failures:
                    form.add_error(
                        None,
                        _("“%(name)s” (%(unit)s): %(why)s")
                        % {"name": failure.initiative, "unit": failure.initiative.unit, "why": failure.message},
                    )
                messages.error(request, _("Chưa công nhận hồ sơ nào: mọi hồ sơ đã chọn phải đạt điều kiện."))
            except TransitionError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                # Also a replay of this page (a double click, a resend): it shows the decision the first made.
                if decision is None:
                    return redirect("committee:recognition")
                return decision_issued(request, decision, len(selected))
        status = 400
    # The rows carry what the guard compares (their content: 100 rows, not the unit's history).
    qs = qs.select_related("campaign").only(*QUEUE_COLUMNS, *guard.REGISTRATION_COLUMNS)
    page = CappedPaginator(qs, PAGE_ROWS).get_page(request.GET.get("page"))
    # The closest recognized twin of every row on the page, in one query (guard.closest_twins).
    page.object_list = list(page.object_list)
    twins = guard.closest_twins(page.object_list)
    for initiative in page.object_list:
        initiative.twin = twins.get(initiative.pk)
        initiative.twin_reason = request.POST.get(f"twin_reason-{initiative.pk}", "")
        initiative.quorum_met = initiative.sheet_count >= (initiative.quorum or 1)
        initiative.passes = (
            initiative.mean_total is not None
            and initiative.threshold is not None
            and initiative.mean_total >= initiative.threshold
            and initiative.quorum_met
        )
    params = request.GET.copy()
    params.pop("page", None)
    recognized = Initiative.objects.filter(decision=OuterRef("pk")).order_by().values("decision")
    decisions = (
        RecognitionDecision.objects.filter(committee_id__in=leading_committee_ids(user))
        .select_related("committee")
        # Counted for the ten decisions shown, not by a join + GROUP BY over every decision's
        # initiatives (166 ms at a million: the whole table read to keep ten rows).
        .annotate(n=Coalesce(Subquery(recognized.annotate(c=Count("id")).values("c")), 0))
        .order_by("-decided_on", "-id")[:10]
    )
    return render(
        request,
        "models_registry/committee/recognition.html",
        {
            "nominations": list(nominations_to(user)[:PAGE_ROWS]),
            "page": page,
            "filters": filters,
            "form": form,
            "selected": selected,
            "query": params.urlencode(),
            "decisions": decisions,
        },
        status=status,
    )


def confirm_decision(request, data: dict, selected: set[int]):
    """Say in plain words what issuing this decision does, before it is issued."""
    chosen = [
        *committee_initiatives(request.user, roles=LEADING_ROLES).filter(pk__in=selected).select_related("unit"),
        *nominated_initiatives(request.user).filter(pk__in=selected).select_related("unit"),
    ]
    chosen.sort(key=lambda i: (i.unit.path, i.name, i.pk))
    return render(
        request,
        "confirm.html",
        {
            "title": _("Xác nhận ban hành quyết định số %(number)s") % {"number": data["number"]},
            "consequences": [
                ngettext(
                    "Quyết định số %(number)s ngày %(date)s, người ký %(signer)s, công nhận %(count)s mô hình, điển hình.",
                    "Quyết định số %(number)s ngày %(date)s, người ký %(signer)s, công nhận %(count)s mô hình, điển hình.",
                    len(selected),
                )
                % {
                    "number": data["number"],
                    "date": data["decided_on"].strftime("%d/%m/%Y"),
                    "signer": data["signer"],
                    "count": len(selected),
                },
                _(
                    "Quyết định đã ban hành không sửa hay xóa được: muốn thay đổi phải ban hành quyết định "
                    "đính chính, thay thế hoặc thu hồi."
                ),
                _(
                    "Các đơn vị có hồ sơ được công nhận nhận thông báo; mô hình được đưa lên trang giới thiệu công khai."
                ),
            ],
            "items_title": _("Mô hình, điển hình được công nhận"),
            "items": [f"{i.name} — {i.unit.name}" for i in chosen],
            "hidden": confirmation_hidden(request.POST),
            "action_url": reverse("committee:recognition"),
            "confirm_label": _("Ban hành quyết định"),
            "cancel_url": reverse("committee:recognition"),
        },
    )


def twin_reasons(data, selected: set[int]) -> dict[int, str]:
    """The written reasons, by initiative id, for recognizing a registration close to a recognized one."""
    return {pk: (data.get(f"twin_reason-{pk}") or "").strip() for pk in selected}


def decision_issued(request, decision: RecognitionDecision, count: int):
    messages.success(
        request,
        ngettext(
            "Đã ban hành quyết định số %(number)s công nhận %(count)s mô hình, điển hình.",
            "Đã ban hành quyết định số %(number)s công nhận %(count)s mô hình, điển hình.",
            count,
        )
        % {"number": decision.number, "count": count},
    )
    return redirect(decision)


class SelectionLost(Exception):
    """Some selected requests no longer wait for recognition; `reasons` name them."""

    def __init__(self, reasons: list[str]):
        super().__init__(reasons)
        self.reasons = reasons


def issue_decision(user, selected: set[int], data: dict, reasons: dict[int, str]) -> RecognitionDecision:
    """Recognize exactly the selected requests by one decision, or raise why not (`reasons`: see recognize_many)."""
    related = ("unit", "field", "campaign__committee__unit")
    chosen = list(
        committee_initiatives(user, roles=LEADING_ROLES)
        .filter(state=State.RECOGNITION_REQUESTED, pk__in=selected)
        .exclude(campaign__state=CampaignState.SUMMARIZED)
        .select_related(*related)
    )
    # The nominations from below are recognized by the same decision, at this committee's level.
    chosen += list(nominated_initiatives(user).filter(pk__in=selected).select_related(*related))
    lost = selected - {i.pk for i in chosen}
    if lost:
        raise SelectionLost(lost_reasons(user, lost))
    return bulk.recognize_many(chosen, user, **data, reasons=reasons)


def lost_reasons(user, lost: set[int]) -> list[str]:
    """Why each selected request can no longer be recognized, by name where the user may see it.

    A request changes under an open page when a member declines it or asks for more evidence
    meanwhile: the chair must learn which one, not an id.
    """
    visible = list(
        committee_initiatives(user, roles=LEADING_ROLES)
        .filter(pk__in=lost)
        .select_related("unit", "campaign")
        .order_by("unit__path", "id")
    )
    reasons = []
    for initiative in visible:
        refusal = lifecycle.check(user, "recognize", initiative) or refuse_state(initiative.get_state_display())
        why = refusal.message
        reasons.append(_("“%(name)s” (%(unit)s): %(why)s") % {"name": initiative, "unit": initiative.unit, "why": why})
    unknown = lost - {i.pk for i in visible}
    if unknown:
        reasons.append(
            _("Một số hồ sơ đã chọn không còn chờ công nhận hoặc không thuộc phạm vi của bạn (mã: %(ids)s).")
            % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}
        )
    return reasons
