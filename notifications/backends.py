"""Loading the signed-in user together with their unread count: the bell on every page costs no query."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def unread_count_subquery() -> Coalesce:
    """Return the expression "how many unread notifications this user has" (the partial index answers it)."""
    from .models import Notification

    counts = (
        Notification.objects.filter(recipient_id=OuterRef("pk"))
        .unread()
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


class UnreadCountBackend(ModelBackend):
    """Django's ModelBackend, whose `get_user` (one query per request) also reads the unread count."""

    def get_user(self, user_id):
        user_model = self._user_model()
        try:
            user = user_model._default_manager.annotate(unread_notifications=unread_count_subquery()).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()


def unread_count(user) -> int:
    """Return the user's unread count: read with the user when they came through the backend, else one query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    count = getattr(user, "unread_notifications", None)
    if count is None:
        from .models import Notification

        count = Notification.objects.for_user(user).unread().count()
        user.unread_notifications = count
    return count
