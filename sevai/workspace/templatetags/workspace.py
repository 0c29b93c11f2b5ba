"""Template helpers for the workspace: readable timeline entries and labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sevai.tickets.models import Channel, Event, Ticket

register = template.Library()

STATUS_LABELS = dict(Ticket.Status.choices)
PRIORITY_LABELS = dict(Ticket.Priority.choices)
CHANNEL_LABELS = dict(Channel.choices)
LANGUAGE_NAMES = {"en": "English", "ta": "தமிழ்", "tl": "Tagalog", "hy": "Հայերեն"}


@register.filter
def status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))


@register.filter
def priority_label(value: str) -> str:
    return str(PRIORITY_LABELS.get(value, value))


@register.filter
def channel_label(value: str) -> str:
    return str(CHANNEL_LABELS.get(value, value))


@register.filter
def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code or "—")


def _or_nobody(value: Any) -> str:
    return str(value) if value else _("nobody")


@register.filter
def event_text(event: Event) -> SafeString:
    """One timeline line; every value is escaped by format_html."""
    d: dict[str, Any] = event.data or {}
    kind = event.kind
    k = Event.Kind
    if kind == k.CREATED:
        return format_html(_("opened the ticket via {}"), channel_label(d.get("channel", "")))
    if kind == k.STATUS:
        return format_html(
            _("changed status from {} to {}"),
            status_label(d.get("before", "")),
            status_label(d.get("after", "")),
        )
    if kind == k.PRIORITY:
        return format_html(
            _("changed priority from {} to {}"),
            priority_label(d.get("before", "")),
            priority_label(d.get("after", "")),
        )
    if kind == k.ASSIGNED:
        return format_html(
            _("reassigned from {} to {}"), _or_nobody(d.get("before")), _or_nobody(d.get("after"))
        )
    if kind == k.TEAM:
        return format_html(
            _("transferred from {} to {}"),
            d.get("before") or _("no team"),
            d.get("after") or _("no team"),
        )
    if kind == k.TAGS:
        added = ", ".join(d.get("added", [])) or "—"
        removed = ", ".join(d.get("removed", [])) or "—"
        return format_html(_("changed tags: added {}, removed {}"), added, removed)
    if kind == k.MENTION:
        return format_html(_("mentioned {}"), d.get("user", ""))
    if kind == k.REOPENED:
        return format_html("{}", _("reopened the ticket"))
    if kind == k.MERGED:
        return format_html(_("merged this ticket into #{}"), d.get("into", ""))
    if kind == k.MERGED_FROM:
        return format_html(
            _("merged ticket #{} into this one ({} messages)"),
            d.get("source", ""),
            d.get("messages", 0),
        )
    if kind == k.LINKED:
        return format_html(_("linked ticket #{}"), d.get("other", ""))
    if kind == k.UNLINKED:
        return format_html(_("unlinked ticket #{}"), d.get("other", ""))
    if kind == k.CUSTOMER:
        return format_html(
            _("moved the ticket from customer {} to {}"), d.get("before", ""), d.get("after", "")
        )
    if kind == k.MESSAGE:
        return format_html("{}", _("wrote a message"))
    if kind == k.REPLY:
        return format_html("{}", _("replied to the customer"))
    if kind == k.NOTE:
        return format_html("{}", _("added an internal note"))
    return format_html("{}", event.get_kind_display())
