"""Unit staff pages: home, list, registration, detail, staff actions, evidence and downloads.

Every object comes through `visible_to(user)` (outside scope → 404); acting without the
right role → 403; every state change goes through `lifecycle.apply`.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg, Case, Count, OuterRef, Q, Subquery, When
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from campaigns.access import scope, units_for_registration
from campaigns.models import LEADING_ROLES, Campaign, CampaignState, CriteriaSet

from .. import lifecycle
from ..access import is_unit_staff, visible_related
from ..evidence import RemovalRefused, removal_refusal, remove_attachment, save_attachments
from ..models import (
    REGISTRATION_TEXT,
    REQUIRED_FOR_SUBMIT,
    Attachment,
    Initiative,
    Origin,
    StaleEdit,
    State,
    TransitionLog,
)
from ..paginators import CappedPaginator
from ..search import similar_earlier
from ..transition_forms import TRANSITION_FORMS
from .forms import EvidenceForm, InitiativeFilterForm, InitiativeForm

PAGE_SIZE = 25
# States in which the unit may still add evidence (before and while the committee certifies).
EVIDENCE_STATES = frozenset({State.DRAFT, State.RETURNED, State.SUBMITTED, State.APPROVED, State.RECOGNITION_REQUESTED})
# Content a replication takes over from its source; place, dates and contact are the new unit's own.
REPLICATED_FIELDS = ("name", *(name for name in REGISTRATION_TEXT if name not in ("area", "address", "contact")))


def _visible(user, pk: int) -> Initiative:
    qs = Initiative.objects.visible_to(user).select_related("unit", "field", "campaign__committee__unit")
    return get_object_or_404(qs, pk=pk)


def _require_unit_staff(user, initiative: Initiative) -> None:
    if not is_unit_staff(user, initiative):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị đăng ký mới được thực hiện thao tác này."))


def _may_add_evidence(user, initiative: Initiative) -> bool:
    return is_unit_staff(user, initiative) and not initiative.is_frozen and initiative.state in EVIDENCE_STATES


# ----- home --------------------------------------------------------------------------------
@login_required
def home(request):
    """The staff home: counts by state, what needs action now, open campaigns."""
    user = request.user
    s = scope(user)
    own = Initiative.objects.visible_to(user).filter(unit_id__in=list(s.staff_units))
    counts = dict(own.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    last_log = TransitionLog.objects.filter(initiative=OuterRef("pk")).order_by("-created_at", "-id")
    needs_action = list(
        own.filter(state__in=[State.RETURNED, State.APPROVED, State.DRAFT])
        .exclude(campaign__state=CampaignState.SUMMARIZED)
        .with_list_columns()
        .annotate(
            last_action=Subquery(last_log.values("action")[:1]),
            last_comment=Subquery(last_log.values("comment")[:1]),
        )
        # What the committee waits for first, drafts last: a commune's many drafts must not push a
        # returned registration or a results report off the page.
        .order_by(
            Case(When(state=State.RETURNED, then=0), When(state=State.APPROVED, then=1), default=2),
            "-updated_at",
            "-id",
        )[:30]
    )
    for initiative in needs_action:
        initiative.more_evidence_asked = (
            initiative.state == State.APPROVED and initiative.last_action == "request_more_evidence"
        )
    campaigns = list(
        Campaign.objects.visible_to(user)
        .open_for_registration()
        .select_related("committee")
        .order_by("registration_closes_on", "name")[:10]
    )
    state_rows = [(value, label, counts.get(value, 0)) for value, label in State.choices]
    return render(
        request,
        "home.html",
        {
            "scope": s,
            "state_rows": state_rows,
            "total": sum(counts.values()),
            "returned": [i for i in needs_action if i.state == State.RETURNED],
            "more_evidence": [i for i in needs_action if i.more_evidence_asked],
            "waiting_results": [i for i in needs_action if i.state == State.APPROVED and not i.more_evidence_asked],
            "drafts": [i for i in needs_action if i.state == State.DRAFT],
            "open_campaigns": campaigns,
            "committee_url": reverse("committee:home") if (s.is_committee_member or s.is_admin) else "",
        },
    )


# ----- list --------------------------------------------------------------------------------
@login_required
def initiative_list(request):
    """The user's initiatives with filters, search, sorting and pages (a fixed number of queries)."""
    form = InitiativeFilterForm(request.GET or None, user=request.user)
    qs = form.filter(Initiative.objects.visible_to(request.user).with_list_columns())
    # A text search is not counted: its first page stops after 26 rows along the newest-first
    # index, while counting the matches reads each of them (the trigram index must recheck rows).
    searching = bool(request.GET.get("q", "").strip())
    page = CappedPaginator(qs, PAGE_SIZE, count_rows=not searching).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "models_registry/staff/initiative_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(request.GET.get(name) for name in form.fields if name != "q"),
        },
    )


