"""The initiative (mô hình / điển hình): its registration, its content rules and its writes outside the lifecycle."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.fields import lifecycle_state, recorded_by, written_link
from campaigns.indexes import PostgreSQLOnlyGinIndex, PostgreSQLOnlyIndex
from campaigns.models import Campaign, Field, InitiativeKind, Level, SteeringCommittee, Unit
from campaigns.text import fold, nfc
from dvk.dates import date_text
from dvk.numbers import number_text

from .. import counts
from .initiative_rules import default_level, earlier_initiative, subject_mismatches, twin_deleted
from .queries import InitiativeQuerySet
from .refusals import WriteRefusals
from .registration import (
    CONTENT_FIELDS,
    REPLICATED_FIELDS,
    REQUIRED_FOR_SUBMIT,
    lasts_whole_months,
    months_between,
    rounded_score,
)
from .states import EDITABLE_STATES, Gender, Origin, State, Subject

if TYPE_CHECKING:
    from campaigns.access import Scope

    from .records import TransitionLog

# Written into the admin change history in the language of the person who acts.
PENDING_SET = _("Đánh dấu đang có vụ việc chưa giải quyết: %(note)s")
PENDING_CLEARED = _("Bỏ đánh dấu vụ việc chưa giải quyết: %(note)s")
# How much content goes into the search column besides the name: enough to find a model by
# what it does, small enough to keep the trigram index compact.
SEARCH_CONTENT_CHARS = 1500
# The committee's moves that send an initiative back to its unit asking for something (its page and
# the staff's forms show what was asked).
SENT_BACK_ACTIONS = ("return_for_revision", "request_more_evidence")


# A maintained model names last year's model it continues: said by the model's clean and the registration form.
CHOOSE_CONTINUED = _("Hãy chọn mô hình năm trước mà mô hình này duy trì.")
# Said by every door that edits a registration (the unit's page, the admin) when the row moved on since it
# was read: a save or a move bumps the version. A new tab, not a reload, which would send the form again.
STALE_EDIT = _(
    "Người khác đã lưu hoặc chuyển bước hồ sơ này sau khi bạn mở nó. Nội dung bạn nhập vẫn còn bên dưới; hãy mở "
    "lại hồ sơ trong thẻ mới để xem bản mới rồi nhập lại."
)
# …and when the registration is no longer in a state its unit may edit (submitted, decided).
NOT_EDITABLE = _("Hồ sơ không còn ở trạng thái được sửa.")


class Initiative(WriteRefusals, models.Model):
    """A model or exemplar registered by a unit in a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("đợt phát động"), on_delete=models.PROTECT, related_name="initiatives"
    )
    # Indexed by `initiative_unit_newest` (unit first), not by a foreign key index of its own.
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="initiatives", db_index=False
    )
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="initiatives")
    kind = models.CharField(_("loại"), max_length=16, choices=InitiativeKind.choices, default=InitiativeKind.MODEL)
    subject = models.CharField(_("chủ thể"), max_length=16, choices=Subject.choices, default=Subject.COLLECTIVE)
    origin = models.CharField(_("hình thức"), max_length=16, choices=Origin.choices, default=Origin.NEW)
    # The tie rule of commendations (women first, Law 06/2022): an exemplar's gender, a collective's
    # share of women. Optional: rows from before they were asked have neither.
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True, default="")
    women_share = models.PositiveSmallIntegerField(
        _("tỷ lệ nữ trong tập thể (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # The level it aims at, among those of the committees over its unit (default: the lowest
    # one's): the committee of that level appraises, inspects, scores and recognizes it. A plain
    # column, so reports can count by it.
    level = models.CharField(_("cấp đăng ký"), max_length=16, choices=Level.choices, blank=True)
    continues = earlier_initiative(_("duy trì từ"), related_name="continuations")
    replicates = earlier_initiative(_("nhân rộng từ"), related_name="replications")

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
    state = lifecycle_state(State, State.DRAFT, max_length=24)
    plan_note = models.TextField(_("kế hoạch, định hướng của Ban Chỉ đạo"), blank=True, editable=False)
    confirmed_criteria = models.TextField(_("tiêu chí đã thống nhất"), blank=True, editable=False)
    supporting_cadres = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ hỗ trợ"), blank=True, related_name="supported_initiatives"
    )
    results_report = models.TextField(_("kết quả đạt được so với mục tiêu"), blank=True, editable=False)
    decision = written_link(
        "RecognitionDecision", _("quyết định công nhận"), on_delete=models.PROTECT, related_name="initiatives"
    )
    outstanding = models.BooleanField(_("tiêu biểu"), default=False)
    # The steps after recognition it has reached, as bits (models/steps.py keeps them): a counted key column.
    later_steps = models.PositiveSmallIntegerField(_("số bước sau công nhận"), default=0, editable=False)
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
    import_key = models.CharField(_("khóa nhập dữ liệu"), max_length=40, blank=True, default="", editable=False)

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    search_text = models.TextField(_("chuỗi tìm kiếm"), default="", editable=False)
    created_by = recorded_by(verbose_name=_("người tạo"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("đăng ký lúc"), null=True, blank=True, editable=False)
    last_inspected_on = models.DateField(_("kiểm tra gần nhất"), null=True, blank=True, editable=False)
    # The re-reporting guard's verdict over the full history (models_registry/guard.py), kept so that
    # list pages read it instead of scoring a unit's history per row: the closest recognized
    # initiative worth showing (none: nothing close), how alike, and what that means
    # (guard.VERDICTS). Written when the registration is checked and when a new recognition
    # changes its candidates; twin_checked_at null: never checked, the first page that needs it checks it.
    recognized_twin = models.ForeignKey(
        "self",
        verbose_name=_("mô hình đã công nhận gần giống"),
        null=True,
        blank=True,
        on_delete=twin_deleted,
        related_name="+",
        editable=False,
    )
    twin_score = models.FloatField(_("mức độ giống"), null=True, blank=True, editable=False)
    twin_verdict = models.CharField(_("kết luận về trùng lặp"), max_length=16, blank=True, default="", editable=False)
    twin_checked_at = models.DateTimeField(_("kiểm tra trùng lặp lúc"), null=True, blank=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("mô hình, điển hình")
        ordering = ["-created_at", "-id"]
        indexes = [
            # With the level and the unit: a committee's queue (a campaign, a state, its level, its
            # units) is counted from the index alone (the province's recognition queue at 1M: 95 → 22 ms).
            # With the last inspection and the id (PostgreSQL; SQLite ignores INCLUDE): a commune's due
            # inspections are counted and their keys chosen from the index alone (`first_by_keys`:
            # 5.5 + 6.7 → 1.5 + 1.1 ms at 1M). Not submitted_at: with it PostgreSQL sorted the
            # province's whole appraisal queue from here instead of walking `initiative_queue_submitted`.
            models.Index(
                fields=["campaign", "state", "level", "unit"],
                include=["last_inspected_on", "id"],
                name="initiative_campaign_state",
            ),
            # With the field: a unit's list filtered by state and field reads its rows from here (at 1M
            # PostgreSQL otherwise ANDed the unit's bitmap with every recognized row of the field: 25 → 1.2 ms).
            models.Index(fields=["unit", "state", "field"], name="initiative_unit_state"),
            # A unit's rows newest first, in place of the foreign key's own index (unit_id alone): a
            # unit's list and its text search read them in the list's order and stop at the page. At
            # 1M a commune's search filtered all 2,230 of its 2 kB rows to keep 26 (24 → 8.5 ms).
            models.Index(fields=["unit", "-created_at", "-id"], name="initiative_unit_newest"),
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
                # The unit and the level a committee's scope filters on (`Scope.acting_q`), and the field
                # and kind its home page filters by, read from the index: counting the queue reads no
                # row (at 1M: 72,000 heap reads, 0.6 s; filtered by field and kind, a bitmap AND with
                # the field's 200,000 rows, 57 → 14 ms).
                include=["unit", "level", "field", "kind"],
                name="initiative_queue_inspection",
            ),
            # With the times and the id: the keys of a unit's rows in a state are sorted from the index
            # alone (`first_by_keys`): the staff home's "needs action" (9.4 → 0.8 ms at 1M), the API's
            # list filtered by year and state.
            PostgreSQLOnlyIndex(
                fields=["unit", "state", "campaign"],
                include=["updated_at", "created_at", "id"],
                name="initiative_unit_state_campaign",
            ),
            # The summary's most replicated sources (issue 16): the year's replications alone (a tenth
            # of its rows) instead of every row of the covering index filtered by origin.
            PostgreSQLOnlyIndex(
                fields=["campaign", "state"],
                include=["id", "replicates", "unit"],
                condition=Q(origin=Origin.REPLICATED, replicates__isnull=False),
                name="initiative_replications",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="initiative_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="initiative_one_row_per_import_key"
            ),
            models.CheckConstraint(
                condition=Q(women_share__isnull=True) | Q(women_share__lte=100), name="initiative_women_share_percent"
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

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The key its row holds now: the old key of this object's next counted write (models_registry.counts).
        counts.remember(instance)
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        counts.remember(self, counts.snapshot(self) or getattr(self, "_counted", None))

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        if not self.level and self.unit_id:
            self.level = default_level(self.unit)
        adding = self._state.adding
        with transaction.atomic(using=kwargs.get("using")):
            old_key = None if adding else counts.loaded_key(self)
            super().save(*args, **kwargs)
            # A new row is counted in its own transaction; a save of an existing one (rare: the
            # forms and the admin use save_edit) moves its count from the key it was read with.
            columns = counts.written(self, None if adding else kwargs.get("update_fields"))
            counts.move(old_key, counts.key_from(self, columns), using=self._state.db)
        counts.remember(self, columns)

    def acting_committee(self) -> SteeringCommittee | None:
        """Return the committee that acts on this initiative: the lowest over its unit whose level is its level.

        Committees below it over the unit see it (and may comment); those above read it only.
        `Scope.roles_at` and `acted_on_by` say the same rule for a user and for a list.
        """
        from campaigns.access import committees_over

        return next((c for c in committees_over(self.unit) if c.level == self.level), None)

    def upper_committee(self) -> SteeringCommittee | None:
        """Return the committee a nomination goes to: the lowest over the acting committee, of another level."""
        from campaigns.access import committees_over

        committees = list(committees_over(self.unit))
        acting = next((i for i, c in enumerate(committees) if c.level == self.level), None)
        if acting is None:
            return None
        return next((c for c in committees[acting + 1 :] if c.level != self.level), None)

    def open_nomination(self):
        """Return the nomination waiting for the upper committee, or None (read once per object)."""
        if not hasattr(self, "_open_nomination"):
            self._open_nomination = self.nominations.open().select_related("to_committee__unit").first()
        return self._open_nomination

    def forget_nomination(self) -> None:
        """Drop the nomination read by `open_nomination` (after one is made or decided)."""
        self.__dict__.pop("_open_nomination", None)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors.setdefault("ends_on", []).append(_("Thời gian kết thúc phải sau thời gian bắt đầu."))
            else:
                if not lasts_whole_months(self.starts_on, self.ends_on):
                    months = months_between(self.starts_on, self.ends_on)
                    errors.setdefault("ends_on", []).append(
                        _("Thời gian thực hiện phải từ 1 đến 12 tháng (hiện là %(months)s tháng).")
                        % {"months": number_text(months, 1)}
                    )
            if self.campaign_id:
                campaign = self.campaign
                if self.starts_on < campaign.starts_on or self.ends_on > campaign.ends_on:
                    errors.setdefault("starts_on", []).append(
                        _("Thời gian thực hiện phải nằm trong thời gian của đợt phát động (%(start)s – %(end)s).")
                        % {
                            "start": date_text(campaign.starts_on),
                            "end": date_text(campaign.ends_on),
                        }
                    )
        if self.campaign_id and self.unit_id and not self.unit.path.startswith(self.campaign.committee.unit.path):
            errors.setdefault("unit", []).append(_("Đơn vị không thuộc phạm vi của đợt phát động này."))
        if self.origin == Origin.MAINTAINED and not self.continues_id:
            errors.setdefault("continues", []).append(CHOOSE_CONTINUED)
        if self.origin == Origin.REPLICATED and not self.replicates_id:
            errors.setdefault("replicates", []).append(_("Hãy chọn mô hình được nhân rộng."))
        if self.origin == Origin.NEW:
            self.continues = None
            self.replicates = None
        if self.continues_id and self.pk and self.continues_id == self.pk:
            errors.setdefault("continues", []).append(_("Mô hình không thể duy trì từ chính nó."))
        for name, message in subject_mismatches(self.subject, self.gender, self.women_share).items():
            errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def save_edit(self, expected_version: int, update_fields: list[str] | None = None) -> None:
        """Save edited registration content only if nobody saved since `expected_version` was read.

        One conditional UPDATE (… WHERE version = expected) bumps the version; a stale edit
        raises StaleEdit and writes nothing, so the caller can show the user's input again.
        """
        if not self.is_editable:
            raise StaleEdit(NOT_EDITABLE)
        self.normalize()
        names = update_fields or [
            f.name for f in self._meta.concrete_fields if f.editable and not f.primary_key and f.name != "state"
        ]
        if "search_text" not in names:
            names.append("search_text")
        values = {name: getattr(self, name) for name in names}
        values["updated_at"] = timezone.now()
        values["twin_checked_at"] = None  # edited content: the guard's stored verdict is checked again
        values["version"] = F("version") + 1
        with transaction.atomic():
            # Guarded by the key the row was read with too, so the count moves from the key it leaves.
            old_key = counts.loaded_key(self)
            changed = Initiative.objects.filter(
                pk=self.pk, version=expected_version, state__in=EDITABLE_STATES, **counts.guard(self)
            ).update(**values)
            if changed == 1:
                written = counts.written(self, names)
                counts.move(old_key, counts.key_from(self, written))
        if changed != 1:
            raise StaleEdit(STALE_EDIT)
        self.version = expected_version + 1
        counts.remember(self, written)

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
        return self.state in EDITABLE_STATES and not self.is_frozen

    def mean_score(self) -> Decimal | None:
        """Return the mean total of the submitted score sheets, or None when there are none."""
        return rounded_score(
            Initiative.objects.filter(pk=self.pk).with_scores().values_list("mean_total", flat=True)[0]
        )

    def recognized_before(self) -> bool:
        """True when this initiative's lineage already holds a recognized initiative."""
        return (
            self.continues_id is not None
            and Initiative.objects.filter(pk=self.continues_id, state=State.RECOGNIZED).exists()
        )

    # ----- writes outside the lifecycle (flags, notes, copies): no state moves here --------
    # What the committee's page and the admin say when `mark_outstanding` finds the initiative not recognized.
    OUTSTANDING_ONLY_RECOGNIZED = _("Chỉ chọn tiêu biểu trong các mô hình, điển hình đã được công nhận.")

    def mark_outstanding(self, outstanding: bool = True) -> bool:
        """Set or clear the outstanding flag; False (nothing written) when `outstanding_refusal` refuses it,
        asked of the row read under its lock: decided otherwise, or the year summarized, since the page."""
        # A flag, not a state: an UPDATE of the flag alone, under the lock that lifecycle moves wait for.
        # Guarded by the state too (SQLite takes no row lock) and by the flag's old value: only a write
        # that flips it moves a count.
        with transaction.atomic():
            if Initiative.objects.locked(self, against_summary=True).outstanding_refusal():
                return False
            flipped = Initiative.objects.filter(pk=self.pk, state=State.RECOGNIZED, outstanding=not outstanding).update(
                outstanding=outstanding
            )
            if flipped:
                # A recognized initiative's other key columns no longer change: only the flag moves.
                columns = {**counts.loaded_columns(self), "state": State.RECOGNIZED}
                new = {**columns, "outstanding": outstanding}
                counts.move(
                    counts.key_from(self, {**columns, "outstanding": not outstanding}), counts.key_from(self, new)
                )
                counts.remember(self, new)
        self.outstanding = outstanding
        return True

    def outstanding_refusal_now(self) -> str:
        """Say why `mark_outstanding` refused, as the row and its campaign read now (the page's and the admin's
        message when the initiative was decided otherwise or summarized since they read it)."""
        current = Initiative.objects.select_related("campaign").get(pk=self.pk)
        return current.outstanding_refusal() or str(self.OUTSTANDING_ONLY_RECOGNIZED)

    def set_pending_case(self, pending: bool, note: str = "", by=None) -> None:
        """Set or clear the pending-case flag and note why in the initiative's history, as one write.

        Without a note (the admin, which logs its own change entry) only the flag is written. Refused once
        the year is summarized, asked of the row and its campaign read under their locks (a page read before
        the summary is not the last word).
        """
        from campaigns.lifecycle import refuse_summarized

        with transaction.atomic():
            if Initiative.objects.locked(self, against_summary=True).is_frozen:
                raise refuse_summarized()
            # Bump the version so that a registration edit opened before this cannot write the old flag back.
            Initiative.objects.filter(pk=self.pk).update(
                pending_case=pending, version=F("version") + 1, updated_at=timezone.now()
            )
            if note.strip():
                self.note_in_history(by, (PENDING_SET if pending else PENDING_CLEARED) % {"note": note.strip()})
        self.pending_case = pending

    def note_in_history(self, user, message: str, at=None) -> LogEntry:
        """Write `message` into the admin's change history of this initiative, as done by `user` (`at`: when,
        for a replayed history; now by default).

        Notes about the initiative that are not moves (a pending case, a removed file) go here and
        not to the TransitionLog: the lifecycle's "last log" must stay the last move.
        """
        return LogEntry.objects.create(
            user=user,
            content_type=ContentType.objects.get_for_model(Initiative),
            object_id=str(self.pk),
            object_repr=str(self)[:200],
            action_flag=CHANGE,
            change_message=message,
            action_time=at or timezone.now(),
        )

    def replicate_into(self, unit: Unit, campaign: Campaign, by) -> tuple[Initiative, bool]:
        """Start a draft in `unit` and `campaign` that replicates this initiative; (draft, created).

        A unit replicates one source once per campaign: when its draft exists, that one is returned.
        """
        from .replication import adapted_name  # the replication's module imports this one

        with transaction.atomic():
            draft = Initiative.objects.filter(campaign=campaign, unit=unit, replicates=self, state=State.DRAFT).first()
            if draft is not None:
                return draft, False
            copied = {name: getattr(self, name) for name in REPLICATED_FIELDS}
            # Adapted to the new unit: its own place, and a title that does not name the source's.
            # The source's own unit and those above it that are not the new unit's too (its commune,
            # when the copy is made in another commune); never the province both share.
            places = Unit.objects.filter(path__in=self.unit.ancestor_paths()).exclude(path__in=unit.ancestor_paths())
            names = list(places.order_by("-depth").values_list("name", flat=True))
            copied["name"] = adapted_name(self.name, names)
            draft = Initiative(
                campaign=campaign,
                unit=unit,
                field=self.field,
                kind=self.kind,
                subject=self.subject,
                origin=Origin.REPLICATED,
                replicates=self,
                created_by=by,
                area=unit.name,
                **copied,
            )
            draft.save()
        return draft, True

    @property
    def is_public(self) -> bool:
        """This one initiative's spelling of `InitiativeQuerySet.public()`: recognized, its decision not revoked."""
        return self.state == State.RECOGNIZED and not (self.decision_id and self.decision.revoked)

    def may_be_replicated_by(self, s: Scope) -> bool:
        """Return whether the user (their scope) is staff of a unit other than this initiative's, and it is public
        (the replicate page reads its source from `public()`: a revoked recognition is not offered)."""
        return any(unit_id != self.unit_id for unit_id in s.staff_units) and self.is_public

    def committee_request(self, logs: list[TransitionLog]) -> TransitionLog | None:
        """Return the committee's last move when it sent the initiative back and it still stands there.

        `logs` is the initiative's history, oldest first, as the page already read it (no query here).
        """
        last = logs[-1] if logs else None
        if last and last.to_state == self.state and last.action in SENT_BACK_ACTIONS:
            return last
        return None

    def readable_source(self, user) -> Initiative | None:
        """Return the initiative this replication copies, if the user may read it (`readable_by`: in their
        scope, or public — a source whose recognition was revoked is no longer public)."""
        if self.replicates_id is None:
            return None
        return (
            Initiative.objects.filter(pk=self.replicates_id)
            .readable_by(user)
            .select_related("unit", "campaign")
            .first()
        )

    def readable_replications(self, user, limit: int = 50) -> list[Initiative]:
        """Return the first `limit` replications of this initiative that the user may read (in scope or public)."""
        replications = Initiative.objects.filter(replicates=self).readable_by(user)
        return list(replications.select_related("unit", "campaign")[:limit])


class StaleEdit(Exception):
    """An edit based on an old version: someone else saved in between."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message
