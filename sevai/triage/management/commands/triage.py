"""`sevai triage train|evaluate|predict`: the topic and priority models."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sevai.lib.progress import progress_bar
from sevai.triage.examples import NotEnoughHistory

STAGES = {
    "embed": gettext_lazy("Embedding texts"),
    "calibrate": gettext_lazy("Cross-validating"),
    "fit": gettext_lazy("Fitting"),
    "predict": gettext_lazy("Predicting"),
}


class Command(BaseCommand):
    help = "Triage models: train on the desk's solved tickets, evaluate on files, predict."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        train = sub.add_parser("train", help="train the topic and priority models now")
        train.add_argument(
            "--background", action="store_true", help="queue it for the worker instead"
        )
        train.add_argument("--quiet", action="store_true", help="no progress bar")
        evaluate = sub.add_parser(
            "evaluate",
            help="train on --train as `triage train` would, score --test; JSON on the last line",
        )
        evaluate.add_argument("--train", required=True, help="JSON Lines {text,label} or CSV")
        evaluate.add_argument("--test", required=True, help="same format; label null = none")
        evaluate.add_argument("--quiet", action="store_true", help="no progress bar")
        predict = sub.add_parser("predict", help="what triage says about a text")
        predict.add_argument("text")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "train":
            self.train(background=options["background"], quiet=options["quiet"])
        elif command == "evaluate":
            self.evaluate(Path(options["train"]), Path(options["test"]), quiet=options["quiet"])
        else:
            self.predict(options["text"])

    def train(self, *, background: bool, quiet: bool) -> None:
        from sevai.triage import actions
        from sevai.triage.tasks import run_training

        if background:
            run = actions.queue_training()
            self.stdout.write(_("Training run %(id)s queued for the worker.") % {"id": run.pk})
            return
        run = actions.start_training_run()
        with progress_bar(quiet, STAGES) as report:
            state = run_training(run.pk, progress=report)
        run.refresh_from_db()
        self.stdout.write(json.dumps({"state": state, "version": run.model_version, **run.summary}))
        if state == "failed":
            raise CommandError(run.error)

    def evaluate(self, train_path: Path, test_path: Path, *, quiet: bool) -> None:
        from sevai.lib.datafiles import BadFile
        from sevai.triage.evaluation import read_examples, score
        from sevai.triage.predict import default_embedder
        from sevai.triage.training import train_on

        try:
            train, test = read_examples(train_path), read_examples(test_path)
        except BadFile as exc:
            raise CommandError(str(exc)) from None
        embedder = default_embedder()
        started = time.monotonic()
        with progress_bar(quiet, STAGES) as report:
            try:
                model = train_on(train, embedder=embedder, progress=report)
            except NotEnoughHistory as exc:
                raise CommandError(_("Not enough training data: %(why)s") % {"why": exc}) from None
            trained = time.monotonic()
            predictions = []
            for start in range(0, len(test), 256):
                chunk = [e.text for e in test[start : start + 256]]
                predictions += model.predict(chunk, embedder=embedder)
                report("predict", min(start + 256, len(test)), len(test))
        finished = time.monotonic()
        result = score(test, predictions)
        result["train_examples"] = model.info["examples"]
        result["labels"] = len(model.labels)
        result["embeddings"] = embedder is not None
        result["train_seconds"] = round(trained - started, 2)
        result["predict_ms_per_text"] = round(1000 * (finished - trained) / max(1, len(test)), 3)
        self.stdout.write(
            _("accuracy %(accuracy)s, macro F1 %(f1)s, %(abstained)s of %(n)s abstained")
            % {
                "accuracy": result["accuracy"],
                "f1": result["macro_f1"],
                "abstained": result["abstained"],
                "n": result["n"],
            }
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False, sort_keys=False))

    def predict(self, text: str) -> None:
        from sevai.triage.language import detect
        from sevai.triage.predict import triage_text

        result = triage_text(text)
        language = detect(text)
        flags = {
            name: {"raised": score.raised, "confidence": score.confidence, "cues": score.cues}
            for name, score in (
                ("urgent", result.flags.urgent),
                ("angry", result.flags.angry),
                ("churn", result.flags.churn),
            )
        }
        self.stdout.write(
            json.dumps(
                {
                    "language": language.language,
                    "language_confidence": language.confidence,
                    "topic": result.topic,
                    "topic_confidence": result.topic_confidence,
                    "priority": result.priority,
                    "priority_confidence": result.priority_confidence,
                    "priority_reason": result.priority_reason,
                    "flags": flags,
                    "model_version": result.model_version,
                },
                ensure_ascii=False,
            )
        )
