"""Background sending of the email outbox, with retries, backoff and permanent failure."""

from __future__ import annotations

import logging
import ssl
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from sevai.mail import compose, outbox
from sevai.mail.models import OutboundEmail
from sevai.mail.transports import smtp

logger = logging.getLogger("sevai.mail.sending")

BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... capped at 1 h."""
    return timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)
    )


def send_outbound(
    outbound_id: int,
    *,
    timeout: float = smtp.TIMEOUT_SECONDS,
    context: ssl.SSLContext | None = None,
) -> str:
    """Claim one due outbox row and send it. Safe to run twice: the second claim fails.

    Returns "sent", "retry", "failed" or "skipped" (not due, or another worker has it).
    """
    now = timezone.now()
    outbound = outbox.claim_outbound(outbound_id, now=now)
    if outbound is None:
        return "skipped"
    try:
        names, customer = outbox.recipient_names(outbound)
        language = outbound.language or compose.language_for(customer, outbound.ticket)
        message = compose.build_message(outbound, now=now, names=names, language=language)
    except Exception as exc:  # a mail that cannot be built will not build next time either
        logger.exception("outbound %s: could not build the message", outbound.pk)
        outbox.mark_failed(outbound, error=f"could not build the message: {exc}")
        return "failed"
    try:
        refused = smtp.send(
            outbound.mailbox,
            message,
            sender=outbound.mailbox.address,
            recipients=[*outbound.to, *outbound.cc],
            timeout=timeout,
            context=context,
        )
    except smtp.SendError as exc:
        return _failed(outbound, exc)
    note = "; ".join(f"{rcpt}: {code} {msg}" for rcpt, (code, msg) in refused.items())
    outbox.mark_sent(outbound, at=timezone.now(), note=f"refused: {note}" if note else "")
    logger.info("outbound %s (%s, ticket %s) sent", outbound.pk, outbound.kind, outbound.ticket_id)
    return "sent"


def _failed(outbound: OutboundEmail, exc: smtp.SendError) -> str:
    attempts = outbound.attempts + 1
    error = str(exc)
    if exc.permanent:
        logger.warning("outbound %s rejected: %s", outbound.pk, error)
        outbox.mark_failed(outbound, error=error)
        return "failed"
    if attempts >= settings.MAIL_SEND_MAX_ATTEMPTS:
        logger.warning("outbound %s: giving up after %s attempts: %s", outbound.pk, attempts, error)
        outbox.mark_failed(outbound, error=f"gave up after {attempts} attempts: {error}")
        return "failed"
    retry_at = timezone.now() + backoff(attempts)
    logger.info(
        "outbound %s: attempt %s failed (%s); retry at %s", outbound.pk, attempts, error, retry_at
    )
    outbox.mark_retry(outbound, error=error, retry_at=retry_at)
    send_outbound_email.using(run_after=retry_at).enqueue(outbound.pk)
    return "retry"


@task()
def send_outbound_email(outbound_id: int) -> str:
    return send_outbound(outbound_id)


@task()
def requeue_due_outbound() -> int:
    """Safety net run by the scheduler every minute: due retries, and sends a crash lost."""
    due = outbox.due_outbound_ids(now=timezone.now())
    for pk in due:
        send_outbound_email.enqueue(pk)
    return len(due)
