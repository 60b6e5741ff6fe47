"""The steering committee's pages: queues, appraisal, inspections, score sheets, recognition.

Every page starts from `Initiative.objects.visible_to(user)` narrowed to the subtrees of the
user's committees: outside it → 404; unit staff of the initiative's own unit (who see it but
do not sit on a committee over it) → 403. Every state change goes through
`models_registry.lifecycle`.
"""

from __future__ import annotations

import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.access import scope
from campaigns.models import LEADING_ROLES, Campaign, CampaignState, CriteriaSet, Field, Unit

from .. import lifecycle, search
from ..access import is_committee_member_for, is_leader_for
from ..committee_forms import (
    ACTION_FORMS,
    BulkApproveForm,
    DecisionForm,
    InspectionForm,
    QueueFilterForm,
    ScoreSheetForm,
)
from ..evidence import save_attachments
from ..lifecycle import BulkTransitionError, TransitionError
from ..models import (
    REGISTRATION_CONTENT,
    REGISTRATION_TEXT,
    Attachment,
    AttachmentPurpose,
    Initiative,
    RecognitionDecision,
    ScoreItem,
    ScoreSheet,
    State,
)
from ..paginators import CappedPaginator

# How many rows each queue of the home page shows; the counts always cover everything.
QUEUE_ROWS = 50
# Rows per page of the longer lists (due inspections, recognition requests).
PAGE_ROWS = 100
APPRAISAL_ACTIONS = ("return_for_revision", "approve", "reject")
INSPECTABLE_STATES = (State.APPROVED, State.RECOGNITION_REQUESTED)


class Refused(Exception):
    """In scope but not allowed: rendered as a 403 page that says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def forbidden(request, message: str):
    return render(request, "models_registry/committee/forbidden.html", {"message": message}, status=403)


def committee_view(view):
    """Log in first; then turn a `Refused` into the 403 page with its message."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            return forbidden(request, refused.message)

    return wrapper


def require_committee(user) -> None:
    s = scope(user)
    if not (s.is_admin or s.is_committee_member):
        raise Refused(_("Trang này dành cho thành viên Ban Chỉ đạo."))


def require_leader(user) -> None:
    s = scope(user)
    if not (s.is_admin or s.is_leader):
        raise Refused(_("Trang này dành cho Trưởng ban và cơ quan thường trực Ban Chỉ đạo."))


# ----- querysets ----------------------------------------------------------------------------
def committee_initiatives(user, roles=None):
    """Initiatives of the subtrees of the user's committees (all of them for an administrator).

    `roles` narrows to the committees where the user holds one of these roles.
    """
    s = scope(user)
    qs = Initiative.objects.visible_to(user)
    if s.is_admin:
        return qs
    paths = sorted({seat.unit_path for seat in s.seats if roles is None or seat.role in roles})
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path__startswith=path)
    return qs.filter(q)


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


def get_committee_initiative(request, pk: int, related=("unit", "field", "campaign__committee__unit")) -> Initiative:
    """The initiative if it is in scope (else 404) and the user sits on a committee over it (else 403)."""
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user).select_related(*related), pk=pk)
    if not is_committee_member_for(request.user, initiative):
        raise Refused(_("Chỉ thành viên Ban Chỉ đạo phụ trách đơn vị mới làm được việc này."))
    return initiative


