"""`sevai assistant evaluate --kb DIR --queries FILE`: how well the assistant answers.

The questions file is JSON Lines: {"text": "...", "lang": "ta", "expect": "article-slug"}
per line, where expect names the article by the slug of any of its translations, and null
means the assistant must hand the question to a person.

The desk's own data is never touched: `run_evaluation` starts a child process (this module,
`python -m sevai.assistant.evaluation`) whose settings point at a new SQLite file in a
temporary folder (DATABASE_URL, SEVAI_DATA_DIR; no REDIS_URL, so no shared cache either).
The child refuses to run anywhere else, creates the tables, imports DIR with the
knowledge base's own importer (which builds the search and passage indexes as it would on
the desk), asks every question as a customer's message would be asked (language detected
from the text, falling back to the file's lang), and prints a line for people and the
figures as one JSON object on the last line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sevai.lib.datafiles import BadFile, json_lines, read_text

MARKER = "SEVAI_ASSISTANT_EVALUATION"  # the child's temporary folder
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    expect: str | None


def read_questions(path: Path) -> list[Question]:
    """The questions of a JSON Lines file; BadFile says which line is wrong."""
    questions = []
    for number, row in json_lines(read_text(path), path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise BadFile(_("%(path)s line %(n)d has no text.") % {"path": path, "n": number})
        expect = row.get("expect")
        if expect is not None and not isinstance(expect, str):
            raise BadFile(
                _("%(path)s line %(n)d: expect must be a slug or null.")
                % {"path": path, "n": number}
            )
        questions.append(Question(row["text"], str(row.get("lang") or ""), expect or None))
    return questions


def percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))], 2)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """top1_accuracy: answerable questions whose first candidate is the expected article;
    answered_accuracy: answered answerable questions answered with it; handoff_precision:
    share of no-answer questions handed off; false_handoff_rate: share of answerable ones
    handed off; wrong_answer_rate: share of all questions answered with a wrong article."""
    answerable = [r for r in records if r["expected_article"] is not None]
    unanswerable = [r for r in records if r["expected_article"] is None]
    answered = [r for r in records if r["outcome"] == "answered"]
    answered_answerable = [r for r in answerable if r["outcome"] == "answered"]
    right = [r for r in answered_answerable if r["answer_article"] == r["expected_article"]]
    latencies = [float(r["latency_ms"]) for r in records]
    return {
        "n": len(records),
        "top1_accuracy": _share(
            sum(r["top_article"] == r["expected_article"] for r in answerable), len(answerable)
        ),
        "handoff_precision": _share(
            sum(r["outcome"] == "handed_off" for r in unanswerable), len(unanswerable)
        ),
        "false_handoff_rate": _share(
            sum(r["outcome"] == "handed_off" for r in answerable), len(answerable)
        ),
        "answered_accuracy": _share(len(right), len(answered_answerable)),
        "wrong_answer_rate": _share(len(answered) - len(right), len(records)),
        "answered": len(answered),
        "handed_off": len(records) - len(answered),
        "latency_p50_ms": percentile(latencies, 0.5),
        "latency_p95_ms": percentile(latencies, 0.95),
    }


def summarize(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    result = figures(records)
    languages = sorted({str(r["lang"]) for r in records})
    result["by_language"] = {
        code: figures([r for r in records if r["lang"] == code]) for code in languages
    }
    reasons: dict[str, int] = {}
    for r in records:
        if r["reason"]:
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
    result["reasons"] = reasons
    return result


def articles_by_slug() -> dict[str, int]:
    from sevai.kb.models import ArticleTranslation

    return dict(ArticleTranslation.objects.values_list("slug", "article_id"))


def ask(
    questions: Sequence[Question],
    *,
    min_confidence: float,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Ask each question as a customer's message; one record per question."""
    from sevai.assistant.engine import decide
    from sevai.triage.language import detect_language

    slugs = articles_by_slug()
    records = []
    for done, q in enumerate(questions, start=1):
        language = detect_language(q.text) or q.lang or "en"
        decision = decide(q.text, language=language, brand_id=None, min_confidence=min_confidence)
        answer = decision.answer
        records.append(
            {
                "text": q.text,
                "lang": q.lang,
                "language": language,
                "expect": q.expect,
                "expected_article": slugs.get(q.expect) if q.expect else None,
                "unknown_slug": bool(q.expect and q.expect not in slugs),
                "top_article": decision.top_article,
                "outcome": str(decision.outcome),
                "reason": str(decision.reason),
                "confidence": decision.confidence,
                "answer_article": answer.article_id if answer else None,
                "answer_language": answer.language if answer else None,
                "answer": answer.text if answer else "",
                "latency_ms": decision.latency_ms,
                "features": decision.features,
            }
        )
        if progress:
            progress("ask", done, len(questions))
    return records


