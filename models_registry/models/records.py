"""What is recorded about an initiative along its lifecycle: moves, inspections, scores, decisions, awards, files."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.bases import WrittenInOrder
from campaigns.fields import committee_link, person_kept, recorded_by, written_link
from campaigns.models import Criterion, Level, SteeringCommittee
from campaigns.text import nfc

from .fields import initiative_link
from .initiative import Initiative
from .queries import InitiativeQuerySet
from .states import State


class TransitionLog(WrittenInOrder):
    """One row per move of an initiative's state: who, from, to, why, when."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="logs")
    action = models.CharField(_("thao tác"), max_length=32)
    from_state = models.CharField(_("từ"), max_length=24, choices=State.choices)
    to_state = models.CharField(_("sang"), max_length=24, choices=State.choices)
    actor = person_kept(verbose_name=_("người thực hiện"))
    comment = models.TextField(_("ý kiến"), blank=True)
    # WrittenInOrder's field, with a name for the pages and an index of its own.
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)

    class Meta(WrittenInOrder.Meta):
        verbose_name = verbose_name_plural = _("nhật ký")
        indexes = [models.Index(fields=["initiative", "created_at"], name="log_initiative_time")]

    def __str__(self) -> str:
        from ..lifecycle import log_label

        return f"{log_label(self.action)}: {self.get_from_state_display()} → {self.get_to_state_display()}"


class Effectiveness(models.TextChoices):
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")


class Inspection(models.Model):
    """An inspection of an approved initiative's activity (step 4)."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("ngày kiểm tra"))
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người kiểm tra"), blank=True, related_name="inspections"
    )
    completion = models.PositiveSmallIntegerField(
        _("mức độ hoàn thành (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    effectiveness = models.CharField(_("hiệu quả"), max_length=16, choices=Effectiveness.choices)
    findings = models.TextField(_("kết quả kiểm tra"), blank=True)
    recommendations = models.TextField(_("kiến nghị"), blank=True)
    created_by = recorded_by(verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("kiểm tra")
        ordering = ["-inspected_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(completion__lte=100), name="inspection_completion_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.inspected_on:%d/%m/%Y}"

    def may_be_corrected_by(self, user) -> bool:
        """Whoever recorded it, or a leader of the committee that acts on the initiative: a member does
        not rewrite another member's findings, nor a committee of another level (issue 15). (Whether the
        initiative is still inspected is the page's check.)"""
        from campaigns.access import scope

        initiative = self.initiative
        return (self.created_by_id is not None and self.created_by_id == user.pk) or scope(user).leads_at(
            initiative.unit.path, initiative.level
        )

    def save(self, *args, **kwargs) -> None:
        self.findings = nfc(self.findings)
        self.recommendations = nfc(self.recommendations)
        super().save(*args, **kwargs)
        # Keep the "due for inspection" queue one indexed column away.
        Initiative.objects.filter(pk=self.initiative_id).filter(
            Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=self.inspected_on)
        ).update(last_inspected_on=self.inspected_on)


class ScoreSheetQuerySet(models.QuerySet):
    def record(self, initiative: Initiative, member, scores, submit: bool = False) -> bool:
        """Write a member's (criterion, points, comment) scores and total; submit once.

        Returns False, writing nothing, when the member's sheet was already submitted.
        """
        with transaction.atomic():
            sheet, _created = ScoreSheet.objects.get_or_create(initiative=initiative, member=member)
            # Lock out a second tab that submitted meanwhile: only an unsubmitted sheet is written.
            if ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True).update(total=F("total")) != 1:
                return False
            for criterion, points, comment in scores:
                if points is None:
                    ScoreItem.objects.filter(sheet=sheet, criterion=criterion).delete()
                    continue
                ScoreItem.objects.update_or_create(
                    sheet=sheet, criterion=criterion, defaults={"points": points, "comment": comment}
                )
            sheet.recompute_total()
            if submit:
                ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True).update(submitted_at=timezone.now())
        return True


