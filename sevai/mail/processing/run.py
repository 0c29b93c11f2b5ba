"""process_message: from a stored InboundMessage to a ticket message, and the verdict."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.customers.actions import find_or_create_customer
from sevai.customers.models import Customer, Identity
from sevai.mail import outbox, parsing
from sevai.mail.actions import (
    ClaimLost,
    claim_inbound,
    finish_inbound,
    mark_undeliverable,
    record_reference,
    store_attachments,
)
from sevai.mail.models import InboundMessage
from sevai.mail.processing.fallback import read_leniently
from sevai.mail.processing.understand import (
    Action,
    Decision,
    Understanding,
    final_ticket,
    understand,
)
from sevai.tickets import actions as tickets
from sevai.tickets.actions.messages import MAX_BODY_CHARS, MAX_SUBJECT_CHARS
from sevai.tickets.models import Channel, Message

logger = logging.getLogger("sevai.mail")

# A claim that crashed this often (a killed worker, not an exception) gets the safe path.
MAX_ATTEMPTS = 3
EXTERNAL_ID_CHARS = 255


def clean(text: str) -> str:
    return (text or "").replace("\x00", "")


def message_body(u: Understanding) -> str:
    """The visible part; the whole text when nothing is left visible; never empty."""
    body = clean(u.visible).strip() or clean(u.parsed.text).strip()
    if not body:
        body = _("(no text; see the attachments)") if u.parsed.attachments else _("(no text)")
    if len(body) > MAX_BODY_CHARS:
        note = "\n\n" + _("[Shortened; the whole text is in the original mail.]")
        body = body[: MAX_BODY_CHARS - len(note)] + note
    return body


def message_time(inbound: InboundMessage, date: datetime | None) -> datetime:
    """Imported mail keeps its own Date; live mail counts from its arrival."""
    if inbound.source != InboundMessage.Source.IMPORT or date is None:
        return inbound.received_at
    if timezone.is_naive(date):
        date = timezone.make_aware(date, timezone.get_fixed_timezone(0))
    return min(date, timezone.now())


def _unknown_sender(inbound: InboundMessage) -> Customer:
    customer, _created = find_or_create_customer(
        Identity.Kind.EXTERNAL, f"inbound:{inbound.pk}", name=_("Unknown sender")
    )
    return customer


def _write_ticket_message(
    u: Understanding, inbound: InboundMessage, customer: Customer
) -> tuple[Message, str]:
    parsed = u.parsed
    mail_kwargs: dict[str, Any] = {
        "channel": Channel.EMAIL,
        "body_html": clean(parsed.html),
        "at": message_time(inbound, parsed.date),
        "external_id": parsed.message_id[:EXTERNAL_ID_CHARS],
    }
    if u.thread.ticket is not None:
        ticket = final_ticket(u.thread.ticket)
        message = tickets.add_customer_message(
            ticket, message_body(u), customer=customer, **mail_kwargs
        )
        return message, Action.ADDED if message.ticket_id == ticket.pk else Action.FOLLOW_UP
    subject = clean(parsed.subject)[:MAX_SUBJECT_CHARS]
    if not subject.strip() and not clean(parsed.text).strip():
        subject = _("(unreadable message)") if u.flags else _("(no subject)")
    ticket = tickets.open_ticket(
        customer=customer,
        subject=subject,
        body=message_body(u),
        team=inbound.mailbox.team if inbound.mailbox else None,
        **mail_kwargs,
    )
    return ticket.messages.get(), Action.NEW_TICKET


def acknowledge(u: Understanding, inbound: InboundMessage, message: Message, action: str) -> str:
    """Queue the "we received your request" mail for a new ticket from live, clean mail.

    Never for imports, flagged mail, additions to a ticket, or noise (which never gets here).
    Returns "queued", the outbox's reason for skipping, or "" when not asked.
    """
    live = inbound.source != InboundMessage.Source.IMPORT
    if action not in (Action.NEW_TICKET, Action.FOLLOW_UP) or u.flags or not live:
        return ""
    if inbound.mailbox is None:
        return "no_mailbox"
    queued = outbox.queue_acknowledgement(message.ticket, message, inbound.mailbox)
    return "queued" if queued.outbound is not None else queued.skipped


def _process(inbound: InboundMessage, attempt: int, raw: bytes) -> InboundMessage:
    parsed = parsing.parse_email(raw)
    live = inbound.source != InboundMessage.Source.IMPORT
    u = understand(parsed, loop_check_until=inbound.received_at if live else None)
    verdict = u.verdict
    if u.decision == Decision.IGNORE:
        if verdict["undeliverable"]:
            verdict["undeliverable"] = mark_undeliverable(verdict["undeliverable"])
        return finish_inbound(
            inbound.pk,
            attempt=attempt,
            state=InboundMessage.State.IGNORED,
            verdict=verdict,
            ticket=final_ticket(u.thread.ticket) if u.thread.ticket else None,
        )
    if u.decision == Decision.FLAG:
        return finish_inbound(
            inbound.pk,
            attempt=attempt,
            state=InboundMessage.State.FLAGGED,
            verdict=verdict,
            flags=u.flags,
        )
    if u.sender.address:
        customer, created = find_or_create_customer(
            Identity.Kind.EMAIL, u.sender.address, name=u.sender.name
        )
        verdict["sender"] |= {
            "customer_id": customer.pk,
            "customer": "new" if created else "existing",
        }
    else:
        customer = _unknown_sender(inbound)
        verdict["sender"] |= {"customer_id": customer.pk, "customer": "unknown"}
    message, action = _write_ticket_message(u, inbound, customer)
    record_reference(parsed.message_id, ticket=message.ticket, ticket_message=message)
    store_attachments(
        message,
        parsed.attachments[: settings.MAIL_MAX_PARTS],
        max_bytes=settings.MAIL_MAX_ATTACHMENT_BYTES,
    )
    verdict["action"] = action
    verdict["ticket"] = {"id": message.ticket_id, "number": message.ticket.number}
    verdict["acknowledgement"] = acknowledge(u, inbound, message, action)
    if action == Action.NEW_TICKET and live and not u.flags and inbound.mailbox is not None:
        # The assistant (when on for this mailbox) answers by email once this commits.
        from sevai.assistant.intake import answer_after_commit  # the assistant imports mail

        answer_after_commit(message, mailbox=inbound.mailbox)
    return finish_inbound(
        inbound.pk,
        attempt=attempt,
        state=InboundMessage.State.FLAGGED if u.flags else InboundMessage.State.PROCESSED,
        verdict=verdict,
        flags=u.flags,
        ticket=message.ticket,
        ticket_message=message,
    )


def _flag(inbound: InboundMessage, attempt: int, raw: bytes, problem: str) -> InboundMessage:
    """Never drop a mail: a flagged ticket with whatever could be read."""
    readable = read_leniently(raw)
    verdict: dict[str, Any] = {
        "message_id": readable.message_id,
        "subject": readable.subject,
        "sender": {"address": readable.from_address, "name": readable.from_name},
        "action": Action.NEW_TICKET,
        "reason": problem,
        "noise": {"kind": "normal", "reason": _("not classified: the mail could not be read")},
    }
    try:
        with transaction.atomic():
            try:
                customer, _created = find_or_create_customer(
                    Identity.Kind.EMAIL, readable.from_address, name=readable.from_name
                )
            except Exception:  # no usable address: a customer for this mail alone
                customer = _unknown_sender(inbound)
            ticket = tickets.open_ticket(
                customer=customer,
                subject=clean(readable.subject)[:MAX_SUBJECT_CHARS] or _("(unreadable message)"),
                body=clean(readable.text).strip()[: MAX_BODY_CHARS - 100]
                or _("(unreadable message; the original mail is kept)"),
                channel=Channel.EMAIL,
                team=inbound.mailbox.team if inbound.mailbox else None,
                at=message_time(inbound, readable.date),
                external_id=readable.message_id[:EXTERNAL_ID_CHARS],
            )
            message = ticket.messages.get()
            record_reference(readable.message_id, ticket=ticket, ticket_message=message)
            verdict["ticket"] = {"id": ticket.pk, "number": ticket.number}
            return finish_inbound(
                inbound.pk,
                attempt=attempt,
                state=InboundMessage.State.FLAGGED,
                verdict=verdict,
                flags=[problem],
                error=problem,
                ticket=ticket,
                ticket_message=message,
            )
    except ClaimLost:
        return InboundMessage.objects.get(pk=inbound.pk)
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:
        logger.exception("inbound %s: no ticket could be made", inbound.pk)
        verdict["action"] = Action.FLAGGED
        return finish_inbound(
            inbound.pk,
            attempt=attempt,
            state=InboundMessage.State.FLAGGED,
            verdict=verdict,
            flags=[problem, _("no ticket could be made: %(error)s") % {"error": exc}],
            error=problem,
        )


def process_message(inbound_id: int) -> InboundMessage:
    """Claim a stored mail and turn it into a ticket message (or record why not).

    Safe to run twice: a mail that is not waiting (STORED) is returned untouched.
    """
    attempt = claim_inbound(inbound_id)
    if attempt is None:
        return InboundMessage.objects.get(pk=inbound_id)
    inbound = InboundMessage.objects.select_related("mailbox__team").get(pk=inbound_id)
    raw = bytes(inbound.raw)
    if attempt > MAX_ATTEMPTS:
        problem = _("processing did not finish after %(n)d attempts") % {"n": attempt - 1}
        return _flag(inbound, attempt, raw, problem)
    try:
        with transaction.atomic():
            return _process(inbound, attempt, raw)
    except ClaimLost:
        logger.warning("inbound %s: claim lost to another worker", inbound_id)
        return InboundMessage.objects.get(pk=inbound_id)
    except (OperationalError, InterfaceError):
        raise  # the database, not the mail: the requeue task retries later
    except Exception as exc:
        logger.exception("inbound %s could not be processed", inbound_id)
        problem = _("parse error: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"[:500]}
        return _flag(inbound, attempt, raw, problem)
