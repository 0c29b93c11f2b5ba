"""`sevai triage evaluate`: trains like `triage train`, prints one JSON object last."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sevai.triage.tests.desk import desk_examples


def write_jsonl(path: Path, rows: list[tuple[str, str | None]]) -> Path:
    path.write_text(
        "".join(
            json.dumps({"text": t, "label": label}, ensure_ascii=False) + "\n" for t, label in rows
        ),
        encoding="utf-8",
    )
    return path


def run(*args: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    out = StringIO()
    call_command("triage", "evaluate", "--quiet", *args, stdout=out)
    text = out.getvalue()
    return text, json.loads(text.strip().splitlines()[-1])


class TestEvaluate:
    def test_the_last_line_is_the_figures_as_json(self, tmp_path: Path) -> None:
        train = write_jsonl(tmp_path / "train.jsonl", [(e.text, e.label) for e in desk_examples()])
        test_rows = [(e.text, e.label) for e in desk_examples(per_topic=6, seed=99)]
        test_rows += [("Which planet is the largest in our solar system?", None)]
        test = write_jsonl(tmp_path / "test.jsonl", test_rows)
        _text, result = run("--train", str(train), "--test", str(test))
        assert result["n"] == 19
        assert result["n_in_scope"] == 18
        assert result["accuracy"] > 0.6
        assert 0 < result["macro_f1"] <= 1
        assert result["abstained"] >= result["abstained_in_scope"]
        assert result["answered_accuracy"] >= result["accuracy"]
        assert result["abstain_recall"] == 1.0
        assert set(result["per_label"]) == {"refund", "delay", "address-change"}
        assert result["per_label"]["refund"]["support"] == 6

    def test_csv_files_work_too(self, tmp_path: Path) -> None:
        train, test = tmp_path / "train.csv", tmp_path / "test.csv"
        for path, examples in ((train, desk_examples()), (test, desk_examples(3, seed=5))):
            with path.open("w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow(["text", "label"])
                writer.writerows((e.text, e.label) for e in examples)
        _text, result = run("--train", str(train), "--test", str(test))
        assert result["n"] == 9
        assert "abstain_recall" not in result

    def test_too_little_training_data_is_an_error_not_a_guess(self, tmp_path: Path) -> None:
        train = write_jsonl(tmp_path / "train.jsonl", [("refund please", "refund")] * 10)
        with pytest.raises(CommandError, match="Not enough training data"):
            run("--train", str(train), "--test", str(train))

    def test_a_broken_line_is_reported_with_its_number(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"text": "ok", "label": "a"}\n{not json}\n', encoding="utf-8")
        with pytest.raises(CommandError, match="line 2"):
            run("--train", str(bad), "--test", str(bad))
