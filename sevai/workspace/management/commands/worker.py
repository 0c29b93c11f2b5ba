from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a background worker; with --scheduler (default) it also enqueues periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-scheduler", action="store_true")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, no_scheduler: bool, interval: float, **options: Any) -> None:
        from sevai.mail.admin.actions import configure_mailbox_from_env
        from sevai.workspace.background import make_worker, run_scheduler

        configure_mailbox_from_env()
        stop = threading.Event()
        if not no_scheduler:
            threading.Thread(target=run_scheduler, args=(stop,), daemon=True).start()
        worker = make_worker(interval)
        worker.configure_signals()
        self.stdout.write("Sevai worker started.")
        try:
            worker.run()
        finally:
            stop.set()
