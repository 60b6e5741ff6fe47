"""The initiative's transition table and the one entry point that applies any action.

`check(user, action, initiative)` answers "may this user make this move now, and if not,
why": the buttons (`available_actions`), the admin's explanations, the committee's action
page and the entry point all ask it. `apply(initiative, action, actor, ...)` asks it, checks
the action's needs, then moves the state with a compare-and-set UPDATE and writes one
TransitionLog row in the same transaction; e-mail goes out after commit. Views, admin
actions and management commands all call it; nothing else writes an initiative's state.
Campaign moves have their own pair in `campaigns.lifecycle` (`check_campaign`, `apply_campaign`);
the moves over many initiatives (bulk moves, one decision for many, the carry-over) are in
`bulk.py`, which builds on this module's steps.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.access import scope
from campaigns.lifecycle import (
    SUMMARIZED_MESSAGE,
    UNKNOWN_ACTION,
    Transition,
    TransitionError,
    compare_and_set,
    create_as_of,
    refuse_needs,
    refuse_role,
    refuse_scope,
    refuse_state,
    refuse_summarized,
)

from . import counts, guard, notices
from .access import committee_roles, is_leader_for, is_unit_staff, may_see
from .models import (
    BEFORE_REQUEST_STATES,
    EDITABLE_STATES,
    OPEN_AT_SUMMARY_STATES,
    Amendment,
    Initiative,
    State,
    TransitionLog,
    steps,
)
from .needs import NEEDS

__all__ = [
    "TransitionError",
    "TRANSITIONS",
    "MOVES",
    "REVOCATION",
    "check",
    "has_role",
    "standing_refusal",
    "moved_on",
    "quorum_refusal",
    "apply",
    "record_move",
    "log_label",
    "write_log",
    "available_actions",
    "path_to",
    "path_through",
]

S = State
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            frozenset(EDITABLE_STATES),
            S.SUBMITTED,
            "staff",
            _("Gửi đăng ký"),
            ("registration_fields", "registration_open", "duration"),
        ),
        Transition(
            "return_for_revision",
            frozenset({S.SUBMITTED}),
            S.RETURNED,
            "committee",
            _("Yêu cầu điều chỉnh"),
            ("comment",),
        ),
        Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED, "committee", _("Duyệt"), ("plan_note",)),
        Transition("reject", frozenset({S.SUBMITTED}), S.REJECTED, "committee", _("Không duyệt"), ("comment",)),
        Transition(
            "request_recognition",
            frozenset({S.APPROVED}),
            S.RECOGNITION_REQUESTED,
            "staff",
            _("Đề nghị công nhận"),
            ("results_report", "evidence", "inspection"),
        ),
        Transition(
            "request_more_evidence",
            frozenset({S.RECOGNITION_REQUESTED}),
            S.APPROVED,
            "committee",
            _("Yêu cầu bổ sung minh chứng"),
            ("comment",),
        ),
        Transition(
            "recognize",
            frozenset({S.RECOGNITION_REQUESTED}),
            S.RECOGNIZED,
            "leader",
            _("Công nhận"),
            ("decision", "score"),
        ),
        Transition(
            "decline_recognition",
            frozenset({S.RECOGNITION_REQUESTED}),
            S.NOT_RECOGNIZED,
            "committee",
            _("Không công nhận"),
            ("comment",),
        ),
        Transition(
            "withdraw",
            frozenset(BEFORE_REQUEST_STATES),
            S.WITHDRAWN,
            "staff",
            _("Rút đăng ký"),
            ("comment",),
        ),
        # Nomination upward: the state stays "recognized"; the Nomination row carries the proposal.
        Transition(
            "nominate",
            frozenset({S.RECOGNIZED}),
            S.RECOGNIZED,
            "leader",
            _("Đề cử lên cấp trên"),
            ("comment",),
        ),
        Transition(
            "recognize_nomination",
            frozenset({S.RECOGNIZED}),
            S.RECOGNIZED,
            "upper_leader",
            _("Công nhận ở cấp trên"),
            ("decision",),
        ),
        Transition(
            "return_nomination",
            frozenset({S.RECOGNIZED}),
            S.RECOGNIZED,
            "upper_leader",
            _("Trả lại đề cử"),
            ("comment",),
        ),
        Transition(
            "close_unfinished",
            frozenset(OPEN_AT_SUMMARY_STATES),
            S.UNFINISHED,
            "campaign_leader",
            _("Đóng hồ sơ chưa hoàn thành"),
            ("comment",),
        ),
    )
}

# What a carried-over initiative's log says (not a move of state: its campaign changes).
CARRY_OVER = "carry_over"
CARRY_OVER_LABEL = _("Chuyển sang đợt phát động sau")


# What an initiative's log says when the decision that recognized it is amended (`RecognitionDecision.amend`
# logs "decision_<amendment>" on each of its initiatives, their state unchanged: not a move of the table).
AMENDMENT_LABELS = {
    Amendment.CORRECT: _("Đính chính quyết định công nhận"),
    Amendment.REPLACE: _("Thay thế quyết định công nhận"),
    Amendment.REVOKE: _("Thu hồi quyết định công nhận"),
}


# The move a revoking decision makes on each initiative it took the recognition of: not a move of the
# table (no button, no form; `RecognitionDecision.amend` checks the leader and makes it, summarized
# year or not, through `bulk.revoke_recognitions`), logged as the amendment it is ("decision_revoke").
REVOCATION = Transition(
    f"decision_{Amendment.REVOKE}",
    frozenset({S.RECOGNIZED}),
    S.RECOGNITION_REVOKED,
    "leader",
    AMENDMENT_LABELS[Amendment.REVOKE],
)
# Every move of state by its action: the table's, and the revocation.
MOVES: dict[str, Transition] = {**TRANSITIONS, REVOCATION.action: REVOCATION}


def log_label(action: str) -> str:
    """The name people read for a logged action: the table's label, a carry-over's or an amendment's,
    else the code (a move since renamed keeps it)."""
    transition = TRANSITIONS.get(action)
    if transition is not None:
        return str(transition.label)
    if action == CARRY_OVER:
        return str(CARRY_OVER_LABEL)
    kind = action.removeprefix("decision_")
    if kind != action and kind in AMENDMENT_LABELS:
        return str(AMENDMENT_LABELS[kind])
    return action


# The committee's answers to a submitted registration (the appraisal page offers them, in this order).
APPRAISAL_ACTIONS = ("return_for_revision", "approve", "reject")


def path_to(target: str, start: str = State.DRAFT) -> list[str]:
    """Return the shortest list of actions that leads from `start` to `target` in MOVES."""
    # Breadth first over the table, in its order: ties go to the action listed first.
    paths: dict[str, list[str]] = {start: []}
    frontier = [start]
    while frontier and target not in paths:
        reached = []
        for state in frontier:
            for transition in MOVES.values():
                if state in transition.sources and transition.target not in paths:
                    paths[transition.target] = [*paths[state], transition.action]
                    reached.append(transition.target)
        frontier = reached
    if target not in paths:
        raise ValueError(f"No path from {start} to {target}")
    return paths[target]


def path_through(*stops: str) -> list[str]:
    """Return the actions that lead from draft through each of `stops` in turn (a history with detours)."""
    actions: list[str] = []
    here: str = State.DRAFT
    for stop in stops:
        actions += path_to(stop, start=here)
        here = stop
    return actions


# The moves made by the upper committee on a nomination waiting for it (who = "upper_leader").
NOMINATION_ACTIONS = ("recognize_nomination", "return_nomination")


def has_role(actor, initiative: Initiative, who: str) -> bool:
    s = scope(actor)
    if s.is_admin:
        return True
    if who == "staff":
        return is_unit_staff(actor, initiative)
    if who == "campaign_leader":
        # Closing a year is the campaign's committee's act (its summary), as well as the acting committee's.
        return s.leads_committee(initiative.campaign.committee_id) or is_leader_for(actor, initiative)
    if who == "upper_leader":
        # The leaders of the committee the waiting nomination went to; with none waiting, nobody's.
        nomination = initiative.open_nomination()
        return nomination is not None and s.leads_committee(nomination.to_committee_id)
    # Only the committee of the initiative's level acts (Scope.roles_at); others over it only see it.
    if who == "committee":
        return bool(committee_roles(actor, initiative))
    return is_leader_for(actor, initiative)


def check(user, action: str, initiative: Initiative) -> TransitionError | None:
    """Say whether `user` may make `action` on `initiative` now: None if so, else the refusal saying why.

    The table, the user's scope, the state, the campaign and the role; what the move needs
    (a comment, evidence, a decision…) is checked by `apply`, which asks this first.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        return TransitionError(str(UNKNOWN_ACTION), code="unknown")
    standing = standing_refusal(user, initiative, transition.sources)
    if standing is not None:
        return standing
    if transition.who == "upper_leader":
        s = scope(user)
        if not s.may_lead:
            # Refused before reading the nomination: a unit's staff's page asks no query for it.
            return refuse_role(str(transition.label))
        if initiative.open_nomination() is None:
            return TransitionError(gettext("Không có đề cử nào đang chờ Ban Chỉ đạo cấp trên."), code="state")
    if not has_role(user, initiative, transition.who):
        return refuse_role(str(transition.label))
    if action == "recognize":
        # A list row carries its count (`with_scores`); a single initiative asks.
        return quorum_refusal(initiative, getattr(initiative, "sheet_count", None))
    if action == "nominate":
        return nomination_refusal(initiative)
    return None