def next_url(request, initiative: Initiative | None = None) -> str:
    """Where to go after an action: a safe `next`, else the initiative's page, else the committee home."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    if initiative is not None:
        try:
            return reverse("initiative_detail", args=[initiative.pk])
        except NoReverseMatch:
            pass
    return reverse("committee:home")


def attachment_url(attachment: Attachment) -> str | None:
    """The scoped download view of the staff pages, when this deployment has it."""
    try:
        return reverse("attachment_download", args=[attachment.pk])
    except NoReverseMatch:
        return None


def detail_url(initiative: Initiative) -> str | None:
    try:
        return reverse("initiative_detail", args=[initiative.pk])
    except NoReverseMatch:
        return None


# ----- home: the three queues ---------------------------------------------------------------
@committee_view
def home(request):
    user = request.user
    require_committee(user)
    filters = QueueFilterForm(request.GET or None, units=filter_units(user))
    in_scope = filters.apply(committee_initiatives(user))
    # One aggregate (an index-only scan of the covering index of migration 0003) gives the
    # field x state table, the appraisal and recognition totals, and which open campaigns hold
    # rows in each state: the queue lists then filter on those campaign ids directly, so
    # PostgreSQL reads them in order from the queue indexes (migration 0005) and stops after
    # QUEUE_ROWS, instead of joining the campaign and sorting every row of the running year.
    counts, campaigns_by_state = counts_by_field_and_state(
        in_scope.exclude(campaign__state=CampaignState.SUMMARIZED), with_campaigns=True
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
        with_threshold(with_mean_score(queue(State.RECOGNITION_REQUESTED)))
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
    for initiative in recognition_rows:
        initiative.scored_by_me = initiative.my_sheet is not None
    queues = [
        {
            "key": "appraisal",
            "title": _("Đăng ký chờ thẩm định"),
            "count": by_state[State.SUBMITTED],
            "rows": list(appraisal[:QUEUE_ROWS]),
        },
        {
            "key": "inspection",
            "title": _("Đã duyệt, chưa kiểm tra hoặc quá %(days)s ngày chưa kiểm tra") % {"days": days},
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
            "is_leader": scope(user).is_admin or scope(user).is_leader,
            "query": request.GET.urlencode(),
        },
    )


# What the queue tables show (the registration texts and search key are 2 kB a row: not fetched).
QUEUE_COLUMNS = (
    "id",
    "name",
    "kind",
    "state",
    "campaign_id",
    "submitted_at",
    "last_inspected_on",
    "unit__name",
    "field__name",
)


def with_mean_score(qs):
    """Annotate `mean_total` and `sheet_count` of the submitted score sheets, as correlated subqueries.

    Unlike `Initiative.objects.with_mean_score()` (a join + GROUP BY over every selected
    column) this is evaluated only for the rows actually fetched, and keeps the queue's order
    readable from an index.
    """
    submitted = (
        ScoreSheet.objects.filter(initiative=OuterRef("pk"), submitted_at__isnull=False).order_by().values("initiative")
    )
    return qs.annotate(
        mean_total=Subquery(submitted.annotate(v=Avg("total")).values("v")),
        sheet_count=Coalesce(Subquery(submitted.annotate(v=Count("id")).values("v")), 0),
    )


def counts_by_field_and_state(qs, with_campaigns: bool = False):
    """One aggregate query → a field × state table with row and column totals.

    With `with_campaigns`, also {state: {campaign ids holding rows in that state}} (same query).
    """
    cells: dict[tuple[int, str], int] = {}
    campaigns: dict[str, set[int]] = {}
    group = ("campaign_id", "field_id", "state") if with_campaigns else ("field_id", "state")
    for row in qs.order_by().values(*group).annotate(n=Count("id")):
        key = (row["field_id"], row["state"])
        cells[key] = cells.get(key, 0) + row["n"]
        if with_campaigns:
            campaigns.setdefault(row["state"], set()).add(row["campaign_id"])
    states = [s for s in State if s != State.DRAFT]
    fields = list(Field.objects.filter(Q(active=True) | Q(pk__in={f for f, _s in cells})).order_by("order", "pk"))
    rows = []
    for field in fields:
        values = [cells.get((field.pk, state), 0) for state in states]
        rows.append({"field": field, "values": values, "total": sum(values)})
    totals = [sum(cells.get((f.pk, state), 0) for f in fields) for state in states]
    table = {"states": states, "rows": rows, "totals": totals, "total": sum(totals)}
    return (table, campaigns) if with_campaigns else table


# ----- appraisal and the committee's actions ------------------------------------------------
def history_of(initiative: Initiative) -> dict:
    """The unit's earlier initiatives, the similar ones, and a recognized twin coming back as new."""
    similar = search.similar_earlier(
        initiative.unit_id,
        initiative.name,
        initiative.search_text,
        exclude_pk=initiative.pk,
        campaign_id=initiative.campaign_id,
    )
    earlier = list(
        Initiative.objects.filter(unit_id=initiative.unit_id, campaign__year__lt=initiative.campaign.year)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .select_related("campaign", "field", "decision")
        .order_by("-campaign__year", "-id")[:20]
    )
    twin = search.recognized_twin(initiative) if initiative.origin == "new" else None
    return {
        "similar": [{"initiative": other, "percent": round(score * 100)} for other, score in similar],
        "earlier": earlier,
        "twin": twin,
        "continues": initiative.continues if initiative.continues_id else None,
    }


