"""Moves over many initiatives at once, all through the lifecycle's entry point.

The committee's and the admin's bulk moves (`apply_many`, each on its own or all or none),
one decision recognizing many initiatives (`recognize_many`), and a year's end carrying an
open initiative over into the next campaign (`carry_over`, which moves the campaign, not the
state), and a revoking decision taking back the recognitions it names (`revoke_recognitions`).
Each goes through `lifecycle`'s own steps; callers ask this module (`bulk.recognize_many`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.access import concerned_by, scope
from campaigns.lifecycle import TransitionError, create_as_of, refuse_conflict, refuse_needs, refuse_role

from . import counts, lifecycle
from .models import OPEN_AT_SUMMARY_STATES, Amendment, Initiative, NominationState, State
from .models.decisions import number_taken

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    initiative: Initiative
    ok: bool
    message: str


def apply_many(
    initiatives: Iterable[Initiative], action: str, actor, *, all_or_none: bool = False, **params
) -> list[Outcome]:
    """Apply one action to many initiatives, each on its own; report per item what happened.

    With `all_or_none`, move every initiative in one transaction or none: raise
    BulkTransitionError naming each refused initiative and why (those `check` refuses, all of
    them before anything moves; else the first whose move fails, the others rolled back).
    """
    if all_or_none:
        return _apply_all(list(initiatives), action, actor, **params)
    outcomes = []
    for initiative in initiatives:
        try:
            lifecycle.apply(initiative, action, actor, **params)
        except TransitionError as error:
            outcomes.append(Outcome(initiative, False, str(error)))
        else:
            outcomes.append(Outcome(initiative, True, ""))
    return outcomes


class BulkTransitionError(TransitionError):
    """A bulk move refused as a whole; `failures` names each initiative and why."""

    def __init__(self, failures: list[Outcome]):
        names = "; ".join(f"“{f.initiative}”: {f.message}" for f in failures)
        super().__init__(gettext("Không công nhận được hồ sơ nào vì: %(names)s") % {"names": names}, code="needs")
        self.failures = failures


def _apply_all(initiatives: list[Initiative], action: str, actor, **params) -> list[Outcome]:
    refused = [
        Outcome(i, False, refusal.message) for i in initiatives if (refusal := lifecycle.check(actor, action, i))
    ]
    if refused:
        raise BulkTransitionError(refused)
    with transaction.atomic():
        for initiative in initiatives:
            try:
                lifecycle.apply(initiative, action, actor, **params)
            except TransitionError as error:
                raise BulkTransitionError([Outcome(initiative, False, str(error))]) from error
    return [Outcome(initiative, True, "") for initiative in initiatives]


def recognize_many(
    initiatives: Iterable[Initiative],
    actor,
    *,
    number: str,
    decided_on,
    signer: str,
    note: str = "",
    committee=None,
    at: datetime | None = None,
    notify: bool = True,
    reasons: dict[int, str] | None = None,
):
    """Issue one RecognitionDecision that recognizes all the initiatives, or none of them (`at`, `notify`: see apply).

    `reasons` holds, by initiative id, why one is recognized although its content repeats a
    recognized initiative; the reason is logged with the recognition.
    """
    reasons = reasons or {}
    initiatives = list(initiatives)
    committee = _recognizing_committee(actor, initiatives, committee)
    with transaction.atomic():
        decision = _new_decision(committee, actor, at, number=number, decided_on=decided_on, signer=signer, note=note)
        failures = _recognize_each(initiatives, actor, decision, at, reasons)
        if failures:
            # All or none: undo the decision and every recognition made under it.
            transaction.set_rollback(True)
        elif notify:
            transaction.on_commit(lambda: send_decision_notifications(decision.pk, actor))
    if failures:
        for initiative in initiatives:
            initiative.refresh_from_db()
        raise BulkTransitionError(failures)
    return decision


def _recognizing_committee(actor, initiatives: list[Initiative], committee):
    """Return the committee that issues the decision; refuse an empty choice or an actor who does not lead it."""
    if not initiatives:
        raise refuse_needs([gettext("ít nhất một hồ sơ được chọn")])
    committee = committee or _decision_committee(actor, initiatives)
    if committee is None:
        raise refuse_role(gettext("Công nhận"))
    if not scope(actor).leads_committee(committee.pk):
        raise refuse_role(gettext("Công nhận"))
    return committee


def _new_decision(committee, actor, at: datetime | None, *, number: str, decided_on, signer: str, note: str):
    """Create the decision; refuse a number its series already holds."""
    from .models import RecognitionDecision

    series = committee.paper_settings().series_for(decided_on)
    if RecognitionDecision.objects.filter(committee=committee, series=series, number=number.strip()).exists():
        raise number_taken(number)
    try:
        # A savepoint: two leaders (or one double click) issuing the same number at once
        # both pass the check above; the unique constraint then refuses the second.
        with transaction.atomic():
            return create_as_of(
                RecognitionDecision,
                at,
                committee=committee,
                number=number.strip(),
                decided_on=decided_on,
                signer=signer.strip(),
                note=note.strip(),
                created_by=actor,
            )
    except IntegrityError:
        raise number_taken(number) from None


def _recognize_each(initiatives: list[Initiative], actor, decision, at, reasons: dict[int, str]) -> list[Outcome]:
    """Recognize each initiative under the decision, each in its savepoint; return those refused.

    The requests (open states) are moved before the nominations (recognized ones): a nomination holds its
    campaign's row shared (`Initiative.objects.locked`, against the summary), so a request moved after it
    could wait for a summary that waits for that row, a circle; moved first, either waits for the other.
    """
    failures: list[Outcome] = []
    initiatives = sorted(initiatives, key=lambda initiative: initiative.state not in OPEN_AT_SUMMARY_STATES)
    for initiative in initiatives:
        try:
            with transaction.atomic():
                lifecycle.apply(
                    initiative,
                    recognition_action(initiative),
                    actor,
                    decision=decision,
                    at=at,
                    # The decision tells each unit once ("decision issued"), not also "recognized".
                    notify=False,
                    comment=reasons.get(initiative.pk, ""),
                )
        except TransitionError as error:
            failures.append(Outcome(initiative, False, str(error)))
    return failures


def recognition_action(initiative: Initiative) -> str:
    """The move a decision makes on this initiative: its first recognition, or the upper level's of a nomination."""
    return "recognize_nomination" if initiative.state == State.RECOGNIZED else "recognize"