def standing_refusal(user, initiative: Initiative, sources) -> TransitionError | None:
    """Refuse a move of an initiative out of the user's sight, in none of `sources`, or frozen (None: none of these)."""
    if not may_see(user, initiative):
        return refuse_scope()
    if initiative.state not in sources:
        return refuse_state(initiative.get_state_display())
    if initiative.is_frozen:
        return refuse_summarized()
    return None


def nomination_refusal(initiative: Initiative) -> TransitionError | None:
    """Say why this recognized initiative cannot be nominated upward now (None: it can)."""
    from .models import NominationState

    if initiative.decision_id is None or initiative.decision.revoked:
        return TransitionError(
            gettext("Chỉ đề cử mô hình, điển hình đã được công nhận bằng một quyết định còn hiệu lực."), code="needs"
        )
    if initiative.nominations.filter(state__in=[NominationState.PROPOSED, NominationState.ACCEPTED]).exists():
        return TransitionError(gettext("Mô hình, điển hình này đã được đề cử lên cấp trên."), code="state")
    if initiative.upper_committee() is None:
        return TransitionError(gettext("Không có Ban Chỉ đạo cấp trên để đề cử."), code="needs")
    return None


def moved_on(user, action: str, initiative: Initiative) -> str | None:
    """Say what happened when `action` was this user's to make but the initiative has moved on since (else None).

    The back button after a move, or a second tab, asks again for a move already made: that is not a
    refusal of the user (their role and scope still hold) but news about the record, told on its page.
    Someone outside the scope or in the wrong role gets None: theirs stays a refusal (404 / 403).
    """
    transition = TRANSITIONS.get(action)
    if transition is None or not may_see(user, initiative) or not has_role(user, initiative, transition.who):
        return None
    if initiative.is_frozen:
        return gettext("%(summarized)s Thao tác “%(action)s” không còn áp dụng.") % {
            "summarized": SUMMARIZED_MESSAGE,
            "action": transition.label,
        }
    if initiative.state in transition.sources:
        return None
    last = initiative.logs.order_by("-created_at", "-id").select_related("actor").first()
    if last is None:
        return gettext("Hồ sơ này đang ở trạng thái “%(state)s”; thao tác “%(action)s” không còn áp dụng.") % {
            "state": initiative.get_state_display(),
            "action": transition.label,
        }
    return gettext(
        "Hồ sơ này đã được “%(done)s” (bởi %(who)s, lúc %(when)s), hiện ở trạng thái “%(state)s”; "
        "thao tác “%(action)s” không còn áp dụng."
    ) % {
        "done": log_label(last.action),
        "who": (last.actor.get_full_name() or last.actor.username) if last.actor else gettext("hệ thống"),
        "when": timezone.localtime(last.created_at).strftime("%H:%M %d/%m/%Y"),
        "state": initiative.get_state_display(),
        "action": transition.label,
    }


