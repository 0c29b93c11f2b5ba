"""Background delivery of webhooks, with retries and backoff."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import httpx
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from sevai.webhooks.models import Delivery, DeliveryAttempt
from sevai.webhooks.signing import sign

BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 6 * 3600
SENDING_LEASE = timedelta(minutes=5)  # a claim older than this was lost in a crash


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... capped at 6 h."""
    return timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)
    )


def send_delivery(delivery_id: int, *, transport: httpx.BaseTransport | None = None) -> str:
    """Claim one due delivery, POST it, record the attempt. Safe to run twice."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        state=Delivery.State.PENDING,
        next_attempt_at__lte=now,
        webhook__is_active=True,
    ).update(state=Delivery.State.SENDING, next_attempt_at=now + SENDING_LEASE)
    if claimed != 1:
        return "skipped"
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    body = json.dumps(
        {"id": delivery.pk, "created_at": delivery.created_at.isoformat(), **delivery.payload},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Sevai-Webhooks/1",
        "X-Sevai-Event": delivery.event,
        "X-Sevai-Delivery": str(delivery.pk),
        "X-Sevai-Signature": sign(delivery.webhook.secret, body),
    }
    started = time.monotonic()
    status_code, error = None, ""
    try:
        with httpx.Client(timeout=settings.WEBHOOK_TIMEOUT, transport=transport) as client:
            response = client.post(delivery.webhook.url, content=body, headers=headers)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    duration = int((time.monotonic() - started) * 1000)
    DeliveryAttempt.objects.create(
        delivery=delivery,
        attempted_at=now,
        status_code=status_code,
        error=error,
        duration_ms=duration,
    )
    attempts = delivery.attempts + 1
    if not error:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.SUCCEEDED, attempts=attempts, delivered_at=timezone.now()
        )
        return "succeeded"
    if attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.FAILED, attempts=attempts
        )
        return "failed"
    retry_at = timezone.now() + backoff(attempts)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.PENDING, attempts=attempts, next_attempt_at=retry_at
    )
    deliver_webhook.using(run_after=retry_at).enqueue(delivery.pk)
    return "retry"


@task()
def deliver_webhook(delivery_id: int) -> str:
    return send_delivery(delivery_id)


@task()
def requeue_due_deliveries() -> int:
    """Safety net run by the scheduler: pick up deliveries a crash left behind."""
    now = timezone.now()
    Delivery.objects.filter(state=Delivery.State.SENDING, next_attempt_at__lte=now).update(
        state=Delivery.State.PENDING
    )
    due = list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in due:
        deliver_webhook.enqueue(pk)
    return len(due)
