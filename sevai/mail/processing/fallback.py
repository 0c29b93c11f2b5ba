"""Reading what can be read from a mail the parser (or processing) failed on.

Each step is guarded: this runs after something already went wrong, and must still give the
agent a ticket with a subject, a sender and some text. The raw bytes stay in the store.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message as MimeMessage
from email.utils import parseaddr, parsedate_to_datetime

from django.conf import settings

from sevai.mail.store import raw_message_id

MAX_TEXT_CHARS = 100_000


@dataclass
class Readable:
    message_id: str = ""
    subject: str = ""
    from_address: str = ""
    from_name: str = ""
    date: datetime | None = None
    text: str = ""


def header_text(value: object) -> str:
    if value is None:
        return ""
    try:
        return " ".join(str(make_header(decode_header(str(value)))).split())
    except Exception:  # an undecodable encoded word: keep it as it came
        return " ".join(str(value).split())


def _first_text(message: MimeMessage) -> str:
    for count, part in enumerate(message.walk()):
        if count >= settings.MAIL_MAX_PARTS:
            break
        if part.get_content_type() != "text/plain" or part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            return payload.decode("utf-8", errors="replace")
    return ""


def read_leniently(raw: bytes) -> Readable:
    readable = Readable(message_id=raw_message_id(raw))
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:
        return readable
    try:
        readable.subject = header_text(message.get("Subject"))
        name, address = parseaddr(header_text(message.get("From")))
        readable.from_name, readable.from_address = name, address.strip().lower()
    except Exception:  # noqa: S110 (any header may be broken; keep what was read)
        pass
    try:
        date = parsedate_to_datetime(str(message.get("Date", "")))
        readable.date = date if date.tzinfo else None
    except Exception:  # noqa: S110
        pass
    with contextlib.suppress(Exception):
        readable.text = _first_text(message).replace("\x00", "")[:MAX_TEXT_CHARS]
    return readable
