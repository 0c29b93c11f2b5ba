"""`sevai mail inspect FILE`: how Sevai would understand a mail, without storing it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sevai.mail.processing import inspect_message


class Command(BaseCommand):
    help = "Mail tools. `inspect FILE` prints, as JSON, how a mail would be understood."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        inspect = subcommands.add_parser(
            "inspect",
            help="explain sender, visible text, attachments, noise and threading; stores nothing",
        )
        inspect.add_argument("file", help="a raw RFC 822 message (.eml); - reads stdin")
        inspect.add_argument(
            "--visible-chars", type=int, default=2000, help="how much visible text to show"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "inspect":
            self.inspect(options["file"], visible_chars=options["visible_chars"])

    def inspect(self, file: str, *, visible_chars: int) -> None:
        if file == "-":
            raw = sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(_("%(path)s is not a file.") % {"path": file})
            raw = path.read_bytes()
        report = inspect_message(raw, visible_chars=visible_chars)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
