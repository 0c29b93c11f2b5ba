"""`sevai assistant evaluate`: a temporary knowledge base, the figures as JSON on the last line."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sevai.assistant.evaluation import figures, read_questions, summarize
from sevai.assistant.models import Passage
from sevai.kb.models import Article
from sevai.lib.datafiles import BadFile

TRACKING = """---
title: Track a parcel
slug: track-a-parcel
language: en
status: published
---

The tracking number is on your receipt and in the SMS we send when the parcel is booked.

Open the tracking page and enter the tracking number to see every scan.
"""
TRACKING_TA = """---
title: பார்சலை எப்படிக் கண்காணிப்பது
slug: பார்சலை-எப்படிக்-கண்காணிப்பது
language: ta
translation_of: track-a-parcel
status: published
---

கண்காணிப்பு எண் உங்கள் ரசீதிலும் SMS-இலும் இருக்கும்.

கண்காணிப்புப் பக்கத்தைத் திறந்து கண்காணிப்பு எண்ணை உள்ளிடவும்.
"""
CUSTOMS = """---
title: Customs duties and taxes on international parcels
slug: customs-duties-and-taxes
language: en
status: published
---

Parcels from abroad may have to pay import duty and tax before customs releases them.

When duty is due, we send you an SMS with the amount and a payment link.
"""
QUESTIONS = [
    {"text": "how do I track my parcel", "lang": "en", "expect": "track-a-parcel"},
    {"text": "என் பார்சல் எங்கே இருக்கு", "lang": "ta", "expect": "track-a-parcel"},
    {
        "text": "bakit may babayaran akong customs",
        "lang": "tl",
        "expect": "customs-duties-and-taxes",
    },
    {"text": "who won the match last night", "lang": "en", "expect": None},
]


def write_kb(folder: Path) -> Path:
    folder.mkdir()
    for name, text in [
        ("track-a-parcel.en.md", TRACKING),
        ("track-a-parcel.ta.md", TRACKING_TA),
        ("customs-duties-and-taxes.en.md", CUSTOMS),
    ]:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_questions(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return path


class TestEvaluateCommand:
    @pytest.mark.django_db
    def test_it_answers_from_a_temporary_copy_and_prints_json_last(self, tmp_path: Path) -> None:
        kb = write_kb(tmp_path / "kb")
        queries = write_questions(tmp_path / "q.jsonl", QUESTIONS)
        details = tmp_path / "details.jsonl"
        out = StringIO()
        call_command(
            "assistant", "evaluate", "--kb", str(kb), "--queries", str(queries),
            "--details", str(details), "--quiet", stdout=out,
        )  # fmt: skip
        result = json.loads(out.getvalue().strip().splitlines()[-1])
        assert result["n"] == 4 and result["kb"]["created"] == 3
        assert result["top1_accuracy"] == 1.0
        assert result["handoff_precision"] == 1.0
        assert result["answered"] + result["handed_off"] == 4
        assert set(result["by_language"]) == {"en", "ta", "tl"}
        assert result["by_language"]["en"]["n"] == 2
        assert result["latency_p50_ms"] > 0 and result["latency_p95_ms"] >= result["latency_p50_ms"]
        rows = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
        assert [r["outcome"] for r in rows][-1] == "handed_off"
        # the desk's own database saw none of it
        assert not Article.objects.exists() and not Passage.objects.exists()

    def test_a_broken_questions_file_is_reported_with_its_line(self, tmp_path: Path) -> None:
        kb = write_kb(tmp_path / "kb")
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"text": "ok", "expect": null}\n{"expect": "x"}\n', encoding="utf-8")
        with pytest.raises(CommandError, match="line 2 has no text"):
            call_command("assistant", "evaluate", "--kb", str(kb), "--queries", str(bad))

    def test_the_knowledge_base_must_be_a_folder(self, tmp_path: Path) -> None:
        queries = write_questions(tmp_path / "q.jsonl", QUESTIONS)
        with pytest.raises(CommandError, match="is not a folder"):
            call_command(
                "assistant", "evaluate", "--kb", str(tmp_path / "nowhere"),
                "--queries", str(queries),
            )  # fmt: skip


class TestQuestionsFile:
    def test_lines_are_read_with_null_meaning_hand_off(self, tmp_path: Path) -> None:
        path = write_questions(tmp_path / "q.jsonl", QUESTIONS)
        questions = read_questions(path)
        assert [q.expect for q in questions][-1] is None
        assert questions[1].lang == "ta"

    def test_expect_must_be_a_slug_or_null(self, tmp_path: Path) -> None:
        path = write_questions(tmp_path / "q.jsonl", [{"text": "hi", "expect": 3}])
        with pytest.raises(BadFile, match="line 1"):
            read_questions(path)


def record(lang: str, expected: int | None, top: int | None, outcome: str) -> dict[str, Any]:
    answered = outcome == "answered"
    return {
        "lang": lang,
        "expected_article": expected,
        "top_article": top,
        "outcome": outcome,
        "reason": "" if answered else "low_confidence",
        "answer_article": top if answered else None,
        "latency_ms": 10.0,
    }


class TestFigures:
    def test_each_rate_counts_what_it_says(self) -> None:
        records = [
            record("en", 1, 1, "answered"),  # right
            record("en", 1, 2, "answered"),  # wrong article
            record("ta", 2, 2, "handed_off"),  # right article, not confident: false hand-off
            record("ta", None, 1, "handed_off"),  # off-topic handed off
            record("ta", None, 1, "answered"),  # off-topic answered
        ]
        result = figures(records)
        assert result["top1_accuracy"] == round(2 / 3, 4)
        assert result["handoff_precision"] == 0.5
        assert result["false_handoff_rate"] == round(1 / 3, 4)
        assert result["answered_accuracy"] == 0.5
        assert result["wrong_answer_rate"] == 0.4
        assert (result["answered"], result["handed_off"]) == (3, 2)
        assert summarize(records)["by_language"]["ta"]["n"] == 3

    def test_no_questions_of_a_kind_gives_none_not_zero(self) -> None:
        result = figures([record("en", None, 1, "handed_off")])
        assert result["top1_accuracy"] is None and result["handoff_precision"] == 1.0