def quorum_refusal(initiative: Initiative, count: int | None = None) -> TransitionError | None:
    """Refuse a recognition while fewer sheets are submitted than the campaign's quorum (None: enough).

    `count`: the submitted sheets, when the caller has read them already (None: counted here). With no
    sheet at all, `apply`'s needs say so among everything else that is missing.
    """
    quorum = initiative.campaign.quorum
    if count is None:
        count = initiative.score_sheets.submitted().count()
    if count == 0 or count >= quorum:
        return None
    return TransitionError(
        gettext("Chưa đủ số phiếu chấm điểm: cần ít nhất %(quorum)s phiếu đã nộp, hiện có %(count)s.")
        % {"quorum": quorum, "count": count},
        code="needs",
        missing=[gettext("phiếu chấm điểm đã nộp (%(count)s/%(quorum)s)") % {"count": count, "quorum": quorum}],
    )


def available_actions(initiative: Initiative, user) -> list[Transition]:
    """Return the moves `check` allows this user on this initiative now (what the buttons offer)."""
    return [t for t in TRANSITIONS.values() if check(user, t.action, initiative) is None]


# ----- the entry point --------------------------------------------------------------------
def apply(
    initiative: Initiative,
    action: str,
    actor,
    *,
    comment: str = "",
    at: datetime | None = None,
    notify: bool = True,
    **params,
) -> Initiative:
    """Apply `action` to an initiative for `actor`; raise TransitionError if refused.

    `at` is the moment the move is recorded at (default now): a replayed history, such as the
    demo's, is checked and dated as of that moment. `notify=False` sends no e-mail.
    """
    transition = _allowed_move(actor, action, initiative, params.get("decision"))
    params = {**params, "comment": comment, "at": at or timezone.now()}
    with transaction.atomic():
        _refuse_if_summarized_meanwhile(initiative)
        updates = _needs_met(initiative, action, transition, params)
        comment = (comment or updates.get("plan_note") or "").strip()
        record_move(initiative, transition, actor, comment, updates=updates, params=params, at=at, notify=notify)
    return initiative