# ----- registration ------------------------------------------------------------------------
@login_required
def initiative_create(request):
    """Register a new initiative (saved as a draft, optionally submitted at once)."""
    if not units_for_registration(request.user).exists():
        raise PermissionDenied(_("Bạn chưa là cán bộ của đơn vị nào nên chưa thể đăng ký mô hình."))
    return _registration(request, Initiative(created_by=request.user))


@login_required
def initiative_edit(request, pk: int):
    """Edit a draft or a registration returned for revision (optimistic lock)."""
    initiative = _visible(request.user, pk)
    _require_unit_staff(request.user, initiative)
    if not initiative.is_editable:
        message = _("Hồ sơ không còn ở trạng thái được sửa.")
        if request.method != "POST":
            raise PermissionDenied(message)
        form = InitiativeForm(request.POST, instance=initiative, user=request.user)
        if form.is_valid() and not [name for name in form.changed_data if name != "version"]:
            # The same content sent again (a double tap on "submit", back and resend): nothing to lose.
            if initiative.state == State.SUBMITTED:
                messages.success(request, _("Đã gửi đăng ký. Ban Chỉ đạo sẽ thẩm định và phản hồi."))
            return redirect(initiative)
        # The state moved while the user was typing: refuse, but give their text back to copy.
        form.add_error(None, message)
        response = _render_registration(request, form)
        response.status_code = 403
        return response
    return _registration(request, initiative)


# The session remembers the last few "new registration" forms it saved, by their form token.
REGISTRATION_TOKENS = "dvk_registration_tokens"
REGISTRATION_TOKENS_KEPT = 20


def _already_registered(request) -> Initiative | None:
    """The registration an earlier POST of this same new-registration form created, if any."""
    pk = request.session.get(REGISTRATION_TOKENS, {}).get(request.POST.get("form_token", ""))
    if pk is None:
        return None
    return Initiative.objects.visible_to(request.user).filter(pk=pk).first()


def _remember_registration(request, token: str, initiative: Initiative) -> None:
    if not token:
        return
    tokens = request.session.get(REGISTRATION_TOKENS, {})
    tokens[token] = initiative.pk
    request.session[REGISTRATION_TOKENS] = dict(list(tokens.items())[-REGISTRATION_TOKENS_KEPT:])


# Two POSTs of one new form closer than this are one registration (a double click sends both at once).
TWIN_SECONDS = 30


def _create_once(request, initiative: Initiative, token: str) -> Initiative | None:
    """Save a new registration, unless a POST of the same form running alongside just did: return that one."""
    user = request.user
    initiative.normalize()
    with transaction.atomic():
        # One user's simultaneous creations take turns (PostgreSQL row lock), so the second sees the first's row.
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        twin = (
            Initiative.objects.visible_to(user)
            .filter(
                created_by=user,
                unit_id=initiative.unit_id,
                campaign_id=initiative.campaign_id,
                name=initiative.name,
                created_at__gte=timezone.now() - datetime.timedelta(seconds=TWIN_SECONDS),
            )
            .order_by("id")
            .first()
        )
        if twin is not None:
            return twin
        initiative.save()
    _remember_registration(request, token, initiative)
    return None


