"""What an initiative's staff page shows: its progress steps, its history, the actions and links
this user may follow now, and everything read about it (score, decision, remarks, replications).

`detail_context` gathers it for `views.initiatives.initiative_detail`; each piece is a named step.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from campaigns.access import Scope, scope, units_for_registration

from .. import lifecycle
from ..access import (
    is_committee_member_for,
    is_leader_for,
    is_unit_staff,
    may_publish_photos,
    may_read_remarks,
    oversees,
    remark_refusal,
)
from ..committee.forms import RemarkForm
from ..evidence import may_add_evidence, with_removable
from ..models import (
    IN_PROGRESS_STATES,
    REQUESTED_STATES,
    STOPPED_STATES,
    Initiative,
    RecognitionDecision,
    State,
    TransitionLog,
    rounded_score,
)
from .forms import EvidenceForm

# Lazy: the labels are read per request, in the user's language, not once at import. The six steps of the
# guidance are its six verbs (in English too: "Register", "Inspect", not the nouns elsewhere), hence their own context.
STEPS = (
    ("launch", pgettext_lazy("lifecycle step", "Phát động")),
    ("register", pgettext_lazy("lifecycle step", "Đăng ký")),
    ("approve", pgettext_lazy("lifecycle step", "Duyệt")),
    ("inspect", pgettext_lazy("lifecycle step", "Kiểm tra")),
    ("certify", pgettext_lazy("lifecycle step", "Công nhận")),
    ("summarize", pgettext_lazy("lifecycle step", "Tổng kết")),
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
    State.RECOGNITION_REVOKED: 4,
}


def detail_context(user, initiative: Initiative) -> dict:
    """Return what the initiative's page shows to `user` (read by `visible_initiative(scored=True)`)."""
    s = scope(user)
    logs = labelled_logs(initiative)
    in_committee = is_committee_member_for(user, initiative)
    available = lifecycle.available_actions(initiative, user)
    actions = action_links(initiative, available)
    committee_links = _committee_links(user, s, initiative, available, in_committee)
    score = _score_summary(initiative) if in_committee else None
    may_replicate = initiative.may_be_replicated_by(s)
    may_upload = may_add_evidence(user, initiative)
    # The committees' remarks (issue 15): read by every committee over the unit, never by its staff.
    may_remark = not initiative.is_frozen and remark_refusal(user, initiative) is None
    return {
        "initiative": initiative,
        "committee_request": initiative.committee_request(logs),
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
        # The unit must see on its page that its recognition was replaced or revoked, not only in its inbox.
        "decision_later": initiative.decision.later() if initiative.decision_id else None,
        "decision_url": decision_url(user, initiative) if in_committee else None,
        "commendations": initiative.commendations.all(),
        "nominations": _nominations(initiative),
        "remarks": _remarks(user, initiative) if may_read_remarks(user, initiative) else None,
        # Its own ids: the page holds other forms' fields.
        "remark_form": RemarkForm(auto_id="id_remark_%s") if may_remark else None,
        "replications": initiative.readable_replications(user),
        "continues": _continued(user, initiative) if initiative.continues_id else None,
        "replicates": initiative.readable_source(user) if initiative.replicates_id else None,
        "attachments": with_removable(user, initiative, initiative.attachments.all()),
        "may_replicate": may_replicate,
        "may_publish_photos": may_publish_photos(user, initiative),
        "replicate_units": units_for_registration(user).exclude(pk=initiative.unit_id) if may_replicate else [],
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


def labelled_logs(initiative: Initiative) -> list[TransitionLog]:
    """Return the initiative's history, oldest first, each move with the label it is shown under."""
    logs = list(initiative.logs.select_related("actor"))
    for log in logs:
        log.label = lifecycle.log_label(log.action)
    return logs


def action_links(initiative: Initiative, available: list[lifecycle.Transition]) -> list[dict]:
    """Return the page of each available move: the staff's own page, or the committee's."""
    actions = []
    for transition in available:
        if transition.who == "staff":
            url = reverse("staff:initiative_transition", args=[initiative.pk, transition.action])
        else:
            url = reverse("committee:act", args=[initiative.pk, transition.action])
        actions.append({"action": transition.action, "label": transition.label, "url": url, "who": transition.who})
    return actions


def _committee_links(
    user, s: Scope, initiative: Initiative, available: list[lifecycle.Transition], in_committee: bool
) -> list[dict]:
    """The committee pages this user may open from here: its work now, what it reads, replication."""
    links = []
    if in_committee and not initiative.is_frozen:
        links.extend(_work_links(user, initiative, available))
    if in_committee or oversees(user, initiative):
        links.extend(_reading_links(initiative, in_committee))
    if initiative.state == State.RECOGNIZED and s.may_lead:
        # Any leader may spread a recognized model to the units under their committee (the page checks again).
        url = reverse("committee:replication_propose", args=[initiative.pk])
        links.append({"url": url, "label": _("Đề xuất nhân rộng")})
    return links


def _work_links(user, initiative: Initiative, available: list[lifecycle.Transition]) -> list[dict]:
    """The acting committee's work on the initiative in its state: appraise, inspect, score, commend."""
    links = []
    if any(t.action in lifecycle.APPRAISAL_ACTIONS for t in available):
        links.append({"url": reverse("committee:appraise", args=[initiative.pk]), "label": _("Thẩm định hồ sơ")})
    if initiative.state in IN_PROGRESS_STATES:
        url = reverse("committee:inspection_create", args=[initiative.pk])
        links.append({"url": url, "label": _("Ghi kết quả kiểm tra")})
    if initiative.state == State.RECOGNITION_REQUESTED:
        links.append({"url": reverse("committee:score", args=[initiative.pk]), "label": _("Chấm điểm")})
    if initiative.state == State.RECOGNIZED and is_leader_for(user, initiative):
        url = reverse("reports:commendation_create", args=[initiative.pk])
        links.append({"url": url, "label": _("Ghi nhận khen thưởng")})
        url = reverse("reports:proposal_create", args=[initiative.pk])
        links.append({"url": url, "label": _("Đề nghị khen thưởng")})
    return links


def _reading_links(initiative: Initiative, in_committee: bool) -> list[dict]:
    """What the committee reads once the work is done (the admin is not their door: issue 19); the
    committees of other levels over the unit read the inspections too (issue 15)."""
    links = []
    if initiative.state in (*IN_PROGRESS_STATES, *REQUESTED_STATES):
        url = reverse("committee:inspection_list", args=[initiative.pk])
        links.append({"url": url, "label": _("Các lần kiểm tra")})
    if initiative.state in (State.RECOGNIZED, State.NOT_RECOGNIZED) and in_committee:
        url = reverse("committee:score", args=[initiative.pk])
        links.append({"url": url, "label": _("Phiếu chấm điểm")})
    return links


def _score_summary(initiative: Initiative) -> dict:
    """Mean of the submitted score sheets (as `Initiative.mean_score()` rounds it), their number and
    the pass threshold of the campaign's criteria set for this kind, as `visible_initiative(scored=True)` read them."""
    return {
        "mean": rounded_score(initiative.mean_total),
        "sheets": initiative.sheet_count,
        "threshold": initiative.threshold,
    }


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


def _nominations(initiative: Initiative) -> list:
    """The initiative's nominations to higher committees (only a recognized one is nominated: none asked else)."""
    if initiative.state != State.RECOGNIZED:
        return []
    return list(initiative.nominations.select_related("to_committee", "from_committee", "decision", "from_decision"))


def _remarks(user, initiative: Initiative) -> list:
    """The standing remarks, each marked `withdrawable` when the user may still take it back (no query per row)."""
    remarks = list(initiative.remarks.standing().select_related("committee", "author"))
    for remark in remarks:
        remark.initiative = initiative
        remark.withdrawable = remark.withdraw_refusal(user) is None
    return remarks


def _continued(user, initiative: Initiative) -> Initiative | None:
    """The earlier initiative this one is maintained from, if this user may see it."""
    return Initiative.objects.visible_to(user).filter(pk=initiative.continues_id).select_related("campaign").first()
