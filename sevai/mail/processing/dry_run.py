"""`sevai mail inspect`: how a mail would be understood, without storing anything."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.mail import parsing
from sevai.mail.models import InboundMessage
from sevai.mail.processing.fallback import read_leniently
from sevai.mail.processing.understand import understand
from sevai.mail.store import raw_message_id
from sevai.triage.language import detect_language


def inspect_message(raw: bytes, *, visible_chars: int = 2000) -> dict[str, Any]:
    """The verdict process_message would record for these bytes, plus the visible text.

    Runs the same steps in read-only mode, inside a transaction that is rolled back, so
    nothing can be written even by mistake.
    """
    digest = hashlib.sha256(raw).hexdigest()
    message_id = raw_message_id(raw)
    stored = InboundMessage.objects.filter(sha256=digest).values_list("pk", flat=True).first()
    if stored is None and message_id:
        stored = (
            InboundMessage.objects.filter(message_id=message_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    report: dict[str, Any] = {
        "raw": {
            "size": len(raw),
            "sha256": digest,
            "message_id": message_id,
            "too_large": len(raw) > settings.MAIL_MAX_MESSAGE_BYTES,
            "already_stored_as": stored,
        }
    }
    with transaction.atomic():
        try:
            parsed = parsing.parse_email(raw)
            u = understand(parsed, loop_check_until=timezone.now())
        except Exception as exc:
            readable = read_leniently(raw)
            report["error"] = _("parse error: %(error)s") % {
                "error": f"{type(exc).__name__}: {exc}"
            }
            report["action"] = "new_ticket"
            report["flags"] = [report["error"]]
            report["language"] = detect_language(readable.text)
            report["readable"] = {
                "subject": readable.subject,
                "from": readable.from_address,
                "text": readable.text[:visible_chars],
            }
        else:
            report |= u.verdict
            report["visible"] = u.visible[:visible_chars]
            report["language"] = detect_language(u.visible)
        transaction.set_rollback(True)
    return report