def _registration(request, instance: Initiative):
    user = request.user
    submit_error = None
    if request.method == "POST" and instance.pk is None:
        earlier = _already_registered(request)
        if earlier is not None:
            # A double tap or a resent form: show what the first POST made rather than a duplicate.
            return redirect("staff:initiative_edit", pk=earlier.pk) if earlier.is_editable else redirect(earlier)
    if request.method == "POST":
        data = request.POST
        intent = data.get("intent", "draft")
        if data.get("mark_continues"):
            # "Mark as maintained from this one": the rest of the form is saved as typed.
            data = data.copy()
            data["origin"] = Origin.MAINTAINED
            data["continues"] = data["mark_continues"]
            intent = "draft"
        form = InitiativeForm(data, instance=instance, user=user)
        if form.is_valid():
            initiative = form.save(commit=False)
            try:
                if initiative.pk:
                    initiative.save_edit(expected_version=form.cleaned_data["version"])
                else:
                    twin = _create_once(request, initiative, form.cleaned_data.get("form_token", ""))
                    if twin is not None:
                        return redirect(twin) if intent == "submit" else redirect("staff:initiative_edit", pk=twin.pk)
            except StaleEdit as error:
                form.add_error(None, error.message)
            else:
                if intent != "submit":
                    messages.success(request, _("Đã lưu nháp. Bạn có thể quay lại hoàn thiện bất cứ lúc nào."))
                    return redirect("staff:initiative_edit", pk=initiative.pk)
                try:
                    lifecycle.apply(initiative, "submit", user)
                except lifecycle.TransitionError as error:
                    submit_error = error
                    form = _form_with_missing(data, initiative, user, error)
                else:
                    messages.success(request, _("Đã gửi đăng ký. Ban Chỉ đạo sẽ thẩm định và phản hồi."))
                    return redirect(initiative)
        else:
            messages.error(request, _("Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới."))
    else:
        form = InitiativeForm(instance=instance, user=user)
    return _render_registration(request, form, submit_error)


def _form_with_missing(data, initiative: Initiative, user, error) -> InitiativeForm:
    """Show the saved draft as typed, with every field that submission still needs marked."""
    data = data.copy()
    data["version"] = initiative.version
    form = InitiativeForm(data, instance=initiative, user=user)
    form.is_valid()
    labels = {str(initiative._meta.get_field(name).verbose_name): name for name in REQUIRED_FOR_SUBMIT}
    for label in error.missing:
        name = labels.get(label)
        if name and name in form.fields and name not in form.errors:
            form.add_error(name, _("Cần điền trước khi gửi đăng ký."))
    return form


def _render_registration(request, form: InitiativeForm, submit_error=None):
    instance = form.instance
    editing = instance.pk is not None
    similar = []
    if editing and instance.name:
        similar = similar_earlier(
            instance.unit_id,
            instance.name,
            instance.search_text,
            exclude_pk=instance.pk,
            campaign_id=instance.campaign_id,
        )
    replicate_chosen = ""
    if instance.replicates_id:
        source = _replicated_source(request.user, instance.replicates_id)
        if source:
            replicate_chosen = _("Đang chọn: %(name)s — %(unit)s") % {"name": source.name, "unit": source.unit.name}
    return render(
        request,
        "models_registry/staff/initiative_form.html",
        {
            "form": form,
            "initiative": instance if editing else None,
            "form_action": reverse("staff:initiative_edit", args=[instance.pk])
            if editing
            else reverse("staff:initiative_create"),
            "submit_error": submit_error,
            "similar": similar,
            "similar_url": reverse("staff:initiative_similar"),
            "lookup_url": reverse("staff:initiative_lookup"),
            "replicate_search_label": _("Tìm mô hình đã được công nhận để nhân rộng"),
            "replicate_chosen": replicate_chosen,
            "similar_title": _("Mô hình tương tự của đơn vị ở các đợt trước:"),
            "own_unit_id": instance.unit_id or "",
            "no_open_campaign": not editing and not form.fields["campaign"].queryset.exists(),
            "committee_comment": _last_committee_comment(instance) if instance.state == State.RETURNED else "",
        },
    )


# ----- similar earlier initiatives and replication --------------------------------------------
def _similar_row(initiative: Initiative, score: float) -> dict:
    outcome = initiative.get_state_display()
    if initiative.decision_id:
        outcome = _("Công nhận theo QĐ số %(number)s ngày %(date)s") % {
            "number": initiative.decision.number,
            "date": initiative.decision.decided_on.strftime("%d/%m/%Y"),
        }
    return {
        "id": initiative.pk,
        "name": initiative.name,
        "year": initiative.campaign.year,
        "state": initiative.state,
        "state_label": str(initiative.get_state_display()),
        "outcome": str(outcome),
        "field": initiative.field.name,
        "score": round(score, 2),
        "url": initiative.get_absolute_url(),
    }


