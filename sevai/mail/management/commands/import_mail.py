"""`sevai import-mail PATH [--mailbox ADDRESS]`: import an mbox, a Maildir or .eml files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sevai.mail.importer import import_mail
from sevai.mail.models import Mailbox


class Command(BaseCommand):
    help = (
        "Import mail from an mbox file, a Maildir or a folder of .eml files (searched "
        "recursively). Prints one JSON line with the counts; the progress bar goes to stderr."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="an mbox file, a Maildir, or a folder")
        parser.add_argument(
            "--mailbox", metavar="ADDRESS", help="the support address the mail was sent to"
        )
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(_("%(path)s does not exist.") % {"path": path})
        mailbox = None
        if options["mailbox"]:
            mailbox = Mailbox.objects.filter(address__iexact=options["mailbox"].strip()).first()
            if mailbox is None:
                raise CommandError(
                    _("No mailbox with the address %(address)s.") % {"address": options["mailbox"]}
                )
        progress = not options["no_progress"] and options.get("verbosity", 1) > 0
        report = import_mail(path, mailbox=mailbox, progress=progress)
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