def action_forms(initiative: Initiative, user, data=None, bound_action: str | None = None) -> list[dict]:
    """The forms of the committee actions this user may take now (each with its own prefix)."""
    available = {t.action: t for t in lifecycle.available_actions(initiative, user)}
    forms = []
    for action in APPRAISAL_ACTIONS:
        if action not in available:
            continue
        form_class = ACTION_FORMS[action]
        form = form_class(data if action == bound_action else None, initiative=initiative, prefix=action)
        forms.append({"action": action, "label": available[action].label, "form": form})
    return forms


def registration_rows(initiative: Initiative) -> list[tuple[str, str]]:
    """(label, value) of the registration content, in the order of the real form."""
    rows = [
        (str(Initiative._meta.get_field(name).verbose_name), getattr(initiative, name)) for name in REGISTRATION_TEXT
    ]
    if initiative.starts_on and initiative.ends_on:
        period = f"{initiative.starts_on:%d/%m/%Y} – {initiative.ends_on:%d/%m/%Y}"
        rows.insert(REGISTRATION_CONTENT.index("starts_on"), (_("Thời gian thực hiện"), period))
    return rows


@committee_view
def appraise(request, pk: int):
    initiative = get_committee_initiative(
        request, pk, related=("unit", "field", "campaign__committee__unit", "continues__campaign")
    )
    return render(
        request,
        "models_registry/committee/appraise.html",
        {
            "initiative": initiative,
            "history": history_of(initiative),
            "rows": registration_rows(initiative),
            "forms": action_forms(initiative, request.user),
            "detail_url": detail_url(initiative),
            "next": reverse("committee:home"),
        },
    )


@committee_view
def act(request, pk: int, action: str):
    if action == "recognize":
        # Recognition is issued by one decision for many initiatives, from its own page.
        return redirect("committee:recognition")
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404(_("Thao tác không tồn tại."))
    initiative = get_committee_initiative(request, pk)
    transition = lifecycle.TRANSITIONS[action]
    if initiative.is_frozen:
        raise Refused(_("Đợt phát động đã tổng kết: hồ sơ của đợt này không thể thay đổi nữa."))
    if initiative.state not in transition.sources:
        raise Refused(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": transition.label, "state": initiative.get_state_display()}
        )
    form = form_class(request.POST or None, initiative=initiative, prefix=action)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                lifecycle.apply(initiative, action, request.user, **form.params())
            except TransitionError as error:
                if error.code == "scope":
                    raise Http404(str(error))
                if error.code in ("role", "state"):
                    raise Refused(str(error))
                form.add_error(None, str(error))
                status = 409 if error.code == "conflict" else 400
            else:
                messages.success(
                    request,
                    _("Đã “%(action)s” hồ sơ “%(name)s”.") % {"action": transition.label, "name": initiative.name},
                )
                return redirect(next_url(request, initiative))
        else:
            status = 400
    return render(
        request,
        "models_registry/committee/act.html",
        {
            "initiative": initiative,
            "action": action,
            "label": transition.label,
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "detail_url": detail_url(initiative),
        },
        status=status,
    )


@committee_view
@require_POST
def bulk_approve(request):
    require_committee(request.user)
    form = BulkApproveForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("initiatives") if v.isdigit()]
    if not ids:
        messages.error(request, _("Hãy chọn ít nhất một hồ sơ để duyệt."))
        return redirect("committee:home")
    if not form.is_valid():
        for error in form.errors.get("plan_note", []):
            messages.error(request, error)
        return redirect("committee:home")
    found = {i.pk: i for i in committee_initiatives(request.user).filter(pk__in=ids).select_related("unit", "campaign")}
    outcomes = lifecycle.apply_many(
        [found[pk] for pk in ids if pk in found],
        "approve",
        request.user,
        plan_note=form.cleaned_data["plan_note"],
    )
    missing = [pk for pk in ids if pk not in found]
    approved = sum(1 for o in outcomes if o.ok)
    return render(
        request,
        "models_registry/committee/bulk_result.html",
        {"outcomes": outcomes, "missing": missing, "approved": approved, "refused": len(outcomes) - approved},
    )


