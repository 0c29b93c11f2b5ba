"""What the parser hands to the rest of the intake: plain data, no Django models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    payload: bytes
    content_id: str = ""  # without angle brackets; set for inline (cid:) images
    inline: bool = False


@dataclass
class ParsedEmail:
    """One inbound mail as Sevai understood it. Message-IDs are kept without angle brackets."""

    message_id: str = ""
    from_address: str = ""  # lower-cased
    from_name: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    reply_to: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: str = ""  # the whole readable text (text/plain, or text made from HTML)
    html: str = ""  # sanitized HTML (nh3), "" when the mail had none
    attachments: list[ParsedAttachment] = field(default_factory=list)
    # Lower-cased header names that decide noise and threading: auto-submitted, x-autoreply,
    # x-autorespond, precedence, list-id, list-unsubscribe, x-auto-response-suppress,
    # return-path, content-type, x-failed-recipients, ...
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = ""
    # Parts of a multipart/report (RFC 3464 delivery-status, RFC 5965 feedback-report)
    report_type: str = ""
    delivery_status: str = ""  # the raw text of the message/delivery-status part
    problems: list[str] = field(default_factory=list)  # what could not be read, and why
