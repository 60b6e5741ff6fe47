"""The initiatives (mô hình / điển hình), their lifecycle records and what is reported about them."""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.indexes import PostgreSQLOnlyGinIndex, PostgreSQLOnlyIndex
from campaigns.models import Campaign, Criterion, Field, InitiativeKind, Level, SteeringCommittee, Unit
from campaigns.text import fold, nfc


class State(models.TextChoices):
    # Four states read like the action that leads to them ("Không duyệt" is both "reject" and
    # "rejected"): their labels carry a context so that English gets the state, not the verb.
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã đăng ký, chờ thẩm định")
    RETURNED = "returned", pgettext_lazy("initiative state", "Yêu cầu điều chỉnh")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", pgettext_lazy("initiative state", "Không duyệt")
    RECOGNITION_REQUESTED = "recognition_requested", pgettext_lazy("initiative state", "Đề nghị công nhận")
    RECOGNIZED = "recognized", _("Đã công nhận")
    NOT_RECOGNIZED = "not_recognized", pgettext_lazy("initiative state", "Không công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút đăng ký")


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Origin(models.TextChoices):
    NEW = "new", _("Xây dựng mới")
    MAINTAINED = "maintained", _("Duy trì")
    REPLICATED = "replicated", _("Nhân rộng")


# The registration form, in the order of the real form: the name; how the initiative is
# classified and where it comes from; then its content. Forms, the admin and the committee's
# appraisal page all take their fields from here.
REGISTRATION_HEAD = ("field", "kind", "subject", "origin", "continues", "replicates")
REGISTRATION_CONTENT = (
    "situation",
    "purpose",
    "goals",
    "solutions",
    "area",
    "address",
    "implementing_forces",
    "target_group",
    "resources",
    "starts_on",
    "ends_on",
    "expected_outputs",
    "sustainability",
    "advantages",
    "difficulties",
    "contact",
)
REGISTRATION_FIELDS = ("name", *REGISTRATION_HEAD, *REGISTRATION_CONTENT)
PERIOD_FIELDS = ("starts_on", "ends_on")
# The registration content that is free text (everything but the period).
REGISTRATION_TEXT = tuple(name for name in REGISTRATION_CONTENT if name not in PERIOD_FIELDS)

# The registration fields that `submit` requires, in the order of the real form.
REQUIRED_FOR_SUBMIT = ("name", *(name for name in REGISTRATION_CONTENT if name not in ("advantages", "difficulties")))

# Text columns stored NFC and folded into the search column.
CONTENT_FIELDS = ("name", *REGISTRATION_TEXT, "results_report")
# How much content goes into the search column besides the name: enough to find a model by
# what it does, small enough to keep the trigram index compact.
SEARCH_CONTENT_CHARS = 1500


def months_between(start, end) -> float:
    """Return the length of a period in months (30.44 days each)."""
    return ((end - start).days + 1) / 30.44


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later, clamped to the end of a shorter month (31/01 + 1 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lasts_whole_months(start: datetime.date, end: datetime.date, least: int = 1, most: int = 12) -> bool:
    """True when start..end (both days included) lasts between `least` and `most` calendar months.

    Counted by the calendar, not by days: 01/02–28/02 is one month and 01/01–31/12 is twelve.
    """
    one_day = datetime.timedelta(days=1)
    return add_months(start, least) - one_day <= end <= add_months(start, most) - one_day


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user) -> InitiativeQuerySet:
        """Return the initiatives this user may see: their units', their committees' subtree, or all."""
        from .access import visible_initiatives

        return visible_initiatives(self, user)

    def public(self) -> InitiativeQuerySet:
        """Return what the public showcase may show: recognized initiatives only."""
        return self.filter(state=State.RECOGNIZED)

    def search(self, text: str) -> InitiativeQuerySet:
        """Filter by an accent-insensitive search on name and content (every word must match)."""
        qs = self
        # A NUL (from a crafted link) would reach PostgreSQL as a parameter it refuses: a 500.
        for word in fold(text.replace("\x00", " ")).split()[:8]:
            qs = qs.filter(search_text__contains=word)
        return qs

    def with_list_columns(self) -> InitiativeQuerySet:
        """Select what list pages show, in the same query."""
        return self.select_related("unit", "field", "campaign")

    def with_mean_score(self) -> InitiativeQuerySet:
        """Annotate `mean_total` (unrounded mean of the submitted sheets' totals) and `sheet_count`."""
        return self.annotate(
            mean_total=Avg("score_sheets__total", filter=Q(score_sheets__submitted_at__isnull=False)),
            sheet_count=Count("score_sheets", filter=Q(score_sheets__submitted_at__isnull=False)),
        )


