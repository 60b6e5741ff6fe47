"""Telling people: inbox rows first (in the request, after commit), then mail through the queue.

`notify(...)` is the one way in. Each person chooses how mail comes (`Preference.delivery`):
at once (a task per move), in one daily digest (`send_digests`), or never; mail is written in
their language, with an absolute link (SITE_URL) that opens the record and marks it read.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from dvk.dates import datetime_text

from .models import Delivery, Kind, Notification, Preference

logger = logging.getLogger(__name__)


def notify(
    user_ids: Iterable[int],
    kind: str,
    *,
    target=None,
    actor=None,
    comment: str = "",
    data: dict | None = None,
    at: datetime.datetime | None = None,
) -> list[Notification]:
    """Put one notification in the inbox of each of these users (the actor excepted); queue their mail after commit."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    wanted = set(user_ids) - {getattr(actor, "pk", None)}
    if not wanted:
        return []
    recipients = get_user_model().objects.filter(pk__in=wanted, is_active=True).order_by("pk")
    moment = at or timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind,
                target=target,
                actor=actor if getattr(actor, "pk", None) else None,
                comment=(comment or "").strip(),
                data=data or {},
                created_at=moment,
            )
            for pk in recipients.values_list("pk", flat=True)
        ]
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: queue_mail(ids))
    return rows


def on_campaign_announced(sender, campaign, kind: str, actor, comment: str = "", **kwargs) -> None:
    """Tell everyone working in the campaign's scope (campaigns.lifecycle.announce sends the signal)."""
    from campaigns.access import people_under

    notify(people_under(campaign.committee.unit), kind, target=campaign, actor=actor, comment=comment)


# ----- mail ---------------------------------------------------------------------------------
def queue_mail(ids: list[int]) -> None:
    """Queue the immediate mail of these notifications; a queue that is down never breaks what was done."""
    from .tasks import send_notification_mail

    try:
        send_notification_mail.enqueue(ids)
    except Exception:  # noqa: BLE001 — the inbox has them; only the mail is lost, and logged.
        logger.exception("Mail of notifications %s failed: the queue refused it", ids[:10])


def preference_of(user) -> Preference:
    """Return the user's preference, or the default (immediate mail, the site's language) when never set."""
    try:
        return user.notification_preference
    except Preference.DoesNotExist:
        return Preference(user=user)


def site_url(path: str) -> str:
    """Return the absolute address of a path on this site (mail is read outside any request)."""
    return settings.SITE_URL.rstrip("/") + path


def _footer() -> str:
    return gettext("Đổi cách nhận thông báo: %(link)s") % {"link": site_url(reverse("notifications:preferences"))}


def _lines(notification: Notification) -> list[str]:
    lines = [notification.summary]
    target = notification.target
    if target is not None:
        lines.append(gettext("Hồ sơ: %(record)s") % {"record": target})
    if notification.actor is not None:
        lines.append(
            gettext("Người thực hiện: %(actor)s")
            % {"actor": notification.actor.get_full_name() or notification.actor.username}
        )
    if notification.comment:
        lines.append(gettext("Ý kiến: %(comment)s") % {"comment": notification.comment})
    return lines


def render_one(notification: Notification) -> tuple[str, str]:
    """Return the subject and body of the mail of one notification, in the active language."""
    target = notification.target
    subject = gettext("[DVK] %(what)s") % {"what": notification.summary}
    if target is not None:
        subject = gettext("[DVK] %(what)s: %(record)s") % {"what": notification.get_kind_display(), "record": target}
    body = [*_lines(notification), "", gettext("Xem: %(link)s") % {"link": site_url(notification.get_absolute_url())}]
    return subject, "\n".join([*body, "", "--", _footer()])


