"""Remarks (ý kiến): what a committee over the unit says about an initiative it does not act on (issue 15).

The committee of the initiative's level acts on it; the committees below it over the unit see it
and may comment; the committees above read it only. The acting committee's members may also write
here (its working notes beside the lower committees' word). Unit staff do not read remarks: the
unit reports with its evidence, the committees' deliberation is not the unit's (DOMAIN.md). Written
only through `RemarkQuerySet.post`; a remark is never edited.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.fields import committee_link, person_kept
from campaigns.text import nfc

from .fields import initiative_link
from .initiative import Initiative

logger = logging.getLogger(__name__)

REMARK_MAX_CHARS = 4000
# How long its author may take a remark back (a slip, a wrong record); after that it stands.
REMARK_WITHDRAW_MINUTES = 15
# C0 and C1 control characters but tab and line breaks: dropped, they only hide text from readers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_remark_text(text: str | None) -> str:
    """Return the text as stored: control characters dropped, NFC, trimmed."""
    return nfc(_CONTROL.sub("", text or ""))


class RemarkQuerySet(models.QuerySet):
    def visible_to(self, user) -> RemarkQuerySet:
        """Return the remarks of the initiatives seen by one of the user's committees (not by unit staff)."""
        from ..access import visible_remarks

        return visible_remarks(self, user)

    def standing(self) -> RemarkQuerySet:
        """Return the remarks not withdrawn (the ones listed)."""
        return self.filter(withdrawn_at__isnull=True)

    def post(self, user, initiative: Initiative, text: str) -> Remark:
        """Record `user`'s remark on `initiative`, for the lowest of their committees that may comment."""
        from campaigns.lifecycle import TransitionError, refuse_needs, refuse_summarized

        from ..access import remark_refusal, remarking_committee_id

        refusal = remark_refusal(user, initiative)
        if refusal is not None:
            raise TransitionError(refusal, code="role")
        with transaction.atomic():
            # The year's summary asked of its last word (a remark's initiative may be decided, which the
            # summary does not write): one that came first refuses, one that comes later waits.
            if Initiative.objects.locked(initiative, against_summary=True).is_frozen:
                raise refuse_summarized()
            text = clean_remark_text(text)
            if not text:
                raise refuse_needs([_("nội dung ý kiến")])
            if len(text) > REMARK_MAX_CHARS:
                raise TransitionError(
                    _("Ý kiến dài tối đa %(max)s ký tự.") % {"max": REMARK_MAX_CHARS}, code="needs", field="text"
                )
            remark = self.create(
                initiative=initiative,
                committee_id=remarking_committee_id(user, initiative),
                author=user,
                text=text,
            )
            transaction.on_commit(lambda: remark.tell_acting_committee())
        return remark


class Remark(models.Model):
    """One committee's remark on an initiative, by one of its members."""

    initiative = initiative_link(on_delete=models.CASCADE, related_name="remarks")
    committee = committee_link(on_delete=models.PROTECT, related_name="remarks")
    # A person leaves, their committee's word stays.
    author = person_kept(verbose_name=_("người viết"))
    text = models.TextField(_("ý kiến"), max_length=REMARK_MAX_CHARS)
    created_at = models.DateTimeField(_("thời gian"), default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True, editable=False)

    objects = RemarkQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("ý kiến của Ban Chỉ đạo")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return _("Ý kiến của %(committee)s về “%(initiative)s”") % {
            "committee": self.committee_id and self.committee.name,
            "initiative": self.initiative_id and self.initiative.name,
        }

    def withdraw_refusal(self, user, now=None) -> str | None:
        """Say why `user` may not withdraw this remark now (None: they may): its author, soon after, never frozen."""
        from django.utils.translation import gettext

        from campaigns.lifecycle import SUMMARIZED_MESSAGE

        if self.author_id is None or getattr(user, "pk", None) != self.author_id:
            return gettext("Chỉ người viết mới rút được ý kiến này.")
        if self.withdrawn_at is not None:
            return gettext("Ý kiến này đã được rút.")
        if self.initiative.is_frozen:
            return str(SUMMARIZED_MESSAGE)
        if (now or timezone.now()) - self.created_at > timedelta(minutes=REMARK_WITHDRAW_MINUTES):
            return gettext("Chỉ rút được ý kiến trong vòng %(minutes)s phút sau khi gửi.") % {
                "minutes": REMARK_WITHDRAW_MINUTES
            }
        return None

    def withdraw(self, user, now=None) -> None:
        """Take the remark back (its author, within REMARK_WITHDRAW_MINUTES); it is kept, no longer listed."""
        from campaigns.lifecycle import TransitionError, refuse_conflict

        with transaction.atomic():
            # Asked of the initiative and its campaign read again under their locks: a summary meanwhile refuses.
            self.initiative = Initiative.objects.locked(self.initiative, against_summary=True)
            refusal = self.withdraw_refusal(user, now)
            if refusal is not None:
                raise TransitionError(refusal, code="role")
            moment = now or timezone.now()
            if not Remark.objects.filter(pk=self.pk).standing().update(withdrawn_at=moment):
                raise refuse_conflict()
        self.withdrawn_at = moment

    @property
    def author_name(self) -> str:
        """Return who wrote it, as the page shows it ("—" once the person is deleted)."""
        if self.author is None:
            return "—"
        return self.author.get_full_name() or self.author.get_username()

    def tell_acting_committee(self) -> None:
        """Tell the members of the committee that acts on the initiative (the author excepted); never break the post."""
        from campaigns.access import acting_committees
        from campaigns.models import CommitteeMembership
        from notifications.models import Kind
        from notifications.sending import notify

        try:
            initiative = self.initiative
            members = CommitteeMembership.objects.filter(
                committee__in=acting_committees(initiative.unit, initiative.level)
            ).values_list("user_id", flat=True)
            notify(set(members), Kind.REMARK_POSTED, target=initiative, actor=self.author, comment=self.text)
        except Exception:  # noqa: BLE001 — the remark is saved; telling people is only logged when it fails.
            logger.exception("Notification for remark %s failed", self.pk)

    def get_absolute_url(self) -> str:
        """Return the initiative's page, where its remarks are listed."""
        return reverse("staff:initiative_detail", args=[self.initiative_id]) + "#remarks"
