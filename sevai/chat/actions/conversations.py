"""A visitor's conversation: starting it, who they are, their messages, agents' replies.

Every entry gets the next sequence number of its conversation under a row lock, and a
visitor's client id is unique in its conversation: a resent message is answered with the
entry it already made, never stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.assistant.presentation import turn_of
from sevai.chat.identity import new_visitor_key
from sevai.chat.live import send_after_commit, ticket_group, visitor_group
from sevai.chat.models import ChatEntry, ChatWidget, Conversation
from sevai.chat.queries import entry_payload
from sevai.customers.actions import (
    add_identity,
    find_or_create_customer,
    merge_customers,
    update_customer,
)
from sevai.customers.models import Customer, Identity
from sevai.tickets.actions.messages import add_customer_message, open_ticket
from sevai.tickets.actions.uploads import attach_uploads
from sevai.tickets.models import Channel, Message, Ticket
from sevai.workspace.live import announce_ticket_change

MAX_CLIENT_ID = 64
MAX_CHAT_BODY = 5000


def clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("Enter a valid email address.")) from None
    return email


@transaction.atomic
def start_conversation(
    widget: ChatWidget,
    *,
    name: str = "",
    email: str = "",
    user_id: str = "",
    language: str = "",
    page_url: str = "",
    at: datetime | None = None,
) -> Conversation:
    """A new conversation. `user_id` must already be verified (identity.verified_user_id)."""
    at = at or timezone.now()
    email = clean_email(email)
    if widget.pre_chat == ChatWidget.PreChat.REQUIRED and not user_id and not (name and email):
        raise ValidationError(_("Please tell us your name and email address."))
    customer = None
    if user_id:
        value = f"{widget.brand.slug}:{user_id}"
        customer, _created = find_or_create_customer(
            Identity.Kind.EXTERNAL, value, name=name, language=language
        )
    if email:
        customer = _with_email(customer, email, name, language)
    return Conversation.objects.create(
        widget=widget,
        visitor_key=new_visitor_key(),
        customer=customer,
        language=language[:10],
        page_url=page_url[:1000] if page_url.startswith(("http://", "https://")) else "",
        created_at=at,
        last_seen_at=at,
    )


def _with_email(customer: Customer | None, email: str, name: str, language: str) -> Customer:
    """The customer with this address. An anonymous visitor (only a chat identity) who gives
    the address of a known customer is merged into them, so the agent sees one history; a
    known customer keeps who they are and gains the address when nobody else has it."""
    existing = Identity.objects.filter(kind=Identity.Kind.EMAIL, value=email).first()
    if customer is None:
        found, _created = find_or_create_customer(
            Identity.Kind.EMAIL, email, name=name, language=language
        )
        return found
    if existing is None:
        add_identity(customer, Identity.Kind.EMAIL, email, actor=None)
        return customer
    owner = existing.customer
    while owner.merged_into_id:
        owner = Customer.objects.get(pk=owner.merged_into_id)
    anonymous = not customer.identities.exclude(kind=Identity.Kind.CHAT).exists()
    if owner.pk != customer.pk and anonymous:
        return merge_customers(customer, owner, actor=None)
    return customer


@transaction.atomic
def identify_visitor(
    conversation: Conversation, *, name: str = "", email: str = "", follow_up: bool = False
) -> Conversation:
    """The visitor told us who they are (pre-chat form, or an address for an email answer)."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    email = clean_email(email)
    if not email and follow_up:
        raise ValidationError(_("Enter a valid email address."))
    language = conversation.language
    if email:
        conversation.customer = _with_email(conversation.customer, email, name, language)
    customer = conversation.customer
    if name and customer is not None and customer.name in ("", _placeholder_name(conversation)):
        update_customer(customer, actor=None, name=name[:200])
    conversation.email_follow_up = conversation.email_follow_up or follow_up
    conversation.save(update_fields=["customer", "email_follow_up"])
    return conversation


def _placeholder_name(conversation: Conversation) -> str:
    return _("Chat visitor %(n)s") % {"n": conversation.visitor_key[:6]}


def _visitor_customer(conversation: Conversation) -> Customer:
    if conversation.customer is not None:
        return conversation.customer
    customer, _created = find_or_create_customer(
        Identity.Kind.CHAT,
        conversation.visitor_key,
        name=_placeholder_name(conversation),
        language=conversation.language,
    )
    conversation.customer = customer
    return customer


