"""Template helpers for knowledge-base pages.

This is the one place in the kb app allowed to mark HTML safe (see scripts/check_layout.py):
`markdown` renders with raw HTML disabled and sanitizes with nh3; `marked` keeps only the
<mark> tags of a search highlight and escapes everything else.
"""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from sevai.kb.content import language_name
from sevai.kb.markdown import render_markdown
from sevai.kb.models import Status

register = template.Library()
STATUS_LABELS = dict(Status.choices)


@register.filter
def markdown(text: str) -> SafeString:
    return mark_safe(render_markdown(text))  # noqa: S308 (rendered without HTML, then sanitized)


@register.filter
def marked(html: str) -> SafeString:
    """A search hit's title or snippet: only <mark> survives."""
    return mark_safe(nh3.clean(html or "", tags={"mark"}, attributes={}))  # noqa: S308


@register.filter
def language_label(code: str) -> str:
    return language_name(code) if code else "—"


@register.filter
def kb_status(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))


@register.filter
def name_in(obj: object, language: str) -> str:
    """A category's or section's name in a language (with fallback)."""
    name_in = getattr(obj, "name_in", None)
    return str(name_in(language)) if callable(name_in) else ""