# ----- inspections --------------------------------------------------------------------------
def require_inspectable(initiative: Initiative) -> None:
    if initiative.is_frozen:
        raise Refused(_("Đợt phát động đã tổng kết: không thể ghi thêm kết quả kiểm tra."))
    if initiative.state not in INSPECTABLE_STATES:
        raise Refused(
            _("Chỉ kiểm tra mô hình đã được duyệt hoặc đang đề nghị công nhận (hiện: “%(state)s”).")
            % {"state": initiative.get_state_display()}
        )


@committee_view
def inspection_create(request, pk: int):
    initiative = get_committee_initiative(request, pk)
    require_inspectable(initiative)
    form = InspectionForm(request.POST or None, request.FILES or None, initiative=initiative, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                inspection = form.save(commit=False)
                inspection.initiative = initiative
                inspection.created_by = request.user
                inspection.save()
                form.save_m2m()
            saved, refused = save_attachments(
                initiative,
                form.cleaned_data["files"],
                request.user,
                purpose=AttachmentPurpose.INSPECTION,
                inspection=inspection,
            )
            messages.success(
                request,
                _("Đã ghi kết quả kiểm tra ngày %(date)s (%(count)s tệp minh chứng).")
                % {"date": inspection.inspected_on.strftime("%d/%m/%Y"), "count": len(saved)},
            )
            for message in refused:
                messages.warning(request, message)
            return redirect("committee:inspection_list", pk=initiative.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "models_registry/committee/inspection_form.html",
        {"initiative": initiative, "form": form, "detail_url": detail_url(initiative)},
        status=status,
    )


@committee_view
def inspection_list(request, pk: int):
    initiative = get_committee_initiative(request, pk)
    inspections = list(
        initiative.inspections.select_related("created_by").prefetch_related(
            "inspectors", Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id"))
        )
    )
    for inspection in inspections:
        inspection.files = [(a, attachment_url(a)) for a in inspection.attachments.all()]
    may_inspect = initiative.state in INSPECTABLE_STATES and not initiative.is_frozen
    return render(
        request,
        "models_registry/committee/inspection_list.html",
        {
            "initiative": initiative,
            "inspections": inspections,
            "may_inspect": may_inspect,
            "detail_url": detail_url(initiative),
        },
    )


@committee_view
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


# ----- score sheets -------------------------------------------------------------------------
@committee_view
def score(request, pk: int):
    user = request.user
    initiative = get_committee_initiative(request, pk)
    criteria_set = initiative.campaign.criteria_set_for(initiative.kind)
    criteria = list(criteria_set.criteria.order_by("order", "pk")) if criteria_set else []
    s = scope(user)
    sits_over = bool(s.roles_over(initiative.unit.path))
    sheet = ScoreSheet.objects.filter(initiative=initiative, member=user).first()
    scoring_open = initiative.state == State.RECOGNITION_REQUESTED and not initiative.is_frozen and bool(criteria)
    may_score = scoring_open and sits_over and not (sheet and sheet.submitted_at)
    items = {item.criterion_id: item for item in sheet.items.all()} if sheet else {}

    status = 200
    form = None
    if may_score:
        submitting = "submit" in request.POST
        form = ScoreSheetForm(
            request.POST if request.method == "POST" else None,
            criteria=criteria,
            items=items,
            require_all=submitting,
        )
        if request.method == "POST":
            if form.is_valid():
                if save_sheet(initiative, user, form, submit=submitting):
                    if submitting:
                        messages.success(request, _("Đã nộp phiếu chấm điểm."))
                    else:
                        messages.success(request, _("Đã lưu nháp phiếu chấm điểm."))
                    return redirect("committee:score", pk=initiative.pk)
                form.add_error(None, _("Phiếu này đã được nộp trước đó; không thể sửa nữa."))
                status = 409
            else:
                status = 400
    elif request.method == "POST":
        if sheet and sheet.submitted_at:
            raise Refused(_("Bạn đã nộp phiếu chấm điểm; phiếu đã nộp không thể sửa."))
        if not sits_over:
            raise Refused(_("Chỉ thành viên Ban Chỉ đạo phụ trách đơn vị mới chấm điểm."))
        raise Refused(
            _("Chỉ chấm điểm khi hồ sơ đang đề nghị công nhận (hiện: “%(state)s”).")
            % {"state": initiative.get_state_display()}
        )

    own_submitted = bool(sheet and sheet.submitted_at)
    leads = s.is_admin or bool(s.roles_over(initiative.unit.path) & LEADING_ROLES)
    sees_others = own_submitted or leads
    submitted = (
        ScoreSheet.objects.filter(initiative=initiative, submitted_at__isnull=False)
        .select_related("member")
        .prefetch_related("items")
        .order_by("submitted_at", "id")
    )
    sheets = list(submitted) if sees_others else []
    for other in sheets:
        by_criterion = {item.criterion_id: item for item in other.items.all()}
        other.cells = [by_criterion.get(c.pk) for c in criteria]
    mean = initiative.mean_score()
    sheet_count = submitted.count() if not sees_others else len(sheets)
    return render(
        request,
        "models_registry/committee/score.html",
        {
            "initiative": initiative,
            "criteria_set": criteria_set,
            "criteria": criteria,
            "sheet": sheet,
            "own_items": [items.get(c.pk) for c in criteria],
            "form": form,
            "scoring_open": scoring_open,
            "sits_over": sits_over,
            "sees_others": sees_others,
            "sheets": sheets,
            "mean": mean,
            "sheet_count": sheet_count,
            "actions": [
                t
                for t in lifecycle.available_actions(initiative, user)
                if t.action in ("request_more_evidence", "decline_recognition")
            ],
            "passes": mean is not None and criteria_set is not None and mean >= criteria_set.threshold,
            "detail_url": detail_url(initiative),
        },
        status=status,
    )


def save_sheet(initiative: Initiative, user, form: ScoreSheetForm, submit: bool) -> bool:
    """Write the member's items and total; submit once. False when the sheet was already submitted."""
    with transaction.atomic():
        sheet, _created = ScoreSheet.objects.get_or_create(initiative=initiative, member=user)
        # Lock out a second tab that submitted meanwhile: only an unsubmitted sheet is written.
        if ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True).update(total=F("total")) != 1:
            return False
        for criterion, points, comment in form.scores():
            if points is None:
                ScoreItem.objects.filter(sheet=sheet, criterion=criterion).delete()
                continue
            ScoreItem.objects.update_or_create(
                sheet=sheet, criterion=criterion, defaults={"points": points, "comment": comment}
            )
        sheet.recompute_total()
        if submit:
            ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True).update(submitted_at=timezone.now())
    return True


