"""Who runs the movement and the yearly frame: units, committees, fields, campaigns, criteria."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator, validate_comma_separated_integer_list
from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .fields import committee_link, lifecycle_state, user_link
from .indexes import PostgreSQLOnlyIndex
from .parts import save_campaign_parts
from .text import fold, nfc


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    DISTRICT = "district", _("Huyện (trước 2025)")
    HAMLET = "hamlet", _("Ấp")
    URBAN_HAMLET = "urban_hamlet", _("Khóm")
    STREET_GROUP = "street_group", _("Tổ dân phố")
    RESIDENTIAL_AREA = "residential_area", _("Khu dân cư")
    AGENCY = "agency", _("Cơ quan")
    FRONT = "front", _("Mặt trận Tổ quốc, đoàn thể")
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    SCHOOL = "school", _("Trường học")
    OTHER = "other", _("Khác")


class Level(models.TextChoices):
    """Level of recognition, taken from the committee's unit."""

    GRASSROOTS = "grassroots", _("Cơ sở")
    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện (trước 2025)")
    PROVINCE = "province", _("Cấp tỉnh")


LEVEL_OF_KIND = {
    UnitKind.PROVINCE: Level.PROVINCE,
    UnitKind.DISTRICT: Level.DISTRICT,
    UnitKind.COMMUNE: Level.COMMUNE,
    UnitKind.WARD: Level.COMMUNE,
    UnitKind.SPECIAL_ZONE: Level.COMMUNE,
}


def level_of_kind(kind: str) -> str:
    """The level of recognition a committee at a unit of this kind gives (grassroots below a commune)."""
    return LEVEL_OF_KIND.get(kind, Level.GRASSROOTS)


# Materialized path: each unit's id, zero-padded, then "/". One LIKE 'prefix%' query
# finds a whole subtree on SQLite and PostgreSQL, whatever the depth.
PATH_STEP = 7


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        """Return the unit and all its descendants, in one query."""
        return self.filter(path__startswith=unit.path)

    def visible_to(self, user) -> UnitQuerySet:
        """Return the units this user works in or oversees (all for administrators)."""
        from .access import scope

        return scope(user).filter_units(self)


# A unit under itself would corrupt every path below it: said by the form's clean and by save().
PARENT_CYCLE = _("Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới của nó làm cấp trên.")


class Unit(models.Model):
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("mã"), max_length=32, blank=True)
    path = models.CharField(_("đường dẫn trong cây đơn vị"), max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(_("độ sâu trong cây đơn vị"), editable=False, default=0)
    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=255, editable=False, default="", db_index=True)
    # The 2025 mergers: a commune formed from three, a hamlet renamed. History follows these links.
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("hình thành từ các đơn vị"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [
            # For `path LIKE 'prefix%'` (migration 0002). It repeats the `_like` index that
            # `db_index=True` already gives `path` on PostgreSQL; declared as the database has it.
            PostgreSQLOnlyIndex(fields=["path"], opclasses=["varchar_pattern_ops"], name="campaigns_unit_path_like"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        """Return the level of recognition that a committee at this unit gives."""
        return level_of_kind(self.kind)

    def clean(self) -> None:
        if self.pk and self.parent_id and self.path:
            parent = Unit.objects.get(pk=self.parent_id)
            if parent.path.startswith(self.path):
                raise ValidationError({"parent": PARENT_CYCLE})

    def _own_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:0{PATH_STEP}d}/"

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.search_text = fold(self.name)
        with transaction.atomic():
            old_path = self.path
            if old_path and self.parent_id and self.parent.path.startswith(old_path):
                # A cycle would corrupt every path below: refuse it here too, not only in clean().
                raise ValidationError({"parent": PARENT_CYCLE})
            super().save(*args, **kwargs)
            new_path = self._own_path()
            if new_path != old_path:
                new_depth = new_path.count("/") - 1
                Unit.objects.filter(pk=self.pk).update(path=new_path, depth=new_depth)
                if old_path:
                    # Moving a unit moves its subtree: one UPDATE rewrites every descendant.
                    Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                        depth=F("depth") + (new_depth - old_path.count("/") + 1),
                    )
                self.path, self.depth = new_path, new_depth
                if old_path:
                    from .signals import unit_moved

                    unit_moved.send(sender=Unit, unit=self, old_path=old_path, new_path=new_path)

    def with_predecessors(self) -> set[int]:
        """Return the ids of this unit and of every unit it was formed from, transitively.

        The one answer to "whose history is this unit's": the re-reporting guard, the history of
        a merged commune and multi-year reports all follow it. One query per generation of mergers.
        """
        found, frontier = {self.pk}, {self.pk}
        through = Unit.predecessors.through
        while frontier:
            earlier = set(through.objects.filter(from_unit_id__in=frontier).values_list("to_unit_id", flat=True))
            frontier = earlier - found
            found |= frontier
        return found

    def ancestor_paths(self) -> list[str]:
        """Return the paths of this unit and all its ancestors (no query)."""
        steps = self.path.split("/")[:-1]
        return ["".join(s + "/" for s in steps[: i + 1]) for i in range(len(steps))]


class UnitMembership(models.Model):
    """A user who works as staff of a unit and registers its initiatives."""

    user = user_link(related_name="unit_memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships")
    title = models.CharField(_("chức vụ"), max_length=128, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("cán bộ đơn vị")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unique_unit_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit}"


class Profile(models.Model):
    """What DVK keeps of a person beyond the login: the phone (brought in by the people import).

    One row per user, made when there is something to keep; a person without one has no phone on file.
    """

    user = user_link(related_name="profile", field=models.OneToOneField)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("hồ sơ người dùng")

    def __str__(self) -> str:
        return str(self.user)


def phone_of(user) -> str:
    """The user's phone, or "" (reads the profile: select_related("user__profile") to keep lists at one query)."""
    try:
        return user.profile.phone
    except Profile.DoesNotExist:
        return ""


class SteeringCommittee(models.Model):
    """A steering committee attached to a unit; it oversees that unit's whole subtree."""

    name = models.CharField(_("tên Ban Chỉ đạo"), max_length=255)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="committees")

    class Meta:
        verbose_name = verbose_name_plural = _("Ban Chỉ đạo")
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.unit.level

    def paper_settings(self) -> DocumentSettings:
        """Return how this committee's papers look; unsaved defaults (state format) when never set."""
        try:
            return self.document_settings
        except DocumentSettings.DoesNotExist:
            return DocumentSettings(committee=self, place=getattr(settings, "DVK_REPORT_PLACE", "Vĩnh Long"))


