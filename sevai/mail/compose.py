"""Outgoing mail content: subject, Message-IDs, bodies from templates, and the MIME message.

Bodies are rendered once, when the mail is queued, in the customer's language; the outbox row
keeps them, so what was queued is what gets sent. The MIME message is built at send time.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from sevai.customers.models import Customer
    from sevai.mail.models import Mailbox, OutboundEmail
    from sevai.tickets.models import Ticket

# 7bit: non-ASCII bodies go out as quoted-printable or base64, headers as RFC 2047 words,
# so no server has to support 8BITMIME. Lines end in CRLF as SMTP wants.
POLICY = policy.SMTP.clone(cte_type="7bit")
LANGUAGE_ALIASES = {"fil": "tl"}
REPLY_PREFIX = re.compile(r"^\s*re\s*:", re.IGNORECASE)
MAX_REFERENCES = 20
TEMPLATES = "mail/email"


def supported_language(code: str) -> str:
    """ "ta-IN" → "ta", "fil" → "tl"; "" when Sevai has no catalogue for it."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    base = LANGUAGE_ALIASES.get(base, base)
    return base if base in {c for c, _name in settings.LANGUAGES} else ""


def language_for(customer: Customer | None, ticket: Ticket | None) -> str:
    """The customer's language, else the ticket's, else English."""
    for code in (customer.language if customer else "", ticket.language if ticket else ""):
        language = supported_language(code)
        if language:
            return language
    return str(settings.LANGUAGE_CODE)


def clean_message_id(value: str) -> str:
    """Message-IDs are stored without angle brackets."""
    return value.strip().strip("<>").strip()


def new_message_id(ticket: Ticket | None, mailbox: Mailbox, part: str) -> str:
    """sevai.<number>.<message pk or kind>.<random>@<mailbox domain>, without brackets
    (sevai.<kind>.<random>@<domain> for mail about no ticket)."""
    domain = mailbox.address.rpartition("@")[2] or "sevai.invalid"
    prefix = f"sevai.{ticket.number}" if ticket is not None else "sevai"
    return f"{prefix}.{part}.{secrets.token_hex(8)}@{domain}"


def thread_references(known: Iterable[str], in_reply_to: str) -> list[str]:
    """The References chain: known ids oldest first, ending with In-Reply-To.

    Long chains keep the first id (the thread's root) and the latest ones.
    """
    chain: list[str] = []
    for value in known:
        mid = clean_message_id(value)
        if mid and mid != in_reply_to and mid not in chain:
            chain.append(mid)
    if in_reply_to:
        chain.append(in_reply_to)
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    return chain


def reply_subject(subject: str, number: int) -> str:
    """Re: <subject> [#<number>], without doubling "Re:" or the token."""
    subject = " ".join((subject or "").split())
    token = f"[#{number}]"
    if token not in subject:
        subject = f"{subject} {token}".strip()
    if not REPLY_PREFIX.match(subject):
        subject = f"Re: {subject}"
    return subject


def tidy_text(text: str) -> str:
    """Template output without blank-line runs; the "-- " signature line keeps its space."""
    lines = [
        line if line == "-- " else line.rstrip() for line in text.replace("\r\n", "\n").split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def render_bodies(kind: str, context: Mapping[str, Any], language: str) -> tuple[str, str]:
    """Render mail/email/<kind>.txt and .html with the customer's language active."""
    with translation.override(language):
        text = render_to_string(f"{TEMPLATES}/{kind}.txt", dict(context))
        html = render_to_string(f"{TEMPLATES}/{kind}.html", dict(context))
    return tidy_text(text), html


def build_message(
    outbound: OutboundEmail,
    *,
    now: datetime,
    names: Mapping[str, str] | None = None,
    language: str = "",
) -> EmailMessage:
    """The MIME message for one outbox row: multipart/alternative text + HTML.

    `names` maps recipient addresses to display names; `language` is the Content-Language.
    """
    names = names or {}
    mailbox, ticket = outbound.mailbox, outbound.ticket
    sender_name = ticket.team.name if ticket is not None and ticket.team else mailbox.name
    message = EmailMessage(policy=POLICY)
    message["From"] = Address(display_name=sender_name, addr_spec=mailbox.address)
    message["To"] = [Address(names.get(a, ""), addr_spec=a) for a in outbound.to]
    if outbound.cc:
        message["Cc"] = [Address(names.get(a, ""), addr_spec=a) for a in outbound.cc]
    message["Reply-To"] = Address(display_name=sender_name, addr_spec=mailbox.address)
    message["Subject"] = outbound.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<{outbound.message_id}>"
    if outbound.in_reply_to:
        message["In-Reply-To"] = f"<{outbound.in_reply_to}>"
    references = outbound.references.split()
    if references:
        message["References"] = " ".join(f"<{mid}>" for mid in references)
    if ticket is not None:
        message["X-Sevai-Ticket"] = str(ticket.number)
    if outbound.kind != outbound.Kind.REPLY:
        # RFC 3834: machines must not answer these; Exchange: no out-of-office replies.
        auto = (
            "auto-replied" if outbound.kind == outbound.Kind.ACKNOWLEDGEMENT else "auto-generated"
        )
        message["Auto-Submitted"] = auto
        message["X-Auto-Response-Suppress"] = "All"
    message.set_content(outbound.body_text)  # set_content drops earlier Content-* headers
    if outbound.body_html:
        message.add_alternative(outbound.body_html, subtype="html")
        for part in message.iter_parts():
            del part["MIME-Version"]  # belongs on the top level only
    if language:
        message["Content-Language"] = language
    return message
