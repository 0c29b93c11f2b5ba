"""Reading bounces: RFC 3464 delivery-status fields, and the free text of other MTAs' reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
REPLY_CODE = re.compile(r"(?<![\d.#-])([45]\d\d)(?![\d.])")
ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*)$")
HEADER_FIELD_LINE = re.compile(
    r"^\s*(?:from|to|cc|bcc|reply-to|sender|return-path|message-id|references|in-reply-to|"
    r"received|delivered-to|envelope-to|errors-to|x-[\w-]+|dkim-signature|authentication-results|"
    r"date|subject):",
    re.IGNORECASE,
)
RECIPIENT_FIELD_LINE = re.compile(r"^\s*(?:to|cc):", re.IGNORECASE)
MAX_TEXT = 20_000  # bounce wording is near the top; the original message may follow
# Lines after which a plain-text bounce quotes the original message.
ORIGINAL_MARKERS = re.compile(
    r"^\s*(?:-+ ?(?:below this line is a copy of the message|original message|unsent message|"
    r"this is a copy of the message|the header of the original message|"
    r"the original message was received)|"
    r"-+ ?original message follows|original message:|"
    r"--- below this line|original message headers:|"
    r"-{3,} ?(?:message|original) header)",
    re.IGNORECASE | re.MULTILINE,
)
# Wording that accompanies a failed recipient.
FAILURE_WORDS = re.compile(
    r"fail|unknown|deliver|unable|could not|couldn't|rejected|doesn't have|account|"
    r"does not exist|doesn't exist|no such|not found|invalid|permanent|mailbox|quota|full|"
    r"rcpt|recipient|refused|denied|blocked|disabled|suspended|inactive|unavailable|"
    r"unreachable|expired|delay|timed out|giving up|retry|error|550|551|552|553|554|5\.\d\.\d|"
    r"zustell|unzustellbar|nicht|échec|non remis|rechaz|entregar|recapitat|bezorgd|"
    r"levereras|leveres|dostarcz|доставл|配信|送达|退信",
    re.IGNORECASE,
)
USER_UNKNOWN = re.compile(
    r"user unknown|unknown user|no such user|user not found|unknown recipient|"
    r"recipient not found|recipientnotfound|address not found|does not exist|doesn't exist|"
    r"no mailbox|mailbox not found|invalid recipient|recipient address rejected: user|"
    r"no such (?:mailbox|recipient|address|account)|not a valid (?:user|mailbox|recipient)|"
    r"account (?:does not exist|not found)|unknown or illegal alias|user doesn't have|"
    r"mailbox unavailable|inactive email address",
    re.IGNORECASE,
)
HOST_UNKNOWN = re.compile(
    r"host (?:or domain name )?not found|domain (?:name )?not found|no such domain|unrouteable|"
    r"unroutable|name or service not known|nxdomain|domain (?:does not|doesn't) exist|"
    r"no mx|mx record|domain is not reachable",
    re.IGNORECASE,
)
# Failures that say nothing about the address: the message, the sender or the mailbox state.
NOT_ABOUT_ADDRESS = re.compile(
    r"spam|block|blacklist|black list|policy|reputation|rate limit|too many|throttl|filter|"
    r"virus|content|dmarc|\bspf\b|dkim|authenticat|sender (?:address )?rejected|not allowed|"
    r"mailbox (?:is )?full|over quota|quota exceeded|disabled|suspended|"
    r"temporar|try again|speed|too fast|frequen",
    re.IGNORECASE,
)
# Status codes of a permanently bad address (sisimai's userunknown, hostunknown, hasmoved).
HARD_STATUSES = ("5.1.0", "5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.4.4", "5.4.1")


@dataclass
class FailedRecipient:
    address: str
    action: str = ""
    status: str = ""
    diagnostic: str = ""


def field_blocks(text: str) -> list[dict[str, str]]:
    """Header-like blocks separated by blank lines, with folded lines joined; names lower-cased."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
            current, last = {}, ""
            continue
        if line[:1] in (" ", "\t") and last:
            current[last] += " " + line.strip()
            continue
        match = FIELD.match(line)
        if match:
            last = match.group(1).lower()
            if last in current:  # a repeated field: the next recipient, without a blank line
                blocks.append(current)
                current = {}
            current[last] = match.group(2).strip()
    if current:
        blocks.append(current)
    return blocks


