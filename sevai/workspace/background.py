"""The background worker and the scheduler, runnable in threads of `sevai serve`."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable

from django.db import close_old_connections

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


def start_background_threads() -> tuple[threading.Event, list[threading.Thread]]:
    """Start one worker and the scheduler as daemon threads (the embedded set-up)."""
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
    return stop, threads
