"""Reading chats: widgets by key, who is online, what a reconnecting widget missed."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db.models import Q

from sevai.accounts.models import User
from sevai.assistant.presentation import turn_of, turn_state
from sevai.brands.models import Brand
from sevai.chat.models import ChatEntry, ChatWidget, Conversation
from sevai.mail.models import Attachment

HISTORY_LIMIT = 500
FILE_SALT = "sevai.chat.file"


def active_widget(key: str) -> ChatWidget | None:
    return (
        ChatWidget.objects.select_related("brand", "team").filter(key=key, is_active=True).first()
    )


def agents_available(widget: ChatWidget) -> bool:
    """Someone who can answer is marked available (in the widget's team when it has one)."""
    agents = User.objects.filter(
        is_active=True, is_available=True, role__in=[User.Role.ADMIN, User.Role.AGENT]
    )
    if widget.team_id:
        agents = agents.filter(Q(teams=widget.team_id))
    return agents.exists()


def file_url(attachment: Attachment) -> str:
    return f"/chat/files/{signing.dumps(attachment.pk, salt=FILE_SALT)}/"


def entry_payload(entry: ChatEntry, brand: Brand | None = None) -> dict[str, Any]:
    """One message as the widget and the agents' page get it. The assistant's carry its turn:
    the article it answered from (linked in `brand`'s help center when shared) and whether to
    ask "Did this answer your question?"."""
    message = entry.message
    author = message.author_user
    attachments = [
        {"name": a.filename, "size": a.size, "url": file_url(a)}
        for a in message.attachments.all()
        if a.file
    ]
    payload: dict[str, Any] = {
        "type": "message",
        "seq": entry.seq,
        "client_id": entry.client_id,
        "author": entry.author,
        "name": (author.display_name or author.first_name or author.username) if author else "",
        "body": message.body,
        "attachments": attachments,
        "at": entry.created_at.isoformat(),
    }
    turn = turn_of(message) if entry.author == ChatEntry.Author.ASSISTANT else None
    if turn is not None:
        payload["assistant"] = turn_state(turn, brand)
    return payload


def entries_after(
    conversation: Conversation, seq: int, brand: Brand | None = None
) -> list[dict[str, Any]]:
    entries = (
        ChatEntry.objects.filter(conversation=conversation, seq__gt=max(0, seq))
        .select_related("message__author_user", "message__assistant_turn__translation__brand")
        .prefetch_related("message__attachments")
        .order_by("seq")[:HISTORY_LIMIT]
    )
    return [entry_payload(e, brand) for e in entries]
