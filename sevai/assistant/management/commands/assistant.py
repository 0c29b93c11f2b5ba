"""`sevai assistant evaluate|reindex|ask`: measure the assistant, rebuild its index, try it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sevai.lib.progress import progress_bar

STAGES = {
    "import": gettext_lazy("Importing articles"),
    "ask": gettext_lazy("Asking"),
    "reindex": gettext_lazy("Embedding passages"),
}


class Command(BaseCommand):
    help = "The virtual assistant: evaluate it on a knowledge base, rebuild its index, ask it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        evaluate = sub.add_parser(
            "evaluate",
            help="answer FILE's questions from a temporary copy of DIR; JSON on the last line",
        )
        evaluate.add_argument("--kb", required=True, help="a folder in the `kb import` format")
        evaluate.add_argument(
            "--queries", required=True, help='JSON Lines {"text", "lang", "expect"}'
        )
        evaluate.add_argument(
            "--min-confidence",
            type=float,
            default=None,
            help="answer at this confidence or more (default: the assistant's default)",
        )
        evaluate.add_argument("--details", help="also write one JSON line per question here")
        evaluate.add_argument("--quiet", action="store_true", help="no progress bar")
        reindex = sub.add_parser("reindex", help="rebuild the passage index of every article")
        reindex.add_argument("--quiet", action="store_true", help="no progress bar")
        ask = sub.add_parser("ask", help="what the assistant would do with a question")
        ask.add_argument("text")
        ask.add_argument("--language", default="", help="default: detected from the text")
        ask.add_argument("--brand", type=int, default=None, help="brand id")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "evaluate":
            self.evaluate(options)
        elif command == "reindex":
            self.reindex(quiet=options["quiet"])
        else:
            self.ask(options["text"], language=options["language"], brand=options["brand"])

    def evaluate(self, options: dict[str, Any]) -> None:
        from sevai.assistant.evaluation import read_questions, run_evaluation
        from sevai.assistant.models import DEFAULT_MIN_CONFIDENCE
        from sevai.lib.datafiles import BadFile

        kb, queries = Path(options["kb"]), Path(options["queries"])
        if not kb.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": kb})
        try:
            read_questions(queries)
        except BadFile as exc:
            raise CommandError(str(exc)) from None
        minimum = options["min_confidence"]
        done = run_evaluation(
            kb,
            queries,
            min_confidence=DEFAULT_MIN_CONFIDENCE if minimum is None else minimum,
            details=Path(options["details"]) if options["details"] else None,
            quiet=options["quiet"],
        )
        self.stdout.write(done.stdout.rstrip("\n"))
        if done.returncode:
            raise CommandError(_("The evaluation failed (see above)."))

    def reindex(self, *, quiet: bool) -> None:
        from sevai.assistant.index import reindex_passages

        with progress_bar(quiet, STAGES) as report:
            count = reindex_passages(progress=lambda done, total: report("reindex", done, total))
        self.stdout.write(json.dumps({"passages": count}))

    def ask(self, text: str, *, language: str, brand: int | None) -> None:
        from sevai.assistant.engine import decide
        from sevai.assistant.queries import assistant_settings
        from sevai.triage.language import detect_language

        language = language or detect_language(text) or "en"
        minimum = assistant_settings().min_confidence
        decision = decide(text, language=language, brand_id=brand, min_confidence=minimum)
        answer = decision.answer
        self.stdout.write(
            json.dumps(
                {
                    "language": language,
                    "outcome": decision.outcome,
                    "reason": decision.reason,
                    "confidence": decision.confidence,
                    "answer": answer.text if answer else None,
                    "article": answer.article_id if answer else None,
                    "fallback": answer.fallback if answer else None,
                    "candidates": decision.candidates,
                    "latency_ms": decision.latency_ms,
                },
                ensure_ascii=False,
            )
        )
