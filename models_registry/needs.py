"""What each move of the lifecycle needs besides its place in the table: `NEEDS[action](initiative, params)`.

Each function returns (what is missing, in words for the user; the columns the move writes beside the
state), or raises the refusal that must stop the move at once. `lifecycle.apply` calls them inside its
transaction, after `check` said the user may make the move now; nothing here writes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.access import members_over
from campaigns.lifecycle import TransitionError
from dvk.dates import date_text
from dvk.numbers import number_text

from .models import Initiative, State, reaches_threshold, rounded_score

# What the comment means for each action that needs one (used in "missing: …" messages).
COMMENT_LABELS = {
    "return_for_revision": _("nội dung cần điều chỉnh"),
    "reject": _("lý do không duyệt"),
    "request_more_evidence": _("minh chứng cần bổ sung"),
    "decline_recognition": _("lý do không công nhận"),
    "withdraw": _("lý do rút đăng ký"),
    "close_unfinished": _("lý do đóng hồ sơ"),
    "nominate": _("lý do đề cử lên cấp trên"),
    "return_nomination": _("lý do trả lại đề cử"),
}


def _refuse_twin(initiative: Initiative, missing: list[str]):
    """Raise the guard's refusal (beside the origin field), with anything else missing; return the twin.

    The move stores the verdict with its state (guard.verdict_columns): list pages read it.
    """
    from . import guard

    why, twin = guard.refusal(initiative)
    if why is not None:
        raise TransitionError(
            gettext("Không thể tiếp tục: %(why)s.") % {"why": why},
            code="needs",
            missing=[*missing, why],
            field="origin",
        )
    return twin


def _verdict_columns(twin) -> dict:
    from . import guard

    return guard.verdict_columns(twin)


def _needs_submit(initiative: Initiative, params: dict) -> tuple[list[str], dict]:
    missing = [str(label) for label in initiative.missing_for_submit()]
    campaign = initiative.campaign
    moment = params.get("at") or timezone.now()
    if initiative.state == State.DRAFT and not campaign.registration_is_open(timezone.localdate(moment)):
        raise TransitionError(
            gettext("Đợt phát động “%(campaign)s” không còn trong thời gian đăng ký (%(start)s – %(end)s).")
            % {
                "campaign": campaign.name,
                "start": date_text(campaign.registration_opens_on),
                "end": date_text(campaign.registration_closes_on),
            },
            code="needs",
        )
    try:
        initiative.clean()
    except ValidationError as error:
        missing.extend(str(m) for messages in error.message_dict.values() for m in messages)
    twin = _refuse_twin(initiative, missing)
    return missing, {"submitted_at": moment, **_verdict_columns(twin)}


def _needs_approve(initiative: Initiative, params: dict) -> tuple[list[str], dict]:
    plan_note = (params.get("plan_note") or "").strip()
    missing = [] if plan_note else [gettext("kế hoạch, định hướng của Ban Chỉ đạo")]
    twin = _refuse_twin(initiative, missing)
    updates = {
        "plan_note": plan_note,
        "confirmed_criteria": (params.get("confirmed_criteria") or "").strip(),
        **_verdict_columns(twin),
    }
    cadres = list(params.get("supporting_cadres") or [])
    if cadres:
        allowed = set(members_over(initiative.unit).filter(user__in=cadres).values_list("user_id", flat=True))
        outsiders = [str(u) for u in cadres if u.pk not in allowed]
        if outsiders:
            missing.append(
                gettext("cán bộ hỗ trợ phải là thành viên Ban Chỉ đạo phụ trách đơn vị (không hợp lệ: %(names)s)")
                % {"names": ", ".join(outsiders)}
            )
    return missing, updates


def _needs_request_recognition(initiative: Initiative, params: dict) -> tuple[list[str], dict]:
    report = (params.get("results_report") or initiative.results_report or "").strip()
    missing = []
    if not report:
        missing.append(gettext("báo cáo kết quả đạt được so với mục tiêu"))
    if not initiative.attachments.evidence().exists():
        missing.append(gettext("ít nhất một tệp minh chứng"))
    if initiative.campaign.requires_inspection and not initiative.inspections.exists():
        missing.append(gettext("ít nhất một lần kiểm tra của Ban Chỉ đạo"))
    from . import guard

    # Not a refusal here (the recognition refuses), but the queue reads the verdict of this moment.
    return missing, {"results_report": report, **_verdict_columns(guard.closest_twin(initiative))}


def _needs_recognize(initiative: Initiative, params: dict) -> tuple[list[str], dict]:
    decision = params.get("decision")
    missing = []
    if decision is None:
        return [gettext("quyết định công nhận (số, ngày, người ký)")], {}
    if not initiative.unit.path.startswith(decision.committee.unit.path) or decision.level != initiative.level:
        missing.append(gettext("quyết định phải do Ban Chỉ đạo phụ trách đơn vị ban hành"))
    criteria_set = initiative.campaign.criteria_set_for(initiative.kind)
    if criteria_set is None:
        missing.append(gettext("bộ tiêu chí của đợt phát động cho loại này"))
    else:
        # The sheets as they are under apply's lock, their count and mean in one read: the quorum asked
        # again here, where the page or the list asked it of what they had read.
        mean_total, count = (
            Initiative.objects.filter(pk=initiative.pk).with_scores().values_list("mean_total", "sheet_count")[0]
        )
        from .lifecycle import quorum_refusal

        if (refusal := quorum_refusal(initiative, count)) is not None:
            raise refusal
        mean = rounded_score(mean_total)
        if mean is None:
            missing.append(gettext("phiếu chấm điểm của thành viên Ban Chỉ đạo"))
        elif not reaches_threshold(mean, criteria_set.threshold):
            missing.append(
                gettext("điểm bình quân %(mean)s chưa đạt ngưỡng %(threshold)s")
                % {
                    "mean": number_text(mean, 2),
                    "threshold": number_text(criteria_set.threshold, 2),
                }
            )
    twin = _refuse_twin(initiative, missing)
    if twin is not None and twin.needs_reason and not (params.get("comment") or "").strip():
        missing.append(
            gettext("lý do công nhận dù nội dung giống %(percent)s%% “%(name)s” (%(unit)s, công nhận năm %(year)s)")
            % {
                "percent": twin.percent,
                "name": twin.initiative.name,
                "unit": twin.initiative.unit.name,
                "year": twin.initiative.campaign.year,
            }
        )
    return missing, {"decision_id": decision.pk, **_verdict_columns(twin)}


def _needs_comment(action: str):
    def needs(initiative: Initiative, params: dict) -> tuple[list[str], dict]:
        comment = (params.get("comment") or "").strip()
        return ([] if comment else [str(COMMENT_LABELS[action])]), {}

    return needs


def _needs_recognize_nomination(initiative: Initiative, params: dict) -> tuple[list[str], dict]:
    decision = params.get("decision")
    if decision is None:
        return [gettext("quyết định công nhận (số, ngày, người ký)")], {}
    if decision.committee_id != initiative.open_nomination().to_committee_id:
        return [gettext("quyết định phải do Ban Chỉ đạo nhận đề cử ban hành")], {}
    # The upper level recognizes again what the lower one recognized and scored (its sheets are in the
    # dossier): no second round of sheets, but the lower recognition must still hold.
    if initiative.decision_id is None or initiative.decision.in_force() is None:
        return [gettext("quyết định công nhận còn hiệu lực của cấp đề cử")], {}
    # The first decision stays on the initiative; this one is recorded on the nomination (apply).
    return [], {}


NEEDS = {
    "submit": _needs_submit,
    "approve": _needs_approve,
    "request_recognition": _needs_request_recognition,
    "recognize": _needs_recognize,
    "recognize_nomination": _needs_recognize_nomination,
    **{action: _needs_comment(action) for action in COMMENT_LABELS},
}
