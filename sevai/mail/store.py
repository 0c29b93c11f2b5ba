"""The one entry point of every transport: keep the raw bytes, then let processing begin.

IMAP, the HTTP endpoint, the SMTP server and the importer call `store_raw` and acknowledge the
mail (flag it, answer 2xx or 250) only after it returns: at that point the bytes are committed.
Nothing here parses MIME; the Message-ID is read from the raw header block.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.utils.translation import gettext as _

from sevai.mail.actions import insert_inbound
from sevai.mail.models import InboundMessage, Mailbox

MESSAGE_ID_MAX_CHARS = 998
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_BRACKETED = re.compile(r"<([^<>\s]+)>")


class MailRejected(Exception):
    """The mail was not stored; str(exc) says why, for the transport's answer and log."""


class MessageTooLarge(MailRejected):
    pass


class EmptyMessage(MailRejected):
    pass


def header_block(raw: bytes) -> bytes:
    match = _HEADER_END.search(raw)
    return raw[: match.start()] if match else raw


def raw_header(raw: bytes, name: str) -> str:
    """The first header called `name`, unfolded, decoded as Latin-1 ("" if absent).

    Reads only the header block, with no MIME parsing: cheap enough for every stored mail.
    """
    wanted = name.lower().encode() + b":"
    lines = header_block(raw).splitlines()
    for index, line in enumerate(lines):
        if not line.lower().startswith(wanted):
            continue
        value = line[len(wanted) :]
        for following in lines[index + 1 :]:
            if following[:1] not in (b" ", b"\t"):
                break
            value += b" " + following.strip()
        return value.decode("latin-1").strip()
    return ""


def raw_message_id(raw: bytes) -> str:
    """The Message-ID without angle brackets, read cheaply from the raw headers ("" if none)."""
    text = raw_header(raw, "Message-ID")
    bracketed = _BRACKETED.search(text)
    if bracketed:
        text = bracketed.group(1)
    elif text:
        text = text.split()[0]
    return text.strip("<>")[:MESSAGE_ID_MAX_CHARS]


def check_size(size: int) -> None:
    """Raise MessageTooLarge when a mail of `size` bytes would be refused."""
    limit = settings.MAIL_MAX_MESSAGE_BYTES
    if size > limit:
        raise MessageTooLarge(
            _("The message is %(size)d bytes; the limit is %(limit)d bytes.")
            % {"size": size, "limit": limit}
        )


def store_raw(
    raw: bytes, *, mailbox: Mailbox | None, source: str, enqueue: bool = True
) -> tuple[InboundMessage, bool]:
    """Store one mail byte for byte and commit. Returns (message, created).

    A mail already stored (same bytes, or same Message-ID with other bytes, as after a re-poll
    or a retried webhook) returns the first copy with created=False. Refuses empty and
    oversized mail with MailRejected, storing nothing. On commit, processing is queued
    (enqueue=False leaves that to the caller, as the importer does).
    """
    if not raw or not raw.strip():
        raise EmptyMessage(_("The message is empty."))
    check_size(len(raw))
    if source not in InboundMessage.Source.values:
        raise ValueError(f"unknown source {source!r}")
    return insert_inbound(
        raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        message_id=raw_message_id(raw),
        mailbox=mailbox,
        source=source,
        enqueue=enqueue,
    )
