"""One initiative's committee pages: appraisal and actions, inspections, score sheets, and
the outstanding flag of a recognized initiative."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from campaigns.access import leaders_only
from campaigns.lifecycle import Transition
from campaigns.models import CriteriaSet, Criterion
from campaigns.submissions import TOKEN_FIELD, create_once
from campaigns.views import confirmation_hidden
from dvk.dates import date_text
from dvk.forms import render_form

from ... import guard, lifecycle, search
from ...access import committee_roles, is_committee_member_for, is_leader_for, scoring_refusal, visible_related
from ...evidence import save_attachments
from ...lifecycle import TransitionError
from ...models import (
    IN_PROGRESS_STATES,
    REGISTRATION_CONTENT,
    REGISTRATION_TEXT,
    SHEET_SEALED,
    Attachment,
    AttachmentPurpose,
    Initiative,
    ScoreItem,
    ScoreSheet,
    State,
    reaches_threshold,
)
from ...showcase import photos
from ...transition_forms import TRANSITION_FORMS, offered_reasons, offered_reasons_by_action
from ..forms import InspectionForm, ScoreSheetForm
from .common import get_committee_initiative, get_overseen_initiative, raise_page_refusal
from .scoring import scoring_panel


def next_url(request, initiative: Initiative | None = None) -> str:
    """Where to go after an action: a safe `next`, else the initiative's page, else the committee home."""
    target = request.POST.get("next") or request.GET.get("next")
    # A path on this site only: a bare word ("1") would be taken by redirect() for a URL name (a 500).
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return initiative.get_absolute_url() if initiative is not None else reverse("committee:home")


# ----- appraisal and the committee's actions ------------------------------------------------
def history_of(initiative: Initiative) -> dict:
    """The unit's earlier initiatives, the similar ones, and the closest recognized twin (with why it matters)."""
    similar = search.similar_earlier(
        initiative.unit_id,
        initiative.name,
        initiative.search_text,
        exclude_pk=initiative.pk,
        campaign_id=initiative.campaign_id,
    )
    earlier = list(
        Initiative.objects.filter(unit_id=initiative.unit_id, campaign__year__lt=initiative.campaign.year)
        .registered()
        .order_by("-campaign__year", "-id")
        # Chosen from the index's keys: a hamlet's long history is not read whole to show 20 (9 → 2 ms at 1M).
        .first_by_keys(0, 20)
        .select_related("campaign", "field", "decision")
    )
    # The stored verdict (checked now if never checked): no scoring of the unit's history per view.
    twin = guard.stored_twin(initiative)
    why = guard.lineage_refusal(initiative) or (twin.refusal if twin is not None else None)
    return {
        "similar": [{"initiative": other, "percent": round(score * 100)} for other, score in similar],
        "earlier": earlier,
        "twin": twin,
        "twin_refusal": why,
        "continues": initiative.continues if initiative.continues_id else None,
    }


def action_forms(initiative: Initiative, user, data=None, bound_action: str | None = None) -> list[dict]:
    """The forms of the committee actions this user may take now (each with its own prefix)."""
    available = {t.action: t for t in lifecycle.available_actions(initiative, user)}
    reasons = offered_reasons_by_action(user, [a for a in lifecycle.APPRAISAL_ACTIONS if a in available], initiative)
    forms = []
    for action in lifecycle.APPRAISAL_ACTIONS:
        if action not in available:
            continue
        form_class = TRANSITION_FORMS[action]
        form = form_class(
            data if action == bound_action else None,
            initiative=initiative,
            action=action,
            prefix=action,
            reasons=offered_reasons(user, action, initiative),
            reason_list=reasons.get(action),
        )
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


def dossier(initiative: Initiative) -> dict:
    """What a reviewer reads before judging: the unit's evidence and the committee's inspections with their photos.

    Three queries whatever the number of files or inspections: the initiative's files (split here by
    purpose), its inspections, and their inspectors.
    """
    files = list(initiative.attachments.order_by("uploaded_at", "id"))
    by_inspection: dict[int, list[Attachment]] = {}
    for attachment in files:
        if attachment.inspection_id is not None:
            by_inspection.setdefault(attachment.inspection_id, []).append(attachment)
    inspections = list(initiative.inspections.prefetch_related("inspectors"))
    for inspection in inspections:
        inspection.files = by_inspection.get(inspection.pk, [])
    return {
        "evidence": [a for a in files if a.purpose == AttachmentPurpose.EVIDENCE],
        "inspections": inspections,
    }


