"""`sevai kb import PATH` and `sevai kb export PATH`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sevai.brands.models import Brand


class Command(BaseCommand):
    help = (
        "Knowledge base files: `kb import PATH` reads a folder of Markdown files with YAML front "
        "matter (title, slug, language, category, optional translation_of); `kb export PATH` "
        "writes the same format. Importing again updates articles by slug."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("import", "import a folder (files without `status` become drafts)"),
            ("export", "export to a folder (existing files with the same names are replaced)"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("path", help="the folder")
            p.add_argument(
                "--brand", default="", help="brand address name (default: shared articles)"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        brand = self._brand(options["brand"])
        path = Path(options["path"])
        if options["action"] == "export":
            from sevai.kb.actions.import_export import export_folder

            written = export_folder(path, brand=brand)
            self.stdout.write(json.dumps({"exported": written, "path": str(path)}))
            return
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        from sevai.kb.actions.import_export import import_folder

        # rich writes partial lines: give it the stream under Django's OutputWrapper
        console = Console(file=cast(IO[str], getattr(self.stderr, "_out", sys.stderr)))
        with Progress(
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=options["verbosity"] == 0,
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=None)
            move_bar = bar.update  # (named so that the layout check does not take it for a write)

            def progress(done: int, total: int) -> None:
                move_bar(task, completed=done, total=total)

            summary = import_folder(path, brand=brand, progress=progress)
        for error in summary.errors:
            self.stderr.write(error)
        self.stdout.write(json.dumps(summary.as_dict()))
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} file(s) could not be imported (see above).")

    def _brand(self, slug: str) -> Brand | None:
        if not slug:
            return None
        brand = Brand.objects.filter(slug=slug).first()
        if brand is None:
            raise CommandError(f"No brand with the address name {slug!r}.")
        return brand
