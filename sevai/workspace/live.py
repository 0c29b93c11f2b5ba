"""Tell open workspaces that a ticket changed (after commit, best effort)."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

from sevai.workspace.consumers import GROUP

logger = logging.getLogger(__name__)


def announce_ticket_change(ticket_id: int, number: int) -> None:
    def send() -> None:
        bump_counts_version()
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


COUNTS_VERSION_KEY = "sevai:view-counts-version"


def counts_version() -> int:
    return int(cache.get_or_set(COUNTS_VERSION_KEY, 1) or 1)


def bump_counts_version() -> None:
    try:
        cache.incr(COUNTS_VERSION_KEY)
    except ValueError:
        cache.set(COUNTS_VERSION_KEY, 2)
