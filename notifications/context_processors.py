"""Template context: the bell's unread count (read with the user: see backends.UnreadCountBackend)."""

from django.utils.functional import SimpleLazyObject

from .backends import unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    # Lazy: pages without the bell (or anonymous visitors) never ask.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