def _recognition_level(initiative: Initiative) -> str:
    """The level a decision recognizing this initiative now is issued at: its own, or its nomination's."""
    nomination = initiative.open_nomination() if initiative.state == State.RECOGNIZED else None
    return nomination.to_committee.level if nomination else initiative.level


def _decision_committee(actor, initiatives: list[Initiative]):
    """The deepest committee the actor leads that oversees every selected unit."""
    from campaigns.models import SteeringCommittee

    s = scope(actor)
    seats = s.leading_seats
    if s.is_admin and not seats:
        first = initiatives[0]
        nomination = first.open_nomination() if first.state == State.RECOGNIZED else None
        return nomination.to_committee if nomination else first.acting_committee() or first.campaign.committee
    covering = [
        seat
        for seat in seats
        if all(i.unit.path.startswith(seat.unit_path) and _recognition_level(i) == seat.level for i in initiatives)
    ]
    if not covering:
        return None
    best = max(covering, key=lambda seat: len(seat.unit_path))
    return SteeringCommittee.objects.select_related("unit").get(pk=best.committee_id)


def carry_over(initiative: Initiative, campaign, actor, *, comment: str = "", notify: bool = True) -> Initiative:
    """Move an open initiative, with its whole history, into a later campaign of the same committee.

    Not a change of state: the initiative keeps its state and its log, and the log says where it
    went (a row whose action is `carry_over`); the unit is told like for a move.
    """

    refusal = lifecycle.standing_refusal(actor, initiative, OPEN_AT_SUMMARY_STATES)
    if refusal is not None:
        raise refusal
    if not lifecycle.has_role(actor, initiative, "campaign_leader"):
        raise refuse_role(str(lifecycle.CARRY_OVER_LABEL))
    source = initiative.campaign
    if (
        campaign.pk == source.pk
        or campaign.committee_id != source.committee_id
        or campaign.is_frozen
        or campaign.starts_on <= source.starts_on
    ):
        raise TransitionError(
            gettext("Chỉ chuyển sang một đợt phát động sau, chưa tổng kết, của cùng Ban Chỉ đạo."), code="needs"
        )
    note = gettext("Chuyển từ “%(source)s” sang “%(target)s”.") % {"source": source.name, "target": campaign.name}
    if comment.strip():
        note = f"{note} {comment.strip()}"
    with transaction.atomic():
        old_columns = {**counts.loaded_columns(initiative), "state": initiative.state}
        moved = Initiative.objects.filter(
            **{**counts.guard(initiative), "pk": initiative.pk, "state": initiative.state, "campaign_id": source.pk}
        ).update(campaign_id=campaign.pk, version=F("version") + 1, twin_checked_at=None)  # another year's guard
        if moved != 1:
            raise refuse_conflict()
        new_columns = {**old_columns, "campaign_id": campaign.pk}
        counts.move(counts.key_from(initiative, old_columns), counts.key_from(initiative, new_columns))
        lifecycle.write_log(
            initiative,
            lifecycle.CARRY_OVER,
            actor,
            from_state=initiative.state,
            to_state=initiative.state,
            comment=note,
            notify=notify,
        )
    initiative.campaign = campaign
    initiative.version += 1
    counts.remember(initiative, new_columns)
    return initiative


