"""Nomination upward (đề nghị cấp trên công nhận): a lower committee proposes its recognized initiative to the next level.

The same initiative, never a re-registration: the upper committee recognizes it at its level by
a decision of its own (recorded here, the first decision stays on the initiative), or returns
the nomination with a reason. Only the lifecycle's entry point writes these rows: its `nominate`,
`recognize_nomination` and `return_nomination` moves call `propose` and `decide` inside their transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from campaigns.fields import lifecycle_state, recorded_by, written_link
from campaigns.lifecycle import create_as_of, refuse_conflict
from campaigns.models import SteeringCommittee

from .fields import initiative_link, one_waiting_per_initiative
from .queries import OfInitiativeQuerySet
from .states import State


class NominationState(models.TextChoices):
    PROPOSED = "proposed", _("Đang đề cử")
    ACCEPTED = "accepted", _("Đã công nhận ở cấp trên")
    RETURNED = "returned", _("Cấp trên trả lại")


class NominationQuerySet(OfInitiativeQuerySet):
    def open(self) -> NominationQuerySet:
        """Return the nominations still waiting for the upper committee."""
        return self.filter(state=NominationState.PROPOSED)

    def basis_revoked(self) -> NominationQuerySet:
        """Return the recognitions above whose basis was taken back below: accepted by a decision still in
        force, while the initiative's own recognition was revoked. They stand until the committee above
        revokes or replaces its own decision (Decree 30: only a new decision that names it)."""
        return self.filter(
            state=NominationState.ACCEPTED, decision__revoked=False, initiative__state=State.RECOGNITION_REVOKED
        )

    def propose(self, initiative, actor, *, reason: str, at: datetime | None = None) -> Nomination:
        """Write the nomination of a recognized initiative to the next level, resting on its decision.

        Another leader's nomination of the same initiative that got in first is a conflict (one open at a time).
        """
        try:
            with transaction.atomic():
                return create_as_of(
                    self.model,
                    at,
                    initiative=initiative,
                    from_committee=initiative.decision.committee,
                    from_decision=initiative.decision,
                    to_committee=initiative.upper_committee(),
                    reason=reason,
                    created_by=actor,
                )
        except IntegrityError:
            raise refuse_conflict() from None

    def decide(
        self, initiative, *, accepted: bool, decision=None, return_reason: str = "", at: datetime | None = None
    ) -> None:
        """Write the upper committee's answer on the initiative's open nomination: accepted by its `decision`,
        else returned for `return_reason`. One answered meanwhile (another tab, another leader) is a conflict."""
        changed = self.filter(pk=initiative.open_nomination().pk, state=NominationState.PROPOSED).update(
            state=NominationState.ACCEPTED if accepted else NominationState.RETURNED,
            decision=decision,
            return_reason=return_reason,
            decided_at=at,
        )
        if changed != 1:
            raise refuse_conflict()


class Nomination(models.Model):
    """A committee's proposal that the next level recognize one of its recognized initiatives."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="nominations")
    from_committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("Ban Chỉ đạo đề cử"),
        on_delete=models.PROTECT,
        related_name="nominations_sent",
    )
    to_committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("Ban Chỉ đạo cấp trên"),
        on_delete=models.PROTECT,
        related_name="nominations_received",
    )
    state = lifecycle_state(NominationState, NominationState.PROPOSED)
    # The nominating committee's recognition the nomination rests on, as it stood when nominated: the
    # upper committee reads it (and the dossier) before deciding.
    from_decision = written_link(
        "RecognitionDecision",
        _("quyết định công nhận của cấp đề cử"),
        on_delete=models.PROTECT,
        related_name="nominations_from",
    )
    reason = models.TextField(_("lý do đề cử"))
    return_reason = models.TextField(_("lý do trả lại"), blank=True, editable=False)
    # The upper committee's decision, once it recognizes the initiative at its level.
    decision = written_link(
        "RecognitionDecision", _("quyết định công nhận cấp trên"), on_delete=models.PROTECT, related_name="nominations"
    )
    created_by = recorded_by(verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("đề cử lúc"), auto_now_add=True)
    decided_at = models.DateTimeField(_("cấp trên quyết lúc"), null=True, blank=True, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("đề cử lên cấp trên")
        ordering = ["-created_at", "-id"]
        constraints = [one_waiting_per_initiative("one_open_nomination_per_initiative")]

    def __str__(self) -> str:
        return _("Đề cử “%(initiative)s” lên %(committee)s") % {
            "initiative": self.initiative,
            "committee": self.to_committee,
        }
