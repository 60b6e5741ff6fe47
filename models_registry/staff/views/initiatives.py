"""One initiative's pages: the detail page with its progress steps, and the staff actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.access import scope, units_for_registration

from ... import lifecycle
from ...access import (
    is_committee_member_for,
    is_unit_staff,
    may_publish_photos,
    may_read_remarks,
    oversees,
    remark_refusal,
)
from ...committee.forms import RemarkForm
from ...evidence import save_attachments
from ...models import (
    IN_PROGRESS_STATES,
    REQUESTED_STATES,
    STOPPED_STATES,
    Initiative,
    RecognitionDecision,
    State,
    TransitionLog,
    rounded_score,
)
from ...transition_forms import TRANSITION_FORMS
from ..forms import EvidenceForm
from .common import last_committee_comment, may_add_evidence, replicated_source, require_unit_staff, visible_initiative
from .evidence import with_removable

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


def progress(initiative: Initiative, logs: list[TransitionLog]) -> list[dict]:
    """Return the six steps of the guidance, each done, current or to come, for this initiative."""
    if initiative.state in (State.WITHDRAWN, State.UNFINISHED):
        # Where it stood when withdrawn or closed unfinished.
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
    the pass threshold of the campaign's criteria set for this kind, as `visible_initiative(scored=True)` read them."""
    return {
        "mean": rounded_score(initiative.mean_total),
        "sheets": initiative.sheet_count,
        "threshold": initiative.threshold,
    }


@login_required
def initiative_detail(request, pk: int):
    """Everything about one initiative, its history, and the actions this user may take now."""
    user = request.user
    initiative = visible_initiative(user, pk, scored=True)
    s = scope(user)
    logs = list(initiative.logs.select_related("actor"))
    for log in logs:
        transition = lifecycle.TRANSITIONS.get(log.action)
        log.label = transition.label if transition else lifecycle.log_label(log.action)
    in_committee = is_committee_member_for(user, initiative)
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
        if initiative.state in IN_PROGRESS_STATES:
            url = reverse("committee:inspection_create", args=[initiative.pk])
            committee_links.append({"url": url, "label": _("Ghi kết quả kiểm tra")})
        if initiative.state == State.RECOGNITION_REQUESTED:
            committee_links.append({"url": reverse("committee:score", args=[initiative.pk]), "label": _("Chấm điểm")})
        if initiative.state == State.RECOGNIZED and s.leads_at(initiative.unit.path, initiative.level):
            url = reverse("reports:commendation_create", args=[initiative.pk])
            committee_links.append({"url": url, "label": _("Ghi nhận khen thưởng")})
            url = reverse("reports:proposal_create", args=[initiative.pk])
            committee_links.append({"url": url, "label": _("Đề nghị khen thưởng")})
    if in_committee or oversees(user, initiative):
        # What the committee reads once the work is done (the admin is not their door: issue 19); the
        # committees of other levels over the unit read the inspections too (issue 15).
        if initiative.state in (*IN_PROGRESS_STATES, *REQUESTED_STATES):
            url = reverse("committee:inspection_list", args=[initiative.pk])
            committee_links.append({"url": url, "label": _("Các lần kiểm tra")})
        if initiative.state in (State.RECOGNIZED, State.NOT_RECOGNIZED) and in_committee:
            url = reverse("committee:score", args=[initiative.pk])
            committee_links.append({"url": url, "label": _("Phiếu chấm điểm")})
    if initiative.state == State.RECOGNIZED and (s.is_admin or s.is_leader):
        # Any leader may spread a recognized model to the units under their committee (the page checks again).
        url = reverse("committee:replication_propose", args=[initiative.pk])
        committee_links.append({"url": url, "label": _("Đề xuất nhân rộng")})
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
    may_upload = may_add_evidence(user, initiative)
    # The committees' remarks (issue 15): read by every committee over the unit, never by its staff.
    may_remark = not initiative.is_frozen and remark_refusal(user, initiative) is None
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
        "decision_url": decision_url(user, initiative) if in_committee else None,
        "commendations": initiative.commendations.all(),
        # Only a recognized initiative is nominated: the others' pages ask nothing.
        "nominations": list(
            initiative.nominations.select_related("to_committee", "from_committee", "decision", "from_decision")
        )
        if initiative.state == State.RECOGNIZED
        else [],
        "remarks": _remarks(user, initiative) if may_read_remarks(user, initiative) else None,
        "remark_form": RemarkForm() if may_remark else None,
        "replications": list(replications.distinct()[:50]),
        "continues": Initiative.objects.visible_to(user)
        .filter(pk=initiative.continues_id)
        .select_related("campaign")
        .first()
        if initiative.continues_id
        else None,
        "replicates": replicated_source(user, initiative.replicates_id) if initiative.replicates_id else None,
        "attachments": with_removable(user, initiative, initiative.attachments.all()),
        "may_replicate": may_replicate,
        "may_publish_photos": may_publish_photos(user, initiative),
        "replicate_units": units_for_registration(user).exclude(pk=initiative.unit_id) if may_replicate else [],
    }
    return render(request, "models_registry/staff/initiative_detail.html", context)


def _remarks(user, initiative: Initiative) -> list:
    """The standing remarks, each marked `withdrawable` when the user may still take it back (no query per row)."""
    remarks = list(initiative.remarks.standing().select_related("committee", "author"))
    for remark in remarks:
        remark.initiative = initiative
        remark.withdrawable = remark.withdraw_refusal(user) is None
    return remarks


# ----- staff actions -----------------------------------------------------------------------
@login_required
def initiative_transition(request, pk: int, action: str):
    """Ask for what a staff action needs (reason, results, evidence), then apply it."""
    transition = lifecycle.TRANSITIONS.get(action)
    if transition is None or transition.who != "staff":
        raise Http404
    user = request.user
    initiative = visible_initiative(user, pk)
    require_unit_staff(user, initiative)
    refusal = lifecycle.check(user, action, initiative)
    if refusal is not None:
        if request.method == "POST" and _just_done_by(initiative, action, user):
            # A double tap: the first POST did it, nothing happened since; show the result, not a refusal.
            return redirect(initiative)
        news = lifecycle.moved_on(user, action, initiative)
        if news is None:
            raise PermissionDenied(str(refusal))
        # The back button after the move, or the committee moved it meanwhile: say so on the record's page.
        messages.warning(request, news)
        return redirect(initiative)
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
            "attachments": initiative.attachments.evidence() if action == "request_recognition" else [],
            "needs_inspection": action == "request_recognition"
            and initiative.campaign.requires_inspection
            and not initiative.inspections.exists(),
            "committee_comment": last_committee_comment(initiative)
            if action in ("submit", "request_recognition")
            else "",
            "goals_label": Initiative._meta.get_field("goals").verbose_name,
        },
    )


def decision_url(user, initiative: Initiative) -> str | None:
    """The committee page of the initiative's decision, for a member whose committee made it or sits above it."""
    if not initiative.decision_id:
        return None
    path = (
        RecognitionDecision.objects.filter(pk=initiative.decision_id)
        .values_list("committee__unit__path", flat=True)
        .first()
    )
    if path is None or not scope(user).covers(path):
        return None
    return reverse("committee:decision_detail", args=[initiative.decision_id])


def _just_done_by(initiative: Initiative, action: str, user) -> bool:
    """Whether the initiative's last move is `action` by `user` and it still stands where that left it."""
    last = initiative.logs.order_by("-created_at", "-id").first()
    return bool(last and last.action == action and last.actor_id == user.pk and last.to_state == initiative.state)