def revoke_recognitions(
    initiatives: Iterable[Initiative], actor, *, comment: str, at: datetime | None = None
) -> list[Initiative]:
    """Move each recognized initiative whose own recognition a revoking decision takes back to
    "recognition revoked" (`lifecycle.REVOCATION`), inside `RecognitionDecision.amend`'s transaction,
    which checked the leader and the decision; return those moved.

    Made under a summarized campaign too: the revocation is a new decision, not an edit of the year.
    Its count moves like any move's, so the reports stop counting it as recognized. What was asked on
    the strength of the recognition ends with it, the revocation as its reason: a nomination still
    waiting for the level above goes back to its committee, and a commendation proposal still waiting
    for the authority is withdrawn (neither could be answered any more, nor closed by hand once the
    year is summarized). A commendation already granted stays: recovering it is the authority's decision.
    No e-mail from the move: the decision's own notice tells the unit (`send_decision_notifications`).
    """
    from .models import CommendationProposal, CommendationProposalState, Nomination, NominationState
    from .models.steps import refresh as refresh_steps

    transition = lifecycle.REVOCATION
    moved = []
    for initiative in initiatives:
        lifecycle.record_move(initiative, transition, actor, comment, at=at, notify=False)
        initiative.forget_nomination()
        moved.append(initiative)
    when = at or timezone.now()
    Nomination.objects.filter(initiative__in=moved, state=NominationState.PROPOSED).update(
        state=NominationState.RETURNED, return_reason=comment, decided_at=when
    )
    proposals = CommendationProposal.objects.open().filter(initiative__in=moved)
    proposed = set(proposals.values_list("initiative_id", flat=True))
    proposals.update(state=CommendationProposalState.WITHDRAWN, close_reason=comment, closed_by=actor, closed_at=when)
    for initiative in moved:
        if initiative.pk in proposed:
            # A queryset UPDATE sends no post_save: a withdrawn proposal no longer counts as proposed.
            refresh_steps(initiative.pk, initiative=initiative)
    return moved


# ----- notifications ----------------------------------------------------------------------
def levels_above_told(decision, initiative) -> tuple[int, ...]:
    """The committees above that a revocation of the initiative's recognition also tells: those that
    recognized it at their level (a nomination accepted), or had it waiting in their queue (returned by
    this revocation). Their own recognition rests on the one taken back; theirs stays until they decide.
    """
    if decision.amendment != Amendment.REVOKE:
        return ()
    return tuple(
        sorted(
            {
                nomination.to_committee_id
                for nomination in initiative.nominations.all()
                if nomination.to_committee_id != decision.committee_id
                and (
                    nomination.state == NominationState.ACCEPTED
                    # Returned by this revocation: `revoke_recognitions` gives them its comment as their reason.
                    or (
                        nomination.state == NominationState.RETURNED
                        and nomination.return_reason == decision.log_comment
                    )
                )
            }
        )
    )


def send_decision_notifications(decision_id: int, actor) -> None:
    """Tell the people each initiative of the decision concerns that it is issued, or what it changed (one each)."""
    from notifications.sending import notify

    from .models import RecognitionDecision

    try:
        decision = RecognitionDecision.objects.select_related("amends").get(pk=decision_id)
        kind, data = decision.notice()
        initiatives = decision.initiatives_concerned().select_related("unit")
        if decision.amendment == Amendment.REVOKE:
            initiatives = initiatives.prefetch_related("nominations")
        for initiative in initiatives:
            notify(
                concerned_by(initiative.unit, initiative.level, also=levels_above_told(decision, initiative)),
                kind,
                target=initiative,
                actor=actor,
                comment=decision.reason,
                data=data,
            )
    except Exception:  # noqa: BLE001 — as notices.send_notifications
        logger.exception("Notification of recognition decision %s failed", decision_id)