# A submitted sheet is sealed: what the score page and the admin say to whoever tries to write it again.
SHEET_SEALED = _("Bạn đã nộp phiếu chấm điểm; phiếu đã nộp không thể sửa.")


class ScoreSheet(models.Model):
    """One committee member's scores of one initiative against the campaign's criteria."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="score_sheets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT, related_name="score_sheets"
    )
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, default=0, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("phiếu chấm điểm")
        constraints = [models.UniqueConstraint(fields=["initiative", "member"], name="one_sheet_per_member")]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.member}"

    def recompute_total(self) -> None:
        """Sum the item points into `total` and save it."""
        self.total = sum((item.points for item in self.items.all()), Decimal(0))
        ScoreSheet.objects.filter(pk=self.pk).update(total=self.total)


class ScoreItem(models.Model):
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("phiếu chấm"), on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"

    def clean(self) -> None:
        if self.criterion_id and self.points is not None and self.points > self.criterion.max_points:
            raise ValidationError(
                {"points": _("Điểm tối đa của tiêu chí này là %(max)s.") % {"max": self.criterion.max_points}}
            )


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
            "date": self.decided_on.strftime("%d/%m/%Y") if self.decided_on else "",
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
        self, actor, *, kind: str, number: str, decided_on: datetime.date, signer: str, reason: str
    ) -> RecognitionDecision:
        """Issue a new decision that corrects, replaces or revokes this one; this one stays as it was."""
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
                if kind == Amendment.REVOKE:
                    self._revoke_with_those_it_amended()
                self._log_amendment(decision, kind, reason, actor)
                # A unit must learn that its recognition was corrected, replaced or revoked, as it learnt of it.
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

    def _revoke_with_those_it_amended(self) -> None:
        """Flag this decision revoked, and the decisions it corrected or replaced, back to an earlier revocation."""
        chain, decision_ = [], self
        while decision_ is not None:
            chain.append(decision_.pk)
            decision_ = decision_.amends if decision_.amendment != Amendment.REVOKE else None
        RecognitionDecision.objects.filter(pk__in=chain).update(revoked=True)
        self.revoked = True

    def _log_amendment(self, decision: RecognitionDecision, kind: str, reason: str, actor) -> None:
        """Write on each initiative this decision recognizes the log row of its amendment (state unchanged)."""
        # The initiatives' own logs say who changed their decision, how and why.
        TransitionLog.objects.bulk_create(
            TransitionLog(
                initiative=initiative,
                action=f"decision_{kind}",
                from_state=initiative.state,
                to_state=initiative.state,
                actor=actor,
                comment=f"{decision}: {reason.strip()}",
            )
            for initiative in self.recognized_initiatives()
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


class CommendationKind(models.TextChoices):
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Giấy khen")
    HIGHER_CERTIFICATE_OF_MERIT = "higher_certificate_of_merit", _("Bằng khen")
    OTHER = "other", _("Hình thức khác")


class CommendationLevel(models.TextChoices):
    """Level of the authority that granted a commendation (recognition levels stop at the province)."""

    # The recognition levels' own values and labels, said once on Level.
    COMMUNE = Level.COMMUNE.value, Level.COMMUNE.label
    DISTRICT = Level.DISTRICT.value, Level.DISTRICT.label
    PROVINCE = Level.PROVINCE.value, Level.PROVINCE.label
    CENTRAL = "central", _("Cấp Trung ương")


class Commendation(models.Model):
    """A formal award granted to a recognized initiative (under the emulation law)."""

    initiative = initiative_link(on_delete=models.PROTECT, related_name="commendations")
    kind = models.CharField(_("hình thức khen thưởng"), max_length=32, choices=CommendationKind.choices)
    # Blank on the rows recorded before the level was asked; the forms require it for new ones.
    level = models.CharField(
        _("cấp khen thưởng"), max_length=16, choices=CommendationLevel.choices, blank=True, default=""
    )
    authority = models.CharField(_("cơ quan khen thưởng"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    recipient = models.CharField(_("tập thể, cá nhân được khen"), max_length=255)
    created_by = recorded_by(verbose_name=_("người tạo"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("khen thưởng")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.recipient}"

    def clean(self) -> None:
        if not self.initiative_id:
            return
        initiative = self.initiative
        from ..lifecycle import TransitionError

        try:
            check_commendable(initiative)
        except TransitionError as error:
            raise ValidationError(error.message) from error

    def save(self, *args, **kwargs) -> None:
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                # The proposal that asked for it is answered: granted, linked to this commendation.
                from .proposals import CommendationProposal

                for proposal in CommendationProposal.objects.open().filter(initiative_id=self.initiative_id):
                    proposal.grant(self)


# One achievement is commended once, in one form (Law 06/2022/QH15 on emulation and commendation).
ALREADY_COMMENDED = _(
    "Mô hình, điển hình này đã được khen thưởng (%(commendation)s): một thành tích không được khen thưởng "
    "hai lần hoặc bằng hai hình thức (Luật Thi đua, khen thưởng số 06/2022/QH15)."
)


def check_not_commended_twice(initiative: Initiative, decision_number: str, decided_on, recipient: str) -> None:
    """Refuse a second commendation of the same achievement (Law 06/2022, article 6).

    One decision may name several recipients of one initiative (a collective and its leader): a row
    of the same decision (number and date) for another recipient is the same award, not a second one.
    Rows recorded twice before this rule stay as they were (no constraint in the database).
    """
    from ..lifecycle import TransitionError

    same_award = Q(decision_number=(decision_number or "").strip(), decided_on=decided_on) & ~Q(
        recipient=(recipient or "").strip()
    )
    first = (
        Commendation.objects.filter(initiative_id=initiative.pk)
        .exclude(same_award)
        .order_by("decided_on", "id")
        .first()
    )
    if first is not None:
        raise TransitionError(ALREADY_COMMENDED % {"commendation": first}, code="conflict", field="decision_number")


def check_commendable(initiative: Initiative) -> None:
    """Refuse a commendation the law forbids: not recognized, frozen year, or a pending case.

    A second commendation of the same achievement is refused by `check_not_commended_twice`, which
    needs the new row's decision."""
    from campaigns.lifecycle import refuse_summarized

    from ..lifecycle import TransitionError

    if initiative.state != State.RECOGNIZED:
        raise TransitionError(_("Chỉ khen thưởng mô hình, điển hình đã được công nhận."), code="state")
    if initiative.is_frozen:
        raise refuse_summarized()
    if initiative.pending_case:
        raise TransitionError(
            _(
                "Không thể khen thưởng khi đang có vụ việc kỷ luật, điều tra hoặc khiếu nại chưa giải quyết "
                "(Nghị định 152/2025/NĐ-CP, điều 4)."
            ),
            code="needs",
        )


class ReportAssessment(models.Model):
    """The assessment a committee's secretariat writes into a summary report, kept as a draft until printed.

    One per committee and period (`Period.key`: "c12" a campaign, "2026" a year, "2020-2025" a
    period of years); the figures are counted when the report is printed, the judgement is written here.
    """

    committee = committee_link(on_delete=models.CASCADE, related_name="assessments")
    period_key = models.CharField(_("kỳ báo cáo"), max_length=20)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân của hạn chế"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ thời gian tới"), blank=True)
    updated_by = recorded_by(verbose_name=_("người cập nhật"))
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)

    TEXT_FIELDS = ("results", "shortcomings", "causes", "lessons", "directions")

    class Meta:
        verbose_name = verbose_name_plural = _("đánh giá trong báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["committee", "period_key"], name="one_assessment_per_committee_period")
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {self.period_key}"

    def save(self, *args, **kwargs) -> None:
        for name in self.TEXT_FIELDS:
            setattr(self, name, nfc(getattr(self, name)))
        super().save(*args, **kwargs)
