"""Template helpers of the staff pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict (for counts by state)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0