def record_move(
    initiative: Initiative,
    transition: Transition,
    actor,
    comment: str,
    *,
    updates: dict | None = None,
    params: dict | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> None:
    """Write a move already allowed, in the caller's transaction, and make the caller's object say so.

    The row compared-and-set to the target with its count, the stored twins, the action's own rows, the
    log. `apply` calls it once `check` and the needs pass; a revoking decision once `RecognitionDecision.amend`
    has checked its leader (`bulk.revoke_recognitions`). `at`: the moment of a replayed move (default now).
    """
    updates, params = updates or {}, params or {}
    from_state = initiative.state
    new_columns = _move_state(initiative, transition, updates, params)
    guard.after_move(initiative, from_state, transition.target)  # a recognition: refresh the stored twins
    _record_action_rows(initiative, transition.action, actor, params)
    write_log(
        initiative,
        transition.action,
        actor,
        from_state=from_state,
        to_state=transition.target,
        comment=comment,
        at=at,
        notify=notify,
    )
    _reflect_move(initiative, transition, updates, params, new_columns)


def _allowed_move(actor, action: str, initiative: Initiative, decision) -> Transition:
    """Return the move's transition once `check` allows it and the decision is the actor's to sign; else raise."""
    refusal = check(actor, action, initiative)
    if refusal is not None:
        raise refusal
    transition = TRANSITIONS[action]
    if (
        action in ("recognize", "recognize_nomination")
        and decision is not None
        and not scope(actor).leads_committee(decision.committee_id)
    ):
        # Leading some committee over the unit is not enough: one signs only one's own committee's decisions.
        raise refuse_role(str(transition.label))
    return transition


def _refuse_if_summarized_meanwhile(initiative: Initiative) -> None:
    """Refuse a move out of a state the summary does not move, once the year is summarized, asked of the
    campaign under the lock the summary's write waits for (under apply's transaction).

    The summary moves the open initiatives itself: its compare-and-set and ours meet on the row. A move
    out of any other state (a draft submitted, a recognized initiative nominated) would land after a
    summary made at the same instant: a draft submitted into a closed year would stay open in it.
    """
    if (
        initiative.state not in OPEN_AT_SUMMARY_STATES
        and Initiative.objects.locked(initiative, against_summary=True).is_frozen
    ):
        raise refuse_summarized()


def _needs_met(initiative: Initiative, action: str, transition: Transition, params: dict) -> dict:
    """Return the move's other writes once what it needs is there (under apply's transaction); else raise."""
    if {"evidence", "score"} & set(transition.needs):
        # Count the evidence, and the sheets and their mean, under the row lock that removing a file,
        # writing a sheet and reopening one also take (evidence.remove_attachment, ScoreSheet.objects.record,
        # reopen_sheet): a change at the same instant either happens first and is counted, or waits and
        # finds the move made. The recognition's needs ask the quorum again of the sheets as they are now
        # (needs._needs_recognize), not of the count the page or the list read. (PostgreSQL; SQLite writes
        # one transaction at a time.)
        Initiative.objects.locked(initiative)
    missing, updates = NEEDS.get(action, lambda i, p: ([], {}))(initiative, params)
    if missing:
        raise refuse_needs(missing)
    return updates


def _move_state(initiative: Initiative, transition: Transition, updates: dict, params: dict) -> dict:
    """Compare-and-set the row to the move's target and move its count; return the counted columns it now has."""
    # Guarded by the key the row was read with, so that its count moves from the key it really leaves.
    old_columns = {**counts.loaded_columns(initiative), "state": initiative.state}
    compare_and_set(
        Initiative, initiative, transition.target, updates, bump_version=True, guard=counts.guard(initiative)
    )
    new_columns = {**old_columns, "state": transition.target, **_key_updates(updates)}
    if "decision_id" in updates:
        initiative.decision = params["decision"]  # its level is the new key's
    counts.move(counts.key_from(initiative, old_columns), counts.key_from(initiative, new_columns))
    return new_columns


def _record_action_rows(initiative: Initiative, action: str, actor, params: dict) -> None:
    """Write the rows an approval or a nomination move carries besides the state (inside apply's transaction)."""
    if action == "approve":
        initiative.supporting_cadres.set(params.get("supporting_cadres") or [])
    if action == "nominate" or action in NOMINATION_ACTIONS:
        _record_nomination(initiative, action, actor, params)


def _reflect_move(
    initiative: Initiative, transition: Transition, updates: dict, params: dict, new_columns: dict
) -> None:
    """Make the caller's object say what the committed row now says (state, version, writes, counted key)."""
    for key, value in updates.items():
        setattr(initiative, key, value)
    if "decision_id" in updates:
        initiative.decision = params["decision"]
    initiative.state = transition.target
    initiative.version += 1
    # A nomination move refreshed the steps after recognition (models/steps.py) and their count.
    # (Read from the object only when loaded: a deferred column keeps the value the row was read with.)
    counts.remember(
        initiative, {**new_columns, "later_steps": initiative.__dict__.get("later_steps", new_columns["later_steps"])}
    )


def write_log(
    initiative: Initiative,
    action: str,
    actor,
    *,
    from_state: str,
    to_state: str,
    comment: str,
    at: datetime | None = None,
    notify: bool = True,
) -> TransitionLog:
    """Write the TransitionLog row of a move, inside the move's transaction; tell people after commit."""
    log = create_as_of(
        TransitionLog,
        at,
        initiative=initiative,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
    )
    if notify:
        transaction.on_commit(lambda: notices.send_notifications(initiative.pk, log.pk))
    return log


def _key_updates(updates: dict) -> dict:
    """The counted key columns among a move's other writes (the decision, on recognition)."""
    return {name: value for name, value in updates.items() if name in counts.SOURCE.values()}


def _record_nomination(initiative: Initiative, action: str, actor, params: dict) -> None:
    """Write the nomination's side of a nomination move, inside apply's transaction (a lost race: conflict)."""
    from .models import Nomination

    comment = (params.get("comment") or "").strip()
    if action == "nominate":
        Nomination.objects.propose(initiative, actor, reason=comment, at=params["at"])
    else:
        accepted = action == "recognize_nomination"
        Nomination.objects.decide(
            initiative,
            accepted=accepted,
            decision=params.get("decision") if accepted else None,
            return_reason="" if accepted else comment,
            at=params["at"],
        )
        # A queryset UPDATE sends no post_save: the steps' own call (an acceptance is a step).
        steps.refresh(initiative.pk, initiative=initiative)
    initiative.forget_nomination()
