"""Writing timeline events and ticket numbers (used only from actions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F
from django.utils import timezone

from sevai.accounts.models import User
from sevai.tickets.models import Counter, Event, Ticket

FIRST_TICKET_NUMBER = 10001


def next_ticket_number() -> int:
    """Take the next ticket number; callers hold a transaction."""
    updated = Counter.objects.filter(name="ticket").update(value=F("value") + 1)
    if not updated:
        Counter.objects.get_or_create(name="ticket", defaults={"value": FIRST_TICKET_NUMBER - 1})
        Counter.objects.filter(name="ticket").update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(name="ticket")


def record_event(
    ticket: Ticket,
    kind: str,
    *,
    actor: User | None,
    at: datetime | None = None,
    **data: Any,
) -> Event:
    return Event.objects.create(
        ticket=ticket, kind=kind, actor=actor, data=data, created_at=at or timezone.now()
    )