@login_required
def thumbnail(request, pk: int):
    """A small copy of an evidence or inspection photo for the dossier, to whoever may download the original.

    The same rule as the download (the initiative in the user's scope); a phone on a slow line loads
    a few tens of kilobytes per photo instead of the camera's megabytes. The copy is the showcase's
    cropped card, made once and removed with the photo.
    """
    attachment = get_object_or_404(
        visible_related(Attachment.objects.filter(content_type__startswith="image/"), request.user), pk=pk
    )
    name = photos.thumbnail(attachment, "card")
    if name is None:
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    # Evidence is not public: no shared cache may keep it.
    patch_cache_control(response, private=True, max_age=3600)
    return response


@login_required
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
            "dossier": dossier(initiative),
            "forms": action_forms(initiative, request.user),
            "next": reverse("committee:home"),
        },
    )


@login_required
def twin_compare(request, pk: int):
    """The registration beside its closest recognized initiative, the differences marked: drawn when asked.

    The recognition queue shows each row's stored verdict (guard.stored_twins) and links here rather
    than diffing a hundred pairs of texts per view. The same access as the appraisal page.
    """
    initiative = get_committee_initiative(request, pk)
    twin = guard.stored_twin(initiative)
    return render(
        request,
        "models_registry/committee/twin_compare.html",
        {"initiative": initiative, "twin": twin, "twin_refusal": twin.refusal if twin is not None else None},
    )


