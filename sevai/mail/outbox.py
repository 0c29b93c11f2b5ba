"""The email outbox: queue mail in the caller's transaction, and the sender's state changes.

queue_* functions run inside the action that caused the mail (a reply, a new ticket, a status
change, a portal sign-in link): the OutboundEmail row and its MessageReference commit or roll
back with it, and the send task is enqueued only on commit. The claim/mark functions are the
only writes the sender (sevai.mail.sending) makes, each one conditional UPDATE.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sevai.customers.models import Customer, Identity
from sevai.lib.log import redact
from sevai.mail import compose
from sevai.mail.models import InboundMessage, Mailbox, MessageReference, OutboundEmail
from sevai.tickets.models import Channel, Message, Ticket

logger = logging.getLogger("sevai.mail.outbox")

# Channels whose customers are answered by email. Chat has its own channel (the widget).
EMAIL_CHANNELS = frozenset({Channel.EMAIL, Channel.WEB_FORM, Channel.PORTAL, Channel.API})
SENDING_LEASE = timedelta(minutes=5)  # a claim older than this was lost in a crash
MAX_ERROR_CHARS = 2000
# A sign-in link is a secret: once its mail is sent (or given up on) the body is not kept.
LINK_REMOVED = "[The sign-in link was removed from this copy after sending.]"


class Skip:
    """Why a queue_* call wrote no mail (Queued.skipped)."""

    CHANNEL = "channel"  # not an email conversation (chat, phone, internal...)
    NOT_PUBLIC = "not_public"  # an internal note or a customer message
    NO_MAILBOX = "no_mailbox"  # no active mailbox to send from
    NO_ADDRESS = "no_address"  # the customer has no email address
    UNDELIVERABLE = "undeliverable"  # every address of the customer bounced
    DISABLED = "disabled"  # the mailbox does not send acknowledgements
    OWN_ADDRESS = "own_address"  # the "customer" is one of our mailboxes: a mail loop
    IN_REPLY = "in_reply"  # solved by a reply whose email already says so


SKIP_MESSAGES: dict[str, Promise] = {
    Skip.NO_MAILBOX: _("No mailbox is set up, so replies are not emailed."),
    Skip.NO_ADDRESS: _("The customer has no email address, so replies are not emailed."),
    Skip.UNDELIVERABLE: _("Mail to %(address)s bounced, so replies are not emailed."),
}


@dataclass(frozen=True)
class Queued:
    """What a queue_* call did: the outbox row, or why no mail goes out."""

    outbound: OutboundEmail | None = None
    skipped: str = ""
    address: str = ""  # the recipient, or the undeliverable address when that is the reason

    @property
    def problem(self) -> str:
        """A sentence for agents when the customer cannot get this mail; "" otherwise."""
        message = SKIP_MESSAGES.get(self.skipped)
        return str(message) % {"address": self.address} if message else ""


@dataclass(frozen=True)
class Reach:
    """Where a ticket's customer gets email: an address, or the reason there is none."""

    address: str = ""
    customer: Customer | None = None
    skipped: str = ""
    in_reply_to: str = ""


def mailbox_for(ticket: Ticket) -> Mailbox | None:
    """The mailbox the ticket's last mail came to, else the first active mailbox."""
    inbound = (
        InboundMessage.objects.filter(ticket=ticket, mailbox__isnull=False, mailbox__is_active=True)
        .select_related("mailbox")
        .order_by("-received_at", "-pk")
        .first()
    )
    if inbound is not None and inbound.mailbox is not None:
        return inbound.mailbox
    return Mailbox.objects.filter(is_active=True).order_by("pk").first()


