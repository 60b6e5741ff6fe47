"""Report pages: the summary of a campaign or a year, a campaign's overview, commendations."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from campaigns.access import leaders_only, scope
from campaigns.lifecycle import SUMMARIZED_MESSAGE, refusal_of
from campaigns.models import Campaign
from campaigns.submissions import TOKEN_FIELD, create_once
from dvk.forms import render_form
from jobs.runner import QueueUnavailable, submit

from ..access import COMMENDATION_RECORDERS_ONLY, is_leader_for, may_list_commendation_proposals, may_write_assessment
from ..lifecycle import TransitionError
from ..models import (
    AWARD_FIELDS,
    RECOVERED_NOT_CORRECTED,
    Commendation,
    Initiative,
    ReportAssessment,
    check_commendable,
)
from .forms import AssessmentForm, CommendationForm, CommendationRecoveryForm, PendingCaseForm, SummaryFilterForm
from .funnel import build_funnel
from .paper_jobs import DOSSIER_KIND, NOT_IN_FORCE, initiative_dossier_title
from .pdf import figures_text, issuing_committee, scope_name_of
from .periods import Period
from .replications import proposals_for, proposals_of_period
from .rollup import rollup
from .summary import build_summary, for_campaign, summary_counts_for, summary_scope_for

RECOGNIZED_PER_PAGE = 25
# The one refusal of the commendation pages (record, correct) to those who lead no committee over the initiative.


def _with_query(name: str, query: dict) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def _export_links(query: dict) -> list[tuple[str, str]]:
    """The downloads of the summary: the workbook, its tables as CSV, the full list as CSV, the report as PDF and Word."""
    if not query:
        return []
    choices = (
        ("Excel (XLSX)", {"format": "xlsx"}),
        (f"CSV ({_('Tổng hợp kết quả').lower()})", {"format": "csv", "part": "summary"}),
        (f"CSV ({_('Danh sách').lower()})", {"format": "csv"}),
        (_("Báo cáo (PDF)"), {"format": "pdf"}),
        (_("Báo cáo (Word)"), {"format": "docx"}),
    )
    return [(label, _with_query("reports:export", {**query, **params})) for label, params in choices]


def _assessment_form(request, summary, period, root, data=None) -> tuple[AssessmentForm | None, object]:
    """The assessment form of the report's issuing committee, when this user may write it; else None."""
    s = scope(request.user)
    if period is None or not s.may_lead:
        # Who leads no committee writes no assessment (`may_write_assessment`): no committee to read.
        return None, None
    committee = issuing_committee(period, root, assessment_key=period.key)
    if not may_write_assessment(request.user, committee):
        return None, committee
    saved = committee.saved_assessment
    instance = saved or ReportAssessment(committee=committee, period_key=period.key)
    initial = {} if saved else {"results": figures_text(summary, scope_name_of(root))}
    return AssessmentForm(data, instance=instance, initial=initial), committee


def _series_names() -> dict:
    """The legends of the charts, in the user's language (the script has no strings of its own)."""
    return {"registered": _("Đăng ký"), "recognized": _("Được công nhận"), "counts": _("Số lượng")}


@login_required
def summary(request):
    """The summary of one campaign (default: `SummaryFilterForm.default_period`) or one year, in the user's scope."""
    form = SummaryFilterForm(request.GET or None, user=request.user)
    form.require_seen_campaign()
    # Nothing chosen, or a choice refused (its message stands beside its select): the user's own campaign.
    return _summary_page(request, form, form.chosen_period() or form.default_period())


def _summary_page(request, form, period, assessment_form=None, status=200):
    initiatives, root = summary_scope_for(request.user)
    # The numbers come from the kept counts (a few hundred rows), the list from the initiatives.
    kept = summary_counts_for(request.user, root, period)
    if period is not None:
        initiatives, query = period.filter(initiatives), period.query
    else:
        initiatives, query = initiatives.none(), {}
    campaign = period.campaign if period is not None else None
    year = period.year if period is not None and not period.is_years else None
    proposals = proposals_of_period(request.user, period) if period is not None else proposals_for(request.user)
    result = build_summary(initiatives, root_unit=root, proposals=proposals, kept=kept)
    # The page's 25 chosen by their keys first: the year's recognized rows of the first units were
    # read whole with their joins to sort them by name.
    paginator = Paginator(result.recognized_initiatives.slices_by_keys(), RECOGNIZED_PER_PAGE)
    paginator.count = result.recognized  # already counted by the summary: spare the COUNT(*) query
    page = paginator.get_page(request.GET.get("page"))
    # Leaders over a row's unit get the link to record its commendations (decided in memory).
    page.object_list = [(i, is_leader_for(request.user, i)) for i in page.object_list]
    exports = _export_links(query)
    # The funnel per level, field and unit (issue 15): the summary's own numbers, no query of its own.
    funnel = build_funnel(result)
    if assessment_form is None:
        assessment_form, _committee = _assessment_form(request, result, period, root)
    return render(
        request,
        "models_registry/reports/summary.html",
        {
            "form": form.showing(period),
            "campaign": campaign,
            "year": year,
            "period": period.label if period is not None else None,
            "period_obj": period,
            "assessment_form": assessment_form,
            "summary": result,
            "funnel": funnel.by_level,
            "funnel_by_field": funnel.by_field,
            "funnel_by_unit": funnel.by_unit,
            # The lower committees' own campaigns, read upward as data (issue 15): one query.
            "rollup": rollup(request.user, period, root),
            "chart_data": {**result.chart_data(), "series_names": _series_names()},
            "page": page,
            "page_query": urlencode(query),
            "exports": exports,
            "root_unit": root,
        },
        status=status,
    )