@login_required
@require_GET
def initiative_similar(request):
    """JSON: the unit's own similar initiatives from earlier campaigns (for the registration form)."""
    s = scope(request.user)
    try:
        unit_id = int(request.GET.get("unit") or 0) or None
        exclude = int(request.GET.get("exclude") or 0) or None
        campaign_id = int(request.GET.get("campaign") or 0) or None
    except ValueError:
        return JsonResponse({"error": _("Tham số không hợp lệ.")}, status=400)
    if unit_id is None and len(s.staff_units) == 1:
        unit_id = next(iter(s.staff_units))
    if unit_id is None or not (s.is_admin or s.is_staff_of(unit_id)):
        raise Http404
    name = (request.GET.get("name") or "")[:500]
    rows = [
        _similar_row(initiative, score)
        for initiative, score in similar_earlier(unit_id, name, exclude_pk=exclude, campaign_id=campaign_id)
    ]
    return JsonResponse({"results": rows, "button": _("Đánh dấu là duy trì từ mô hình này")})


@login_required
@require_GET
def initiative_lookup(request):
    """JSON: recognized initiatives (the public showcase's) whose name matches, to replicate one."""
    q = (request.GET.get("q") or "").strip()[:200]
    if len(q) < 2:
        return JsonResponse({"results": []})
    found = Initiative.objects.public().search(q).select_related("unit", "campaign").order_by("-campaign__year", "-id")
    rows = [
        {"id": i.pk, "name": i.name, "unit": i.unit.name, "year": i.campaign.year}
        for i in found.only("id", "name", "unit__name", "campaign__year")[:10]
    ]
    return JsonResponse({"results": rows})


@login_required
def initiative_replicate(request, pk: int):
    """Start a new draft in the user's unit that replicates a recognized initiative.

    GET (or a POST that does not say which of several units) shows what will happen and asks for the unit.
    """
    source = get_object_or_404(Initiative.objects.public().select_related("unit", "campaign"), pk=pk)
    units = list(units_for_registration(request.user).filter(pk__in=list(scope(request.user).staff_units)))
    if not units:
        raise PermissionDenied(_("Bạn chưa là cán bộ của đơn vị nào nên chưa thể nhân rộng mô hình."))
    chosen = units[0] if len(units) == 1 else None
    if request.POST.get("unit"):
        chosen = next((u for u in units if str(u.pk) == request.POST["unit"]), None)
    if request.method != "POST" or chosen is None:
        return render(request, "models_registry/staff/initiative_replicate.html", {"source": source, "units": units})
    back = (
        source.get_absolute_url()
        if Initiative.objects.visible_to(request.user).filter(pk=source.pk).exists()
        else reverse("staff:home")
    )
    if chosen.pk == source.unit_id:
        messages.error(request, _("Đây là mô hình của chính đơn vị bạn: hãy đăng ký theo hình thức duy trì."))
        return HttpResponseRedirect(back)
    campaign = (
        Campaign.objects.visible_to(request.user)
        .open_for_registration()
        .filter(committee__unit__path__in=chosen.ancestor_paths())
        .order_by("registration_closes_on")
        .first()
    )
    if campaign is None:
        messages.error(request, _("Hiện không có đợt phát động nào đang mở đăng ký cho đơn vị bạn."))
        return HttpResponseRedirect(back)
    copy = Initiative.objects.filter(campaign=campaign, unit=chosen, replicates=source, state=State.DRAFT).first()
    if copy is not None:
        # A second tap on the button (or back and again): open the draft the first one made.
        return redirect("staff:initiative_edit", pk=copy.pk)
    copy = Initiative(
        campaign=campaign,
        unit=chosen,
        field=source.field,
        kind=source.kind,
        subject=source.subject,
        origin=Origin.REPLICATED,
        replicates=source,
        created_by=request.user,
        **{name: getattr(source, name) for name in REPLICATED_FIELDS},
    )
    copy.save()
    messages.success(
        request,
        _("Đã tạo bản nháp nhân rộng từ “%(name)s”. Hãy điều chỉnh cho phù hợp với đơn vị bạn rồi gửi đăng ký.")
        % {"name": source.name},
    )
    return redirect("staff:initiative_edit", pk=copy.pk)


