"""Opening tickets and adding customer messages, public replies and internal notes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import Team, User
from sevai.customers.models import Customer
from sevai.lib.html import sanitize_html
from sevai.mail.outbox import queue_reply_email  # outgoing email
from sevai.search.index import index_message, sync_ticket
from sevai.tickets.actions.lifecycle import clean_tag_names, lock
from sevai.tickets.events import next_ticket_number, record_event
from sevai.tickets.models import Channel, Event, Message, Notification, Tag, Ticket
from sevai.tickets.permissions import require_agent, require_staff
from sevai.triage import actions as triage
from sevai.triage.language import detect_language
from sevai.webhooks.models import WebhookEvent
from sevai.webhooks.outbox import queue_ticket_event

MAX_BODY_CHARS = 200_000
MAX_SUBJECT_CHARS = 300
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)", re.UNICODE)


def clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("The message is empty."))
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            _("The message is too long (at most %(n)d characters).") % {"n": MAX_BODY_CHARS}
        )
    return body


@transaction.atomic
def open_ticket(
    *,
    customer: Customer,
    subject: str,
    body: str,
    channel: str,
    actor: User | None = None,
    body_html: str = "",
    language: str = "",
    priority: str = Ticket.Priority.NORMAL,
    team: Team | None = None,
    tags: Iterable[str] = (),
    at: datetime | None = None,
    external_id: str = "",
) -> Ticket:
    """Open a ticket with the customer's first message."""
    if actor is not None:
        require_agent(actor)
    subject = " ".join((subject or "").split())[:MAX_SUBJECT_CHARS]
    body = clean_body(body)
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel: %(channel)s") % {"channel": channel})
    if priority not in Ticket.Priority.values:
        raise ValidationError(_("Unknown priority: %(priority)s") % {"priority": priority})
    if customer.merged_into_id:
        customer = Customer.objects.get(pk=customer.merged_into_id)
    at = at or timezone.now()
    detected = "" if language else detect_language(body) or detect_language(f"{subject} {body}")
    ticket = Ticket.objects.create(
        number=next_ticket_number(),
        subject=subject or body.splitlines()[0][:120],
        channel=channel,
        language=language or detected or customer.language,
        customer=customer,
        team=team,
        priority=priority,
        created_at=at,
        updated_at=at,
        message_count=1,
    )
    names = clean_tag_names(tags)
    if names:
        ticket.tags.set([Tag.objects.get_or_create(name=n)[0] for n in names])
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.CUSTOMER,
        channel=channel,
        author_customer=customer,
        body=body,
        body_html=sanitize_html(body_html) if body_html else "",
        language=ticket.language,
        external_id=external_id,
        created_at=at,
    )
    record_event(ticket, Event.Kind.CREATED, actor=actor, at=at, channel=channel)
    index_message(message, ticket)
    queue_ticket_event(WebhookEvent.TICKET_CREATED, ticket, message=message)
    triage.ticket_opened(ticket, customer, detected)  # language learned; prediction on commit
    return ticket


@transaction.atomic
def add_customer_message(
    ticket: Ticket,
    body: str,
    *,
    channel: str,
    customer: Customer | None = None,
    body_html: str = "",
    language: str = "",
    at: datetime | None = None,
    external_id: str = "",
) -> Message:
    """A customer writes on a ticket. Solved reopens; closed opens a linked follow-up."""
    body = clean_body(body)
    ticket = lock(ticket)
    if ticket.merged_into_id:
        ticket = lock(Ticket(pk=ticket.merged_into_id))
    author = customer or ticket.customer
    at = at or timezone.now()
    detected = "" if language else detect_language(body)
    language = language or detected
    if ticket.status == Ticket.Status.CLOSED:
        from sevai.tickets.actions.linking import link_tickets

        follow_up = open_ticket(
            customer=author,
            subject=ticket.subject,
            body=body,
            channel=channel,
            body_html=body_html,
            language=language or ticket.language,
            team=ticket.team,
            at=at,
            external_id=external_id,
        )
        link_tickets(follow_up, ticket, actor=None)
        triage.learn_customer_language(author, detected)
        return follow_up.messages.get()
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.CUSTOMER,
        channel=channel,
        author_customer=author,
        body=body,
        body_html=sanitize_html(body_html) if body_html else "",
        language=language or ticket.language,
        external_id=external_id,
        created_at=at,
    )
    record_event(ticket, Event.Kind.MESSAGE, actor=None, at=at, message=message.pk)
    triage.learn_customer_language(author, detected)
    if not ticket.language:
        ticket.language = language
    before = ticket.status
    if before in (Ticket.Status.SOLVED, Ticket.Status.PENDING):
        ticket.status = Ticket.Status.OPEN
        ticket.solved_at = None
        if before == Ticket.Status.SOLVED:
            ticket.reopen_count += 1
            record_event(ticket, Event.Kind.REOPENED, actor=None, at=at, before=before)
        record_event(ticket, Event.Kind.STATUS, actor=None, at=at, before=before, after="open")
    ticket.message_count += 1
    ticket.updated_at = at
    ticket.save(
        update_fields=[
            "status",
            "solved_at",
            "reopen_count",
            "message_count",
            "updated_at",
            "language",
        ]
    )
    index_message(message, ticket)
    if ticket.status != before:
        sync_ticket(ticket.pk)  # the search index's copy of the status
    queue_ticket_event(WebhookEvent.MESSAGE_ADDED, ticket, message=message)
    return message


