from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Sevai (web, background worker and scheduler in one process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not run the background worker here (use `sevai worker` processes).",
        )

    def handle(self, *args: Any, host: str, port: int, no_worker: bool, **options: Any) -> None:
        import uvicorn

        from sevai.mail.admin.actions import configure_mailbox_from_env
        from sevai.workspace.background import start_background_threads

        configure_mailbox_from_env()
        stop = None
        if settings.SEVAI_EMBEDDED_WORKER and not no_worker:
            stop, _threads = start_background_threads()
        self.stdout.write(f"Sevai is running on http://{host}:{port}/  (Ctrl+C to stop)")
        try:
            uvicorn.run(
                "sevai.asgi:application",
                host=host,
                port=port,
                log_level="warning",
                lifespan="off",
                ws="auto",
            )
        finally:
            if stop is not None:
                stop.set()
