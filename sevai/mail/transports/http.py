"""The HTTP inbound endpoint: POST one raw RFC 822 message per request.

    POST /mail/inbound/<mailbox_id>/
    Authorization: Bearer <the mailbox's inbound secret>
    Content-Type: message/rfc822   (or application/octet-stream)

202 once the bytes are committed (also for a duplicate, with "duplicate": true), so a mail
provider's retry is harmless. Only a sha256 of the secret is kept on the mailbox.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.store import MailRejected, MessageTooLarge, check_size, store_raw

logger = logging.getLogger("sevai.mail.http")

ACCEPTED_TYPES = {"message/rfc822", "application/octet-stream", "text/plain", ""}
DEFAULT_RATE_LIMIT_PER_MINUTE = 300
READ_CHUNK = 1024 * 1024


def secret_hash(secret: str) -> str:
    """What Mailbox.inbound_secret_hash holds for a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(mailbox: Mailbox, authorization: str) -> bool:
    scheme, _sep, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip() or not mailbox.inbound_secret_hash:
        return False
    return hmac.compare_digest(secret_hash(secret.strip()), mailbox.inbound_secret_hash)


def over_rate_limit(mailbox_id: int) -> bool:
    """A per-mailbox counter per clock minute, in the shared cache."""
    limit = getattr(settings, "MAIL_HTTP_RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT_PER_MINUTE)
    key = f"mail:inbound-http:{mailbox_id}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return bool(count > limit)


def read_body(request: HttpRequest, limit: int) -> bytes:
    """At most limit + 1 bytes of the body, read from the stream (request.body would refuse
    anything over DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    chunks, size = [], 0
    while size <= limit:
        chunk = request.read(min(READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
@require_POST
def inbound(request: HttpRequest, mailbox_id: int) -> JsonResponse:
    mailbox = Mailbox.objects.filter(pk=mailbox_id, is_active=True).first()
    if mailbox is None:
        return error(404, _("No such mailbox."))
    if not secret_matches(mailbox, request.headers.get("Authorization", "")):
        return error(401, _("Wrong or missing inbound secret."))
    if over_rate_limit(mailbox.pk):
        return error(429, _("Too many messages; retry in a minute."))
    content_type = (request.content_type or "").lower()
    if content_type not in ACCEPTED_TYPES:
        return error(415, _("Send the raw message as message/rfc822."))
    limit = settings.MAIL_MAX_MESSAGE_BYTES
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    try:
        check_size(declared)
    except MessageTooLarge as exc:
        return error(413, str(exc))
    raw = read_body(request, limit)
    if not raw.strip():
        return error(400, _("The message is empty."))
    try:
        inbound_message, created = store_raw(
            raw, mailbox=mailbox, source=InboundMessage.Source.HTTP
        )
    except MessageTooLarge as exc:
        return error(413, str(exc))
    except MailRejected as exc:
        return error(400, str(exc))
    logger.info("mailbox %s: inbound %s via HTTP", mailbox.pk, inbound_message.pk)
    return JsonResponse(
        {"stored": created, "duplicate": not created, "id": inbound_message.pk}, status=202
    )