@login_required
@require_POST
def save_assessment(request):
    """Save the written parts of the report of the period in the query string (its committee's leaders only)."""
    form = SummaryFilterForm(request.GET, user=request.user)
    form.require_seen_campaign()
    period = form.chosen_period()
    if period is None:
        raise Http404(_("Chưa chọn kỳ báo cáo."))
    initiatives, root = summary_scope_for(request.user)
    result = build_summary(
        period.filter(initiatives), root_unit=root, kept=summary_counts_for(request.user, root, period)
    )
    assessment_form, committee = _assessment_form(request, result, period, root, data=request.POST)
    if assessment_form is None:
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Chỉ đạo ban hành báo cáo mới viết phần đánh giá."))
    if not assessment_form.is_valid():
        return _summary_page(request, form, period, assessment_form, status=400)
    assessment = assessment_form.save(commit=False)
    assessment.updated_by = request.user
    assessment.save()
    messages.success(request, _("Đã lưu bản nháp phần đánh giá của báo cáo."))
    return redirect(_with_query("reports:summary", period.query) + "#assessment")


@login_required
def initiative_dossier(request, pk: int):
    """Ask for one recognized initiative's dossier (ZIP, a job): whoever may open the initiative."""
    initiative = get_object_or_404(
        Initiative.objects.visible_to(request.user).filter(decision__isnull=False).select_related("decision"), pk=pk
    )
    decision = initiative.decision.in_force()
    if decision is None:
        raise PermissionDenied(NOT_IN_FORCE)
    params = {"decision": decision.pk, "initiative": initiative.pk}
    try:
        job = submit(request.user, DOSSIER_KIND, params, initiative_dossier_title(initiative))
    except QueueUnavailable:
        return render(request, "jobs/queue_unavailable.html", status=503)
    return redirect(job)


@login_required
def campaign_overview(request, pk: int):
    """A running campaign at a glance: deadlines and counts per state and field, in the user's scope."""
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).select_related("committee__unit"), pk=pk)
    initiatives, root = summary_scope_for(request.user)
    result = build_summary(
        for_campaign(initiatives, campaign),
        root_unit=root,
        kept=summary_counts_for(request.user, root, Period.of_campaign(campaign)),
    )
    return render(
        request,
        "models_registry/reports/campaign_overview.html",
        {
            "campaign": campaign,
            "summary": result,
            "summary_url": _with_query("reports:summary", {"campaign": campaign.pk}),
            "may_list_proposals": may_list_commendation_proposals(request.user),
        },
    )


def _leader_initiative(request, pk: int) -> Initiative:
    """Return the initiative in the user's scope (404 outside it)."""
    return get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related("unit", "field", "campaign", "decision"), pk=pk
    )


def _recorded_award(request, pk: int, commendation_pk: int) -> tuple[Initiative, Commendation]:
    """Return the initiative in the user's scope and one of its awards (404 outside), for those who record
    awards (else 403)."""
    initiative = _leader_initiative(request, pk)
    commendation = get_object_or_404(initiative.commendations.all(), pk=commendation_pk)
    if not is_leader_for(request.user, initiative):
        raise PermissionDenied(COMMENDATION_RECORDERS_ONLY)
    return initiative, commendation


