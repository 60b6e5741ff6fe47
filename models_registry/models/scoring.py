"""Who scores an initiative: the chair's assignments and the members' declared conflicts (recusals)."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from campaigns.bases import WrittenInOrder
from campaigns.fields import recorded_by
from campaigns.text import nfc

from .fields import initiative_link
from .initiative import Initiative


class MemberOnInitiative(WrittenInOrder):
    """A committee member's word on scoring one initiative (named to score it, or declining to): one per member."""

    class Meta(WrittenInOrder.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.initiative} — {self.member}"


class ScorerAssignment(MemberOnInitiative):
    """A committee member the chair named to score an initiative (once any exist, only they score)."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="scorer_assignments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.CASCADE, related_name="+"
    )
    assigned_by = recorded_by(verbose_name=_("người phân công"))

    class Meta(MemberOnInitiative.Meta):
        verbose_name = verbose_name_plural = _("phân công chấm điểm")
        constraints = [models.UniqueConstraint(fields=["initiative", "member"], name="one_assignment_per_member")]


class Recusal(MemberOnInitiative):
    """A member's declared conflict of interest: they do not score this initiative."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("lý do"))

    class Meta(MemberOnInitiative.Meta):
        verbose_name = verbose_name_plural = _("không tham gia chấm điểm")
        constraints = [models.UniqueConstraint(fields=["initiative", "member"], name="one_recusal_per_member")]

    def save(self, *args, **kwargs) -> None:
        self.reason = nfc(self.reason)
        super().save(*args, **kwargs)


# What each scoring change writes into the initiative's history (the admin's change history).
ASSIGNED_NOTE = _("Phân công chấm điểm: %(names)s")
ASSIGNMENTS_CLEARED_NOTE = _("Bỏ phân công chấm điểm: mọi thành viên phụ trách đều chấm được")
RECUSAL_NOTE = _("%(member)s không tham gia chấm điểm: %(reason)s")
REOPENED_NOTE = _("Mở lại phiếu chấm điểm của %(member)s: %(reason)s")


def display_name(user) -> str:
    return user.get_full_name() or user.username


def _refuse_unless_scoring(initiative: Initiative, states) -> None:
    """Refuse unless the initiative is being scored now: its campaign not summarized, its state one of `states`.

    Read again under the row lock, which the caller's transaction holds until its write: a recognition or a
    decline made meanwhile is seen, and one that comes later waits (`lifecycle` counts the sheets under it).
    """
    from campaigns.lifecycle import refuse_state, refuse_summarized

    current = Initiative.objects.locked(initiative)
    if current.is_frozen:
        raise refuse_summarized()
    if current.state not in states:
        raise refuse_state(current.get_state_display())