# The papers' settings live in documents.py (one concern per module); imported here for the app registry.
from .documents import DocumentFormat, DocumentSettings, LegalBasis, SigningAuthority  # noqa: E402, F401


class Role(models.TextChoices):
    CHAIR = "chair", _("Trưởng ban")
    VICE_CHAIR = "vice_chair", _("Phó ban")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Thư ký")
    SECRETARIAT = "secretariat", _("Cơ quan thường trực")


# Roles that launch and summarize campaigns, sign recognition decisions and record commendations.
LEADING_ROLES = frozenset({Role.CHAIR, Role.SECRETARY, Role.SECRETARIAT})


class CommitteeMembership(models.Model):
    committee = committee_link(on_delete=models.CASCADE, related_name="memberships")
    user = user_link(related_name="committee_memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = verbose_name_plural = _("thành viên Ban Chỉ đạo")
        constraints = [models.UniqueConstraint(fields=["committee", "user"], name="unique_committee_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.committee}"


class Field(models.Model):
    """A field (lĩnh vực) of the movement; data, not code, so a province may edit them."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    # A field is data, not a msgid: its English name is data too, shown in the English interface.
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=255,
        blank=True,
        help_text=_("Tên hiển thị khi người dùng chọn giao diện tiếng Anh; để trống thì hiện tên tiếng Việt."),
    )
    description = models.TextField(_("mô tả, gợi ý nội dung"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Return the field's name in the active language (the Vietnamese name when no English one is set)."""
        return field_label(self.name, self.name_en)


def field_label(name: str, name_en: str | None) -> str:
    """Return a field's name in the active language, from its two columns (for rows read with `values()`)."""
    from django.utils.translation import get_language

    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    LAUNCHED = "launched", _("Đã phát động")
    SUMMARIZED = "summarized", _("Đã tổng kết")


class RegistrationStatus(models.TextChoices):
    """Whether a campaign takes registrations on a day (`Campaign.registration_status`)."""

    NOT_OPEN = "not_open", _("chưa mở đăng ký")
    OPEN = "open", _("đang mở đăng ký")
    CLOSED = "closed", _("đã hết hạn đăng ký")


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        """Return the campaigns this user may see: launched ones above or in their scope; drafts to their committee."""
        from .access import scope

        return scope(user).filter_campaigns(self)

    def not_summarized(self) -> CampaignQuerySet:
        """Return the campaigns whose records may still change (drafts and launched ones)."""
        return self.exclude(state=CampaignState.SUMMARIZED)

    def criteria_unlocked(self) -> CampaignQuerySet:
        """Return the campaigns whose criteria may still change (the queryset form of `Campaign.criteria_locked`)."""
        return self.not_summarized().exclude(initiatives__score_sheets__isnull=False)

    def open_for_registration(self, on: datetime.date | None = None) -> CampaignQuerySet:
        """Return launched campaigns whose registration window contains the given day."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(
            state=CampaignState.LAUNCHED, registration_opens_on__lte=day, registration_closes_on__gte=day
        )

    def current_for(self, unit: Unit, on: datetime.date | None = None) -> Campaign | None:
        """Return the campaign a unit registers in now: open for registration, of a committee over the
        unit, the one running today first and then the newest (never last year's while this year's is open)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        running = Case(When(starts_on__lte=day, ends_on__gte=day, then=0), default=1)
        return (
            self.open_for_registration(day)
            .filter(committee__unit__path__in=unit.ancestor_paths())
            .order_by(running, "-year", "-starts_on", "registration_closes_on", "pk")
            .first()
        )


class Campaign(models.Model):
    """A yearly campaign of the movement, launched and summarized by its committee."""

    committee = committee_link(on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(_("tên đợt phát động"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    theme = models.TextField(_("chủ đề"), blank=True)
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"))
    registration_opens_on = models.DateField(_("mở đăng ký từ"))
    registration_closes_on = models.DateField(_("hạn đăng ký"))
    requires_inspection = models.BooleanField(
        _("bắt buộc kiểm tra trước khi công nhận"),
        default=True,
        help_text=_("Mô hình phải có ít nhất một lần kiểm tra trước khi đề nghị công nhận."),
    )
    sends_reminders = models.BooleanField(
        _("gửi nhắc việc trước các hạn"),
        default=True,
        help_text=_(
            "Nhắc đơn vị hạn đăng ký, hạn báo cáo kết quả; nhắc Ban Chỉ đạo kiểm tra, chấm điểm, ngày 15/10 và 15/12."
        ),
    )
    reminder_days = models.CharField(
        _("nhắc trước hạn (ngày)"),
        max_length=32,
        default="7,1",
        validators=[validate_comma_separated_integer_list],
        help_text=_("Số ngày trước mỗi hạn, cách nhau bởi dấu phẩy, ví dụ 7,1."),
    )
    # The quorum: a single member's sheet must not decide a recognition.
    quorum = models.PositiveSmallIntegerField(
        _("số phiếu chấm điểm tối thiểu"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Số phiếu chấm điểm đã nộp cần có trước khi công nhận một hồ sơ."),
    )
    state = lifecycle_state(CampaignState, CampaignState.DRAFT)
    lessons_learned = models.TextField(_("bài học kinh nghiệm"), blank=True)
    launched_at = models.DateTimeField(_("phát động lúc"), null=True, blank=True, editable=False)
    summarized_at = models.DateTimeField(_("tổng kết lúc"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("đợt phát động")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """Return the name with its year after it, unless the name already says the year ("… năm 2026")."""
        year = str(self.year)
        return self.name if year in self.name else f"{self.name} ({year})"

    def get_absolute_url(self) -> str:
        """Return the campaign's page."""
        return reverse("campaigns:detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
        if self.registration_opens_on and self.registration_closes_on:
            if self.registration_closes_on < self.registration_opens_on:
                errors["registration_closes_on"] = _("Hạn đăng ký phải sau ngày mở đăng ký.")
            elif self.ends_on and self.registration_closes_on > self.ends_on:
                errors["registration_closes_on"] = _("Hạn đăng ký phải nằm trong thời gian của đợt phát động.")
        if "ends_on" not in errors and self.is_period and "giai doan" not in fold(self.name or ""):
            errors["name"] = _(
                "Đợt phát động kéo dài %(months)s tháng (hơn 12 tháng) là một giai đoạn, không phải một năm: "
                "hãy đặt tên có chữ “giai đoạn”, ví dụ “Dân vận khéo giai đoạn %(start)s–%(end)s”."
            ) % {"months": self.length_in_months, "start": self.starts_on.year, "end": self.ends_on.year}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.theme = nfc(self.theme)
        self.lessons_learned = nfc(self.lessons_learned)
        super().save(*args, **kwargs)

    def save_draft(self, fields: Iterable[str] = (), save_parts: Callable[[Campaign], None] | None = None) -> bool:
        """Write this draft and its parts (criteria, documents) in one transaction; False if no longer a draft.

        A new campaign is inserted. An existing one writes `fields` only while it is still a draft
        (compare-and-set on the state: a campaign launched meanwhile is never written back to draft),
        and then nothing of its parts is written either.
        """
        with transaction.atomic():
            if self.pk is None:
                self.save()
            else:
                self.name, self.theme = nfc(self.name), nfc(self.theme)
                values = {name: getattr(self, name) for name in fields}
                if not Campaign.objects.filter(pk=self.pk, state=CampaignState.DRAFT).update(**values):
                    transaction.set_rollback(True)
                    return False
            if save_parts is not None:
                save_parts(self)
        return True

    def save_amendment(self, actor, before: Campaign, changes: Sequence[str], blocks, documents) -> bool:
        """Write a launched campaign's amendment, log it and announce it to the units, in one transaction.

        `self` carries the amended values (deadline, theme), `before` the campaign as stored: a moved
        deadline is announced as such. Only a campaign still launched is written (compare-and-set on
        the state): one summarized meanwhile is refused (PermissionDenied) and keeps what it had.
        False (nothing written) when a first score sheet locked the criteria while the page was open.
        """
        from .lifecycle import announce

        with transaction.atomic():
            written = Campaign.objects.filter(pk=self.pk, state=CampaignState.LAUNCHED).update(
                theme=self.theme, registration_closes_on=self.registration_closes_on
            )
            if not written:
                raise PermissionDenied(gettext("Đợt phát động vừa được tổng kết: không thể điều chỉnh nữa."))
            if blocks and not Campaign.objects.criteria_unlocked().filter(pk=self.pk).exists():
                # A first sheet came in while the page was open: keep the criteria as scored.
                transaction.set_rollback(True)
                return False
            save_campaign_parts(self, blocks, documents)
            log = CampaignLog.objects.create(
                campaign=self,
                action=CampaignLog.AMENDMENT,
                from_state=self.state,
                to_state=self.state,
                actor=actor,
                comment="\n".join(changes),
            )
            # A new deadline is said as such; any other change as an edit (the log's words go with it).
            moved = self.registration_closes_on != before.registration_closes_on
            announce(self, "deadline_changed" if moved else "campaign_edited", actor, comment=log.comment)
        return True

    @property
    def is_period(self) -> bool:
        """True when the campaign runs more than 12 months: a period (giai đoạn), not a year."""
        if not (self.starts_on and self.ends_on):
            return False
        start = self.starts_on
        try:
            a_year_on = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            a_year_on = start.replace(year=start.year + 1, day=28)
        return self.ends_on >= a_year_on

    @property
    def length_in_months(self) -> int:
        """Return the campaign's length in whole months, rounded (for messages)."""
        return round(((self.ends_on - self.starts_on).days + 1) / 30.44)

    @property
    def is_frozen(self) -> bool:
        """A summarized campaign freezes everything under it."""
        return self.state == CampaignState.SUMMARIZED

    @cached_property
    def is_scoring_started(self) -> bool:
        """True once any initiative of this campaign has a score sheet (one query, read once per instance)."""
        # Asked through the relation names (initiatives → score_sheets): this app never imports the registry.
        return (
            self.pk is not None
            and Campaign.objects.filter(pk=self.pk, initiatives__score_sheets__isnull=False).exists()
        )

    @property
    def criteria_locked(self) -> bool:
        """Criteria and thresholds no longer change: a sheet scored against them exists, or the campaign is summarized.

        The one rule for the campaign pages and the admin alike: changing a threshold after the first
        sheet would judge some initiatives by one bar and others by another.
        """
        return self.is_frozen or self.is_scoring_started

    def registration_status(self, on: datetime.date | None = None) -> RegistrationStatus:
        """Say whether the campaign takes registrations on `on` (today): only launched and inside its window;
        a draft has not opened yet, and summarizing ends registration. The one rule the registration form,
        the campaign list, its page and its overview read (`open_for_registration` is its query)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        if self.is_frozen or day > self.registration_closes_on:
            return RegistrationStatus.CLOSED
        if self.state == CampaignState.LAUNCHED and self.registration_opens_on <= day:
            return RegistrationStatus.OPEN
        return RegistrationStatus.NOT_OPEN

    def registration_is_open(self, on: datetime.date | None = None) -> bool:
        return self.registration_status(on) == RegistrationStatus.OPEN

    def reminder_offsets(self) -> list[int]:
        """Return the days before a deadline on which to remind, largest first (none when reminders are off)."""
        if not self.sends_reminders:
            return []
        return sorted({int(d) for d in self.reminder_days.split(",") if d.strip().isdigit()}, reverse=True)

    def criteria_set_for(self, kind: str) -> CriteriaSet | None:
        """Return the criteria set for an initiative kind (model / exemplar), if any."""
        for criteria_set in self.criteria_sets.all():
            if criteria_set.kind == kind:
                return criteria_set
        return None


# The creation token lives beside its helpers in submissions.py (one concern per module); imported here
# for the app registry.
# The criteria a campaign recognizes by live in criteria.py (one concern per module); imported here
# for the app registry.
# A campaign's log and launch documents live in records.py (one concern per module); imported here
# for the app registry, after Campaign and CampaignState, which records.py takes from this module.
from .criteria import CriteriaSet, Criterion, InitiativeKind  # noqa: E402, F401
from .records import CampaignDocument, CampaignLog, campaign_document_path  # noqa: E402, F401
from .submissions import Submission, SubmissionQuerySet  # noqa: E402, F401