def _next_seq(conversation: Conversation) -> int:
    conversation.last_seq += 1
    return conversation.last_seq


@transaction.atomic
def post_visitor_message(
    conversation: Conversation,
    body: str,
    *,
    client_id: str = "",
    uploads: Iterable[UploadedFile[bytes]] = (),
    at: datetime | None = None,
) -> tuple[ChatEntry, bool]:
    """Store a visitor's message; (entry, False) when this client id was stored before."""
    client_id = (client_id or "")[:MAX_CLIENT_ID]
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("widget__brand", "ticket", "customer")
        .get(pk=conversation.pk)
    )
    if client_id:
        existing = ChatEntry.objects.filter(conversation=conversation, client_id=client_id).first()
        if existing is not None:
            return existing, False
    body = (body or "").strip()
    files = list(uploads)
    if not body and files:
        body = ", ".join(f.name or _("attachment") for f in files)
    if len(body) > MAX_CHAT_BODY:
        raise ValidationError(
            _("The message is too long (at most %(n)d characters).") % {"n": MAX_CHAT_BODY}
        )
    at = at or timezone.now()
    customer = _visitor_customer(conversation)
    message = _store_message(conversation, customer, body, at)
    if files:
        attach_uploads(message, files)
    entry = ChatEntry.objects.create(
        conversation=conversation,
        seq=_next_seq(conversation),
        client_id=client_id,
        author=ChatEntry.Author.VISITOR,
        message=message,
        created_at=at,
    )
    conversation.ticket = message.ticket
    conversation.last_seen_at = at
    conversation.save(update_fields=["customer", "ticket", "last_seq", "last_seen_at"])
    _broadcast(conversation, entry)
    announce_ticket_change(message.ticket_id, message.ticket.number)
    return entry, True


def _store_message(
    conversation: Conversation, customer: Customer, body: str, at: datetime
) -> Message:
    widget = conversation.widget
    if conversation.ticket is None:
        ticket = open_ticket(
            customer=customer,
            subject=body.splitlines()[0][:120] if body else _("Chat"),
            body=body,
            channel=Channel.CHAT,
            language=conversation.language,
            team=widget.team or widget.brand.team,
            at=at,
        )
        return ticket.messages.get()
    return add_customer_message(
        conversation.ticket, body, channel=Channel.CHAT, customer=customer, at=at
    )


def record_agent_reply(ticket: Ticket, message: Message) -> ChatEntry | None:
    """An agent's public reply on a chat ticket reaches the visitor (call in its transaction).
    The assistant's replies (no author, and a saved turn) come in the same way."""
    if message.kind != Message.Kind.REPLY:
        return None
    conversation = Conversation.objects.select_for_update().filter(ticket=ticket).first()
    if conversation is None:
        return None
    by_assistant = turn_of(message) is not None
    entry = ChatEntry.objects.create(
        conversation=conversation,
        seq=_next_seq(conversation),
        author=ChatEntry.Author.ASSISTANT if by_assistant else ChatEntry.Author.AGENT,
        message=message,
        created_at=message.created_at,
    )
    conversation.save(update_fields=["last_seq"])
    _broadcast(conversation, entry)
    return entry


def _broadcast(conversation: Conversation, entry: ChatEntry) -> None:
    brand = conversation.widget.brand if entry.author == ChatEntry.Author.ASSISTANT else None
    payload = entry_payload(entry, brand)
    groups = [visitor_group(conversation.pk)]
    if conversation.ticket_id:
        groups.append(ticket_group(conversation.ticket_id))
    event = {"type": "chat.event", "ticket": conversation.ticket_id, "payload": payload}
    send_after_commit(groups, event)


@transaction.atomic
def mark_read(conversation: Conversation, seq: int, *, by_visitor: bool) -> int:
    """Read receipts: remember how far one side has read, and tell the other side."""
    field = "visitor_read_seq" if by_visitor else "agent_read_seq"
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    seq = min(max(0, seq), conversation.last_seq)
    if seq <= getattr(conversation, field):
        return int(getattr(conversation, field))
    setattr(conversation, field, seq)
    conversation.save(update_fields=[field])
    payload = {"type": "read", "by": "visitor" if by_visitor else "agent", "seq": seq}
    groups = [visitor_group(conversation.pk)]
    if conversation.ticket_id:
        groups.append(ticket_group(conversation.ticket_id))
    event = {"type": "chat.event", "ticket": conversation.ticket_id, "payload": payload}
    send_after_commit(groups, event)
    return seq
