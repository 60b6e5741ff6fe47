"""Template helpers of the staff pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args) -> str:
    """Reverse a URL name, or return "" when that part of DVK is not mounted (yet)."""
    try:
        return reverse(name, args=[a for a in args if a is not None and a != ""])
    except NoReverseMatch:
        return ""


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict (for counts by state)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0