def reach(ticket: Ticket, customer: Customer | None = None) -> Reach:
    """The address to write to: the one the customer last wrote from, else their first.

    The author of the latest customer message comes first (after a merge or with several
    people on a ticket it can differ from ticket.customer); within a customer, the primary
    address, then the oldest. Addresses marked undeliverable are passed over.
    """
    latest = (
        Message.objects.filter(ticket=ticket, kind=Message.Kind.CUSTOMER)
        .order_by("-created_at", "-pk")
        .values("author_customer_id", "external_id")
        .first()
    )
    in_reply_to = compose.clean_message_id(latest["external_id"]) if latest else ""
    preferred: int | None = customer.pk if customer else None
    if preferred is None and latest is not None:
        preferred = latest["author_customer_id"]
    wanted = {pk for pk in (preferred, ticket.customer_id) if pk}
    identities = sorted(
        Identity.objects.filter(customer_id__in=wanted, kind=Identity.Kind.EMAIL).select_related(
            "customer"
        ),
        key=lambda i: (i.customer_id != preferred, not i.is_primary, i.created_at, i.pk),
    )
    for identity in identities:
        if not identity.undeliverable:
            return Reach(identity.value, identity.customer, in_reply_to=in_reply_to)
    if identities:
        return Reach(identities[0].value, identities[0].customer, Skip.UNDELIVERABLE)
    return Reach(skipped=Skip.NO_ADDRESS)


def chat_wants_email(ticket: Ticket) -> bool:
    """A chat visitor who left an address when nobody was online gets replies by email."""
    if ticket.channel != Channel.CHAT:
        return False
    from sevai.chat.models import Conversation  # chat builds on mail, not the other way

    return Conversation.objects.filter(ticket=ticket, email_follow_up=True).exists()


def reply_email_problem(ticket: Ticket) -> str:
    """For the reply box: why a public reply on this ticket would not be emailed ("" if it
    would be, or if the ticket is not an email conversation)."""
    if ticket.channel not in EMAIL_CHANNELS:
        return ""
    if mailbox_for(ticket) is None:
        return Queued(skipped=Skip.NO_MAILBOX).problem
    found = reach(ticket)
    return Queued(skipped=found.skipped, address=found.address).problem


def queue_reply_email(ticket: Ticket, message: Message) -> Queued:
    """Email an agent's public reply to the customer. Call inside the reply's transaction."""
    if message.kind != Message.Kind.REPLY:
        return Queued(skipped=Skip.NOT_PUBLIC)
    if ticket.channel not in EMAIL_CHANNELS and not chat_wants_email(ticket):
        return Queued(skipped=Skip.CHANNEL)
    from sevai.assistant.presentation import email_context  # the assistant builds on mail

    author = message.author_user
    context = {
        "body": message.body,
        "signature": (author.signature if author else "").strip(),
        "solved": ticket.status == Ticket.Status.SOLVED,
        "assistant": email_context(message) if author is None else {},  # article, feedback links
    }
    return _queue(ticket, OutboundEmail.Kind.REPLY, context, message=message)


def queue_acknowledgement(ticket: Ticket, message: Message, mailbox: Mailbox) -> Queued:
    """Queue the "we received your request [#n]" mail for a new ticket that came by mail.

    The intake calls this (not for auto-replies or bounces); nothing is sent when the
    mailbox has send_acknowledgement off.
    """
    if not mailbox.send_acknowledgement:
        return Queued(skipped=Skip.DISABLED)
    if not mailbox.is_active:
        return Queued(skipped=Skip.NO_MAILBOX)
    customer = message.author_customer or ticket.customer
    return _queue(
        ticket, OutboundEmail.Kind.ACKNOWLEDGEMENT, {}, mailbox=mailbox, customer=customer
    )


def queue_solved_notice(ticket: Ticket) -> Queued:
    """Tell an email customer their request was solved. Call inside change_status.

    A reply that solves the ticket in the same step already says so (reply.txt), so no
    second mail is queued then.
    """
    if ticket.channel != Channel.EMAIL:
        return Queued(skipped=Skip.CHANNEL)
    if (
        ticket.solved_at is not None
        and Message.objects.filter(
            ticket=ticket, kind=Message.Kind.REPLY, created_at=ticket.solved_at
        ).exists()
    ):
        return Queued(skipped=Skip.IN_REPLY)
    return _queue(ticket, OutboundEmail.Kind.SOLVED, {})