# ----- recognition --------------------------------------------------------------------------
def recognition_requests(user):
    """Recognition requests in the subtrees of the committees the user leads, with scores and threshold."""
    qs = committee_initiatives(user, roles=LEADING_ROLES).filter(
        state=State.RECOGNITION_REQUESTED, campaign_id__in=open_campaign_ids()
    )
    # Only the shown columns, and the scores as subqueries computed for the page's rows only
    # (a join + GROUP BY over every column sorted 29,000 wide rows on disk at a million).
    qs = with_mean_score(qs.select_related("unit", "field").only(*QUEUE_COLUMNS))
    return with_threshold(qs).order_by("unit__path", "id")


def open_campaign_ids() -> list[int]:
    """Ids of the campaigns not summarized yet (one or two in practice)."""
    return list(Campaign.objects.exclude(state=CampaignState.SUMMARIZED).values_list("id", flat=True))


@committee_view
def recognition(request):
    user = request.user
    require_leader(user)
    filters = QueueFilterForm(request.GET or None, units=filter_units(user))
    qs = filters.apply(recognition_requests(user))
    form = DecisionForm(request.POST or None, user=user)
    selected: set[int] = set()
    status = 200
    if request.method == "POST":
        selected = {int(v) for v in request.POST.getlist("initiatives") if v.isdigit()}
        if not selected:
            form.add_error(None, _("Hãy chọn ít nhất một hồ sơ để công nhận."))
        if form.is_valid():
            chosen = list(
                committee_initiatives(user, roles=LEADING_ROLES)
                .filter(state=State.RECOGNITION_REQUESTED, pk__in=selected)
                .exclude(campaign__state=CampaignState.SUMMARIZED)
                .select_related("unit", "field", "campaign__committee__unit")
            )
            lost = selected - {i.pk for i in chosen}
            if lost:
                form.add_error(
                    None,
                    _("Một số hồ sơ đã chọn không còn chờ công nhận hoặc không thuộc phạm vi của bạn (mã: %(ids)s).")
                    % {"ids": ", ".join(str(pk) for pk in sorted(lost))},
                )
            else:
                try:
                    decision = lifecycle.recognize_many(chosen, user, **form.cleaned_data)
                except BulkTransitionError as error:
                    for failure in error.failures:
                        form.add_error(
                            None,
                            _("“%(name)s” (%(unit)s): %(why)s")
                            % {"name": failure.initiative, "unit": failure.initiative.unit, "why": failure.message},
                        )
                    messages.error(request, _("Chưa công nhận hồ sơ nào: mọi hồ sơ đã chọn phải đạt điều kiện."))
                except TransitionError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("Đã ban hành quyết định số %(number)s công nhận %(count)s mô hình, điển hình.")
                        % {"number": decision.number, "count": len(chosen)},
                    )
                    return redirect("committee:decision_detail", pk=decision.pk)
        status = 400
    page = CappedPaginator(qs, PAGE_ROWS).get_page(request.GET.get("page"))
    for initiative in page.object_list:
        initiative.passes = (
            initiative.mean_total is not None
            and initiative.threshold is not None
            and initiative.mean_total >= initiative.threshold
        )
    params = request.GET.copy()
    params.pop("page", None)
    decisions = (
        RecognitionDecision.objects.filter(committee_id__in=leading_committee_ids(user))
        .select_related("committee")
        .annotate(n=Count("initiatives"))[:10]
    )
    return render(
        request,
        "models_registry/committee/recognition.html",
        {
            "page": page,
            "filters": filters,
            "form": form,
            "selected": selected,
            "query": params.urlencode(),
            "decisions": decisions,
        },
        status=status,
    )


