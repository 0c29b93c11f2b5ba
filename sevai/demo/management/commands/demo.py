from __future__ import annotations

import sys
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Command(BaseCommand):
    help = "Fill an empty database with a realistic demo support desk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=300, help="default: 300")
        parser.add_argument("--tickets", type=int, default=1500, help="default: 1500")
        parser.add_argument("--seed", type=int, default=7, help="same seed, same desk (7)")
        parser.add_argument("--admin-password", default="", help="default: a random one")
        parser.add_argument("--agent-password", default="", help="shared by all agents")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has users or tickets",
        )
        parser.add_argument(
            "--force", action="store_true", help="add demo data to a database in use"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from sevai.demo.generate import database_is_empty, generate_demo, login_url

        if options["customers"] < 1 or options["tickets"] < 0:
            raise CommandError("--customers must be at least 1 and --tickets at least 0.")
        if not database_is_empty():
            if options["if_empty"]:
                self.stdout.write("Demo data already present; leaving it alone.")
                self.stdout.write(
                    f"Log in at {login_url()} as admin (with the password printed when the demo "
                    "desk was created; forgot it? run: .venv/bin/sevai changepassword admin)."
                )
                return
            if not options["force"]:
                raise CommandError(
                    "This database already has users or tickets. Run with --force to add demo "
                    "data anyway, or --if-empty to leave it alone."
                )
        # rich writes partial lines: give it the stream under Django's OutputWrapper
        console = Console(file=cast(IO[str], getattr(self.stdout, "_out", sys.stdout)))
        with Progress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=options["verbosity"] == 0,
        ) as bar:
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done)

            result = generate_demo(
                customers=options["customers"],
                tickets=options["tickets"],
                seed=options["seed"],
                admin_password=options["admin_password"] or None,
                agent_password=options["agent_password"] or None,
                progress=progress,
            )
        self.stdout.write(f"Demo desk ready in {result.seconds:.1f} s:")
        counts = [f"{n} {name}" for name, n in result.counts.items()]
        for start in range(0, len(counts), 5):
            self.stdout.write("  " + ", ".join(counts[start : start + 5]))
        for name, table in result.tickets_by.items():
            by = ", ".join(f"{key} {n}" for key, n in table.items())
            self.stdout.write(f"  tickets by {name}: {by}")
        if result.admin_password:
            self.stdout.write(f"Log in at {login_url()} as admin / {result.admin_password}")
        else:
            self.stdout.write(
                f"Log in at {login_url()} (admin existed already; password unchanged)"
            )
        if result.agent_password:
            agents = ", ".join(u for u in result.created_users if u != "admin")
            self.stdout.write(f"Agents ({agents}) share the password: {result.agent_password}")
