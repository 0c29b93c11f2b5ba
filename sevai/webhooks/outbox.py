"""Queue webhook deliveries in the same transaction as the change (a transactional outbox)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sevai.webhooks.models import Delivery, Webhook

if TYPE_CHECKING:
    from sevai.tickets.models import Message, Ticket


def ticket_payload(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "channel": ticket.channel,
        "language": ticket.language,
        "customer_id": ticket.customer_id,
        "team_id": ticket.team_id,
        "assignee_id": ticket.assignee_id,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }


def message_payload(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "kind": message.kind,
        "channel": message.channel,
        "body": message.body,
        "author_user_id": message.author_user_id,
        "author_customer_id": message.author_customer_id,
        "created_at": message.created_at.isoformat(),
    }


def queue_ticket_event(
    event: str,
    ticket: Ticket,
    *,
    message: Message | None = None,
    changes: dict[str, Any] | None = None,
) -> list[Delivery]:
    """Write one pending delivery per subscribed webhook; send them after commit.

    Internal notes are never sent: webhooks may leave the building.
    """
    if message is not None and message.is_internal:
        return []
    hooks = [h for h in _active_webhooks() if event in h.events]
    if not hooks:
        return []
    payload: dict[str, Any] = {"event": event, "ticket": ticket_payload(ticket)}
    if message is not None:
        payload["message"] = message_payload(message)
    if changes:
        payload["changes"] = changes
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        [Delivery(webhook=h, event=event, payload=payload, next_attempt_at=now) for h in hooks]
    )
    ids = [d.pk for d in deliveries]

    def enqueue() -> None:
        from sevai.webhooks.tasks import deliver_webhook

        for pk in ids:
            deliver_webhook.enqueue(pk)

    transaction.on_commit(enqueue)
    return deliveries


def _active_webhooks() -> list[Webhook]:
    return list(Webhook.objects.filter(is_active=True))