# ----- detail ------------------------------------------------------------------------------
# Lazy: the labels are read per request, in the user's language, not once at import.
STEPS = (
    ("launch", gettext_lazy("Phát động")),
    ("register", gettext_lazy("Đăng ký")),
    ("approve", gettext_lazy("Duyệt")),
    ("inspect", gettext_lazy("Kiểm tra")),
    ("certify", gettext_lazy("Công nhận")),
    ("summarize", gettext_lazy("Tổng kết")),
)
# The step each state stands at (index into STEPS).
STEP_OF_STATE = {
    State.DRAFT: 1,
    State.SUBMITTED: 1,
    State.RETURNED: 1,
    State.REJECTED: 1,
    State.APPROVED: 3,
    State.RECOGNITION_REQUESTED: 4,
    State.RECOGNIZED: 5,
    State.NOT_RECOGNIZED: 4,
}
STOPPED_STATES = frozenset({State.REJECTED, State.WITHDRAWN, State.NOT_RECOGNIZED})


def progress(initiative: Initiative, logs: list[TransitionLog]) -> list[dict]:
    """Return the six steps of the guidance, each done, current or to come, for this initiative."""
    if initiative.state == State.WITHDRAWN:
        # Where it stood when withdrawn.
        before = logs[-1].from_state if logs else State.DRAFT
        current = STEP_OF_STATE.get(before, 1)
    else:
        current = STEP_OF_STATE[initiative.state]
    all_done = initiative.state == State.RECOGNIZED and initiative.is_frozen
    steps = []
    for index, (code, label) in enumerate(STEPS):
        status = "done" if index < current or all_done else ("current" if index == current else "todo")
        steps.append({"code": code, "label": label, "status": status, "number": index + 1})
    return steps


def _score_summary(initiative: Initiative) -> dict:
    """Mean of the submitted score sheets (as `Initiative.mean_score()` rounds it), their number and
    the pass threshold of the campaign's criteria set for this kind — in one query."""
    submitted = Q(score_sheets__submitted_at__isnull=False)
    row = (
        Initiative.objects.filter(pk=initiative.pk)
        .values("pk")
        .annotate(
            mean=Avg("score_sheets__total", filter=submitted),
            sheets=Count("score_sheets", filter=submitted),
            threshold=Subquery(
                CriteriaSet.objects.filter(campaign_id=initiative.campaign_id, kind=initiative.kind).values(
                    "threshold"
                )[:1]
            ),
        )
        .get()
    )
    mean = row["mean"]
    return {
        "mean": None if mean is None else Decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        "sheets": row["sheets"],
        "threshold": row["threshold"],
    }