@login_required
def act(request, pk: int, action: str):
    """Take one committee action on an initiative, with the reason or note its form asks for."""
    if action in ("recognize", "recognize_nomination"):
        # Recognition is issued by one decision for many initiatives, from its own page.
        return redirect("committee:recognition")
    transition = lifecycle.TRANSITIONS.get(action)
    if transition is None or transition.who == "staff":
        raise Http404(_("Thao tác không tồn tại."))
    initiative = acted_on(request, pk, transition)
    refusal = lifecycle.check(request.user, action, initiative)
    if refusal is not None:
        return moved_on_or_refuse(request, action, initiative, refusal)
    form = TRANSITION_FORMS[action](
        request.POST or None,
        initiative=initiative,
        action=action,
        prefix=action,
        reasons=offered_reasons(request.user, action, initiative),
    )
    # Not `render_form`: a move made meanwhile (another tab) answers 409, not 400.
    status = 400 if request.method == "POST" else 200
    if form.is_valid():  # unbound on a GET, so never valid there
        try:
            lifecycle.apply(initiative, action, request.user, **form.params())
        except TransitionError as error:
            raise_page_refusal(error)
            error.show_on(form)
            status = 409 if error.code == "conflict" else 400
        else:
            messages.success(
                request, _("Đã “%(action)s” hồ sơ “%(name)s”.") % {"action": transition.label, "name": initiative.name}
            )
            return redirect(next_url(request, initiative))
    return render(
        request,
        "models_registry/committee/act.html",
        {
            "initiative": initiative,
            "action": action,
            "label": transition.label,
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=status,
    )


def acted_on(request, pk: int, transition: Transition) -> Initiative:
    """Return the initiative acted on: one the user's committees act on (else 404 or 403), any in scope from above."""
    if transition.who == "upper_leader":
        # The upper committee does not act on the initiative's own level: `check` asks its nomination.
        return get_object_or_404(
            Initiative.objects.visible_to(request.user).select_related("unit", "field", "campaign__committee__unit"),
            pk=pk,
        )
    return get_committee_initiative(request, pk)


def moved_on_or_refuse(request, action: str, initiative: Initiative, refusal: TransitionError) -> HttpResponse:
    """Tell on the record's page that the move was made already (the back button after it, a second tab); else 403."""
    news = lifecycle.moved_on(request.user, action, initiative)
    if news is None:
        raise PermissionDenied(str(refusal))
    messages.warning(request, news)
    return redirect(initiative)


# ----- inspections --------------------------------------------------------------------------
def require_inspectable(initiative: Initiative) -> None:
    refusal = initiative.inspection_refusal()
    if refusal:
        raise PermissionDenied(refusal)


@login_required
def inspection_create(request, pk: int):
    initiative = get_committee_initiative(request, pk)
    require_inspectable(initiative)
    form = InspectionForm(request.POST or None, request.FILES or None, initiative=initiative, user=request.user)
    if form.is_valid():  # unbound on a GET, so never valid there
        try:
            inspection, created = create_once(
                request.POST.get(TOKEN_FIELD), request.user, lambda: form.save_for(initiative, request.user)
            )
        except TransitionError as error:
            # Withdrawn, decided or summarized since this page was read (the entry point reads the row under
            # its lock): the findings typed stay in the form, with why they cannot be recorded.
            error.show_on(form)
            return render_form(request, "models_registry/committee/inspection_form.html", form, initiative=initiative)
        if inspection is None:
            return redirect("committee:inspection_list", pk=initiative.pk)
        if created:
            saved, refused = save_attachments(
                initiative,
                form.cleaned_data["files"],
                request.user,
                purpose=AttachmentPurpose.INSPECTION,
                inspection=inspection,
            )
        else:
            # A double tap or a resent page: report what the first post recorded.
            saved, refused = list(inspection.attachments.all()), []
        messages.success(
            request,
            ngettext(
                "Đã ghi kết quả kiểm tra ngày %(date)s (%(count)s tệp minh chứng).",
                "Đã ghi kết quả kiểm tra ngày %(date)s (%(count)s tệp minh chứng).",
                len(saved),
            )
            % {"date": date_text(inspection.inspected_on), "count": len(saved)},
        )
        for message in refused:
            messages.warning(request, message)
        return redirect("committee:inspection_list", pk=initiative.pk)
    return render_form(request, "models_registry/committee/inspection_form.html", form, initiative=initiative)


@login_required
def inspection_edit(request, pk: int, inspection_pk: int):
    """Correct a recorded inspection (its recorder or a leader), while the initiative is still inspected."""
    initiative = get_committee_initiative(request, pk)
    inspection = get_object_or_404(initiative.inspections.select_related("initiative__unit"), pk=inspection_pk)
    require_inspectable(initiative)
    if not inspection.may_be_corrected_by(request.user):
        raise PermissionDenied(_("Chỉ người đã ghi lần kiểm tra này hoặc lãnh đạo Ban Chỉ đạo mới sửa được."))
    form = InspectionForm(
        request.POST or None, request.FILES or None, instance=inspection, initiative=initiative, user=request.user
    )
    form.fields["files"].required = False  # the files recorded stay; more may be added
    if form.is_valid():  # unbound on a GET, so never valid there
        form.save()
        saved, refused = save_attachments(
            initiative,
            form.cleaned_data["files"] or [],
            request.user,
            purpose=AttachmentPurpose.INSPECTION,
            inspection=inspection,
        )
        initiative.note_in_history(
            request.user,
            _("Sửa kết quả kiểm tra ngày %(date)s.") % {"date": date_text(inspection.inspected_on)},
        )
        messages.success(request, _("Đã lưu bản sửa kết quả kiểm tra."))
        for message in refused:
            messages.warning(request, message)
        return redirect("committee:inspection_list", pk=initiative.pk)
    return render_form(
        request, "models_registry/committee/inspection_form.html", form, initiative=initiative, inspection=inspection
    )


@login_required
def inspection_list(request, pk: int):
    initiative = get_overseen_initiative(request, pk)
    inspections = list(
        initiative.inspections.select_related("created_by").prefetch_related(
            "inspectors", Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id"))
        )
    )
    # A committee of another level over the unit reads the inspections; only the acting one records them.
    may_inspect = (
        initiative.state in IN_PROGRESS_STATES
        and not initiative.is_frozen
        and is_committee_member_for(request.user, initiative)
    )
    for inspection in inspections:
        inspection.initiative = initiative  # its unit is read once, for may_be_corrected_by
        inspection.correctable = may_inspect and inspection.may_be_corrected_by(request.user)
    return render(
        request,
        "models_registry/committee/inspection_list.html",
        {
            "initiative": initiative,
            "inspections": inspections,
            "may_inspect": may_inspect,
        },
    )


# ----- score sheets -------------------------------------------------------------------------
@login_required
def score(request, pk: int):
    """A member's score sheet for one initiative; the submitted sheets once their own is in (a leader's always)."""
    initiative = get_committee_initiative(request, pk)
    member = member_sheet(request.user, initiative)
    if not member.may_score:
        if request.method == "POST":
            refuse_scoring(initiative, member)
        return score_page(request, initiative, member, None)
    submitting = "submit" in request.POST
    form = ScoreSheetForm(
        request.POST if request.method == "POST" else None,
        criteria=member.criteria,
        items=member.items,
        require_all=submitting,
    )
    if request.method != "POST":
        return score_page(request, initiative, member, form)
    # Not `render_form`: a sheet submitted meanwhile (another tab) answers 409, not 400.
    if not form.is_valid():
        return score_page(request, initiative, member, form, status=400)
    confirming = submitting and request.POST.get("confirmed") != "1"
    try:
        # Confirming: keep what was typed as a draft, then say what submitting does before it is done.
        ScoreSheet.objects.record(initiative, request.user, form.scores(), submit=submitting and not confirming)
    except TransitionError as error:
        # The sheet was submitted from another tab, or the initiative decided (or its campaign
        # summarized), since this page was read: what was typed stays in the form, with why.
        error.show_on(form)
        return score_page(request, initiative, member, form, status=409)
    if confirming:
        return confirm_submission(request, initiative, member.criteria_set, form.scores())
    if submitting:
        messages.success(request, _("Đã nộp phiếu chấm điểm."))
    else:
        messages.success(request, _("Đã lưu nháp phiếu chấm điểm."))
    return redirect("committee:score", pk=initiative.pk)


@dataclass
class MemberSheet:
    """Where one member stands on one initiative's scoring: its criteria, their seat and own sheet."""

    criteria_set: CriteriaSet | None
    criteria: list[Criterion]
    # Whether the user sits on a committee over the initiative, and why they may not score it anyway.
    sits_over: bool
    refusal: str | None
    sheet: ScoreSheet | None
    items: dict[int, ScoreItem]
    scoring_open: bool

    @property
    def submitted(self) -> bool:
        """Whether the member's own sheet is in."""
        return bool(self.sheet and self.sheet.submitted_at)

    @property
    def may_score(self) -> bool:
        """Whether the member may write their sheet now."""
        return self.scoring_open and self.sits_over and self.refusal is None and not self.submitted


def member_sheet(user, initiative: Initiative) -> MemberSheet:
    """Read the initiative's criteria, the user's seat over it and their own sheet with its items."""
    criteria_set = initiative.campaign.criteria_set_for(initiative.kind)
    criteria = list(criteria_set.criteria.order_by("order", "pk")) if criteria_set else []
    sits_over = bool(committee_roles(user, initiative))
    refusal = scoring_refusal(user, initiative)
    sheet = ScoreSheet.objects.filter(initiative=initiative, member=user).first()
    return MemberSheet(
        criteria_set=criteria_set,
        criteria=criteria,
        sits_over=sits_over,
        refusal=refusal,
        sheet=sheet,
        items={item.criterion_id: item for item in sheet.items.all()} if sheet else {},
        scoring_open=initiative.state == State.RECOGNITION_REQUESTED and not initiative.is_frozen and bool(criteria),
    )


def refuse_scoring(initiative: Initiative, member: MemberSheet) -> None:
    """Raise the 403 saying why this member may not write a sheet (see `MemberSheet.may_score`)."""
    if member.submitted:
        raise PermissionDenied(SHEET_SEALED)
    raise PermissionDenied(
        member.refusal
        or initiative.scoring_state_refusal()
        or _("Đợt phát động chưa có bộ tiêu chí cho loại này; chưa thể chấm điểm.")
    )


def submitted_sheets(initiative: Initiative, member: MemberSheet, leads: bool) -> dict:
    """Return the submitted sheets, their count and mean as this member may see them (their cells by criterion)."""
    sees_others = member.submitted or leads
    submitted = initiative.score_sheets.submitted_with_points()
    sheets = list(submitted) if sees_others else []
    for other in sheets:
        by_criterion = {item.criterion_id: item for item in other.items.all()}
        other.cells = [by_criterion.get(c.pk) for c in member.criteria]
    # Scoring is blind: before their own sheet is in, a member sees how many sheets there are
    # but not the mean, which with one sheet is that colleague's total.
    mean = initiative.mean_score() if sees_others else None
    return {
        "sees_others": sees_others,
        "sheets": sheets,
        "mean": mean,
        "sheet_count": submitted.count() if not sees_others else len(sheets),
        "passes": member.criteria_set is not None and reaches_threshold(mean, member.criteria_set.threshold),
    }


def score_page(request, initiative: Initiative, member: MemberSheet, form: ScoreSheetForm | None, status: int = 200):
    """Render the score page: the registration and dossier, the member's sheet or form, the others' sheets."""
    user = request.user
    leads = is_leader_for(user, initiative)
    return render(
        request,
        "models_registry/committee/score.html",
        {
            "initiative": initiative,
            "criteria_set": member.criteria_set,
            "criteria": member.criteria,
            "sheet": member.sheet,
            "own_items": [member.items.get(c.pk) for c in member.criteria],
            "form": form,
            "scoring_open": member.scoring_open,
            "sits_over": member.sits_over,
            **submitted_sheets(initiative, member, leads),
            "actions": [
                t
                for t in lifecycle.available_actions(initiative, user)
                if t.action in ("request_more_evidence", "decline_recognition")
            ],
            "quorum": initiative.campaign.quorum,
            "refusal": member.refusal,
            "rows": registration_rows(initiative),
            "dossier": dossier(initiative),
            **scoring_panel(initiative, user, member.sheet),
        },
        status=status,
    )


def confirm_submission(request, initiative: Initiative, criteria_set, scores):
    total = sum((points for _criterion, points, _comment in scores if points is not None), 0)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Xác nhận nộp phiếu chấm điểm"),
            "consequences": [
                _("Tổng điểm của bạn cho “%(name)s”: %(total)s/%(max)s.")
                % {"name": initiative.name, "total": floatformat(total, -2), "max": criteria_set.max_total},
                _(
                    "Phiếu đã nộp không sửa được nữa; chỉ Trưởng ban, Thư ký hoặc cơ quan thường trực mở lại được, "
                    "với lý do ghi vào lịch sử hồ sơ."
                ),
                _("Phiếu được tính vào điểm bình quân, và bạn sẽ xem được phiếu của các thành viên khác."),
            ],
            "hidden": confirmation_hidden(request.POST),
            "action_url": reverse("committee:score", args=[initiative.pk]),
            "confirm_label": _("Nộp phiếu"),
            "cancel_url": reverse("committee:score", args=[initiative.pk]),
        },
    )


# ----- outstanding --------------------------------------------------------------------------
@login_required
@require_POST
def mark_outstanding(request, pk: int):
    initiative = get_committee_initiative(request, pk)
    if not is_leader_for(request.user, initiative):
        raise PermissionDenied(leaders_only(pgettext_lazy("only leaders may", "chọn mô hình tiêu biểu")))
    if refusal := initiative.outstanding_refusal():
        raise PermissionDenied(refusal)
    value = request.POST.get("outstanding") == "1"
    if not initiative.mark_outstanding(value):
        raise PermissionDenied(initiative.outstanding_refusal_now())
    if value:
        messages.success(request, _("Đã chọn “%(name)s” là mô hình tiêu biểu.") % {"name": initiative.name})
    else:
        messages.success(request, _("Đã bỏ chọn tiêu biểu cho “%(name)s”.") % {"name": initiative.name})
    return redirect(next_url(request, initiative))