class Initiative(models.Model):
    """A model or exemplar registered by a unit in a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("đợt phát động"), on_delete=models.PROTECT, related_name="initiatives"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="initiatives")
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="initiatives")
    kind = models.CharField(_("loại"), max_length=16, choices=InitiativeKind.choices, default=InitiativeKind.MODEL)
    subject = models.CharField(_("chủ thể"), max_length=16, choices=Subject.choices, default=Subject.COLLECTIVE)
    origin = models.CharField(_("hình thức"), max_length=16, choices=Origin.choices, default=Origin.NEW)
    continues = models.ForeignKey(
        "self",
        verbose_name=_("duy trì từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continuations",
    )
    replicates = models.ForeignKey(
        "self",
        verbose_name=_("nhân rộng từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replications",
    )

    name = models.CharField(_("tên mô hình, điển hình"), max_length=500, blank=True)
    situation = models.TextField(_("thực trạng, lý do"), blank=True)
    purpose = models.TextField(_("mục đích"), blank=True)
    goals = models.TextField(_("mục tiêu, tiêu chí"), blank=True)
    solutions = models.TextField(_("nội dung, nhiệm vụ, giải pháp"), blank=True)
    area = models.CharField(_("địa bàn"), max_length=500, blank=True)
    address = models.CharField(_("địa chỉ cụ thể"), max_length=500, blank=True)
    implementing_forces = models.TextField(_("lực lượng thực hiện"), blank=True)
    target_group = models.TextField(_("đối tượng vận động"), blank=True)
    resources = models.TextField(_("nguồn lực"), blank=True)
    starts_on = models.DateField(_("thời gian bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("thời gian kết thúc"), null=True, blank=True)
    expected_outputs = models.TextField(_("sản phẩm đầu ra"), blank=True)
    sustainability = models.TextField(_("khả năng duy trì, nhân rộng"), blank=True)
    advantages = models.TextField(_("thuận lợi"), blank=True)
    difficulties = models.TextField(_("khó khăn"), blank=True)
    contact = models.CharField(_("người liên hệ, điện thoại"), max_length=255, blank=True)

    # Filled along the lifecycle, by the entry point only.
    state = models.CharField(_("trạng thái"), max_length=24, choices=State.choices, default=State.DRAFT, editable=False)
    plan_note = models.TextField(_("kế hoạch, định hướng của Ban Chỉ đạo"), blank=True, editable=False)
    confirmed_criteria = models.TextField(_("tiêu chí đã thống nhất"), blank=True, editable=False)
    supporting_cadres = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ hỗ trợ"), blank=True, related_name="supported_initiatives"
    )
    results_report = models.TextField(_("kết quả đạt được so với mục tiêu"), blank=True, editable=False)
    decision = models.ForeignKey(
        "RecognitionDecision",
        verbose_name=_("quyết định công nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
        editable=False,
    )
    outstanding = models.BooleanField(_("tiêu biểu"), default=False)
    pending_case = models.BooleanField(
        _("đang có vụ việc chưa giải quyết"),
        default=False,
        help_text=_(
            "Đang bị xem xét kỷ luật, điều tra hoặc khiếu nại: chưa được khen thưởng (Nghị định 152/2025, điều 4)."
        ),
    )

    # Brought in from a province's past lists (models_registry/imports): a historical record,
    # read-only, in a campaign of its year that was never run in DVK. The key makes re-importing
    # the same row find it again instead of adding it twice.
    imported_from = models.CharField(_("nhập từ tệp"), max_length=255, blank=True, editable=False)
    import_key = models.CharField(max_length=40, blank=True, default="", editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    search_text = models.TextField(default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("đăng ký lúc"), null=True, blank=True, editable=False)
    last_inspected_on = models.DateField(_("kiểm tra gần nhất"), null=True, blank=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = _("mô hình, điển hình")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "state"], name="initiative_campaign_state"),
            models.Index(fields=["unit", "state"], name="initiative_unit_state"),
            models.Index(fields=["state", "field"], name="initiative_state_field"),
            models.Index(fields=["-created_at", "-id"], name="initiative_newest"),
            # PostgreSQL only (campaigns/indexes.py), each found with the benchmark (bench/RESULTS.md);
            # migrations 0002–0006 say what each one fixed.
            PostgreSQLOnlyGinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="initiative_search_trgm"),
            PostgreSQLOnlyIndex(
                fields=["campaign", "state"],
                include=[
                    "id",
                    "unit",
                    "field",
                    "kind",
                    "subject",
                    "origin",
                    "outstanding",
                    "decision",
                    "replicates",
                    "last_inspected_on",
                ],
                name="initiative_year_cover",
            ),
            PostgreSQLOnlyIndex(
                fields=["-created_at", "-id"], condition=Q(state=State.RECOGNIZED), name="initiative_recognized_newest"
            ),
            PostgreSQLOnlyIndex(fields=["campaign", "state", "submitted_at", "id"], name="initiative_queue_submitted"),
            PostgreSQLOnlyIndex(
                F("campaign"),
                F("last_inspected_on").asc(nulls_first=True),
                F("id"),
                condition=Q(state=State.APPROVED),
                name="initiative_queue_inspection",
            ),
            PostgreSQLOnlyIndex(fields=["unit", "state", "campaign"], name="initiative_unit_state_campaign"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="initiative_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="initiative_one_row_per_import_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("(chưa đặt tên)"))

    def get_absolute_url(self) -> str:
        """Return the initiative's page of the staff pages (it serves the committee too)."""
        return reverse("staff:initiative_detail", args=[self.pk])

    # ----- content -----------------------------------------------------------------------
    def normalize(self) -> None:
        """Store text NFC and refresh the folded search column."""
        for name in CONTENT_FIELDS:
            setattr(self, name, nfc(getattr(self, name)))
        content = " ".join(
            getattr(self, n) for n in ("situation", "purpose", "goals", "solutions", "target_group", "area")
        )
        self.search_text = fold(f"{self.name} {content[:SEARCH_CONTENT_CHARS]}")

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors.setdefault("ends_on", []).append(_("Thời gian kết thúc phải sau thời gian bắt đầu."))
            else:
                if not lasts_whole_months(self.starts_on, self.ends_on):
                    months = months_between(self.starts_on, self.ends_on)
                    errors.setdefault("ends_on", []).append(
                        _("Thời gian thực hiện phải từ 1 đến 12 tháng (hiện là %(months).1f tháng).")
                        % {"months": months}
                    )
            if self.campaign_id:
                campaign = self.campaign
                if self.starts_on < campaign.starts_on or self.ends_on > campaign.ends_on:
                    errors.setdefault("starts_on", []).append(
                        _("Thời gian thực hiện phải nằm trong thời gian của đợt phát động (%(start)s – %(end)s).")
                        % {
                            "start": campaign.starts_on.strftime("%d/%m/%Y"),
                            "end": campaign.ends_on.strftime("%d/%m/%Y"),
                        }
                    )
        if self.campaign_id and self.unit_id and not self.unit.path.startswith(self.campaign.committee.unit.path):
            errors.setdefault("unit", []).append(_("Đơn vị không thuộc phạm vi của đợt phát động này."))
        if self.origin == Origin.MAINTAINED and not self.continues_id:
            errors.setdefault("continues", []).append(_("Hãy chọn mô hình năm trước mà mô hình này duy trì."))
        if self.origin == Origin.REPLICATED and not self.replicates_id:
            errors.setdefault("replicates", []).append(_("Hãy chọn mô hình được nhân rộng."))
        if self.origin == Origin.NEW:
            self.continues = None
            self.replicates = None
        if self.continues_id and self.pk and self.continues_id == self.pk:
            errors.setdefault("continues", []).append(_("Mô hình không thể duy trì từ chính nó."))
        if errors:
            raise ValidationError(errors)

    def save_edit(self, expected_version: int, update_fields: list[str] | None = None) -> None:
        """Save edited registration content only if nobody saved since `expected_version` was read.

        One conditional UPDATE (… WHERE version = expected) bumps the version; a stale edit
        raises StaleEdit and writes nothing, so the caller can show the user's input again.
        """
        if not self.is_editable:
            raise StaleEdit(_("Hồ sơ không còn ở trạng thái được sửa."))
        self.normalize()
        names = update_fields or [
            f.name for f in self._meta.concrete_fields if f.editable and not f.primary_key and f.name != "state"
        ]
        if "search_text" not in names:
            names.append("search_text")
        values = {name: getattr(self, name) for name in names}
        values["updated_at"] = timezone.now()
        values["version"] = F("version") + 1
        changed = Initiative.objects.filter(
            pk=self.pk, version=expected_version, state__in=[State.DRAFT, State.RETURNED]
        ).update(**values)
        if changed != 1:
            raise StaleEdit(
                _(
                    "Người khác đã lưu hồ sơ này sau khi bạn mở nó. Nội dung bạn nhập vẫn còn bên dưới; hãy tải lại để xem bản mới rồi nhập lại."
                )
            )
        self.version = expected_version + 1

    def missing_for_submit(self) -> list[str]:
        """Return the labels of required registration fields that are still empty."""
        missing = []
        for name in REQUIRED_FOR_SUBMIT:
            value = getattr(self, name)
            if value in (None, "") or (isinstance(value, str) and not value.strip()):
                missing.append(str(self._meta.get_field(name).verbose_name))
        return missing

    @property
    def is_imported(self) -> bool:
        """True for a historical record brought in from a province's sheet."""
        return bool(self.imported_from)

    @property
    def is_frozen(self) -> bool:
        """Nothing changes once the campaign is summarized."""
        return self.campaign.is_frozen

    @property
    def is_editable(self) -> bool:
        """Registration content may be edited in draft or when returned for revision."""
        return self.state in (State.DRAFT, State.RETURNED) and not self.is_frozen

    @property
    def level(self) -> str | None:
        return self.decision.level if self.decision_id else None

    def mean_score(self) -> Decimal | None:
        """Return the mean total of the submitted score sheets, or None when there are none."""
        agg = self.score_sheets.filter(submitted_at__isnull=False).aggregate(mean=Avg("total"))
        if agg["mean"] is None:
            return None
        return Decimal(agg["mean"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def recognized_before(self) -> bool:
        """True when this initiative's lineage already holds a recognized initiative."""
        return (
            self.continues_id is not None
            and Initiative.objects.filter(pk=self.continues_id, state=State.RECOGNIZED).exists()
        )


class StaleEdit(Exception):
    """An edit based on an old version: someone else saved in between."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TransitionLog(models.Model):
    """One row per move of an initiative's state: who, from, to, why, when."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="logs")
    action = models.CharField(_("thao tác"), max_length=32)
    from_state = models.CharField(_("từ"), max_length=24, choices=State.choices)
    to_state = models.CharField(_("sang"), max_length=24, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["initiative", "created_at"], name="log_initiative_time")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class Effectiveness(models.TextChoices):
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")


class Inspection(models.Model):
    """An inspection of an approved initiative's activity (step 4)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="inspections")
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiểm tra")
        verbose_name_plural = _("kiểm tra")
        ordering = ["-inspected_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(completion__lte=100), name="inspection_completion_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.inspected_on:%d/%m/%Y}"

    def save(self, *args, **kwargs) -> None:
        self.findings = nfc(self.findings)
        self.recommendations = nfc(self.recommendations)
        super().save(*args, **kwargs)
        # Keep the "due for inspection" queue one indexed column away.
        Initiative.objects.filter(pk=self.initiative_id).filter(
            Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=self.inspected_on)
        ).update(last_inspected_on=self.inspected_on)


class ScoreSheet(models.Model):
    """One committee member's scores of one initiative against the campaign's criteria."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="score_sheets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT, related_name="score_sheets"
    )
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, default=0, editable=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        constraints = [models.UniqueConstraint(fields=["initiative", "member"], name="one_sheet_per_member")]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.member}"

    def recompute_total(self) -> None:
        """Sum the item points into `total` and save it."""
        self.total = sum((item.points for item in self.items.all()), Decimal(0))
        ScoreSheet.objects.filter(pk=self.pk).update(total=self.total)


