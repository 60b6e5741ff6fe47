"""Template context: what the navigation may show to this user."""

from .access import scope


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"dvk_scope": scope(None)}
    return {"dvk_scope": scope(user)}
