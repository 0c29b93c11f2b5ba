"""Which ticket a mail belongs to.

Rules, in order:
1. In-Reply-To, then References (newest first), matched against the Message-IDs Sevai sent or
   received (MessageReference). A match is trusted whoever the sender is: a colleague in Cc
   answering the thread lands on the same ticket.
2. The ticket token "[#10234]" in the subject. A number is easy to guess, so the token counts
   only when the sender is the ticket's customer or took part in its mail (From, To or Cc).
3. Otherwise: a new ticket.
Only reads; named `threads` so that it does not shadow the standard library's `threading`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from django.utils.translation import gettext as _

from sevai.customers.models import Customer, Identity
from sevai.mail.models import InboundMessage, MessageReference, OutboundEmail
from sevai.mail.parsed import ParsedEmail
from sevai.tickets.models import Message, Ticket

TOKEN = re.compile(r"\[#([0-9]{1,18})\]")  # ASCII digits only: \d takes any script
MAX_REFERENCES = 50
PARTICIPANT_MAILS = 200


class Rule:
    IN_REPLY_TO = "in-reply-to"
    REFERENCES = "references"
    SUBJECT_TOKEN = "subject-token"  # noqa: S105 (a rule name, not a password)
    NEW = "new"


class ThreadMatch(NamedTuple):
    ticket: Ticket | None
    rule: str
    detail: str


def subject_tokens(subject: str) -> list[int]:
    """Ticket numbers named in the subject as [#123], in order, without repeats."""
    numbers: list[int] = []
    for digits in TOKEN.findall(subject or ""):
        number = int(digits)
        if number not in numbers:
            numbers.append(number)
    return numbers


def _candidates(parsed: ParsedEmail) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for message_id in parsed.in_reply_to:
        if message_id and message_id not in seen:
            seen.add(message_id)
            yield Rule.IN_REPLY_TO, message_id
    for message_id in reversed(parsed.references[-MAX_REFERENCES:]):
        if message_id and message_id not in seen:
            seen.add(message_id)
            yield Rule.REFERENCES, message_id


def _describe_reference(reference: MessageReference) -> str:
    message = reference.ticket_message
    if message is None:
        return _("mail")
    if message.kind == Message.Kind.REPLY:
        return _("reply #%(id)d") % {"id": message.pk}
    if message.kind == Message.Kind.NOTE:
        return _("note #%(id)d") % {"id": message.pk}
    return _("message #%(id)d") % {"id": message.pk}


def match_references(parsed: ParsedEmail) -> ThreadMatch | None:
    candidates = list(_candidates(parsed))
    if not candidates:
        return None
    references = {
        r.message_id: r
        for r in MessageReference.objects.select_related("ticket", "ticket_message").filter(
            message_id__in=[message_id for _rule, message_id in candidates]
        )
    }
    for rule, message_id in candidates:
        reference = references.get(message_id)
        if reference is None:
            continue
        header = "In-Reply-To" if rule == Rule.IN_REPLY_TO else "References"
        detail = _("%(header)s <%(id)s> matches %(what)s on ticket #%(number)d") % {
            "header": header,
            "id": message_id,
            "what": _describe_reference(reference),
            "number": reference.ticket.number,
        }
        return ThreadMatch(reference.ticket, rule, detail)
    return None


def ticket_participants(ticket: Ticket) -> set[str]:
    """Addresses that took part in a ticket's mail: its customer's, and From/To/Cc seen."""
    addresses = set(
        Identity.objects.filter(customer_id=ticket.customer_id, kind=Identity.Kind.EMAIL)
        .values_list("value", flat=True)
        .iterator()
    )
    verdicts = InboundMessage.objects.filter(ticket=ticket).order_by("-pk")
    for verdict in verdicts.values_list("verdict", flat=True)[:PARTICIPANT_MAILS]:
        if not isinstance(verdict, dict):
            continue
        sender = verdict.get("sender") or {}
        addresses.add(str(sender.get("address") or ""))
        addresses |= {str(a) for a in [*(verdict.get("to") or []), *(verdict.get("cc") or [])]}
    outbound = OutboundEmail.objects.filter(ticket=ticket).order_by("-pk")
    for to, cc in outbound.values_list("to", "cc")[:PARTICIPANT_MAILS]:
        addresses |= {str(a) for a in [*(to or []), *(cc or [])]}
    return {a.lower() for a in addresses if a}


def match_token(
    parsed: ParsedEmail, *, sender: Customer | None, sender_address: str
) -> tuple[ThreadMatch | None, str]:
    """A ticket named in the subject, and a note when a token was seen but not trusted."""
    numbers = subject_tokens(parsed.subject)
    if not numbers:
        return None, ""
    tickets = {t.number: t for t in Ticket.objects.filter(number__in=numbers)}
    refused = ""
    for number in numbers:
        ticket = tickets.get(number)
        if ticket is None:
            refused = refused or _("subject token [#%(n)d] names no ticket") % {"n": number}
            continue
        by_customer = sender is not None and sender.pk == ticket.customer_id
        if by_customer or sender_address in ticket_participants(ticket):
            detail = _("subject token [#%(n)d]") % {"n": number}
            return ThreadMatch(ticket, Rule.SUBJECT_TOKEN, detail), ""
        refused = refused or _(
            "subject token [#%(n)d] ignored: %(sender)s has not taken part in that ticket"
        ) % {"n": number, "sender": sender_address or _("the sender")}
    return None, refused


def find_thread(
    parsed: ParsedEmail, *, sender: Customer | None = None, sender_address: str = ""
) -> ThreadMatch:
    """The ticket this mail continues, the rule that decided it, and why."""
    by_reference = match_references(parsed)
    if by_reference is not None:
        return by_reference
    by_token, refused = match_token(parsed, sender=sender, sender_address=sender_address)
    if by_token is not None:
        return by_token
    detail = _("no reference or token: new ticket")
    if refused:
        detail = f"{refused}; {detail}"
    return ThreadMatch(None, Rule.NEW, detail)
