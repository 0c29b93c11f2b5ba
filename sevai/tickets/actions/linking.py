"""Merging duplicate tickets and linking related ones."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.search.index import move_ticket_messages
from sevai.tickets.events import record_event
from sevai.tickets.models import Event, Message, Ticket, TicketLink
from sevai.tickets.permissions import require_agent
from sevai.webhooks.models import WebhookEvent
from sevai.webhooks.outbox import queue_ticket_event


@transaction.atomic
def merge_tickets(source: Ticket, target: Ticket, *, actor: User | None) -> Ticket:
    """Merge a duplicate (source) into target: its messages move, it closes and points there."""
    require_agent(actor)
    if source.pk == target.pk:
        raise ValidationError(_("A ticket cannot be merged into itself."))
    first, second = sorted([source.pk, target.pk])
    locked = {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=[first, second])}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id:
        raise ValidationError(_("This ticket was already merged."))
    if target.merged_into_id or target.status == Ticket.Status.CLOSED:
        raise ValidationError(_("Merge into an open ticket."))
    moved = Message.objects.filter(ticket=source).update(ticket=target)
    move_ticket_messages(source.pk, target.pk)
    target.tags.add(*source.tags.all())
    now = timezone.now()
    Ticket.objects.filter(pk=target.pk).update(
        message_count=F("message_count") + moved, updated_at=now
    )
    before = source.status
    source.merged_into = target
    source.status = Ticket.Status.CLOSED
    source.message_count = 0
    source.updated_at = now
    source.save(update_fields=["merged_into", "status", "message_count", "updated_at"])
    record_event(source, Event.Kind.MERGED, actor=actor, into=target.number, into_id=target.pk)
    record_event(source, Event.Kind.STATUS, actor=actor, before=before, after="closed")
    record_event(
        target,
        Event.Kind.MERGED_FROM,
        actor=actor,
        source=source.number,
        source_id=source.pk,
        messages=moved,
    )
    target.refresh_from_db()
    queue_ticket_event(WebhookEvent.TICKET_UPDATED, source, changes={"merged_into": target.pk})
    return target


@transaction.atomic
def link_tickets(a: Ticket, b: Ticket, *, actor: User | None) -> bool:
    """Link two related tickets. Returns False when they were linked already."""
    require_agent(actor)
    if a.pk == b.pk:
        raise ValidationError(_("A ticket cannot be linked to itself."))
    source, target = sorted([a, b], key=lambda t: t.pk)
    _link, created = TicketLink.objects.get_or_create(source=source, target=target)
    if created:
        record_event(a, Event.Kind.LINKED, actor=actor, other=b.number, other_id=b.pk)
        record_event(b, Event.Kind.LINKED, actor=actor, other=a.number, other_id=a.pk)
    return created


@transaction.atomic
def unlink_tickets(a: Ticket, b: Ticket, *, actor: User | None) -> bool:
    require_agent(actor)
    source, target = sorted([a, b], key=lambda t: t.pk)
    deleted, _rows = TicketLink.objects.filter(source=source, target=target).delete()
    if deleted:
        record_event(a, Event.Kind.UNLINKED, actor=actor, other=b.number, other_id=b.pk)
        record_event(b, Event.Kind.UNLINKED, actor=actor, other=a.number, other_id=a.pk)
    return bool(deleted)
