"""Writes of the mail intake that are not ticket actions.

The raw store, the processing claim and its outcome, Message-ID references, attachments and
undeliverable identities. Tickets and messages are written by `sevai.tickets.actions`.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.customers.models import Identity
from sevai.mail.models import Attachment, InboundMessage, Mailbox, MessageReference
from sevai.mail.parsed import ParsedAttachment
from sevai.tickets.models import Message, Ticket

FILENAME_MAX_CHARS = 255


class ClaimLost(Exception):
    """Another worker took this inbound mail over (our claim expired); nothing was written."""


def _stored_copy(sha256: str, message_id: str) -> InboundMessage | None:
    match = Q(sha256=sha256)
    if message_id:
        match |= Q(message_id=message_id)
    return InboundMessage.objects.filter(match).order_by("pk").first()


def enqueue_processing(inbound_id: int) -> None:
    from sevai.mail.tasks import process_inbound

    process_inbound.enqueue(inbound_id)


@transaction.atomic
def insert_inbound(
    raw: bytes,
    *,
    sha256: str,
    message_id: str,
    mailbox: Mailbox | None,
    source: str,
    enqueue: bool = True,
) -> tuple[InboundMessage, bool]:
    """Write the raw mail unless the same bytes or Message-ID are stored. Use store_raw."""
    existing = _stored_copy(sha256, message_id)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            inbound = InboundMessage.objects.create(
                mailbox=mailbox,
                source=source,
                raw=raw,
                size=len(raw),
                sha256=sha256,
                message_id=message_id,
            )
    except IntegrityError:  # the same bytes arrived concurrently
        existing = _stored_copy(sha256, message_id)
        if existing is None:
            raise
        return existing, False
    if enqueue:
        inbound_id = inbound.pk
        transaction.on_commit(lambda: enqueue_processing(inbound_id))
    return inbound, True


def claim_inbound(inbound_id: int) -> int | None:
    """STORED -> PROCESSING. Returns the attempt number that identifies this claim, or None
    when the mail is not waiting (processed already, or another worker holds it)."""
    claimed = InboundMessage.objects.filter(
        pk=inbound_id, state=InboundMessage.State.STORED
    ).update(
        state=InboundMessage.State.PROCESSING,
        processed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        return None
    return int(InboundMessage.objects.values_list("attempts", flat=True).get(pk=inbound_id))


def finish_inbound(
    inbound_id: int,
    *,
    attempt: int,
    state: str,
    verdict: dict[str, Any],
    flags: Sequence[str] = (),
    error: str = "",
    ticket: Ticket | None = None,
    ticket_message: Message | None = None,
) -> InboundMessage:
    """Record the outcome of a claim. Raises ClaimLost (so the caller's transaction rolls
    back) when the claim expired and another worker took the mail over."""
    updated = InboundMessage.objects.filter(
        pk=inbound_id, state=InboundMessage.State.PROCESSING, attempts=attempt
    ).update(
        state=state,
        verdict=verdict,
        flags=list(flags),
        error=error,
        ticket=ticket,
        ticket_message=ticket_message,
        processed_at=timezone.now(),
    )
    if updated != 1:
        raise ClaimLost(f"inbound {inbound_id}: claim {attempt} lost")
    return InboundMessage.objects.get(pk=inbound_id)


def requeue_stuck(*, processing_before: datetime, stored_before: datetime) -> list[int]:
    """Give crashed claims back (PROCESSING since before `processing_before` -> STORED) and
    list the mail waiting since before `stored_before`, oldest first."""
    InboundMessage.objects.filter(
        state=InboundMessage.State.PROCESSING, processed_at__lt=processing_before
    ).update(state=InboundMessage.State.STORED)
    return list(
        InboundMessage.objects.filter(
            state=InboundMessage.State.STORED, received_at__lt=stored_before
        )
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)[:500]
    )


def record_reference(
    message_id: str, *, ticket: Ticket, ticket_message: Message | None, outbound: bool = False
) -> MessageReference | None:
    """Remember a Message-ID for threading. The first ticket to claim an id keeps it."""
    if not message_id:
        return None
    try:
        with transaction.atomic():
            reference, _created = MessageReference.objects.get_or_create(
                message_id=message_id,
                defaults={"ticket": ticket, "ticket_message": ticket_message, "outbound": outbound},
            )
    except IntegrityError:
        return MessageReference.objects.filter(message_id=message_id).first()
    return reference


def attachment_skip_reason(size: int, max_bytes: int) -> str:
    if size > max_bytes:
        return _("larger than the limit of %(limit)d bytes") % {"limit": max_bytes}
    return ""


def _storage_name(attachment: ParsedAttachment, digest: str) -> str:
    """Files are stored under their hash: any name (Tamil, Armenian, ../) is safe on disk."""
    suffix = ""
    if "." in attachment.filename:
        suffix = "." + attachment.filename.rsplit(".", 1)[1][:10]
    if not suffix.isascii() or not suffix[1:].isalnum():
        suffix = mimetypes.guess_extension(attachment.content_type or "") or ".bin"
    return f"{digest[:32]}{suffix.lower()}"


def store_attachments(
    message: Message, attachments: Iterable[ParsedAttachment], *, max_bytes: int
) -> list[Attachment]:
    """Attachment rows with their files; a part over max_bytes is recorded without content."""
    rows = []
    for part in attachments:
        digest = hashlib.sha256(part.payload).hexdigest()
        row = Attachment(
            message=message,
            filename=(part.filename or _("attachment"))[:FILENAME_MAX_CHARS],
            content_type=(part.content_type or "application/octet-stream")[:255],
            size=len(part.payload),
            sha256=digest,
            content_id=part.content_id[:255],
            inline=part.inline,
            skipped_reason=attachment_skip_reason(len(part.payload), max_bytes),
        )
        if not row.skipped_reason:
            row.file.save(_storage_name(part, digest), ContentFile(part.payload), save=False)
        row.save()
        rows.append(row)
    return rows


def mark_undeliverable(addresses: Iterable[str]) -> list[str]:
    """Flag the email identities of bounced addresses. Returns the addresses that matched."""
    wanted = sorted({a.strip().lower() for a in addresses if a and a.strip()})
    if not wanted:
        return []
    identities = Identity.objects.filter(kind=Identity.Kind.EMAIL, value__in=wanted)
    matched = sorted(identities.values_list("value", flat=True))
    identities.filter(undeliverable=False).update(undeliverable=True)
    return matched
