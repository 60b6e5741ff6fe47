"""What is recorded about an initiative along its lifecycle: moves, inspections, scores, awards (decisions: decisions.py)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.bases import WrittenInOrder
from campaigns.fields import committee_link, person_kept, recorded_by
from campaigns.lifecycle import TransitionError, refuse_conflict, refuse_needs, refuse_role, refuse_summarized
from campaigns.models import Criterion, Level
from campaigns.text import nfc
from dvk.dates import date_text

from .fields import initiative_link
from .initiative import Initiative
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


class InspectionQuerySet(models.QuerySet):
    def record(self, initiative: Initiative, actor, *, inspectors, notify: bool = True, **fields) -> Inspection:
        """Record an inspection of `initiative` by `actor` with its `inspectors`: the one way in.

        Refused (TransitionError) to whoever does not sit on the initiative's acting committee, and while
        the initiative is not inspected (`inspection_refusal`). `fields` are the inspection's own (date,
        completion, effectiveness, findings, recommendations). The unit's staff are told after commit
        (unless `notify` is False: a replayed history has no one to tell).
        """
        from ..access import INSPECTORS_ONLY, is_committee_member_for

        if not is_committee_member_for(actor, initiative):
            raise TransitionError(str(INSPECTORS_ONLY), code="role")
        with transaction.atomic():
            if refusal := Initiative.objects.locked(initiative).inspection_refusal():
                raise TransitionError(refusal, code="state")
            inspection = Inspection.objects.create(initiative=initiative, created_by=actor, **fields)
            inspection.inspectors.set(inspectors)
            if notify:
                from ..notices import tell_unit

                tell_unit(initiative, "inspection_recorded", actor, comment=inspection.findings)
        return inspection


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

    objects = InspectionQuerySet.as_manager()

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
        from ..access import is_leader_for

        return (self.created_by_id is not None and self.created_by_id == user.pk) or is_leader_for(
            user, self.initiative
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
    def submitted(self) -> ScoreSheetQuerySet:
        """The sheets their members have submitted: the only ones that count (the mean, the quorum, the minutes)."""
        return self.filter(submitted_at__isnull=False)

    def drafts(self) -> ScoreSheetQuerySet:
        """The sheets still being written: their members may change them, or remove them by declaring a conflict."""
        return self.filter(submitted_at__isnull=True)

    def submitted_with_points(self) -> ScoreSheetQuerySet:
        """The submitted sheets as the score page and the meeting's minutes list them: in the order they came
        in, each with its member and its points (one query each)."""
        return self.submitted().select_related("member").prefetch_related("items").order_by("submitted_at", "id")

    def discard(self) -> None:
        """Remove these sheets with their points, all or none, and only while every one is a draft.

        Compare-and-set on "not submitted": a sheet submitted on the score page while an admin's delete page
        was open is kept, and so are the others (TransitionError), never removed with its member's submission.
        """
        with transaction.atomic():
            chosen = ScoreSheet.objects.filter(pk__in=list(self.values_list("pk", flat=True)))
            chosen.drafts().delete()
            if chosen.submitted().exists():
                raise TransitionError(SHEET_SEALED, code="conflict")  # rolls the drafts' deletion back

    def record(self, initiative: Initiative, member, scores, submit: bool = False) -> ScoreSheet:
        """Write a member's (criterion, points, comment) scores and total; submit once; return the sheet.

        Refused (TransitionError, code "conflict", `SHEET_SEALED`), writing nothing, when the member's
        sheet is already submitted (another tab sent it). Refused (TransitionError), read under the
        initiative's lock, once the initiative no longer awaits recognition or its campaign is summarized
        (a sheet never lands after the decision it could have changed), and while the committee's word
        sets the member aside (`set_aside_refusal`: a conflict declared, other scorers named). Who may
        enter a sheet is each door's rule (the score page: `scoring_refusal`; the admin: `sheet_refusal`).
        """
        from ..access import set_aside_refusal

        with transaction.atomic():
            if refusal := Initiative.objects.locked(initiative).scoring_state_refusal():
                raise TransitionError(refusal, code="state")
            if refusal := set_aside_refusal(member, initiative, named=True):
                raise TransitionError(refusal, code="role")
            sheet, _created = ScoreSheet.objects.get_or_create(initiative=initiative, member=member)
            # Lock out a second tab that submitted meanwhile: only an unsubmitted sheet is written.
            if ScoreSheet.objects.filter(pk=sheet.pk).drafts().update(total=F("total")) != 1:
                raise TransitionError(SHEET_SEALED, code="conflict")
            for criterion, points, comment in scores:
                if points is None:
                    ScoreItem.objects.filter(sheet=sheet, criterion=criterion).delete()
                    continue
                ScoreItem.objects.update_or_create(
                    sheet=sheet, criterion=criterion, defaults={"points": points, "comment": comment}
                )
            sheet.recompute_total()
            if submit:
                sheet.submitted_at = timezone.now()
                ScoreSheet.objects.filter(pk=sheet.pk).drafts().update(submitted_at=sheet.submitted_at)
        return sheet


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

    def discard(self) -> None:
        """Remove this sheet and its points while it is a draft; a submitted sheet is sealed (`ScoreSheetQuerySet.discard`)."""
        ScoreSheet.objects.filter(pk=self.pk).discard()

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


class CommendationQuerySet(models.QuerySet):
    def standing(self) -> CommendationQuerySet:
        """Return the awards not recovered: what the reports count and the showcase and open data show (the
        rule is `steps.standing_commendations`, which the kept counts and the migrations use too)."""
        from .steps import standing_commendations

        return standing_commendations(self)

    def record(
        self,
        initiative: Initiative,
        actor,
        *,
        kind: str,
        level: str,
        authority: str,
        decision_number: str,
        decided_on,
        recipient: str,
        notify: bool = True,
    ) -> Commendation:
        """Record the award the authority granted to `initiative`, entered by `actor`: the one way in.

        Refused (TransitionError) to whoever does not lead the initiative's acting committee, and where
        the law forbids it (`check_commendable`, `check_not_commended_twice`). The open proposal that
        asked for it is answered (`Commendation.save`); the unit's staff are told after commit (unless
        `notify` is False), so an enclosing transaction that rolls back tells nobody.
        """
        from ..access import is_leader_for

        if not is_leader_for(actor, initiative):
            raise refuse_role(gettext("Ghi nhận khen thưởng"))
        commendation = Commendation(
            initiative=initiative,
            kind=kind,
            level=level,
            authority=nfc(authority.strip()),
            decision_number=nfc(decision_number.strip()),
            decided_on=decided_on,
            recipient=nfc(recipient.strip()),
            created_by=actor,
        )
        with transaction.atomic():
            # Two leaders at once: the row lock orders them, the second sees the first's commendation; and
            # a pending case, a revocation or the year's summary that came first is read here.
            check_commendable(Initiative.objects.locked(initiative, against_summary=True))
            check_not_commended_twice(initiative, commendation.decision_number, decided_on, commendation.recipient)
            commendation.save()
            if notify:
                from ..notices import tell_unit

                tell_unit(initiative, "commendation_recorded", actor, comment=str(commendation))
        return commendation


# The fields a recovery writes (`Commendation.recover`): the authority's decision, who recorded it, and
# `updated_at`, which an integration syncing awards reads (`?changed_since=`; auto_now only moves when named).
RECOVERY_FIELDS = (
    "recovery_number",
    "recovered_on",
    "recovery_reason",
    "recovery_recorded_by",
    "recovery_recorded_at",
    "updated_at",
)


class Commendation(models.Model):
    """A formal award granted to a recognized initiative (under the emulation law).

    DVK records the award, it does not grant it; nor does it recover it: when the authority recovers an
    award (Law 06/2022: awards obtained by fraud are recovered), its decision is recorded here (`recover`)
    and the award stops counting, the row kept for the record.
    """

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
    # Moved by every save (a correction, a recovery): the API's `changed_since` reads it.
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # The authority's decision that recovered the award, written only by `recover`.
    recovery_number = models.CharField(_("số quyết định thu hồi"), max_length=64, blank=True, editable=False)
    recovered_on = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True, editable=False)
    recovery_reason = models.TextField(_("lý do thu hồi"), blank=True, editable=False)
    recovery_recorded_by = recorded_by(verbose_name=_("người ghi nhận thu hồi"), blank=True)
    recovery_recorded_at = models.DateTimeField(_("ghi nhận thu hồi lúc"), null=True, blank=True, editable=False)

    objects = CommendationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("khen thưởng")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.recipient}"

    @property
    def is_recovered(self) -> bool:
        return self.recovered_on is not None

    @property
    def recovery_line(self) -> str:
        """Say which decision recovered the award, and why (the pages and the initiative's history)."""
        return gettext("Đã bị thu hồi theo Quyết định số %(number)s ngày %(date)s: %(reason)s") % {
            "number": self.recovery_number,
            "date": date_text(self.recovered_on),
            "reason": self.recovery_reason,
        }

    def recover(self, actor, *, number: str, decided_on, reason: str, at=None, notify: bool = True) -> None:
        """Record that the authority recovered this award by a decision: its number, date and reason.

        Recorded by those who record awards (the leaders of the initiative's acting committee), also after
        the year is summarized: it is a new decision, not an edit of the year. The award stops counting in
        the kept counts and the funnel (the save's receivers), the initiative's history says it, and the
        unit's staff are told (unless `notify` is False: a replayed history has no one to tell).
        """
        from ..access import is_leader_for

        initiative = self.initiative
        if not is_leader_for(actor, initiative):
            raise refuse_role(gettext("Ghi nhận thu hồi khen thưởng"))
        number, reason = nfc((number or "").strip()), nfc((reason or "").strip())
        asked = (
            (_("số quyết định thu hồi"), number),
            (_("ngày quyết định thu hồi"), decided_on),
            (_("lý do thu hồi"), reason),
        )
        missing = [label for label, value in asked if not value]
        if missing:
            raise refuse_needs(missing)
        if decided_on < self.decided_on:
            raise TransitionError(
                gettext("Quyết định thu hồi không thể trước quyết định khen thưởng (%(date)s).")
                % {"date": date_text(self.decided_on)},
                code="needs",
                field="recovered_on",
            )
        if decided_on > timezone.localdate():
            raise TransitionError(
                gettext("Ngày quyết định thu hồi không thể ở tương lai."), code="needs", field="recovered_on"
            )
        with transaction.atomic():
            # Two leaders (or two tabs) at once: the row lock orders them, the second finds it recovered.
            if Commendation.objects.select_for_update().standing().filter(pk=self.pk).first() is None:
                raise refuse_conflict()
            self.recovery_number, self.recovered_on, self.recovery_reason = number, decided_on, reason
            self.recovery_recorded_by, self.recovery_recorded_at = actor, at or timezone.now()
            self.save(update_fields=RECOVERY_FIELDS)
            if at is not None:
                # A replayed recovery is dated when it happened: auto_now stamped the present.
                Commendation.objects.filter(pk=self.pk).update(updated_at=at)
                self.updated_at = at
            initiative.note_in_history(actor, f"{self}: {self.recovery_line}", at=self.recovery_recorded_at)
            if notify:
                from ..notices import tell_unit

                data = {"recipient": self.recipient, "number": number, "date": decided_on.isoformat()}
                tell_unit(initiative, "commendation_recovered", actor, comment=reason, data=data)

    def correct(self, actor, **values) -> None:
        """Write a correction of this award as recorded (a slip in its number, date, authority or recipient),
        by those who record awards, noted in the initiative's history.

        Refused in a summarized year and once the authority recovered the award, asked of the rows read
        under their locks: a summary or a recovery (another tab) that came after the page came first here.
        """
        from ..access import COMMENDATION_RECORDERS_ONLY, is_leader_for

        if unknown := set(values) - set(AWARD_FIELDS):
            raise ValueError(f"Not corrected here: {sorted(unknown)}")
        if not is_leader_for(actor, self.initiative):
            raise TransitionError(COMMENDATION_RECORDERS_ONLY, code="role")
        with transaction.atomic():
            if Initiative.objects.locked(self.initiative, against_summary=True).is_frozen:
                raise refuse_summarized()
            if Commendation.objects.select_for_update().standing().filter(pk=self.pk).first() is None:
                raise TransitionError(RECOVERED_NOT_CORRECTED, code="state")
            for name, value in values.items():
                setattr(self, name, value)
            self.save(update_fields=[*values, "updated_at"])
            self.initiative.note_in_history(actor, CORRECTED_NOTE % {"commendation": self})

    def clean(self) -> None:
        if not self.initiative_id:
            return
        initiative = self.initiative
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


# An award as its decision states it: what the form records and a correction may change
# (`Commendation.correct`); what a correction says once the award was recovered, and the note it leaves.
AWARD_FIELDS = ("kind", "level", "authority", "decision_number", "decided_on", "recipient")
RECOVERED_NOT_CORRECTED = _("Khen thưởng này đã bị thu hồi: không sửa được.")
CORRECTED_NOTE = _("Sửa khen thưởng “%(commendation)s”.")

# One achievement is commended once, in one form (Law 06/2022/QH15 on emulation and commendation).
ALREADY_COMMENDED = _(
    "Mô hình, điển hình này đã được khen thưởng (%(commendation)s): một thành tích không được khen thưởng "
    "hai lần hoặc bằng hai hình thức (Luật Thi đua, khen thưởng số 06/2022/QH15)."
)


def check_not_commended_twice(initiative: Initiative, decision_number: str, decided_on, recipient: str) -> None:
    """Refuse a second commendation of the same achievement (Law 06/2022, article 6).

    One decision may name several recipients of one initiative (a collective and its leader): a row
    of the same decision (number and date) for another recipient is the same award, not a second one.
    Rows recorded twice before this rule stay as they were (no constraint in the database). An award
    its authority recovered is no longer held (`standing`): the achievement may be commended again. A
    recovery for fraud comes with the recognition revoked, which `check_commendable` refuses.
    """
    same_award = Q(decision_number=(decision_number or "").strip(), decided_on=decided_on) & ~Q(
        recipient=(recipient or "").strip()
    )
    first = (
        Commendation.objects.standing()
        .filter(initiative_id=initiative.pk)
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
