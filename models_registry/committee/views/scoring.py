"""Who scores: the chair's assignments, a member's declared conflict, reopening a submitted sheet,
and the appraisal minutes made from the sheets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from campaigns.access import leaders_only
from campaigns.text import fold
from dvk.forms import render_form

from ...access import committee_roles, is_leader_for
from ...lifecycle import TransitionError
from ...models import (
    IN_PROGRESS_STATES,
    Initiative,
    ScoreSheet,
    assign_scorers,
    eligible_scorers,
    recuse,
    reopen_sheet,
)
from ...reports.papers import paper_response
from ...reports.papers.minutes import minutes_docx as minutes_docx_bytes
from ...reports.papers.minutes import minutes_pdf as minutes_pdf_bytes
from ..forms import ReasonForm, ScorerAssignmentForm
from .common import get_committee_initiative, raise_page_refusal


def scoring_panel(initiative: Initiative, user, sheet: ScoreSheet | None) -> dict:
    """What the score page shows about who scores: assignments, recusals, the history, the chair's links."""
    leads = is_leader_for(user, initiative)
    assignments = list(initiative.scorer_assignments.select_related("member"))
    recusals = list(initiative.recusals.select_related("member"))
    return {
        "assignments": assignments,
        "recusals": recusals,
        "leads": leads,
        "may_recuse": (
            bool(committee_roles(user, initiative))
            and initiative.state in IN_PROGRESS_STATES
            and not initiative.is_frozen
            and not any(r.member_id == user.pk for r in recusals)
            and not (sheet and sheet.submitted_at)
        ),
        "may_reopen": leads and initiative.state == "recognition_requested" and not initiative.is_frozen,
        "scoring_history": LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Initiative), object_id=str(initiative.pk)
        )
        .select_related("user")
        .order_by("-action_time")[:20]
        if leads
        else [],
    }


def _require_leader(request, initiative: Initiative) -> None:
    if not is_leader_for(request.user, initiative):
        raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "làm việc này")))


@login_required
def scorers(request, pk: int):
    """The chair names who scores this initiative (or clears the list)."""
    initiative = get_committee_initiative(request, pk)
    _require_leader(request, initiative)
    eligible = eligible_scorers(initiative)
    current = list(initiative.scorer_assignments.values_list("member_id", flat=True))
    form = ScorerAssignmentForm(request.POST or None, eligible=eligible, initial={"members": current})
    if form.is_valid():  # unbound on a GET, so never valid there
        try:
            chosen = assign_scorers(initiative, form.cleaned_data["members"], request.user)
        except TransitionError as error:
            raise_page_refusal(error)
            form.add_error("members", str(error))
        else:
            if chosen:
                messages.success(
                    request,
                    ngettext("Đã phân công %(count)s người chấm.", "Đã phân công %(count)s người chấm.", len(chosen))
                    % {"count": len(chosen)},
                )
            else:
                messages.success(request, _("Đã bỏ phân công: mọi thành viên phụ trách đều chấm được."))
            return redirect("committee:score", pk=initiative.pk)
    return render_form(request, "models_registry/committee/scorers.html", form, initiative=initiative)


def _reason_page(request, initiative: Initiative, write, done: str, page: dict):
    """Ask for a reason, then `write(reason)`; on success say `done` and go back to the score page.

    `page` holds the heading, explanation and button of the reason form; a refusal of the write
    shows next to the reason, with what was typed kept.
    """
    form = ReasonForm(request.POST or None)
    if form.is_valid():  # unbound on a GET, so never valid there
        try:
            write(form.cleaned_data["reason"])
        except TransitionError as error:
            raise_page_refusal(error)
            form.add_error("reason", str(error))
        else:
            messages.success(request, done)
            return redirect("committee:score", pk=initiative.pk)
    return render_form(request, "models_registry/committee/reason_form.html", form, initiative=initiative, **page)


@login_required
def recusal(request, pk: int):
    """A member declares a conflict of interest and does not score this initiative."""
    initiative = get_committee_initiative(request, pk)
    return _reason_page(
        request,
        initiative,
        lambda reason: recuse(initiative, request.user, reason),
        _("Đã ghi nhận: bạn không tham gia chấm điểm hồ sơ này."),
        {
            "heading": _("Không tham gia chấm điểm"),
            "explanation": _(
                "Khai báo khi bạn có quan hệ với đơn vị hoặc hồ sơ này. Bạn sẽ không chấm điểm hồ sơ; "
                "lý do được ghi vào lịch sử của hồ sơ và có trong biên bản thẩm định."
            ),
            "button": _("Xác nhận không tham gia"),
        },
    )


@login_required
def reopen(request, pk: int, sheet_pk: int):
    """The chair takes back a submitted sheet so that its member may correct it."""
    initiative = get_committee_initiative(request, pk)
    _require_leader(request, initiative)
    sheet = get_object_or_404(
        ScoreSheet.objects.submitted().select_related("member"), pk=sheet_pk, initiative=initiative
    )
    sheet.initiative = initiative
    member = sheet.member.get_full_name() or sheet.member.username
    return _reason_page(
        request,
        initiative,
        lambda reason: reopen_sheet(sheet, request.user, reason),
        _("Đã mở lại phiếu của %(member)s; thành viên này có thể sửa và nộp lại.") % {"member": member},
        {
            "heading": _("Mở lại phiếu chấm điểm của %(member)s") % {"member": member},
            "explanation": _(
                "Phiếu sẽ trở lại thành bản nháp và không được tính vào điểm bình quân cho đến khi được nộp lại. "
                "Lý do được ghi vào lịch sử của hồ sơ."
            ),
            "button": _("Mở lại phiếu"),
        },
    )


def _minutes(request, pk: int, fmt: str) -> HttpResponse:
    """The appraisal minutes (the leaders': they see every sheet)."""
    initiative = get_committee_initiative(request, pk, related=("unit", "field", "campaign__committee__unit"))
    _require_leader(request, initiative)
    make = minutes_pdf_bytes if fmt == "pdf" else minutes_docx_bytes
    return paper_response(make(initiative), fmt, f"bien-ban-tham-dinh-{slugify(fold(initiative.name))[:60]}.{fmt}")


@login_required
def minutes_pdf(request, pk: int):
    """The appraisal minutes as PDF."""
    return _minutes(request, pk, "pdf")


@login_required
def minutes_docx(request, pk: int):
    """The appraisal minutes as DOCX, to adjust before signing."""
    return _minutes(request, pk, "docx")
