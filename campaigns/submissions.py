"""One guard against double submits, enforced by the database.

A page whose form creates something carries a fresh token (`{% form_token %}`, or a form's
`form_token` field). The creation runs in one transaction with the insert of that token into
`Submission`, whose primary key it is: a second POST of the same page (a double click, a
browser resend, two POSTs racing) cannot insert it again and finds the first one's object
instead. Two different fillings-in carry two tokens and both create. A form posted without a
token (a page older than this guard) is its own filling-in.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from .fields import user_link


class SubmissionQuerySet(models.QuerySet):
    def stale(self, now: datetime.datetime | None = None) -> SubmissionQuerySet:
        """Tokens older than DVK_SUBMISSION_RETENTION_HOURS: no browser resends a form that old, so they may go."""
        from django.utils import timezone

        kept = datetime.timedelta(hours=settings.DVK_SUBMISSION_RETENTION_HOURS)
        return self.filter(created_at__lt=(now or timezone.now()) - kept)

    def prune(self) -> int:
        """Delete the stale tokens; return how many went."""
        deleted, _by_model = self.stale().delete()
        return deleted


class Submission(models.Model):
    """One filling-in of a form that creates something, named by the token the page carried.

    The token is the primary key, so the database itself lets a filling-in create once: a
    double click, a resend or two racing POSTs of the same page find the first one's object.
    """

    token = models.UUIDField(_("mã lần gửi"), primary_key=True)
    user = user_link(related_name="+")
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("loại bản ghi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("mã bản ghi"), null=True, blank=True)
    created = GenericForeignKey("content_type", "object_id")

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("lần gửi biểu mẫu")

    def __str__(self) -> str:
        return str(self.token)


TOKEN_FIELD = "form_token"
T = TypeVar("T", bound=models.Model)


def new_token() -> str:
    """Return a token for a page about to show a creating form."""
    return uuid.uuid4().hex


def parse_token(value) -> uuid.UUID | None:
    """Return the posted token as a UUID, or None when it is missing or not one of ours."""
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def sent_before(token, user) -> bool:
    """True when this user's page with this token was accepted already (a double tap, a resent page).

    For a view that refuses a second record before creating (one open proposal per initiative): it asks
    this first, so that the replay lands on what the first post recorded instead of on the refusal.
    """
    key = parse_token(token)
    return key is not None and Submission.objects.filter(token=key, user=user).exists()


def create_once(token, user, create: Callable[[], T | None]) -> tuple[T | None, bool]:
    """Run `create()` once per token; return (its object, True), or (the first run's object, False).

    `create` runs inside the same transaction as the token's insert: if it raises, neither
    stays, and the same page may be posted again. A missing or malformed token, or one that
    belongs to another user, counts as a fresh one.
    """
    key = parse_token(token) or uuid.uuid4()
    with transaction.atomic():
        try:
            # A savepoint: on PostgreSQL a racing twin waits here on the key until the first
            # commits, then fails; on SQLite writers take turns anyway.
            with transaction.atomic():
                submission = Submission.objects.create(token=key, user=user)
        except IntegrityError:
            first = Submission.objects.filter(token=key).first()
            if first is None or first.user_id != user.pk:
                return create_once(None, user, create)
            return first.created, False
        created = create()
        if created is not None and created.pk is not None:
            submission.content_type = ContentType.objects.get_for_model(created)
            submission.object_id = created.pk
            submission.save(update_fields=["content_type", "object_id"])
    return created, True