def leading_committee_ids(user) -> list[int] | set[int]:
    s = scope(user)
    if s.is_admin:
        return list(RecognitionDecision.objects.values_list("committee_id", flat=True).distinct())
    return {seat.committee_id for seat in s.seats if seat.role in LEADING_ROLES}


@committee_view
def decision_detail(request, pk: int):
    decision = get_object_or_404(RecognitionDecision.objects.select_related("committee__unit", "created_by"), pk=pk)
    s = scope(request.user)
    if not (s.is_admin or s.sits_on(decision.committee_id) or s.covers(decision.committee.unit.path)):
        raise Http404
    initiatives = list(
        decision.initiatives.select_related("unit", "field", "campaign").order_by("unit__path", "name", "id")
    )
    may_mark = (
        s.is_admin
        or s.leads_committee(decision.committee_id)
        or bool(s.roles_over(decision.committee.unit.path) & LEADING_ROLES)
    )
    return render(
        request,
        "models_registry/committee/decision_detail.html",
        {"decision": decision, "initiatives": initiatives, "may_mark": may_mark},
    )


@committee_view
@require_POST
def mark_outstanding(request, pk: int):
    initiative = get_committee_initiative(request, pk)
    if not is_leader_for(request.user, initiative):
        raise Refused(_("Chỉ Trưởng ban hoặc cơ quan thường trực mới chọn mô hình tiêu biểu."))
    if initiative.state != State.RECOGNIZED:
        raise Refused(_("Chỉ chọn tiêu biểu trong các mô hình, điển hình đã được công nhận."))
    if initiative.is_frozen:
        raise Refused(_("Đợt phát động đã tổng kết: không thể thay đổi."))
    value = request.POST.get("outstanding") == "1"
    # A flag, not a state: one guarded UPDATE, so a concurrent change of state is not overwritten.
    Initiative.objects.filter(pk=initiative.pk, state=State.RECOGNIZED).update(outstanding=value)
    if value:
        messages.success(request, _("Đã chọn “%(name)s” là mô hình tiêu biểu.") % {"name": initiative.name})
    else:
        messages.success(request, _("Đã bỏ chọn tiêu biểu cho “%(name)s”.") % {"name": initiative.name})
    return redirect(next_url(request, initiative))
