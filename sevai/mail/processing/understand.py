"""How a parsed mail is understood: noise, sender, threading, visible text, and the decision.

Only reads, so that `process_message` and `sevai mail inspect` run the very same steps; the
result carries the verdict (which rule fired, and why) that is stored with the mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from sevai.customers.models import Identity
from sevai.mail import noise, quoting
from sevai.mail.actions import attachment_skip_reason
from sevai.mail.identify import (
    Sender,
    is_own_address,
    lookup_sender,
    normalized_address,
    recent_mail_count,
)
from sevai.mail.parsed import ParsedEmail
from sevai.mail.threads import ThreadMatch, find_thread
from sevai.tickets.models import Ticket

VERDICT_VERSION = 1
MAX_FOLDED_CHARS = 200_000
# Parser problems after which part of the mail is missing: the ticket is made and flagged.
SERIOUS_PROBLEMS = (
    "parser error",
    "not an RFC 822 message",
    "no mail headers found",
    "too many parts",
    "MIME parts nested deeper",
)


class Decision:
    TICKET = "ticket"  # open a ticket or add to one
    IGNORE = "ignore"  # recorded, no ticket message (noise, our own mail)
    FLAG = "flag"  # recorded, no ticket, an admin should look (mail loop)


class Action:
    """What happened to the mail (verdict["action"]); inspect says what would happen."""

    NEW_TICKET = "new_ticket"
    ADDED = "added_to_ticket"
    FOLLOW_UP = "follow_up"
    IGNORED = "ignored"
    FLAGGED = "flagged"


@dataclass
class Understanding:
    parsed: ParsedEmail
    noise: noise.NoiseVerdict
    sender: Sender
    thread: ThreadMatch
    visible: str
    folded: str
    decision: str
    reason: str = ""
    flags: list[str] = field(default_factory=list)
    verdict: dict[str, Any] = field(default_factory=dict)


def final_ticket(ticket: Ticket) -> Ticket:
    """Follow merges to the ticket that now holds the conversation."""
    seen = {ticket.pk}
    while ticket.merged_into_id and ticket.merged_into_id not in seen:
        seen.add(ticket.merged_into_id)
        ticket = Ticket.objects.get(pk=ticket.merged_into_id)
    return ticket


def would_mark_undeliverable(verdict: noise.NoiseVerdict) -> list[str]:
    """Known email identities a hard bounce names (lookup only). Soft or policy bounces
    (mailbox full, blocked as spam) leave the address alone."""
    if verdict.kind != "bounce" or not verdict.hard:
        return []
    addresses = {normalized_address(a) for a in verdict.bounced_recipients} - {""}
    return sorted(
        Identity.objects.filter(kind=Identity.Kind.EMAIL, value__in=addresses).values_list(
            "value", flat=True
        )
    )


def describe_attachments(parsed: ParsedEmail) -> list[dict[str, Any]]:
    limit = settings.MAIL_MAX_ATTACHMENT_BYTES
    return [
        {
            "filename": a.filename,
            "content_type": a.content_type,
            "size": len(a.payload),
            "inline": a.inline,
            "content_id": a.content_id,
            "skipped": attachment_skip_reason(len(a.payload), limit),
        }
        for a in parsed.attachments[: settings.MAIL_MAX_PARTS]
    ]


def _decide(
    parsed: ParsedEmail, verdict: noise.NoiseVerdict, sender: Sender, *, until: datetime | None
) -> tuple[str, str]:
    if is_own_address(sender.address):
        return Decision.IGNORE, _("sent from Sevai's own address %(address)s") % {
            "address": sender.address
        }
    labels = {
        "auto_reply": _("auto-reply"),
        "bounce": _("bounce"),
        "complaint": _("spam complaint"),
    }
    if verdict.kind in labels:
        return Decision.IGNORE, f"{labels[verdict.kind]}: {verdict.reason}"
    if until is not None and sender.address:
        count = recent_mail_count(sender.address, until=until)
        if count >= settings.MAIL_LOOP_LIMIT_PER_HOUR:
            return Decision.FLAG, _(
                "possible mail loop: %(count)d mails from %(address)s within an hour"
            ) % {"count": count + 1, "address": sender.address}
    return Decision.TICKET, ""


def _action(understanding: Understanding) -> str:
    if understanding.decision == Decision.IGNORE:
        return Action.IGNORED
    if understanding.decision == Decision.FLAG:
        return Action.FLAGGED
    ticket = understanding.thread.ticket
    if ticket is None:
        return Action.NEW_TICKET
    return Action.FOLLOW_UP if final_ticket(ticket).status == Ticket.Status.CLOSED else Action.ADDED


def build_verdict(u: Understanding) -> dict[str, Any]:
    parsed, thread = u.parsed, u.thread
    return {
        "version": VERDICT_VERSION,
        "message_id": parsed.message_id,
        "subject": parsed.subject,
        "date": parsed.date.isoformat() if parsed.date else None,
        "sender": u.sender.describe(),
        "to": list(parsed.to),
        "cc": list(parsed.cc),
        "reply_to": list(parsed.reply_to),
        "text": {
            "chars": len(parsed.text),
            "visible_chars": len(u.visible),
            "folded_chars": len(u.folded),
            "folded_lines": len(u.folded.splitlines()),
        },
        "folded": u.folded[:MAX_FOLDED_CHARS],
        "attachments": describe_attachments(parsed),
        "noise": {
            "kind": u.noise.kind,
            "reason": u.noise.reason,
            "hard": u.noise.hard,
            "status": u.noise.status,
            "bounced_recipients": list(u.noise.bounced_recipients),
        },
        "undeliverable": would_mark_undeliverable(u.noise),
        "threading": {
            "rule": thread.rule,
            "detail": thread.detail,
            "ticket_id": thread.ticket.pk if thread.ticket else None,
            "ticket_number": thread.ticket.number if thread.ticket else None,
        },
        "problems": list(parsed.problems),
        "action": _action(u),
        "reason": u.reason,
        "flags": list(u.flags),
    }


def understand(parsed: ParsedEmail, *, loop_check_until: datetime | None) -> Understanding:
    """Every decision about one mail, without writing anything.

    loop_check_until: the arrival time to count the sender's mail of the past hour against;
    None skips the loop check (imports of old mail legitimately hold many mails per sender).
    """
    verdict = noise.classify(parsed)
    sender = lookup_sender(parsed.from_address, parsed.from_name)
    flags = []
    if not sender.address:
        for address in parsed.reply_to:
            if normalized_address(address):
                sender = lookup_sender(address, parsed.from_name)
                break
        else:
            flags.append(_("no usable sender address"))
    flags += [
        _("parse error: %(problem)s") % {"problem": problem}
        for problem in parsed.problems
        if problem.startswith(SERIOUS_PROBLEMS)
    ]
    visible, folded = quoting.split_reply(parsed.text)
    thread = find_thread(parsed, sender=sender.customer, sender_address=sender.address)
    decision, reason = _decide(parsed, verdict, sender, until=loop_check_until)
    if decision == Decision.FLAG:
        flags.insert(0, reason)
    understanding = Understanding(
        parsed=parsed,
        noise=verdict,
        sender=sender,
        thread=thread,
        visible=visible,
        folded=folded,
        decision=decision,
        reason=reason,
        flags=flags,
    )
    understanding.verdict = build_verdict(understanding)
    return understanding