def queue_portal_link(
    customer: Customer, url: str, language: str, *, address: str = "", minutes: int = 0
) -> Queued:
    """Email a customer portal sign-in link (mail about no ticket). Call inside the action
    that made the link, so the row commits with it.

    It goes to `address` when that is one of the customer's email addresses (the one they
    typed), else to their primary one; `language` is the page's, `minutes` how long the link
    works. The url is never logged, and mark_sent/mark_failed clear the body that holds it.
    """
    mailbox = Mailbox.objects.filter(is_active=True).order_by("pk").first()
    if mailbox is None:
        logger.info("customer %s: no mailbox, sign-in link not queued", customer.pk)
        return Queued(skipped=Skip.NO_MAILBOX)
    wanted = address.strip().lower()
    identities = sorted(
        Identity.objects.filter(customer=customer, kind=Identity.Kind.EMAIL),
        key=lambda i: (i.value != wanted, not i.is_primary, i.created_at, i.pk),
    )
    if not identities:
        return Queued(skipped=Skip.NO_ADDRESS)
    to = identities[0].value
    if identities[0].undeliverable:
        logger.info("customer %s: sign-in link not queued (undeliverable)", customer.pk)
        return Queued(skipped=Skip.UNDELIVERABLE, address=to)
    if Mailbox.objects.filter(address__iexact=to).exists():
        logger.warning("customer %s: not mailing our own mailbox %s", customer.pk, to)
        return Queued(skipped=Skip.OWN_ADDRESS, address=to)
    kind = OutboundEmail.Kind.PORTAL_LINK
    language = compose.supported_language(language) or compose.language_for(customer, None)
    with translation.override(language):
        subject = str(_("Your sign-in link"))
    context = {"name": customer.name, "url": url, "minutes": minutes, "subject": subject}
    text, html = compose.render_bodies(kind, context, language)
    outbound = OutboundEmail.objects.create(
        mailbox=mailbox,
        ticket=None,
        kind=kind,
        to=[to],
        cc=[],
        subject=subject,
        message_id=compose.new_message_id(None, mailbox, "portal"),
        body_text=text,
        body_html=html,
        language=language,
        next_attempt_at=timezone.now(),
    )
    logger.info("customer %s: sign-in link queued (outbound %s)", customer.pk, outbound.pk)
    _send_on_commit(outbound.pk)
    return Queued(outbound=outbound, address=to)


def _send_on_commit(pk: int) -> None:
    def enqueue() -> None:
        from sevai.mail.sending import send_outbound_email

        send_outbound_email.enqueue(pk)

    # robust: if enqueueing fails, the row stays pending and requeue_due_outbound finds it.
    transaction.on_commit(enqueue, robust=True)


def _queue(
    ticket: Ticket,
    kind: str,
    context: dict[str, Any],
    *,
    message: Message | None = None,
    mailbox: Mailbox | None = None,
    customer: Customer | None = None,
) -> Queued:
    mailbox = mailbox or mailbox_for(ticket)
    if mailbox is None:
        logger.debug("ticket #%s: no mailbox, %s mail not queued", ticket.number, kind)
        return Queued(skipped=Skip.NO_MAILBOX)
    found = reach(ticket, customer)
    if found.skipped:
        logger.info("ticket #%s: %s mail not queued (%s)", ticket.number, kind, found.skipped)
        return Queued(skipped=found.skipped, address=found.address)
    if Mailbox.objects.filter(address__iexact=found.address).exists():
        logger.warning("ticket #%s: not mailing our own mailbox %s", ticket.number, found.address)
        return Queued(skipped=Skip.OWN_ADDRESS, address=found.address)
    known = MessageReference.objects.filter(ticket=ticket).order_by("created_at", "pk")
    known_ids = list(known.values_list("message_id", flat=True))
    in_reply_to = found.in_reply_to or (
        compose.clean_message_id(known_ids[-1]) if known_ids else ""
    )
    references = compose.thread_references(known_ids, in_reply_to)
    message_id = compose.new_message_id(ticket, mailbox, str(message.pk) if message else kind)
    subject = compose.reply_subject(ticket.subject, ticket.number)
    language = compose.language_for(found.customer, ticket)
    name = found.customer.name if found.customer else ""
    text, html = compose.render_bodies(
        kind, {**context, "number": ticket.number, "subject": subject, "name": name}, language
    )
    outbound = OutboundEmail.objects.create(
        mailbox=mailbox,
        ticket=ticket,
        ticket_message=message,
        kind=kind,
        to=[found.address],
        cc=[],
        subject=subject,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=" ".join(references),
        body_text=text,
        body_html=html,
        language=language,
        next_attempt_at=timezone.now(),
    )
    MessageReference.objects.create(
        message_id=message_id, ticket=ticket, ticket_message=message, outbound=True
    )
    _send_on_commit(outbound.pk)
    return Queued(outbound=outbound, address=found.address)