class ScoreItem(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"

    def clean(self) -> None:
        if self.criterion_id and self.points is not None and self.points > self.criterion.max_points:
            raise ValidationError(
                {"points": _("Điểm tối đa của tiêu chí này là %(max)s.") % {"max": self.criterion.max_points}}
            )


class RecognitionDecision(models.Model):
    """A committee's decision (number, date, signer) that recognizes one or many initiatives."""

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=255)
    level = models.CharField(_("cấp công nhận"), max_length=16, choices=Level.choices, editable=False)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="unique_decision_number"),
        ]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": self.decided_on.strftime("%d/%m/%Y") if self.decided_on else "",
        }

    def get_absolute_url(self) -> str:
        """Return the decision's page of the committee pages."""
        return reverse("committee:decision_detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        if not self.level and self.committee_id:
            self.level = self.committee.unit.level
        super().save(*args, **kwargs)


class CommendationKind(models.TextChoices):
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Giấy khen")
    HIGHER_CERTIFICATE_OF_MERIT = "higher_certificate_of_merit", _("Bằng khen")
    OTHER = "other", _("Hình thức khác")


class CommendationLevel(models.TextChoices):
    """Level of the authority that granted a commendation (recognition levels stop at the province)."""

    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện (trước 2025)")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp Trung ương")


