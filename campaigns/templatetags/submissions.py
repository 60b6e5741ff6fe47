"""`{% form_token %}`: the hidden token of a form that creates something (campaigns/submissions.py)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from ..submissions import TOKEN_FIELD, new_token, parse_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context) -> str:
    """Render the hidden token: the posted one when the page shows a refused post again, else a new one."""
    request = context.get("request")
    posted = request.POST.get(TOKEN_FIELD) if request is not None and request.method == "POST" else None
    token = parse_token(posted)
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, token.hex if token else new_token())
