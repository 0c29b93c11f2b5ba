"""The background worker and the scheduler, runnable in threads of `sevai serve`."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import close_old_connections, connections

if TYPE_CHECKING:
    from sevai.mail.models import Mailbox

logger = logging.getLogger("sevai.background")

SCHEDULE_SECONDS = 60


def scheduled_jobs() -> list[Callable[[], object]]:
    from sevai.mail.polling import poll_all_mailboxes
    from sevai.mail.sending import requeue_due_outbound
    from sevai.mail.tasks import requeue_stuck_inbound
    from sevai.webhooks.tasks import requeue_due_deliveries

    return [
        requeue_due_deliveries.enqueue,
        poll_all_mailboxes,
        requeue_stuck_inbound.enqueue,
        requeue_due_outbound.enqueue,
    ]


def run_scheduler(stop: threading.Event, interval: float = SCHEDULE_SECONDS) -> None:
    """Enqueue periodic jobs. Jobs are idempotent, so several schedulers are harmless."""
    while not stop.is_set():
        close_old_connections()
        for job in scheduled_jobs():
            try:
                job()
            except Exception:
                logger.exception("scheduled job failed")
        close_old_connections()
        stop.wait(interval)


def make_worker(interval: float = 0.5):  # type: ignore[no-untyped-def]
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{os.uname().nodename}-{os.getpid()}-{uuid.uuid4().hex[:6]}",
        excluded_queue_names=[],
    )


def run_idle(mailbox: Mailbox, stop: threading.Event, retry_seconds: float | None = None) -> None:
    """IMAP IDLE for one mailbox until `stop` is set; a crash is logged and retried.

    Before a retry (after `retry_seconds`, default MAIL_POLL_SECONDS, at least 5) the mailbox is
    read again; the thread ends when it was deleted, deactivated or lost its IMAP host.
    """
    from sevai.mail.models import Mailbox
    from sevai.mail.transports.imap import idle_loop

    delay = max(settings.MAIL_POLL_SECONDS, 5) if retry_seconds is None else retry_seconds
    try:
        while not stop.is_set():
            try:
                idle_loop(mailbox, stop)
            except Exception:
                logger.exception("IMAP IDLE of mailbox %s crashed; retrying", mailbox.pk)
                close_old_connections()
                if stop.wait(delay):
                    return
                try:
                    mailbox = Mailbox.objects.get(pk=mailbox.pk, is_active=True)
                except Mailbox.DoesNotExist:
                    return
                except Exception:
                    logger.exception("reading mailbox %s failed", mailbox.pk)
                    continue
                if not mailbox.imap_host:
                    return
    finally:
        connections.close_all()  # this thread's connections


def start_idle_threads(stop: threading.Event) -> list[threading.Thread]:
    """One daemon thread per active IMAP mailbox running IDLE, when settings.MAIL_IDLE is on.

    Mailboxes added later are fetched by the scheduler's polls (poll_all_mailboxes).
    """
    if not settings.MAIL_IDLE:
        return []
    from sevai.mail.models import Mailbox

    try:
        mailboxes = list(Mailbox.objects.filter(is_active=True).exclude(imap_host=""))
    except Exception:
        logger.exception("cannot list mailboxes; IMAP IDLE is not started")
        return []
    threads = [
        threading.Thread(
            target=run_idle, args=(mailbox, stop), name=f"sevai-idle-{mailbox.pk}", daemon=True
        )
        for mailbox in mailboxes
    ]
    for thread in threads:
        thread.start()
    return threads


def start_background_threads() -> tuple[threading.Event, list[threading.Thread]]:
    """Start one worker, the scheduler and IMAP IDLE threads (the embedded set-up)."""
    stop = threading.Event()
    worker = make_worker()

    def run_worker() -> None:
        try:
            worker.run()
        except Exception:
            logger.exception("embedded worker stopped")

    def watch_stop() -> None:
        stop.wait()
        worker.running = False

    threads = [
        threading.Thread(target=run_worker, name="sevai-worker", daemon=True),
        threading.Thread(target=run_scheduler, args=(stop,), name="sevai-scheduler", daemon=True),
        threading.Thread(target=watch_stop, name="sevai-stop", daemon=True),
    ]
    for thread in threads:
        thread.start()
    threads += start_idle_threads(stop)
    return stop, threads
