"""Tell open workspaces that a ticket changed (after commit, best effort)."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from sevai.workspace.consumers import GROUP

logger = logging.getLogger(__name__)


def announce_ticket_change(ticket_id: int, number: int) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(
                GROUP, {"type": "ticket.changed", "ticket": {"id": ticket_id, "number": number}}
            )
        except Exception:  # a live update must never break a write
            logger.warning("could not announce ticket %s", ticket_id, exc_info=True)

    transaction.on_commit(send)
