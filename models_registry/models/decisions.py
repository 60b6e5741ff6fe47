"""A committee's recognition decisions: one for many initiatives, numbered in its series, and the later
decisions that correct, replace or revoke one (Decree 30: only a new decision that names it)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.fields import committee_link, recorded_by, written_link
from campaigns.models import Level, SteeringCommittee
from dvk.dates import date_text

from .initiative import Initiative
from .nominations import Nomination, NominationState
from .queries import InitiativeQuerySet
from .records import TransitionLog
from .states import State
from .steps import refresh as refresh_steps


class Amendment(models.TextChoices):
    """How a later decision changes an issued one (Decree 30: only a new decision that names it)."""

    CORRECT = "correct", _("Đính chính")
    REPLACE = "replace", _("Thay thế")
    REVOKE = "revoke", _("Thu hồi")


class RecognitionDecisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RecognitionDecisionQuerySet:
        """Return the decisions this user may see (see access.visible_decisions)."""
        from ..access import visible_decisions

        return visible_decisions(self, user)

    def with_recognized_count(self) -> RecognitionDecisionQuerySet:
        """Annotate `n`: how many initiatives each decision recognizes, as `recognized_initiatives` says for
        one: those it recognized first and the nominations it accepted at its level. (A decision that
        amends another recognizes none by itself.) Two subqueries, counted for the rows kept only."""
        from .nominations import Nomination, NominationState  # beside this module's models: imported late

        def counted(rows: models.QuerySet) -> Coalesce:
            return Coalesce(Subquery(rows.order_by().values("decision").annotate(c=Count("id")).values("c")), 0)

        own = Initiative.objects.filter(decision=OuterRef("pk"))
        accepted = Nomination.objects.filter(decision=OuterRef("pk"), state=NominationState.ACCEPTED)
        return self.annotate(n=counted(own) + counted(accepted))

    def next_number(self, committee: SteeringCommittee, day: datetime.date, kind: str = "QĐ") -> str:
        """Return the number the committee's next decision of that day takes: one past the series' highest."""
        paper = committee.paper_settings()
        numbers = self.filter(committee=committee, series=paper.series_for(day)).values_list("number", flat=True)
        # Numbers are typed by people ("5/QĐ-BCĐ", "05-QĐ/BCĐ"): their leading digits are the ordinal.
        ordinals = [int(digits) for digits in (_leading_digits(n) for n in numbers) if digits]
        return paper.format_number(max(ordinals, default=0) + 1, kind)


def _leading_digits(text: str) -> str:
    digits = ""
    for char in text.strip():
        if not char.isdigit():
            break
        digits += char
    return digits


class RecognitionDecision(models.Model):
    """A committee's decision (number, date, signer) that recognizes one or many initiatives."""

    committee = committee_link(on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=255)
    level = models.CharField(_("cấp công nhận"), max_length=16, choices=Level.choices, editable=False)
    # The numbering series: the year of the decision (Decree 30 restarts numbers every year), or
    # the Party-committee term for a committee that issues Party papers (Guidance 36).
    series = models.CharField(_("loạt số"), max_length=32, editable=False, default="")
    note = models.TextField(_("ghi chú"), blank=True)
    amends = written_link("self", _("quyết định được sửa đổi"), on_delete=models.PROTECT, related_name="amendments")
    amendment = models.CharField(
        _("loại sửa đổi"), max_length=16, choices=Amendment.choices, blank=True, default="", editable=False
    )
    reason = models.TextField(_("lý do"), blank=True, editable=False)
    # Set on a revoked decision and on every decision it replaced or corrected: their initiatives
    # leave the showcase and their certificates say so. A flag, so the showcase filters on a column.
    revoked = models.BooleanField(_("đã bị thu hồi"), default=False, editable=False)
    legal_bases = models.ManyToManyField(
        "campaigns.LegalBasis",
        verbose_name=_("căn cứ"),
        blank=True,
        related_name="decisions",
        help_text=_("Để trống: dùng các căn cứ mặc định của Ban Chỉ đạo."),
    )
    created_by = recorded_by(verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = RecognitionDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "series", "number"], name="unique_decision_number_in_series"),
        ]
        indexes = [
            # The few revoked decisions, for `InitiativeQuerySet.public()`: the showcase excludes their
            # initiatives by looking them up here instead of hashing every decision of every year.
            models.Index(fields=["id"], condition=models.Q(revoked=True), name="decision_revoked"),
        ]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": date_text(self.decided_on),
        }

    def get_absolute_url(self) -> str:
        """Return the decision's page of the committee pages."""
        return reverse("committee:decision_detail", args=[self.pk])

    def original(self) -> RecognitionDecision:
        """Return the decision that first recognized the initiatives (following corrections and replacements)."""
        decision = self
        while decision.amendment in (Amendment.CORRECT, Amendment.REPLACE) and decision.amends_id:
            decision = decision.amends
        return decision

    def recognized_initiatives(self) -> InitiativeQuerySet:
        """Return the initiatives this decision recognizes: its own, or those of the decision it replaces.

        Its own are those it first recognized and those nominated from below that it recognized
        at its level (their first decision stays on the initiative; this one is on the nomination).
        """
        original = self.original()
        return Initiative.objects.filter(
            Q(decision=original) | Q(pk__in=original.nominations.filter(state="accepted").values("initiative_id"))
        )

    @property
    def amends_line(self) -> str:
        """Say what this decision amends and how ("Thu hồi: Quyết định số …"), or "" for a decision of its own:
        the lists show it instead of a count, since an amending decision recognizes none by itself."""
        return f"{self.get_amendment_display()}: {self.amends}" if self.amends_id else ""

    @property
    def log_comment(self) -> str:
        """What an initiative's log says of this amending decision: the decision, then its reason."""
        return f"{self}: {self.reason.strip()}"

    def later(self) -> RecognitionDecision | None:
        """Return the newest decision that replaced or revoked this one, following the chain to its end."""
        current, found = self, None
        while True:
            step = (
                current.amendments.filter(amendment__in=[Amendment.REPLACE, Amendment.REVOKE]).order_by("-id").first()
            )
            if step is None:
                return found
            current = found = step

    def in_force(self) -> RecognitionDecision | None:
        """Return the decision that holds now for this one's initiatives: itself, its replacement, or None if revoked."""
        if self.revoked or self.amendment == Amendment.REVOKE:
            return None
        later = self.later()
        if later is None:
            return self
        return None if later.amendment == Amendment.REVOKE else later

    def amend(
        self,
        actor,
        *,
        kind: str,
        number: str,
        decided_on: datetime.date,
        signer: str,
        reason: str,
        at: datetime.datetime | None = None,
        notify: bool = True,
    ) -> RecognitionDecision:
        """Issue a new decision that corrects, replaces or revokes this one; this one stays as it was.

        A revocation takes back the recognitions this one's chain gave: those initiatives move to
        "recognition revoked" (`bulk.revoke_recognitions`). A replayed history (the demo's) dates those
        moves `at` and tells nobody (`notify=False`), as `lifecycle.apply` does.
        """
        from django.db import IntegrityError, transaction

        self._refuse_amendment(actor, number, reason)
        try:
            with transaction.atomic():
                self._lock_unsuperseded()
                decision = RecognitionDecision.objects.create(
                    committee=self.committee,
                    number=number.strip(),
                    decided_on=decided_on,
                    signer=signer.strip(),
                    amends=self,
                    amendment=kind,
                    reason=reason.strip(),
                    created_by=actor,
                )
                moved = []
                if kind == Amendment.REVOKE:
                    moved = self._revoke_with_those_it_amended(decision, actor, at)
                self._log_amendment(decision, actor, moved)
                # A unit must learn that its recognition was corrected, replaced or revoked, as it learnt of it.
                if notify:
                    transaction.on_commit(lambda: _send_notices(decision.pk, actor))
        except IntegrityError:
            raise number_taken(number) from None
        return decision

    def initiatives_concerned(self) -> InitiativeQuerySet:
        """Return the initiatives whose recognition this decision issues or changes (a revocation recognizes none)."""
        return (self.amends if self.amends_id else self).recognized_initiatives()

    def notice(self) -> tuple[str, dict]:
        """Return the notification kind and data that tell a unit about this decision: issued, or what it amended."""
        data = {"number": self.number, "date": self.decided_on.isoformat()}
        if self.amends_id is None:
            return "decision_issued", data
        return "decision_amended", data | {"amendment": self.amendment, "amended": self.amends.number}

    def _refuse_amendment(self, actor, number: str, reason: str) -> None:
        """Raise the refusal of an amendment by this actor, or without a reason or number."""
        from django.utils.translation import gettext

        from campaigns.access import scope
        from campaigns.lifecycle import refuse_needs, refuse_role

        if not scope(actor).leads_committee(self.committee_id):
            raise refuse_role(gettext("Sửa đổi quyết định"))
        missing = [
            label
            for label, value in ((gettext("lý do"), reason), (gettext("số quyết định"), number))
            if not value.strip()
        ]
        if missing:
            raise refuse_needs(missing)

    def _lock_unsuperseded(self) -> None:
        """Lock this decision's row, then refuse it if it was replaced or revoked (by another leader meanwhile too)."""
        from django.utils.translation import gettext

        from campaigns.lifecycle import TransitionError

        # Two leaders amending at once: the second waits here for the first to commit, then finds
        # the decision superseded instead of forking its chain with a second replacement.
        locked = RecognitionDecision.objects.select_for_update().only("revoked").get(pk=self.pk)
        if locked.revoked or self.later() is not None:
            raise TransitionError(
                gettext("Quyết định này đã được thay thế hoặc thu hồi; hãy sửa đổi quyết định mới nhất."),
                code="state",
            )

    def _revoke_with_those_it_amended(
        self, decision: RecognitionDecision, actor, at: datetime.datetime | None
    ) -> list[int]:
        """Flag this decision revoked, and the decisions it corrected or replaced, back to an earlier
        revocation; move the initiatives they first recognized out of "recognized"; return their ids.

        A nomination's decision (the level above's) is on the nomination, not on the initiative: revoking
        it leaves the initiative's own recognition standing."""
        from ..bulk import revoke_recognitions

        chain, decision_ = [], self
        while decision_ is not None:
            chain.append(decision_.pk)
            decision_ = decision_.amends if decision_.amendment != Amendment.REVOKE else None
        RecognitionDecision.objects.filter(pk__in=chain).update(revoked=True)
        self.revoked = True
        # The level above's recognitions it gave (on nominations) stop counting as "recognized above";
        # a queryset UPDATE sends no post_save, so their kept steps are refreshed here.
        above = Nomination.objects.filter(decision_id__in=chain, state=NominationState.ACCEPTED)
        for initiative_id in above.values_list("initiative_id", flat=True).order_by("initiative_id"):
            refresh_steps(initiative_id)
        own = Initiative.objects.filter(decision_id__in=chain, state=State.RECOGNIZED).select_related(
            "unit", "campaign", "decision"
        )
        return [i.pk for i in revoke_recognitions(own, actor, comment=decision.log_comment, at=at)]

    def _log_amendment(self, decision: RecognitionDecision, actor, moved: list[int]) -> None:
        """Write on each initiative this decision recognizes the log row of its amendment (state unchanged);
        those `moved` out of "recognized" by a revocation have their move's row instead."""
        # The initiatives' own logs say who changed their decision, how and why.
        TransitionLog.objects.bulk_create(
            TransitionLog(
                initiative=initiative,
                action=f"decision_{decision.amendment}",
                from_state=initiative.state,
                to_state=initiative.state,
                actor=actor,
                comment=decision.log_comment,
            )
            for initiative in self.recognized_initiatives().exclude(pk__in=moved)
        )

    def save(self, *args, **kwargs) -> None:
        if not self.level and self.committee_id:
            self.level = self.committee.unit.level
        if not self.series and self.committee_id and self.decided_on:
            self.series = self.committee.paper_settings().series_for(self.decided_on)
        super().save(*args, **kwargs)


def _send_notices(decision_id: int, actor) -> None:
    """Tell the units of an amended decision's initiatives (read when sent: bulk imports this module)."""
    from ..bulk import send_decision_notifications

    send_decision_notifications(decision_id, actor)


def number_taken(number: str):
    """The refusal of a decision whose number the committee already gave another of the series (issued or amending)."""
    # Not "missing: …": the number is there, but this committee already issued a decision with it.
    from django.utils.translation import gettext

    from campaigns.lifecycle import TransitionError

    return TransitionError(
        gettext("Số quyết định “%(number)s” đã được dùng cho một quyết định khác của Ban Chỉ đạo; hãy kiểm tra lại.")
        % {"number": number.strip()},
        code="conflict",
        field="number",
    )