@login_required
def commendation_edit(request, pk: int, commendation_pk: int):
    """Correct a recorded commendation (a leader in scope), while the initiative's campaign is not summarized."""
    initiative, commendation = _recorded_award(request, pk, commendation_pk)
    if initiative.is_frozen:
        raise PermissionDenied(str(SUMMARIZED_MESSAGE))
    if commendation.is_recovered:
        raise PermissionDenied(RECOVERED_NOT_CORRECTED)
    form = CommendationForm(request.POST or None, instance=commendation, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            commendation.correct(request.user, **{name: form.cleaned_data[name] for name in AWARD_FIELDS})
        except TransitionError as error:
            # Summarized or recovered since this page was read: what was typed stays, with why.
            error.show_on(form)
        else:
            messages.success(request, _("Đã lưu bản sửa khen thưởng."))
            return redirect("reports:commendation_create", pk=initiative.pk)
    return render_form(
        request,
        "models_registry/reports/commendation_edit.html",
        form,
        initiative=initiative,
        commendation=commendation,
    )


@login_required
def commendation_recover(request, pk: int, commendation_pk: int):
    """Record that the authority recovered an award (a leader in scope), also after the year is summarized."""
    initiative, commendation = _recorded_award(request, pk, commendation_pk)
    form = CommendationRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commendation.recover(
                request.user,
                number=data["recovery_number"],
                decided_on=data["recovered_on"],
                reason=data["recovery_reason"],
            )
        except TransitionError as error:
            error.show_on(form)
        else:
            messages.success(
                request, _("Đã ghi nhận thu hồi khen thưởng “%(commendation)s”.") % {"commendation": commendation}
            )
            return redirect("reports:commendation_create", pk=initiative.pk)
    return render_form(
        request,
        "models_registry/reports/commendation_recover.html",
        form,
        initiative=initiative,
        commendation=commendation,
    )


@login_required
def commendation_create(request, pk: int):
    """Record a commendation granted to a recognized initiative (chair or secretariat in scope)."""
    initiative = _leader_initiative(request, pk)
    if not is_leader_for(request.user, initiative):
        raise PermissionDenied(COMMENDATION_RECORDERS_ONLY)
    refusal = refusal_of(check_commendable, initiative)
    form = CommendationForm(request.POST or None, initiative=initiative)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
        elif form.is_valid():
            try:
                commendation, _created = create_once(
                    request.POST.get(TOKEN_FIELD), request.user, lambda: form.save_for(initiative, request.user)
                )
            except TransitionError as error:
                # Commended already (Law 06/2022): said next to the decision's number.
                error.show_on(form)
            else:
                if commendation is not None:
                    messages.success(
                        request,
                        _("Đã ghi nhận %(kind)s cho “%(name)s”.")
                        % {"kind": commendation.get_kind_display().lower(), "name": initiative},
                    )
                return redirect("reports:commendation_create", pk=initiative.pk)
    return _commendation_page(request, initiative, form, refusal=refusal)


def _commendation_page(request, initiative, form, *, refusal=None, pending_form=None):
    """The initiative's commendations page: `form` records one, `pending_form` (re)sets the pending case."""
    if pending_form is None:
        pending_form = PendingCaseForm(initial={"pending_case": not initiative.pending_case}, auto_id="id_pending_%s")
    return render_form(
        request,
        "models_registry/reports/commendation_form.html",
        form,
        initiative=initiative,
        refusal=refusal,
        commendations=initiative.commendations.select_related("created_by"),
        # A leader corrects what was recorded (a wrong number or date) until the year is summarized; an
        # award's recovery by its authority is recorded at any time (a new decision, not an edit).
        may_correct=not initiative.is_frozen,
        may_recover=True,
        pending_form=pending_form,
        # Only the notes this page wrote: the admin logs its own saves of the initiative in the
        # same history, as JSON lists ("changed the area" is no note about a case).
        pending_history=LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Initiative), object_id=str(initiative.pk)
        )
        .exclude(change_message__startswith="[")
        .select_related("user")
        .order_by("-action_time")[:10],
    )


@login_required
@require_POST
def pending_case(request, pk: int):
    """Set or clear the pending-case flag, with the note that justifies it (logged)."""
    initiative = _leader_initiative(request, pk)
    if not is_leader_for(request.user, initiative):
        raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "thay đổi thông tin này")))
    if initiative.is_frozen:
        messages.error(request, SUMMARIZED_MESSAGE)
        return redirect("reports:commendation_create", pk=initiative.pk)
    form = PendingCaseForm(request.POST, auto_id="id_pending_%s")
    if not form.is_valid():
        # The page again, the note as typed with why beside it (a redirect lost what was written).
        refusal = refusal_of(check_commendable, initiative)
        return _commendation_page(
            request, initiative, CommendationForm(initiative=initiative), refusal=refusal, pending_form=form
        )
    flag = form.cleaned_data["pending_case"]
    try:
        initiative.set_pending_case(flag, form.cleaned_data["note"], by=request.user)
    except TransitionError as error:  # summarized since the page was read
        messages.error(request, str(error))
        return redirect("reports:commendation_create", pk=initiative.pk)
    if flag:
        messages.warning(request, _("Đã ghi nhận: đang có vụ việc chưa giải quyết. Tạm dừng khen thưởng."))
    else:
        messages.success(request, _("Đã bỏ đánh dấu vụ việc chưa giải quyết."))
    return redirect("reports:commendation_create", pk=initiative.pk)
