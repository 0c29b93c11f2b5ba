"""Mail that no one wrote to us: auto-replies, bounces and spam complaints.

`classify(parsed)` decides, in this order (the first rule that fires gives the reason):

1. complaint: a multipart/report of report-type feedback-report (ARF, RFC 5965);
2. bounce: a multipart/report of report-type delivery-status (RFC 3464) with a failed or
   delayed recipient, or an X-Failed-Recipients header; a report whose recipients were all
   delivered is an auto-reply ("delivery notification"), as is a read receipt
   (disposition-notification);
3. auto-reply by header: Auto-Submitted other than "no" (RFC 3834), X-Autoreply,
   X-Autorespond, X-Autoresponder, Precedence bulk/junk/list, List-Id or List-Unsubscribe
   (mailing lists are never answered automatically). X-Auto-Response-Suppress alone does not
   count: Outlook and Exchange put it on ordinary mail to ask us not to auto-answer, so it is
   left to the sender of acknowledgements (it is in `parsed.headers`);
4. bounce by appearance: a MAILER-DAEMON/postmaster sender or a bounce subject ("Undelivered
   Mail Returned to Sender", "Unzustellbar", ...) together with a failed address or status code
   in the text;
5. auto-reply by subject: out-of-office subjects in many languages;
6. otherwise normal.

A bounce names its failed recipients; `hard` says whether the address itself is bad for good
(unknown user or domain, status 5.1.x); `status` is the RFC 3463 code ("5.1.1").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import policy
from email.parser import BytesHeaderParser

from sevai.mail.parse.addresses import parse_address_list
from sevai.mail.parse.bounces import (
    MAX_TEXT,
    FailedRecipient,
    address_of,
    bounce_text,
    field_blocks,
    is_hard,
    original_recipients_in_text,
    parse_delivery_status,
    recipients_in_text,
    status_in,
)
from sevai.mail.parse.noise_patterns import (
    AUTO_REPLY_SUBJECT,
    BOUNCE_SUBJECT,
    BULK_PRECEDENCE,
    DAEMON_NAMES,
    DAEMON_SENDERS,
)
from sevai.mail.parsed import ParsedEmail

FAILED_ACTIONS = {"failed", "delayed"}
AUTO_REPLY_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder")
NO_REPLY = {"noreply", "donotreply", "dontreply"}
LIST_HEADERS = ("list-id", "list-unsubscribe", "mailing-list")


@dataclass
class NoiseVerdict:
    kind: str  # "normal" | "auto_reply" | "bounce" | "complaint"
    reason: str  # which header or rule decided, human readable
    bounced_recipients: list[str] = field(default_factory=list)
    hard: bool = False
    status: str = ""  # e.g. "5.1.1"


def classify(parsed: ParsedEmail) -> NoiseVerdict:
    """Whether `parsed` is normal mail, an auto-reply, a bounce or a complaint, and why."""
    for rule in (
        complaint_verdict,
        report_verdict,
        failed_recipients_verdict,
        coded_bounce_verdict,
        auto_reply_header_verdict,
        bounce_by_appearance,
        auto_reply_subject_verdict,
    ):
        verdict = rule(parsed)
        if verdict is not None:
            return verdict
    return NoiseVerdict("normal", "no sign of automatic mail")


def complaint_verdict(parsed: ParsedEmail) -> NoiseVerdict | None:
    if parsed.report_type == "feedback-report" or parsed.content_type == "message/feedback-report":
        reason = "multipart/report; report-type=feedback-report"
    elif parsed.headers.get("feedback-type"):
        reason = f"Feedback-Type: {parsed.headers['feedback-type']}"
    else:
        return None
    fields = {k: v for block in field_blocks(parsed.delivery_status) for k, v in block.items()}
    recipient = address_of(fields.get("original-rcpt-to", ""))
    return NoiseVerdict("complaint", reason, bounced_recipients=[recipient] if recipient else [])


def report_verdict(parsed: ParsedEmail) -> NoiseVerdict | None:
    """RFC 3464 reports, and read receipts; also a delivery-status part outside a report."""
    if parsed.report_type == "disposition-notification":
        return NoiseVerdict("auto_reply", "multipart/report; report-type=disposition-notification")
    recipients = parse_delivery_status(parsed.delivery_status)
    if parsed.report_type in ("delivery-status", "global-delivery-status"):
        reason = f"multipart/report; report-type={parsed.report_type}"
        recipients = recipients or parse_delivery_status(parsed.text[:MAX_TEXT])
    elif recipients:
        reason = "a message/delivery-status part"
    else:
        return None
    failed = [
        r
        for r in recipients
        if r.action in FAILED_ACTIONS
        or (r.status[:1] in ("4", "5") and r.action not in ("delivered", "relayed", "expanded"))
    ]
    if recipients and not failed:
        return NoiseVerdict("auto_reply", f"{reason}, delivered (a delivery notification)")
    in_text = {r.address: r for r in failed_in_text(parsed)}
    for recipient in failed:  # the human-readable part often says more than Diagnostic-Code
        extra = in_text.get(recipient.address)
        recipient.diagnostic += f" {extra.diagnostic}" if extra else ""
    return bounce_verdict(reason, failed or list(in_text.values()))


def failed_recipients_verdict(parsed: ParsedEmail) -> NoiseVerdict | None:
    header = parsed.headers.get("x-failed-recipients", "")
    if not header:
        return None
    from_text = {r.address: r for r in recipients_in_text(parsed.text, exclude=set())}
    failed = []
    for item in header.replace(";", ",").split(","):
        address = item.strip().strip("<>").lower()
        if address:
            failed.append(from_text.get(address) or FailedRecipient(address))
    for recipient in failed:
        recipient.status = recipient.status or status_in(bounce_text(parsed.text))
    return bounce_verdict(f"X-Failed-Recipients: {header}", failed)


def bounce_verdict(reason: str, failed: list[FailedRecipient]) -> NoiseVerdict:
    status = next((r.status for r in failed if r.status), "")
    hard = any(is_hard(r.status, r.diagnostic) for r in failed if r.action != "delayed")
    if status:
        reason = f"{reason} (status {status})"
    addresses = list(dict.fromkeys(r.address for r in failed if r.address))
    return NoiseVerdict("bounce", reason, bounced_recipients=addresses, hard=hard, status=status)


def coded_bounce_verdict(parsed: ParsedEmail) -> NoiseVerdict | None:
    """A free-text bounce from an automatic sender with an SMTP code: it wins over the
    Auto-Submitted header that most bounces carry."""
    if not (is_automatic_sender(parsed) and looks_like_bounce(parsed)):
        return None
    if not status_in(bounce_text(parsed.text)):
        return None
    return bounce_verdict(bounce_reason(parsed), failed_in_text(parsed))


def bounce_by_appearance(parsed: ParsedEmail) -> NoiseVerdict | None:
    """A bounce without a code: an automatic sender, bounce wording and a failed address."""
    if not (is_automatic_sender(parsed) and looks_like_bounce(parsed)):
        return None
    failed = failed_in_text(parsed)
    if not failed and not (is_daemon(parsed) and BOUNCE_SUBJECT.match(parsed.subject)):
        return None
    return bounce_verdict(bounce_reason(parsed), failed)


def is_daemon(parsed: ParsedEmail) -> bool:
    local = parsed.from_address.split("@", 1)[0]
    return local in DAEMON_SENDERS or bool(DAEMON_NAMES.search(parsed.from_name))


def is_automatic_sender(parsed: ParsedEmail) -> bool:
    """MAILER-DAEMON and friends, the null sender (Return-Path: <>) of reports, no-reply@."""
    return_path = parsed.headers.get("return-path", "x").replace(" ", "")
    local = parsed.from_address.split("@", 1)[0].replace("-", "").replace("_", "").replace(".", "")
    return is_daemon(parsed) or return_path in ("<>", "") or local in NO_REPLY


def looks_like_bounce(parsed: ParsedEmail) -> bool:
    return is_daemon(parsed) or bool(BOUNCE_SUBJECT.match(parsed.subject))


def bounce_reason(parsed: ParsedEmail) -> str:
    sender = parsed.from_address or parsed.from_name or "the null sender"
    if BOUNCE_SUBJECT.match(parsed.subject):
        return f"bounce from {sender}: subject {parsed.subject[:80]!r}"
    return f"bounce from {sender}"


def failed_in_text(parsed: ParsedEmail) -> list[FailedRecipient]:
    """Failed recipients named in the text, else the recipients of the returned message."""
    failed = recipients_in_text(parsed.text, exclude=own_addresses(parsed))
    if not failed:
        returned = returned_message_recipients(parsed) or original_recipients_in_text(parsed.text)
        own = own_addresses(parsed)
        failed = [FailedRecipient(address) for address in returned if address not in own]
    for recipient in failed:  # "Returned mail: User unknown" says why
        recipient.diagnostic = f"{parsed.subject} {recipient.diagnostic}"
    return failed


def returned_message_recipients(parsed: ParsedEmail) -> list[str]:
    """To and Cc of the original message a bounce sends back (message/rfc822 or headers)."""
    for attachment in parsed.attachments:
        if attachment.content_type in ("message/rfc822", "text/rfc822-headers"):
            headers = BytesHeaderParser(policy=policy.compat32).parsebytes(attachment.payload)
            found = [
                address
                for name in ("to", "cc")
                for value in headers.get_all(name, [])
                for _name, address in parse_address_list(str(value))
            ]
            if found:
                return found[:20]
    return []


def auto_reply_header_verdict(parsed: ParsedEmail) -> NoiseVerdict | None:
    headers = parsed.headers
    submitted = headers.get("auto-submitted", "").strip().lower()
    if submitted and submitted.split(";", 1)[0].strip() != "no":
        return NoiseVerdict("auto_reply", f"Auto-Submitted: {headers['auto-submitted']}")
    for name in AUTO_REPLY_HEADERS:
        if name in headers:
            return NoiseVerdict("auto_reply", f"{header_title(name)}: {headers[name]}")
    for name in ("precedence", "x-precedence"):
        value = headers.get(name, "").strip().lower()
        if value in BULK_PRECEDENCE:
            return NoiseVerdict("auto_reply", f"{header_title(name)}: {value} (mass mail)")
    for name in LIST_HEADERS:
        if headers.get(name):
            value = headers[name][:100]
            return NoiseVerdict("auto_reply", f"{header_title(name)}: {value} (mailing list)")
    return None


def auto_reply_subject_verdict(parsed: ParsedEmail) -> NoiseVerdict | None:
    for language, pattern in AUTO_REPLY_SUBJECT.items():
        match = pattern.match(parsed.subject)
        if match:
            words = match.group(0).strip()
            return NoiseVerdict(
                "auto_reply", f"subject matches out-of-office pattern ({language}): {words!r}"
            )
    return None


def own_addresses(parsed: ParsedEmail) -> set[str]:
    """Addresses of the bounce itself, never the failed recipient."""
    return {parsed.from_address, *parsed.to, *parsed.cc, *parsed.reply_to} - {""}


def header_title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))
