"""Proposals for a commendation (đề nghị khen thưởng): a committee asks the authority above to commend
one of its recognized initiatives, the step between "outstanding" and "commended" in the funnel.

Written only through `CommendationProposalQuerySet.propose` and `CommendationProposal.close`; a
recorded `Commendation` grants the open proposal of its initiative (`Commendation.save`). The law's
rules (Law 06/2022 on emulation and commendation) are said once, in `check_proposable` and
`check_commendable`: nothing while a case is pending, one achievement is commended once, in one form.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from campaigns.fields import lifecycle_state, recorded_by, written_link
from campaigns.lifecycle import TransitionError
from campaigns.models import SteeringCommittee
from campaigns.text import nfc

from .fields import initiative_link, one_waiting_per_initiative
from .initiative import Initiative
from .queries import OfInitiativeQuerySet
from .records import (
    ALREADY_COMMENDED,
    Commendation,
    CommendationKind,
    CommendationLevel,
    check_commendable,
)
from .states import Gender, Subject
from .steps import refresh as refresh_steps

# A collective with at least this share of women comes first on a tie (Law 06/2022).
WOMEN_FIRST_SHARE = 70


class CommendationProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Đang đề nghị khen thưởng")
    GRANTED = "granted", _("Đã được khen thưởng")
    DECLINED = "declined", _("Cấp trên không khen thưởng")
    WITHDRAWN = "withdrawn", _("Đã rút đề nghị")


# The ways a proposal is closed by hand (a granted one is closed by its commendation).
CLOSING_STATES = (CommendationProposalState.DECLINED, CommendationProposalState.WITHDRAWN)
# What the funnel counts as "proposed for a commendation": every proposal that was not taken back.
COUNTED_PROPOSAL_STATES = (
    CommendationProposalState.PROPOSED,
    CommendationProposalState.GRANTED,
    CommendationProposalState.DECLINED,
)

ALREADY_PROPOSED = _("Mô hình, điển hình này đang được đề nghị khen thưởng; hãy chờ cấp trên trả lời hoặc rút đề nghị.")


def women_first(initiative: Initiative) -> bool:
    """True when the tie rule puts it first: a woman exemplar, or a collective of at least 70 % women."""
    if initiative.subject == Subject.INDIVIDUAL:
        return initiative.gender == Gender.FEMALE
    return initiative.women_share is not None and initiative.women_share >= WOMEN_FIRST_SHARE


def commendation_order(initiative: Initiative, score: Decimal | None) -> tuple:
    """The sort key of a proposal list: score high to low, then on a tie women first, then by name."""
    return (-(score if score is not None else Decimal(-1)), not women_first(initiative), initiative.name.casefold())


def check_proposable(initiative: Initiative) -> None:
    """Refuse a proposal the law forbids: what refuses a commendation, an achievement already commended
    (in whatever form: one achievement, one form; an award recovered is no longer held, as in
    `check_not_commended_twice`), or a proposal already open."""
    from ..lifecycle import TransitionError

    check_commendable(initiative)
    commended = initiative.commendations.standing().order_by("decided_on", "id").first()
    if commended is not None:
        raise TransitionError(ALREADY_COMMENDED % {"commendation": commended}, code="conflict", field="initiative")
    if initiative.commendation_proposals.filter(state=CommendationProposalState.PROPOSED).exists():
        raise TransitionError(ALREADY_PROPOSED, code="conflict", field="initiative")


class CommendationProposalQuerySet(OfInitiativeQuerySet):
    def open(self) -> CommendationProposalQuerySet:
        """Return the proposals still waiting for the authority's answer."""
        return self.filter(state=CommendationProposalState.PROPOSED)

    def counted(self) -> CommendationProposalQuerySet:
        """Return the proposals the funnel counts (not withdrawn)."""
        return self.filter(state__in=COUNTED_PROPOSAL_STATES)

    def propose(
        self, initiative: Initiative, actor, *, kind: str, level: str, achievement: str
    ) -> CommendationProposal:
        """Propose `initiative` for a commendation of `kind` at `level`, as a leader of its acting committee."""
        from campaigns.lifecycle import refuse_needs, refuse_role

        from ..access import is_leader_for
        from ..lifecycle import TransitionError

        if not is_leader_for(actor, initiative):
            raise refuse_role(_("Đề nghị khen thưởng"))
        if not achievement.strip():
            raise refuse_needs([_("thành tích")])
        committee = initiative.acting_committee() or initiative.campaign.committee
        try:
            with transaction.atomic():
                # Two leaders (or two tabs) at once: the row lock orders them, the second finds the first.
                check_proposable(Initiative.objects.locked(initiative, against_summary=True))
                return self.create(
                    initiative=initiative,
                    kind=kind,
                    level=level,
                    committee=committee,
                    achievement=nfc(achievement.strip()),
                    proposed_by=actor,
                )
        except IntegrityError:
            raise TransitionError(ALREADY_PROPOSED, code="conflict", field="initiative") from None

    def grant(
        self,
        actor,
        *,
        authority: str,
        decision_number: str,
        decided_on,
        recipients: dict[int, str],
        notify: bool = True,
    ) -> list[Commendation]:
        """Record one award decision of the authority that grants each proposal of this queryset: all or none.

        An authority answers a committee's list with one decision that names many recipients; each
        proposal gets its award in the form and at the level proposed, to the recipient named for it in
        `recipients` (by proposal id), through `Commendation.objects.record`, the one way in. Nothing is
        recorded if one of them may not be (GrantRefused names each and why): a decision is entered whole.
        """
        proposals = list(self.select_related("initiative__unit", "initiative__campaign").order_by("pk"))
        decision = {"authority": authority, "decision_number": decision_number, "decided_on": decided_on}
        awards, refused = [], []
        with transaction.atomic():
            # Each checked once, under its lock, by the entry point; every refusal collected, then all
            # undone (as `bulk.recognize_many` does): the notices registered go with the rollback.
            for p in proposals:
                if refusal := p.answer_refusal(actor):
                    refused.append((p, refusal))
                    continue
                try:
                    awards.append(
                        Commendation.objects.record(
                            p.initiative,
                            actor,
                            kind=p.kind,
                            level=p.level,
                            recipient=recipients[p.pk],
                            notify=notify,
                            **decision,
                        )
                    )
                except TransitionError as error:
                    refused.append((p, str(error.message)))
            if refused:
                transaction.set_rollback(True)
        if refused:
            raise GrantRefused(refused)
        return awards


