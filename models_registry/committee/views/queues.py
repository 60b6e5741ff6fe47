"""The committee's longer lists: approved initiatives due for inspection, and recognition
requests with the nominations from below and the decisions lately issued (the home page's
three queues are in `home`, the moves over ticked rows in `bulk_moves`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.access import scope
from campaigns.ids import parse_ids
from campaigns.lifecycle import refuse_state
from campaigns.models import LEADING_ROLES, Campaign
from campaigns.submissions import TOKEN_FIELD, create_once
from campaigns.views import confirmation_hidden
from dvk.dates import date_text
from dvk.forms import render_form

from ... import bulk, guard, lifecycle
from ...bulk import BulkTransitionError
from ...lifecycle import TransitionError
from ...models import Initiative, Nomination, RecognitionDecision, State, reaches_threshold
from ...paginators import CappedPaginator, query_without
from ..forms import DecisionForm
from .common import committee_initiatives, filter_queue, require_committee, require_leader, row_refusal
from .decisions import leading_committee_ids

# Rows per page of the longer lists (due inspections, recognition requests).
PAGE_ROWS = 100


# ----- querysets ----------------------------------------------------------------------------
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


# ----- due inspections ----------------------------------------------------------------------
@login_required
def due_inspections(request):
    """Approved initiatives never inspected or not for `days` days (the setting's by default), longest waiting first."""
    require_committee(request.user)
    days = due_days(request)
    cutoff = due_cutoff(days)
    # The open campaigns by id, not through a join: PostgreSQL then reads the queue in order
    # from `initiative_queue_inspection` (migration 0005) and stops after a page.
    filters, in_scope = filter_queue(
        request, committee_initiatives(request.user).filter(campaign_id__in=open_campaign_ids())
    )
    approved = in_scope.filter(state=State.APPROVED).select_related("unit", "field").only(*QUEUE_COLUMNS)
    # The page's rows chosen by their keys first (`slices_by_keys`), its count from the same index.
    rows = approved.due_for_inspection(cutoff).slices_by_keys()
    page = CappedPaginator(rows, PAGE_ROWS).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/committee/due_inspections.html",
        {"page": page, "days": days, "filters": filters, "query": query_without(request), "cutoff": cutoff},
    )


def due_days(request) -> int:
    """Return the `days` asked in the query string, between 1 and 3650 (the setting's when missing or not a number)."""
    default_days = settings.DVK_INSPECTION_DUE_DAYS
    try:
        days = int(request.GET.get("days", default_days))
    except ValueError:
        days = default_days
    return max(1, min(days, 3650))


def due_cutoff(days: int) -> datetime.date:
    """Return the day before which an initiative's last inspection is `days` old or more."""
    return timezone.localdate() - datetime.timedelta(days=days)


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
    return qs.with_threshold().order_by("unit__path", "id")


# The query parameter of the nominations' pager on the recognition page (the queue's is "page").
NOMINATIONS_PAGE = "nominations_page"


# What the nominations' list shows (recognition.html).
NOMINATION_COLUMNS = (
    "id",
    "reason",
    "initiative",
    "initiative__name",
    "initiative__unit",
    "initiative__unit__name",
    "initiative__unit__path",
    "from_committee",
    "from_committee__name",
    "from_decision",
    "from_decision__number",
    "from_decision__decided_on",
)


def nominations_to(user):
    """The nominations from lower committees waiting for a committee the user leads ("Đề cử từ cấp dưới")."""
    s = scope(user)
    qs = Nomination.objects.visible_to(user).open()
    if not s.is_admin:
        qs = qs.filter(to_committee_id__in=s.led_committee_ids)
    # Only what the list shows: with every registration text (2 kB a row) PostgreSQL spilled the
    # province's 1,466 waiting rows to disk at a million initiatives to sort them (84 ms).
    # Grouped by the nominating committee in the unit tree's order, oldest first: the order is read
    # off the open nominations and the committees alone, so the initiatives are looked up for the
    # page's rows only (by the initiative's unit, each of the province's 1,498 waiting rows was
    # joined to its initiative first: 13.7 → 2.3 ms at a million).
    return (
        qs.select_related("initiative__unit", "from_decision", "from_committee")
        .only(*NOMINATION_COLUMNS)
        .order_by("from_committee__unit__path", "pk")
    )