def _agent_message(ticket: Ticket, body: str, kind: str, actor: User, at: datetime) -> Message:
    return Message.objects.create(
        ticket=ticket,
        kind=kind,
        channel=ticket.channel if kind == Message.Kind.REPLY else Channel.INTERNAL,
        author_user=actor,
        body=body,
        language=ticket.language if kind == Message.Kind.REPLY else "",
        created_at=at,
    )


@transaction.atomic
def reply(
    ticket: Ticket,
    body: str,
    *,
    actor: User,
    status: str | None = None,
    at: datetime | None = None,
) -> Message:
    """A public reply to the customer, optionally changing the status in the same step."""
    require_staff(actor)
    require_agent(actor)
    body = clean_body(body)
    ticket = lock(ticket)
    if ticket.status == Ticket.Status.CLOSED:
        raise ValidationError(_("This ticket is closed; it can no longer be answered."))
    at = at or timezone.now()
    message = _agent_message(ticket, body, Message.Kind.REPLY, actor, at)
    record_event(ticket, Event.Kind.REPLY, actor=actor, at=at, message=message.pk)
    if ticket.first_response_at is None:
        ticket.first_response_at = at
    before = ticket.status
    if ticket.status == Ticket.Status.NEW:
        ticket.status = Ticket.Status.OPEN
        record_event(ticket, Event.Kind.STATUS, actor=actor, at=at, before="new", after="open")
    ticket.message_count += 1
    ticket.updated_at = at
    ticket.save(update_fields=["first_response_at", "status", "message_count", "updated_at"])
    index_message(message, ticket)
    if ticket.status != before:
        sync_ticket(ticket.pk)  # the search index's copy of the status
    queue_ticket_event(WebhookEvent.MESSAGE_ADDED, ticket, message=message)
    if status:
        from sevai.tickets.actions.lifecycle import change_status

        ticket = change_status(ticket, status, actor=actor, at=at)
    queue_reply_email(ticket, message)  # outgoing email: outbox row now, sent on commit
    if ticket.channel == Channel.CHAT:
        from sevai.chat.actions.conversations import record_agent_reply  # chat imports us

        record_agent_reply(ticket, message)  # to the visitor's widget, after commit
    return message


def mentioned_users(body: str) -> list[User]:
    names = {m.rstrip(".") for m in MENTION.findall(body)}
    if not names:
        return []
    return list(User.objects.filter(username__in=names, is_active=True))


@transaction.atomic
def add_note(ticket: Ticket, body: str, *, actor: User, at: datetime | None = None) -> Message:
    """An internal note, never shown to the customer. @username notifies a colleague."""
    require_staff(actor)
    body = clean_body(body)
    ticket = lock(ticket)
    at = at or timezone.now()
    message = _agent_message(ticket, body, Message.Kind.NOTE, actor, at)
    record_event(ticket, Event.Kind.NOTE, actor=actor, at=at, message=message.pk)
    for user in mentioned_users(body):
        if user == actor:
            continue
        Notification.objects.create(
            user=user, ticket=ticket, kind=Notification.Kind.MENTION, actor=actor
        )
        record_event(
            ticket, Event.Kind.MENTION, actor=actor, at=at, user=user.name, user_id=user.pk
        )
    ticket.message_count += 1
    ticket.updated_at = at
    ticket.save(update_fields=["message_count", "updated_at"])
    index_message(message, ticket)
    return message
