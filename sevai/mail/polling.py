"""Scheduled IMAP polling: the scheduler enqueues a poll per due mailbox, a worker runs it.

`poll_all_mailboxes` runs in the scheduler (sevai.workspace.background.scheduled_jobs) every
minute; `poll_mailbox_task` claims the mailbox first (a conditional update of last_polled_at),
so a task enqueued twice polls once. Storing is idempotent anyway: a mail fetched twice is
stored once.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from sevai.mail.admin.actions import claim_poll
from sevai.mail.models import Mailbox
from sevai.mail.transports.imap import poll_mailbox

# The scheduler ticks every minute and a poll takes a moment: without some slack a mailbox
# polled every 60 seconds would be found "not yet due" every other tick.
SLACK_SECONDS = 10


def poll_interval() -> timedelta:
    return timedelta(seconds=max(settings.MAIL_POLL_SECONDS - SLACK_SECONDS, 0))


def due_mailbox_ids() -> list[int]:
    """Active mailboxes with an IMAP server whose last poll is older than the interval."""
    cutoff = timezone.now() - poll_interval()
    return list(
        Mailbox.objects.filter(is_active=True)
        .exclude(imap_host="")
        .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=cutoff))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@task()
def poll_mailbox_task(mailbox_id: int) -> dict[str, int]:
    mailbox = claim_poll(mailbox_id, interval=poll_interval())
    if mailbox is None:
        return {"skipped": 1}
    result = poll_mailbox(mailbox)
    return {
        "fetched": result.fetched,
        "stored": result.stored,
        "duplicates": result.duplicates,
        "errors": len(result.errors),
    }


def poll_all_mailboxes() -> int:
    """Enqueue one poll per due IMAP mailbox; returns how many were enqueued."""
    ids = due_mailbox_ids()
    for mailbox_id in ids:
        poll_mailbox_task.enqueue(mailbox_id)
    return len(ids)