def address_of(value: str) -> str:
    """The address of an `rfc822; user@example.com` field."""
    found = ADDRESS.search(value.split(";", 1)[-1])
    return found.group(0).lower().strip(".") if found else ""


def parse_delivery_status(text: str) -> list[FailedRecipient]:
    """Every recipient block of an RFC 3464 report, failed or not."""
    recipients = []
    for block in field_blocks(text):
        address = address_of(block.get("final-recipient", "")) or address_of(
            block.get("original-recipient", "")
        )
        if not address and "action" not in block:
            continue
        diagnostic = block.get("diagnostic-code", "")
        status = best_status(block.get("status", ""), diagnostic)
        recipients.append(
            FailedRecipient(address, block.get("action", "").lower(), status, diagnostic)
        )
    return recipients


def best_status(declared: str, diagnostic: str) -> str:
    """The Status field's code, or the more specific one in the diagnostic (5.0.0 says little)."""
    found = STATUS.search(declared)
    status = ".".join(found.groups()) if found else ""
    detailed = STATUS.search(diagnostic)
    if detailed and (not status or status.endswith(".0.0")) and detailed.group(1) == status[:1]:
        return ".".join(detailed.groups())
    if not status and detailed:
        return ".".join(detailed.groups())
    return status


def status_from_code(code: str) -> str:
    return f"{code[0]}.0.0" if code else ""


def is_hard(status: str, diagnostic: str) -> bool:
    """Permanent, and about the address itself: unknown user or domain, mailbox moved. A 5.1.x
    status that the diagnostic explains as spam, policy or a full mailbox is not."""
    if status.startswith("4"):
        return False
    if USER_UNKNOWN.search(diagnostic):
        return True
    if NOT_ABOUT_ADDRESS.search(diagnostic):
        return False
    return status in HARD_STATUSES or bool(HOST_UNKNOWN.search(diagnostic))


def bounce_text(text: str) -> str:
    """The part of a plain-text bounce before the copy of the original message."""
    text = text[:MAX_TEXT]
    marker = ORIGINAL_MARKERS.search(text)
    return text[: marker.start()] if marker else text


def recipients_in_text(text: str, exclude: set[str]) -> list[FailedRecipient]:
    """Failed recipients named in a free-text bounce, with the status and wording near them."""
    lines = bounce_text(text).replace("\r\n", "\n").split("\n")
    found: dict[str, FailedRecipient] = {}
    for index, line in enumerate(lines):
        if HEADER_FIELD_LINE.match(line):
            continue  # "From: sender", "Message-ID: <...>" of a quoted original
        for match in ADDRESS.finditer(line):
            address = match.group(0).lower().strip(".")
            if address in exclude or address in found or is_daemon_address(address):
                continue
            context = " ".join(lines[max(0, index - 2) : index + 4])
            if not FAILURE_WORDS.search(context):
                continue
            found[address] = FailedRecipient(
                address=address, status=status_in(context), diagnostic=context.strip()[:500]
            )
    return list(found.values())


def original_recipients_in_text(text: str) -> list[str]:
    """The To and Cc lines of the original message quoted under a plain-text bounce."""
    marker = ORIGINAL_MARKERS.search(text[:MAX_TEXT])
    if not marker:
        return []
    found = []
    for line in text[marker.end() : marker.end() + 10_000].replace("\r\n", "\n").split("\n"):
        if RECIPIENT_FIELD_LINE.match(line):
            found += [match.group(0).lower() for match in ADDRESS.finditer(line)]
    return list(dict.fromkeys(found))[:20]


def status_in(text: str) -> str:
    found = STATUS.search(text)
    if found:
        return ".".join(found.groups())
    code = REPLY_CODE.search(text)
    return status_from_code(code.group(1)) if code else ""


def is_daemon_address(address: str) -> bool:
    local = address.split("@", 1)[0]
    return local in DAEMON_LOCAL_PARTS


DAEMON_LOCAL_PARTS = {
    "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon", "postmaster",
    "mail-delivery-subsystem", "mdaemon", "mail.daemon", "mailer", "daemon", "nobody",
}  # fmt: skip