def nominated_initiatives(user):
    """The initiatives of those nominations, still recognized and in a campaign not summarized."""
    return (
        Initiative.objects.visible_to(user)
        .filter(state=State.RECOGNIZED, pk__in=nominations_to(user).values("initiative_id"))
        .unfrozen()
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
    """Recognition requests and nominations from below: the leader issues one decision for the ticked ones."""
    user = request.user
    require_leader(user)
    filters, queue = filter_queue(request, recognition_requests(user))
    # Bound on every POST, an empty one included (an unbound form cannot take the "choose one" error).
    form = DecisionForm(request.POST if request.method == "POST" else None, user=user)
    selected: set[int] = set()
    if request.method == "POST":
        selected = set(parse_ids(request.POST.getlist("initiatives")))
        response = decide(request, form, selected)
        if response is not None:
            return response
    return render_form(
        request,
        "models_registry/committee/recognition.html",
        form,
        page=requests_page(request, queue),
        nominations=nominations_page(request, user),
        nominations_page_param=NOMINATIONS_PAGE,
        nominations_query=query_without(request, NOMINATIONS_PAGE),
        filters=filters,
        selected=selected,
        query=query_without(request),
        decisions=latest_decisions(user),
    )


def decide(request, form: DecisionForm, selected: set[int]) -> HttpResponse | None:
    """Confirm, then issue one decision recognizing the selected requests; None when the form shows why not."""
    if not selected:
        form.add_error(None, _("Hãy chọn ít nhất một hồ sơ để công nhận."))
    if not form.is_valid():
        return None
    if request.POST.get("confirmed") != "1":
        return confirm_decision(request, form.cleaned_data, selected)
    user = request.user
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
            form.add_error(None, row_refusal(failure.initiative, failure.message))
        messages.error(request, _("Chưa công nhận hồ sơ nào: mọi hồ sơ đã chọn phải đạt điều kiện."))
    except TransitionError as error:
        error.show_on(form)
    else:
        # Also a replay of this page (a double click, a resend): it shows the decision the first made.
        if decision is None:
            return redirect("committee:recognition")
        return decision_issued(request, decision, len(selected))
    return None


def requests_page(request, queue: QuerySet) -> Page:
    """Return the page's recognition requests, each with its stored twin, the reason typed for it, and its verdict."""
    # The rows carry what the guard compares and its stored verdict (100 rows, not the unit's history).
    queue = queue.select_related("campaign").only(*QUEUE_COLUMNS, *guard.REGISTRATION_COLUMNS)
    page = CappedPaginator(queue, PAGE_ROWS).get_page(request.GET.get("page"))
    # The stored closest recognized twin of every row on the page, in one query (guard.stored_twins).
    page.object_list = list(page.object_list)
    twins = guard.stored_twins(page.object_list)
    for initiative in page.object_list:
        initiative.twin = twins.get(initiative.pk)
        initiative.twin_reason = request.POST.get(f"twin_reason-{initiative.pk}", "")
        initiative.quorum_met = initiative.sheet_count >= (initiative.quorum or 1)
        initiative.passes = initiative.quorum_met and reaches_threshold(initiative.mean_total, initiative.threshold)
    return page


def nominations_page(request, user) -> Page:
    """Return the page of nominations from below the user's committees, on a pager of their own."""
    # Their own pager: a province may hold hundreds at a time. Not counted (the page reads one row more
    # and its badge says "100+"): a count would read every open nomination again, and the page would
    # pass its 12 queries.
    return CappedPaginator(nominations_to(user), PAGE_ROWS, count_rows=False).get_page(
        request.GET.get(NOMINATIONS_PAGE)
    )


def latest_decisions(user) -> QuerySet:
    """Return the ten latest decisions of the committees the user leads, each with how many it recognized (`n`)."""
    return (
        RecognitionDecision.objects.filter(committee_id__in=leading_committee_ids(user))
        .select_related("committee", "amends")
        # Counted for the ten decisions shown, not by a join + GROUP BY over every decision's
        # initiatives (166 ms at a million: the whole table read to keep ten rows).
        .with_recognized_count()
        .order_by("-decided_on", "-id")[:10]
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
                    "date": date_text(data["decided_on"]),
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
        .unfrozen()
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
        reasons.append(row_refusal(initiative, refusal.message))
    unknown = lost - {i.pk for i in visible}
    if unknown:
        reasons.append(
            _("Một số hồ sơ đã chọn không còn chờ công nhận hoặc không thuộc phạm vi của bạn (mã: %(ids)s).")
            % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}
        )
    return reasons
