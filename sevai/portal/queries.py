"""The read side of the portal: who is signed in, and what of theirs they may see.

Every fetch is scoped to the signed-in customer; anything else is a 404 (never 403), so a
ticket number or attachment id that is not theirs looks the same as one that does not exist.
Customers see their own messages and agents' public replies, never internal notes.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.assistant.models import Turn
from sevai.customers.models import Customer, Identity
from sevai.mail.models import Attachment
from sevai.portal.models import MagicLink
from sevai.portal.tokens import hash_token
from sevai.tickets.models import Message, Ticket

VISIBLE_KINDS = (Message.Kind.CUSTOMER, Message.Kind.REPLY)  # never Message.Kind.NOTE
MAX_MERGE_HOPS = 10  # a merged customer points at the survivor; chains are short


def surviving_customer(customer: Customer) -> Customer:
    """The customer a merged one was merged into (tickets move there), else itself."""
    for _hop in range(MAX_MERGE_HOPS):
        if not customer.merged_into_id:
            break
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def customer_for_address(address: str) -> Customer | None:
    """The (surviving) customer with this email address, or None."""
    value = (address or "").strip().lower()
    if not value:
        return None
    identity = (
        Identity.objects.filter(kind=Identity.Kind.EMAIL, value=value)
        .select_related("customer")
        .first()
    )
    return surviving_customer(identity.customer) if identity is not None else None


def signed_in_customer(customer_id: object) -> Customer | None:
    """The customer whose id the portal session holds (after merges), or None."""
    if not isinstance(customer_id, int) or isinstance(customer_id, bool):
        return None
    customer = Customer.objects.filter(pk=customer_id).first()
    return surviving_customer(customer) if customer is not None else None


def usable_link(token: str) -> MagicLink | None:
    """The unused, unexpired link for this secret (to show its sign-in button), or None."""
    return MagicLink.objects.filter(
        token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def customer_requests(customer: Customer) -> QuerySet[Ticket]:
    """The customer's tickets from every channel, latest activity first.

    A ticket merged into another of theirs is left out (its messages moved there); one
    merged into someone else's ticket stays, so that it does not vanish from their list.
    """
    return (
        Ticket.objects.filter(customer=customer)
        .exclude(Q(merged_into__isnull=False) & Q(merged_into__customer=customer))
        .order_by("-updated_at", "-id")
    )


def request_for(customer: Customer, number: int) -> Ticket:
    """The customer's ticket with this number; 404 when there is none or it is not theirs."""
    ticket = (
        Ticket.objects.filter(number=number, customer=customer)
        .select_related("merged_into")
        .first()
    )
    if ticket is None:
        raise Http404(_("No such request."))
    return ticket


def visible_messages(ticket: Ticket) -> QuerySet[Message]:
    """What the customer sees of a conversation: customer messages and public replies, with
    their attachments and (for the assistant's replies) its turn, oldest first. Internal notes
    are never part of it."""
    return (
        Message.objects.filter(ticket=ticket, kind__in=VISIBLE_KINDS)
        .select_related(
            "author_user",
            "author_customer",
            "assistant_turn__ticket",
            "assistant_turn__translation__brand",
        )
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def attachment_for(customer: Customer, number: int, attachment_id: int) -> Attachment:
    """A stored file on a visible message of the customer's ticket; 404 otherwise."""
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id,
            message__ticket__number=number,
            message__ticket__customer=customer,
            message__kind__in=VISIBLE_KINDS,
        )
        .exclude(file="")
        .first()
    )
    if attachment is None:
        raise Http404(_("No such file."))
    return attachment


def answered_turn_for(ticket: Ticket, turn_id: int) -> Turn:
    """An answer of the assistant on this (already scoped) ticket; 404 otherwise."""
    turn = Turn.objects.filter(pk=turn_id, ticket=ticket, outcome=Turn.Outcome.ANSWERED).first()
    if turn is None:
        raise Http404(_("No such answer."))
    return turn