@login_required
def initiative_detail(request, pk: int):
    """Everything about one initiative, its history, and the actions this user may take now."""
    user = request.user
    initiative = _visible(user, pk)
    s = scope(user)
    logs = list(initiative.logs.select_related("actor"))
    for log in logs:
        transition = lifecycle.TRANSITIONS.get(log.action)
        log.label = transition.label if transition else log.action
    in_committee = s.is_admin or bool(s.roles_over(initiative.unit.path))
    available = lifecycle.available_actions(initiative, user)
    actions = []
    for transition in available:
        if transition.who == "staff":
            url = reverse("staff:initiative_transition", args=[initiative.pk, transition.action])
        else:
            url = reverse("committee:act", args=[initiative.pk, transition.action])
        actions.append({"action": transition.action, "label": transition.label, "url": url, "who": transition.who})
    committee_links = []
    if in_committee and not initiative.is_frozen:
        if any(t.action in lifecycle.APPRAISAL_ACTIONS for t in available):
            committee_links.append(
                {"url": reverse("committee:appraise", args=[initiative.pk]), "label": _("Thẩm định hồ sơ")}
            )
        if initiative.state in (State.APPROVED, State.RECOGNITION_REQUESTED):
            url = reverse("committee:inspection_create", args=[initiative.pk])
            committee_links.append({"url": url, "label": _("Ghi kết quả kiểm tra")})
        if initiative.state == State.RECOGNITION_REQUESTED:
            committee_links.append({"url": reverse("committee:score", args=[initiative.pk]), "label": _("Chấm điểm")})
        if initiative.state == State.RECOGNIZED and (s.is_admin or s.roles_over(initiative.unit.path) & LEADING_ROLES):
            url = reverse("reports:commendation_create", args=[initiative.pk])
            committee_links.append({"url": url, "label": _("Ghi nhận khen thưởng")})
    score = _score_summary(initiative) if in_committee else None
    replications = (
        Initiative.objects.filter(replicates=initiative).visible_to(user)
        | Initiative.objects.filter(replicates=initiative).public()
    ).select_related("unit", "campaign")
    staff_units = s.staff_units
    may_replicate = (
        initiative.state == State.RECOGNIZED
        and bool(staff_units)
        and any(unit_id != initiative.unit_id for unit_id in staff_units)
    )
    may_upload = _may_add_evidence(user, initiative)
    last = logs[-1] if logs else None
    context = {
        "initiative": initiative,
        "committee_request": last
        if last
        and last.to_state == initiative.state
        and last.action in ("return_for_revision", "request_more_evidence")
        else None,
        "steps": progress(initiative, logs),
        "stopped": initiative.state in STOPPED_STATES,
        "logs": logs,
        "actions": actions,
        "committee_links": committee_links,
        "may_edit": is_unit_staff(user, initiative) and initiative.is_editable,
        "may_upload": may_upload,
        "evidence_form": EvidenceForm() if may_upload else None,
        "inspections": initiative.inspections.prefetch_related("inspectors"),
        "score": score,
        "decision": initiative.decision if initiative.decision_id else None,
        "commendations": initiative.commendations.all(),
        "replications": list(replications.distinct()[:50]),
        "continues": Initiative.objects.visible_to(user)
        .filter(pk=initiative.continues_id)
        .select_related("campaign")
        .first()
        if initiative.continues_id
        else None,
        "replicates": _replicated_source(user, initiative.replicates_id) if initiative.replicates_id else None,
        "attachments": _with_removable(user, initiative, initiative.attachments.all()),
        "may_replicate": may_replicate,
        "replicate_units": units_for_registration(user).exclude(pk=initiative.unit_id) if may_replicate else [],
    }
    return render(request, "models_registry/staff/initiative_detail.html", context)


def _replicated_source(user, pk: int) -> Initiative | None:
    """The initiative a replication copies, if this user may read it: public (recognized) or in their scope."""
    in_scope = Initiative.objects.visible_to(user).filter(pk=pk).values("pk")
    return (
        Initiative.objects.filter(Q(pk=pk) & (Q(state=State.RECOGNIZED) | Q(pk__in=in_scope)))
        .select_related("unit", "campaign")
        .first()
    )


# ----- staff actions -----------------------------------------------------------------------
@login_required
def initiative_transition(request, pk: int, action: str):
    """Ask for what a staff action needs (reason, results, evidence), then apply it."""
    transition = lifecycle.TRANSITIONS.get(action)
    if transition is None or transition.who != "staff":
        raise Http404
    user = request.user
    initiative = _visible(user, pk)
    _require_unit_staff(user, initiative)
    refusal = lifecycle.check(user, action, initiative)
    if refusal is not None:
        if request.method == "POST" and _just_done_by(initiative, action, user):
            # A double tap: the first POST did it, nothing happened since; show the result, not a refusal.
            return redirect(initiative)
        raise PermissionDenied(str(refusal))
    form_class = TRANSITION_FORMS[action]
    error = None
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, initiative=initiative, action=action)
        valid = form.is_valid()
        if action == "request_recognition" and "files" in form.cleaned_data:
            # Accepted files are kept even when the request itself is refused (or its report is missing):
            # a browser never puts chosen files back into the form.
            saved, refused = save_attachments(initiative, form.cleaned_data["files"], user)
            for message in refused:
                messages.error(request, message)
            if saved:
                messages.success(request, _("Đã tải lên %(count)d tệp minh chứng.") % {"count": len(saved)})
        if valid:
            try:
                lifecycle.apply(initiative, action, user, **form.params())
            except lifecycle.TransitionError as refusal:
                error = refusal
            else:
                messages.success(
                    request,
                    _("Đã thực hiện “%(action)s”. Trạng thái mới: %(state)s.")
                    % {"action": transition.label, "state": initiative.get_state_display()},
                )
                return redirect(initiative)
    else:
        form = form_class(initiative=initiative, action=action)
    return render(
        request,
        "models_registry/staff/initiative_transition.html",
        {
            "initiative": initiative,
            "transition": transition,
            "form": form,
            "error": error,
            "missing": initiative.missing_for_submit() if action == "submit" else [],
            "attachments": initiative.attachments.all() if action == "request_recognition" else [],
            "needs_inspection": action == "request_recognition"
            and initiative.campaign.requires_inspection
            and not initiative.inspections.exists(),
            "committee_comment": _last_committee_comment(initiative)
            if action in ("submit", "request_recognition")
            else "",
            "goals_label": Initiative._meta.get_field("goals").verbose_name,
        },
    )


