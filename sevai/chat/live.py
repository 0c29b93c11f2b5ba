"""Channel-layer groups of a chat: the visitor's sockets and the agents watching its ticket."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def visitor_group(conversation_id: int) -> str:
    return f"chat-{conversation_id}"


def ticket_group(ticket_id: int) -> str:
    return f"ticket-{ticket_id}"


def send_to_groups(groups: list[str], event: dict[str, Any]) -> None:
    """Send now (best effort: a live update must never break a write)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, event)
        except Exception:
            logger.warning("could not send %s to %s", event.get("type"), group, exc_info=True)


def send_after_commit(groups: list[str], event: dict[str, Any]) -> None:
    transaction.on_commit(lambda: send_to_groups(groups, event))
