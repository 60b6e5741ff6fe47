"""The inbox: one row per person told about something, and how each person wants to be told."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.fields import person_kept
from dvk.dates import date_text


class Kind(models.TextChoices):
    """What happened. The moves' values and labels are those of `models_registry.lifecycle.TRANSITIONS` (a test checks),
    under the context "notification": the same words as the button in Vietnamese, but news in English
    ("Approved", not "Approve", which read as an order in a mail's subject)."""

    SUBMIT = "submit", pgettext_lazy("notification", "Gửi đăng ký")
    RETURN_FOR_REVISION = "return_for_revision", pgettext_lazy("notification", "Yêu cầu điều chỉnh")
    APPROVE = "approve", pgettext_lazy("notification", "Duyệt")
    REJECT = "reject", pgettext_lazy("notification", "Không duyệt")
    REQUEST_RECOGNITION = "request_recognition", pgettext_lazy("notification", "Đề nghị công nhận")
    REQUEST_MORE_EVIDENCE = "request_more_evidence", pgettext_lazy("notification", "Yêu cầu bổ sung minh chứng")
    RECOGNIZE = "recognize", pgettext_lazy("notification", "Công nhận")
    DECLINE_RECOGNITION = "decline_recognition", pgettext_lazy("notification", "Không công nhận")
    WITHDRAW = "withdraw", pgettext_lazy("notification", "Rút đăng ký")
    CLOSE_UNFINISHED = "close_unfinished", pgettext_lazy("notification", "Đóng hồ sơ chưa hoàn thành")
    # Nomination upward (issue 15).
    NOMINATE = "nominate", pgettext_lazy("notification", "Đề cử lên cấp trên")
    RECOGNIZE_NOMINATION = "recognize_nomination", pgettext_lazy("notification", "Công nhận ở cấp trên")
    RETURN_NOMINATION = "return_nomination", pgettext_lazy("notification", "Trả lại đề cử")
    # Not a move of the table: the initiative goes on in the next campaign (models_registry.bulk.carry_over).
    CARRY_OVER = "carry_over", pgettext_lazy("notification", "Chuyển sang đợt phát động sau")
    # Records about an initiative.
    INSPECTION_RECORDED = "inspection_recorded", _("Ghi kết quả kiểm tra")
    DECISION_ISSUED = "decision_issued", _("Ban hành quyết định công nhận")
    # A later decision that corrects, replaces or revokes it (RecognitionDecision.amend).
    DECISION_AMENDED = "decision_amended", _("Sửa đổi quyết định công nhận")
    COMMENDATION_RECORDED = "commendation_recorded", _("Ghi nhận khen thưởng")
    # The authority that granted an award recovered it by a decision (Commendation.recover).
    COMMENDATION_RECOVERED = "commendation_recovered", _("Thu hồi khen thưởng")
    # A committee over the unit commented on an initiative (models_registry.models.remarks).
    REMARK_POSTED = "remark_posted", _("Ý kiến mới về hồ sơ")
    # A campaign's announcements (campaigns.lifecycle.ANNOUNCEMENTS).
    CAMPAIGN_LAUNCHED = "campaign_launched", _("Phát động đợt thi đua")
    DEADLINE_CHANGED = "deadline_changed", _("Thay đổi thời hạn")
    CAMPAIGN_EDITED = "campaign_edited", _("Điều chỉnh đợt phát động")
    CAMPAIGN_SUMMARIZED = "campaign_summarized", _("Tổng kết đợt thi đua")
    # Reminders before a deadline (models_registry.reminders).
    REGISTRATION_CLOSING = "registration_closing", _("Sắp hết hạn đăng ký")
    RESULTS_DUE = "results_due", _("Sắp đến hạn báo cáo kết quả")
    INSPECTIONS_DUE = "inspections_due", _("Mô hình đến hạn kiểm tra")
    SCORE_SHEETS_MISSING = "score_sheets_missing", _("Chưa chấm điểm")
    HONOURING_DUE = "honouring_due", _("Sắp đến ngày tôn vinh 15/10")
    STATISTICS_DUE = "statistics_due", _("Sắp đến hạn báo cáo số liệu 15/12")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """Return this user's own notifications (nobody reads another person's inbox, administrators included)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def unmailed(self) -> NotificationQuerySet:
        return self.filter(mailed_at__isnull=True)

    def mark_mailed(self, now: datetime.datetime | None = None) -> int:
        """Mark every one of these not mailed yet as mailed now, so that no mail carries them; return how many."""
        return self.unmailed().update(mailed_at=now or timezone.now())

    def mark_read(self, now: datetime.datetime | None = None) -> int:
        """Mark every unread one of these as read now; return how many."""
        return self.unread().update(read_at=now or timezone.now())


class Notification(models.Model):
    """One person told that something happened to a record (an initiative, a campaign), by whom and when."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("việc"), max_length=32, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    actor = person_kept(verbose_name=_("người thực hiện"), blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    # What a reminder's sentence needs (days left, a date as ISO text, a count): rendered in the reader's language.
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    created_at = models.DateTimeField(_("thời gian"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("đã gửi e-mail lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            # The bell's count, on every page: a user's unread ones only.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # The daily digest: what has not been mailed yet.
            models.Index(fields=["recipient"], condition=Q(mailed_at__isnull=True), name="notification_unmailed"),
        ]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        """Return the link that marks this as read and opens its record."""
        return reverse("notifications:open", args=[self.pk])

    @property
    def summary(self) -> str:
        """Say what happened, in the active language: the kind's own sentence (`SENTENCES`) or its label."""
        say = SENTENCES.get(self.kind)
        return (say(self.data or {}) if say else None) or str(self.get_kind_display())

    def target_url(self) -> str | None:
        """Return the record's page, or None when the record is gone."""
        target = self.target
        return target.get_absolute_url() if target is not None else None


# ----- what each kind says, from its `data` (rendered in the reader's language; None: its label) -----
def _registration_closing(data: dict) -> str:
    days = int(data.get("days", 0))
    return ngettext(
        "Còn %(days)s ngày đến hạn đăng ký (%(date)s).",
        "Còn %(days)s ngày đến hạn đăng ký (%(date)s).",
        days,
    ) % {"days": days, "date": _date(data.get("date"))}


def _results_due(data: dict) -> str:
    return gettext("Hạn báo cáo kết quả đạt được: %(date)s.") % {"date": _date(data.get("date"))}


def _inspections_due(data: dict) -> str:
    count = int(data.get("count", 0))
    return ngettext(
        "%(count)s mô hình đã lâu chưa được kiểm tra.",
        "%(count)s mô hình đã lâu chưa được kiểm tra.",
        count,
    ) % {"count": count}


def _score_sheets_missing(data: dict) -> str:
    return gettext("Hồ sơ đề nghị công nhận chưa có phiếu chấm điểm của bạn.")


def _honouring_due(data: dict) -> str:
    return gettext("Ngày tôn vinh %(date)s: hãy chuẩn bị danh sách mô hình, điển hình tiêu biểu.") % {
        "date": _date(data.get("date"))
    }


def _statistics_due(data: dict) -> str:
    return gettext("Hạn báo cáo số liệu thống kê thi đua: %(date)s.") % {"date": _date(data.get("date"))}


def _decision_issued(data: dict) -> str | None:
    if not data.get("number"):
        return None
    return gettext("Quyết định công nhận số %(number)s ngày %(date)s.") % {
        "number": data["number"],
        "date": _date(data.get("date")),
    }


# What a later decision did to a unit's recognition, by its `Amendment` value.
AMENDED = {
    "correct": lambda: gettext(
        "Quyết định công nhận số %(amended)s được đính chính bằng Quyết định số %(number)s ngày %(date)s."
    ),
    "replace": lambda: gettext(
        "Quyết định công nhận số %(amended)s được thay thế bằng Quyết định số %(number)s ngày %(date)s."
    ),
    "revoke": lambda: gettext(
        "Quyết định công nhận số %(amended)s bị thu hồi bằng Quyết định số %(number)s ngày %(date)s."
    ),
}


def _decision_amended(data: dict) -> str | None:
    if data.get("amendment") not in AMENDED:
        return None
    return AMENDED[data["amendment"]]() % {
        "amended": data.get("amended", ""),
        "number": data.get("number", ""),
        "date": _date(data.get("date")),
    }


def _commendation_recovered(data: dict) -> str | None:
    if not data.get("number"):
        return None
    return gettext("Khen thưởng tặng %(recipient)s bị thu hồi theo Quyết định số %(number)s ngày %(date)s.") % {
        "recipient": data.get("recipient", ""),
        "number": data["number"],
        "date": _date(data.get("date")),
    }


SENTENCES = {
    Kind.REGISTRATION_CLOSING: _registration_closing,
    Kind.RESULTS_DUE: _results_due,
    Kind.INSPECTIONS_DUE: _inspections_due,
    Kind.SCORE_SHEETS_MISSING: _score_sheets_missing,
    Kind.HONOURING_DUE: _honouring_due,
    Kind.STATISTICS_DUE: _statistics_due,
    Kind.DECISION_ISSUED: _decision_issued,
    Kind.DECISION_AMENDED: _decision_amended,
    Kind.COMMENDATION_RECOVERED: _commendation_recovered,
}


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return date_text(datetime.date.fromisoformat(iso))
    except ValueError:
        return ""


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi e-mail ngay khi có thông báo")
    DAILY = "daily", _("Một e-mail tổng hợp mỗi ngày")
    NONE = "none", _("Không gửi e-mail (chỉ xem trên trang)")


class Preference(models.Model):
    """How one person wants to be told: mail at once, a daily digest, or none; and in which language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    delivery = models.CharField(
        _("nhận e-mail thông báo"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    language = models.CharField(
        _("ngôn ngữ của e-mail"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = verbose_name_plural = _("cài đặt thông báo")

    def __str__(self) -> str:
        return str(self.user)


class SentReminder(models.Model):
    """A reminder already sent: its key (what, about which record, how many days before) is never sent twice."""

    key = models.CharField(_("khóa nhắc việc"), max_length=200, unique=True)
    sent_on = models.DateField(_("gửi ngày"))

    class Meta:
        verbose_name = verbose_name_plural = _("nhắc việc đã gửi")

    def __str__(self) -> str:
        return self.key
