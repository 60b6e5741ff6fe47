"""`{% row_url 'name' obj.pk … %}`: the `{% url %}` tag for the rows of a list (see `dvk.reversing`)."""

from __future__ import annotations

from django import template

from dvk.reversing import row_url as _row_url

register = template.Library()


@register.simple_tag
def row_url(name: str, *args) -> str:
    """The same URL as `{% url name *args %}`, its pattern reversed once per process (also `… as var`)."""
    return _row_url(name, *args)
