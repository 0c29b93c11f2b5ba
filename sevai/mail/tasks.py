"""Background processing of inbound mail."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from sevai.mail.actions import requeue_stuck
from sevai.mail.models import InboundMessage

# A claim older than this was lost in a crash; processing one mail takes seconds.
PROCESSING_LEASE = timedelta(minutes=10)
# Mail stored this long ago and still waiting was never queued (a crash right after commit).
STORED_GRACE = timedelta(minutes=2)
REQUEUE_BATCH = 50


@task()
def process_inbound(inbound_id: int) -> str:
    """Turn one stored mail into a ticket message. Safe to run twice."""
    from sevai.mail.processing import process_message

    try:
        return str(process_message(inbound_id).state)
    except InboundMessage.DoesNotExist:  # deleted by an admin before its turn came
        return "missing"


@task()
def requeue_stuck_inbound() -> int:
    """Safety net run by the scheduler: finish mail that a crash left stored or half-done.

    Processes a batch itself rather than queueing it again, so a busy queue does not fill up
    with repeats of the same mail. Returns how many it processed.
    """
    now = timezone.now()
    waiting = requeue_stuck(
        processing_before=now - PROCESSING_LEASE, stored_before=now - STORED_GRACE
    )
    from sevai.mail.processing import process_message

    for inbound_id in waiting[:REQUEUE_BATCH]:
        process_message(inbound_id)
    return min(len(waiting), REQUEUE_BATCH)