# --- The sender's state changes (sevai.mail.sending) ---


def claim_outbound(outbound_id: int, *, now: datetime) -> OutboundEmail | None:
    """PENDING and due → SENDING with a lease; None when another worker has it or it is done."""
    claimed = OutboundEmail.objects.filter(
        pk=outbound_id, state=OutboundEmail.State.PENDING, next_attempt_at__lte=now
    ).update(state=OutboundEmail.State.SENDING, next_attempt_at=now + SENDING_LEASE)
    if claimed != 1:
        return None
    return OutboundEmail.objects.select_related("mailbox", "ticket__team").get(pk=outbound_id)


def _error(text: str) -> str:
    return redact(text)[:MAX_ERROR_CHARS]


def _forget_secrets(outbound: OutboundEmail) -> dict[str, str]:
    """Fields to clear when a mail is done: the body of a sign-in link (the link itself)."""
    if outbound.kind == OutboundEmail.Kind.PORTAL_LINK:
        return {"body_text": LINK_REMOVED, "body_html": ""}
    return {}


def mark_sent(outbound: OutboundEmail, *, at: datetime, note: str = "") -> bool:
    """SENDING → SENT. `note` records recipients the server refused while taking the mail."""
    return bool(
        OutboundEmail.objects.filter(pk=outbound.pk, state=OutboundEmail.State.SENDING).update(
            state=OutboundEmail.State.SENT,
            sent_at=at,
            attempts=F("attempts") + 1,
            last_error=_error(note),
            **_forget_secrets(outbound),
        )
    )


def mark_retry(outbound: OutboundEmail, *, error: str, retry_at: datetime) -> bool:
    """SENDING → PENDING, to be tried again at retry_at."""
    return bool(
        OutboundEmail.objects.filter(pk=outbound.pk, state=OutboundEmail.State.SENDING).update(
            state=OutboundEmail.State.PENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=retry_at,
            last_error=_error(error),
        )
    )


def mark_failed(outbound: OutboundEmail, *, error: str) -> bool:
    """SENDING → FAILED for good (rejected, or out of attempts)."""
    return bool(
        OutboundEmail.objects.filter(pk=outbound.pk, state=OutboundEmail.State.SENDING).update(
            state=OutboundEmail.State.FAILED,
            attempts=F("attempts") + 1,
            permanent_failure=True,
            last_error=_error(error),
            **_forget_secrets(outbound),
        )
    )


def due_outbound_ids(*, now: datetime, limit: int = 500) -> list[int]:
    """Release leases a crash left behind (SENDING past its lease → PENDING), then list the
    pending rows that are due, oldest first."""
    OutboundEmail.objects.filter(
        state=OutboundEmail.State.SENDING, next_attempt_at__lte=now
    ).update(state=OutboundEmail.State.PENDING)
    due = OutboundEmail.objects.filter(
        state=OutboundEmail.State.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    return list(due.values_list("pk", flat=True)[:limit])


def recipient_names(outbound: OutboundEmail) -> tuple[dict[str, str], Customer | None]:
    """Display names for the recipients, and the first recipient's customer (for language)."""
    addresses = [*outbound.to, *outbound.cc]
    identities = Identity.objects.filter(kind=Identity.Kind.EMAIL, value__in=addresses)
    by_address = {i.value: i.customer for i in identities.select_related("customer")}
    names = {a: c.name for a, c in by_address.items() if c.name}
    first = by_address.get(outbound.to[0]) if outbound.to else None
    return names, first