def evaluate_here(
    kb: Path,
    queries: Path,
    *,
    min_confidence: float,
    details: Path | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """In the temporary child process only: build the knowledge base, ask, score."""
    from django.conf import settings
    from django.core.management import call_command

    from sevai.kb.actions.import_export import import_folder

    folder = os.environ.get(MARKER, "")
    name = str(settings.DATABASES["default"]["NAME"])
    if not folder or not Path(name).resolve().is_relative_to(Path(folder).resolve()):
        raise RuntimeError("the evaluation runs only on its own temporary database")
    questions = read_questions(queries)
    call_command("migrate", verbosity=0)
    imported = import_folder(
        kb, progress=(lambda done, total: progress("import", done, total)) if progress else None
    )
    records = ask(questions, min_confidence=min_confidence, progress=progress)
    result = summarize(records)
    result["kb"] = {**imported.as_dict(), "import_errors": imported.errors[:10]}
    result["unknown_slugs"] = sorted({str(r["expect"]) for r in records if r["unknown_slug"]})
    result["min_confidence"] = min_confidence
    if details is not None:
        details.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
    return result


def run_evaluation(
    kb: Path,
    queries: Path,
    *,
    min_confidence: float,
    details: Path | None = None,
    quiet: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run evaluate_here in a child process on a temporary database; its stdout is captured
    (the last line is the JSON), its progress bar goes to this process's stderr."""
    with tempfile.TemporaryDirectory(prefix="sevai-assistant-eval-") as folder:
        env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"} | {
            MARKER: folder,
            "SEVAI_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'evaluation.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "sevai.settings",
            "SEVAI_EMBEDDED_WORKER": "false",
        }
        command = [sys.executable, "-m", "sevai.assistant.evaluation"]
        command += ["--kb", str(kb.resolve()), "--queries", str(queries.resolve())]
        command += ["--min-confidence", str(min_confidence)]
        if details is not None:
            command += ["--details", str(details.resolve())]
        if quiet:
            command.append("--quiet")
        return subprocess.run(  # noqa: S603 (our own interpreter and module)
            command, env=env, stdout=subprocess.PIPE, text=True, check=False
        )


def main(argv: list[str] | None = None) -> int:
    """The child process: python -m sevai.assistant.evaluation --kb DIR --queries FILE."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--min-confidence", type=float, required=True)
    parser.add_argument("--details")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    import django

    django.setup()
    from sevai.assistant.management.commands.assistant import STAGES
    from sevai.lib.progress import progress_bar

    try:
        with progress_bar(args.quiet, STAGES) as report:
            result = evaluate_here(
                Path(args.kb),
                Path(args.queries),
                min_confidence=args.min_confidence,
                details=Path(args.details) if args.details else None,
                progress=report,
            )
    except (BadFile, RuntimeError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(
        _(
            "top-1 %(top1)s, off-topic handed off %(handoff)s, "
            "false hand-offs %(false)s, p95 %(p95)s ms"
        )
        % {
            "top1": result["top1_accuracy"],
            "handoff": result["handoff_precision"],
            "false": result["false_handoff_rate"],
            "p95": result["latency_p95_ms"],
        }
    )
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