def eligible_scorers(initiative: Initiative):
    """Return the users who sit on the committee that acts on the initiative (its level's) and are not its staff, by name.

    A member of a committee of another level over the unit does not score it (`scoring_refusal`), so is not offered.
    """
    from django.contrib.auth import get_user_model

    from campaigns.access import acting_committees
    from campaigns.models import CommitteeMembership

    members = CommitteeMembership.objects.filter(committee__in=acting_committees(initiative.unit, initiative.level))
    return (
        get_user_model()
        .objects.filter(pk__in=members.values("user_id"))
        .exclude(unit_memberships__unit_id=initiative.unit_id)
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic  # from the state read under the lock (`_refuse_unless_scoring`) to the write
def assign_scorers(initiative: Initiative, members, actor) -> list:
    """Name exactly `members` as the initiative's scorers (none: every member over the unit scores)."""
    from django.utils.translation import gettext

    from campaigns.lifecycle import TransitionError, refuse_needs, refuse_role

    from ..access import is_leader_for
    from .states import IN_PROGRESS_STATES

    if not is_leader_for(actor, initiative):
        raise refuse_role(gettext("Phân công chấm điểm"))
    _refuse_unless_scoring(initiative, IN_PROGRESS_STATES)
    members = list(members)
    allowed = set(eligible_scorers(initiative).values_list("pk", flat=True))
    outsiders = [display_name(m) for m in members if m.pk not in allowed]
    if outsiders:
        raise refuse_needs(
            [
                gettext("người chấm phải là thành viên Ban Chỉ đạo phụ trách, không phải cán bộ đơn vị (%(names)s)")
                % {"names": ", ".join(outsiders)}
            ]
        )
    recused = set(initiative.recusals.values_list("member_id", flat=True))
    conflicted = [display_name(m) for m in members if m.pk in recused]
    if conflicted:
        raise refuse_needs(
            [gettext("%(names)s đã khai báo không tham gia chấm điểm hồ sơ này") % {"names": ", ".join(conflicted)}]
        )
    if members:
        # Submitted sheets count in the mean and the quorum: a member whose sheet is in is left out
        # only once the chair has reopened it, as a member declaring a conflict must (`recuse`).
        scored_left_out = [
            display_name(sheet.member)
            for sheet in initiative.score_sheets.submitted()
            .exclude(member__in=members)
            .select_related("member")
            .order_by("member__first_name", "member__last_name", "member__username")
        ]
        if scored_left_out:
            raise TransitionError(
                gettext(
                    "%(names)s đã nộp phiếu chấm điểm hồ sơ này: hãy mở lại phiếu trước khi bỏ khỏi danh sách "
                    "người chấm, hoặc giữ lại trong danh sách."
                )
                % {"names": ", ".join(scored_left_out)},
                code="conflict",
                field="members",
            )
    initiative.scorer_assignments.exclude(member__in=members).delete()
    kept = set(initiative.scorer_assignments.values_list("member_id", flat=True))
    ScorerAssignment.objects.bulk_create(
        ScorerAssignment(initiative=initiative, member=m, assigned_by=actor) for m in members if m.pk not in kept
    )
    if members:
        note = ASSIGNED_NOTE % {"names": ", ".join(display_name(m) for m in members)}
    else:
        note = str(ASSIGNMENTS_CLEARED_NOTE)
    initiative.note_in_history(actor, note)
    return members


@transaction.atomic  # from the state read under the lock (`_refuse_unless_scoring`) to the write
def recuse(initiative: Initiative, member, reason: str) -> Recusal:
    """Record that `member` declares a conflict and does not score the initiative (their draft sheet goes)."""
    from django.utils.translation import gettext

    from campaigns.lifecycle import TransitionError, refuse_needs, refuse_role

    from ..access import RECUSED, committee_roles
    from .records import ScoreSheet
    from .states import IN_PROGRESS_STATES

    if not committee_roles(member, initiative):
        raise refuse_role(gettext("Không tham gia chấm điểm"))
    _refuse_unless_scoring(initiative, IN_PROGRESS_STATES)
    reason = (reason or "").strip()
    if not reason:
        raise refuse_needs([gettext("lý do không tham gia chấm điểm")])
    if ScoreSheet.objects.filter(initiative=initiative, member=member).submitted().exists():
        raise TransitionError(
            gettext("Bạn đã nộp phiếu chấm điểm hồ sơ này; hãy đề nghị Trưởng ban mở lại phiếu trước."),
            code="state",
        )
    recusal, created = Recusal.objects.get_or_create(initiative=initiative, member=member, defaults={"reason": reason})
    if not created:
        raise TransitionError(str(RECUSED), code="conflict")
    ScoreSheet.objects.filter(initiative=initiative, member=member).drafts().delete()
    initiative.scorer_assignments.filter(member=member).delete()
    initiative.note_in_history(member, RECUSAL_NOTE % {"member": display_name(member), "reason": reason})
    return recusal


@transaction.atomic  # from the state read under the lock (`_refuse_unless_scoring`) to the write
def reopen_sheet(sheet, actor, reason: str) -> None:
    """Take back a submitted sheet so that its member may correct it; the reason goes into the history."""
    from django.utils.translation import gettext

    from campaigns.lifecycle import TransitionError, refuse_needs, refuse_role

    from ..access import is_leader_for
    from .records import ScoreSheet
    from .states import State

    initiative = sheet.initiative
    if not is_leader_for(actor, initiative):
        raise refuse_role(gettext("Mở lại phiếu chấm điểm"))
    _refuse_unless_scoring(initiative, (State.RECOGNITION_REQUESTED,))
    reason = (reason or "").strip()
    if not reason:
        raise refuse_needs([gettext("lý do mở lại phiếu")])
    if not ScoreSheet.objects.filter(pk=sheet.pk).submitted().update(submitted_at=None):
        raise TransitionError(gettext("Phiếu này chưa nộp hoặc đã được mở lại."), code="conflict")
    initiative.note_in_history(actor, REOPENED_NOTE % {"member": display_name(sheet.member), "reason": reason})
    sheet.submitted_at = None