def _just_done_by(initiative: Initiative, action: str, user) -> bool:
    """Whether the initiative's last move is `action` by `user` and it still stands where that left it."""
    last = initiative.logs.order_by("-created_at", "-id").first()
    return bool(last and last.action == action and last.actor_id == user.pk and last.to_state == initiative.state)


def _last_committee_comment(initiative: Initiative) -> str:
    """What the committee asked for when it last sent the initiative back (revision or more evidence)."""
    last = initiative.logs.order_by("-created_at", "-id").first()
    if last and last.action in ("return_for_revision", "request_more_evidence"):
        return last.comment
    return ""


# ----- evidence ----------------------------------------------------------------------------
@login_required
@require_POST
def initiative_evidence(request, pk: int):
    """Upload several evidence files at once; refused files are named, accepted ones kept."""
    user = request.user
    initiative = _visible(user, pk)
    if not _may_add_evidence(user, initiative):
        raise PermissionDenied(_("Không thể bổ sung minh chứng cho hồ sơ này lúc này."))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn ít nhất một tệp minh chứng."))
        return redirect(initiative.get_absolute_url() + "#evidence")
    saved, refused = save_attachments(initiative, form.cleaned_data["files"], user)
    for message in refused:
        messages.error(request, message)
    if saved:
        messages.success(request, _("Đã tải lên %(count)d tệp minh chứng.") % {"count": len(saved)})
    return redirect(initiative.get_absolute_url() + "#evidence")


def _with_removable(user, initiative: Initiative, attachments) -> list[Attachment]:
    """The initiative's files, each marked whether this user may remove it now (no extra query)."""
    rows = list(attachments)
    for attachment in rows:
        attachment.removable = removal_refusal(user, initiative, attachment) is None
    return rows


@login_required
@require_POST
def attachment_remove(request, pk: int):
    """Remove an evidence file its uploader added by mistake: a first POST asks, a confirmed one removes.

    POST only, so a link, a prefetch or a crawler never removes anything; the confirmation is a page
    of its own, which works without JavaScript on any phone.
    """
    user = request.user
    attachment = get_object_or_404(
        visible_related(Attachment.objects.select_related("initiative__unit", "initiative__campaign"), user), pk=pk
    )
    initiative = attachment.initiative
    refusal = removal_refusal(user, initiative, attachment)
    if refusal:
        raise PermissionDenied(refusal)
    back = initiative.get_absolute_url() + "#evidence"
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "models_registry/staff/attachment_remove.html",
            {"initiative": initiative, "attachment": attachment, "back": back},
        )
    try:
        remove_attachment(initiative, attachment, user)
    except RemovalRefused:
        initiative.refresh_from_db(fields=["state"])
        initiative.campaign.refresh_from_db(fields=["state"])
        raise PermissionDenied(removal_refusal(user, initiative, attachment) or "")
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect(back)


@login_required
def attachment_download(request, pk: int):
    """Serve an evidence file to whoever may see its initiative (never straight from MEDIA_URL)."""
    attachment = get_object_or_404(
        visible_related(Attachment.objects.select_related("initiative"), request.user), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