class Commendation(models.Model):
    """A formal award granted to a recognized initiative (under the emulation law)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="commendations")
    kind = models.CharField(_("hình thức khen thưởng"), max_length=32, choices=CommendationKind.choices)
    # Blank on the rows recorded before the level was asked; the forms require it for new ones.
    level = models.CharField(
        _("cấp khen thưởng"), max_length=16, choices=CommendationLevel.choices, blank=True, default=""
    )
    authority = models.CharField(_("cơ quan khen thưởng"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    recipient = models.CharField(_("tập thể, cá nhân được khen"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.recipient}"

    def clean(self) -> None:
        if not self.initiative_id:
            return
        initiative = self.initiative
        from .lifecycle import TransitionError

        try:
            check_commendable(initiative)
        except TransitionError as error:
            raise ValidationError(error.message) from error


def check_commendable(initiative: Initiative) -> None:
    """Refuse a commendation the law forbids: not recognized, frozen year, or a pending case."""
    from campaigns.lifecycle import refuse_summarized

    from .lifecycle import TransitionError

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


class AttachmentPurpose(models.TextChoices):
    EVIDENCE = "evidence", _("Minh chứng kết quả")
    INSPECTION = "inspection", _("Minh chứng kiểm tra")
    OTHER = "other", _("Khác")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"evidence/{instance.initiative_id}/{filename}"


class Attachment(models.Model):
    """An evidence file (photo, minutes, report) of an initiative, served only through a scoped view."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    purpose = models.CharField(
        _("loại minh chứng"), max_length=16, choices=AttachmentPurpose.choices, default=AttachmentPurpose.EVIDENCE
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=500)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=128, editable=False)
    size = models.PositiveIntegerField(_("dung lượng"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        """Return the scoped download of the file."""
        return reverse("staff:attachment_download", args=[self.pk])

    @property
    def is_inline(self) -> bool:
        """Images and PDFs open in the browser; everything else downloads."""
        return self.content_type.startswith("image/") or self.content_type == "application/pdf"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# The import's own model lives in its room; imported here so that Django registers it with the app.
from .imports.models import ColumnMapping  # noqa: E402, F401