class GrantRefused(TransitionError):
    """An award decision refused as a whole; `failures` names each proposal and why."""

    def __init__(self, failures: list[tuple[CommendationProposal, str]]):
        super().__init__(
            ngettext(
                "Chưa ghi nhận khen thưởng nào: %(count)d đề nghị chưa thể khen thưởng.",
                "Chưa ghi nhận khen thưởng nào: %(count)d đề nghị chưa thể khen thưởng.",
                len(failures),
            )
            % {"count": len(failures)},
            code="needs",
        )
        self.failures = failures


class CommendationProposal(models.Model):
    """A committee's proposal that one recognized initiative be commended (kind and level proposed)."""

    initiative = initiative_link(on_delete=models.PROTECT, related_name="commendation_proposals")
    kind = models.CharField(_("hình thức đề nghị"), max_length=32, choices=CommendationKind.choices)
    level = models.CharField(_("cấp khen thưởng đề nghị"), max_length=16, choices=CommendationLevel.choices)
    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("Ban Chỉ đạo đề nghị"),
        on_delete=models.PROTECT,
        related_name="commendation_proposals",
        editable=False,
    )
    achievement = models.TextField(_("thành tích"))
    state = lifecycle_state(CommendationProposalState, CommendationProposalState.PROPOSED)
    close_reason = models.TextField(_("lý do"), blank=True, editable=False)
    commendation = written_link(
        "Commendation",
        _("khen thưởng"),
        on_delete=models.SET_NULL,
        related_name="proposal",
        field=models.OneToOneField,
    )
    proposed_by = recorded_by(verbose_name=_("người đề nghị"))
    proposed_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    closed_by = recorded_by(verbose_name=_("người đóng đề nghị"), blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True, editable=False)

    objects = CommendationProposalQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-proposed_at", "-id"]
        # One open proposal per achievement.
        constraints = [one_waiting_per_initiative("one_open_commendation_proposal_per_initiative")]

    def __str__(self) -> str:
        return _("Đề nghị %(kind)s cho “%(initiative)s”") % {
            "kind": self.get_kind_display().lower(),
            "initiative": self.initiative,
        }

    def get_absolute_url(self) -> str:
        """Return the proposals page of the initiative."""
        return reverse("reports:proposal_create", args=[self.initiative_id])

    def answer_refusal(self, actor) -> str | None:
        """Why `actor` may not record the authority's answer to this proposal (None: they may): it is
        answered or withdrawn already, or they do not lead the initiative's acting committee."""
        from ..access import COMMENDATION_RECORDERS_ONLY, is_leader_for

        if self.state != CommendationProposalState.PROPOSED:
            return gettext("Đề nghị đã kết thúc: %(state)s.") % {"state": self.get_state_display().lower()}
        if not is_leader_for(actor, self.initiative):
            return str(COMMENDATION_RECORDERS_ONLY)
        return None

    def close(self, actor, state: str, reason: str) -> None:
        """Withdraw the proposal, or record that the authority declined it, with the reason (leaders only)."""
        from campaigns.lifecycle import refuse_conflict, refuse_needs, refuse_role, refuse_summarized

        from ..access import is_leader_for

        if state not in CLOSING_STATES:
            raise ValueError(state)
        if not is_leader_for(actor, self.initiative):
            raise refuse_role(self.get_state_label(state))
        if not reason.strip():
            raise refuse_needs([_("lý do")])
        now, reason = timezone.now(), nfc(reason.strip())
        with transaction.atomic():
            # The year's summary asked of its last word, not of the page's copy (see `Initiative.objects.locked`).
            if Initiative.objects.locked(self.initiative, against_summary=True).is_frozen:
                raise refuse_summarized()
            changed = CommendationProposal.objects.filter(pk=self.pk, state=CommendationProposalState.PROPOSED).update(
                state=state, close_reason=reason, closed_by=actor, closed_at=now
            )
            # A queryset UPDATE sends no post_save: a withdrawn proposal no longer counts as proposed.
            if changed:
                refresh_steps(self.initiative_id, initiative=self.initiative)
        if not changed:
            raise refuse_conflict()
        # The object says what the row now holds (the reason as stored, NFC).
        self.state, self.close_reason, self.closed_by, self.closed_at = state, reason, actor, now

    @staticmethod
    def get_state_label(state: str) -> str:
        return str(CommendationProposalState(state).label)

    def grant(self, commendation) -> None:
        """Close the open proposal as granted by `commendation` (called when the commendation is recorded)."""
        CommendationProposal.objects.filter(pk=self.pk, state=CommendationProposalState.PROPOSED).update(
            state=CommendationProposalState.GRANTED, commendation=commendation, closed_at=timezone.now()
        )