def send_notification_mail(ids: list[int], attempt: int = 1) -> int:
    """Mail each notification whose recipient wants mail at once; retry later while the mail server fails.

    Return the number of messages sent. Each one sent is marked, so a retry never sends it twice.
    """
    rows = list(
        Notification.objects.filter(pk__in=ids)
        .unmailed()
        .select_related("recipient__notification_preference", "actor", "content_type")
        .prefetch_related("target")
        .order_by("pk")
    )
    messages: list[tuple[int, EmailMessage]] = []
    for notification in rows:
        recipient = notification.recipient
        preference = preference_of(recipient)
        if preference.delivery != Delivery.IMMEDIATE or not recipient.email:
            continue
        with translation.override(preference.language):
            subject, body = render_one(notification)
        messages.append((notification.pk, EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])))
    sent = 0
    try:
        connection = get_connection()
        for pk, message in messages:
            sent += connection.send_messages([message]) or 0
            Notification.objects.filter(pk=pk).mark_mailed()
    except Exception:  # noqa: BLE001 — retried or logged, never raised into a worker's loop.
        _retry(ids, attempt)
    return sent


def _retry(ids: list[int], attempt: int) -> None:
    from .tasks import send_notification_mail as task

    if attempt < settings.DVK_MAIL_ATTEMPTS and task.get_backend().supports_defer:
        logger.warning("Mail of notifications %s failed (attempt %s), retrying", ids[:10], attempt)
        later = timezone.now() + datetime.timedelta(seconds=settings.DVK_MAIL_RETRY_SECONDS * attempt)
        try:
            task.using(run_after=later).enqueue(ids, attempt + 1)
            return
        except Exception:  # noqa: BLE001
            pass
    logger.exception("Mail of notifications %s failed", ids[:10])


# ----- the daily digest ---------------------------------------------------------------------
def digest_groups(notifications: Iterable[Notification]) -> list[tuple[object, list[Notification]]]:
    """Group notifications by the record they are about, records in the order of their latest news, oldest first within."""
    groups: dict[tuple, list[Notification]] = {}
    for notification in sorted(notifications, key=lambda n: (n.created_at, n.pk)):
        groups.setdefault((notification.content_type_id, notification.object_id), []).append(notification)
    ordered = sorted(groups.values(), key=lambda items: (items[-1].created_at, items[-1].pk), reverse=True)
    return [(items[0].target, items) for items in ordered]


def render_digest(notifications: list[Notification]) -> tuple[str, str]:
    """Return the subject and body of one digest, in the active language."""
    count = len(notifications)
    subject = ngettext("[DVK] %(count)s thông báo mới", "[DVK] %(count)s thông báo mới", count) % {"count": count}
    body: list[str] = []
    for target, items in digest_groups(notifications):
        body.append(str(target) if target is not None else gettext("(Không gắn với hồ sơ)"))
        for notification in items:
            when = datetime_text(notification.created_at)
            line = f"  - {when} {notification.summary}"
            if notification.actor is not None:
                line += f" ({notification.actor.get_full_name() or notification.actor.username})"
            body.append(line)
            if notification.comment:
                body.append(f"    {notification.comment}")
        body.append("  " + site_url(items[-1].get_absolute_url()))
        body.append("")
    return subject, "\n".join([*body, "--", _footer()])


def send_digest(user_id: int) -> int:
    """Mail one user everything not yet mailed, grouped by record; return the number of messages sent (0 or 1)."""
    user = get_user_model().objects.select_related("notification_preference").filter(pk=user_id).first()
    if user is None or not user.email:
        return 0
    preference = preference_of(user)
    if preference.delivery != Delivery.DAILY:
        return 0
    rows = list(
        Notification.objects.filter(recipient=user)
        .unmailed()
        .select_related("actor", "content_type")
        .prefetch_related("target")
    )
    if not rows:
        return 0
    with translation.override(preference.language):
        subject, body = render_digest(rows)
    sent = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    Notification.objects.filter(pk__in=[row.pk for row in rows]).mark_mailed()
    return sent


def queue_digests() -> int:
    """Queue one digest task per user who chose the daily digest and has unmailed notifications; return how many."""
    from .tasks import send_digest as task

    users = (
        Notification.objects.unmailed()
        .filter(recipient__notification_preference__delivery=Delivery.DAILY)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by()
    )
    count = 0
    for user_id in users:
        task.enqueue(user_id)
        count += 1
    return count
