"""`{% page_title %}`: the page's title, as its `{% block title %}` says it (also `… as var`).

A page says its title once, in `{% block title %}`, and `base.html` draws it in three places: the
`<title>`, the active breadcrumb and the `<h1>`. Django renders a block where it stands only, so the
other two places ask this tag for it. The tag renders the most-derived `title` block exactly as
`{% block title %}` does (through the same `BlockNode.render`, so `{{ block.super }}` works and the
page's values are autoescaped as they would be there).
"""

from __future__ import annotations

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """The page's `title` block rendered in the current context; "" outside a page that extends one."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block("title") if blocks is not None else None
    if block is None:
        return ""
    # Rendering any `title` BlockNode renders the most-derived one (it looks it up in the BlockContext)
    # inside its own context.push(), so nothing the title sets leaks into the page.
    return block.render(context)
