"""`sevai triage evaluate`: read labelled files, score predictions against them.

Files are JSON Lines ({"text": ..., "label": ...} per line) or CSV with text,label columns.
A null (JSON) or empty (CSV) label marks an out-of-scope row: the right answer is to
abstain. An abstention on an in-scope row counts as wrong.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sevai.lib.datafiles import BadFile, json_lines, read_text
from sevai.triage.examples import Example, Prediction


def read_examples(path: Path) -> list[Example]:
    """Examples from a .csv file (text,label) or JSON Lines (anything else)."""
    raw = read_text(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(raw, path)
    return _read_jsonl(raw, path)


def _read_jsonl(raw: str, path: Path) -> list[Example]:
    return [_example(row, path, number) for number, row in json_lines(raw, path)]


def _read_csv(raw: str, path: Path) -> list[Example]:
    reader = csv.DictReader(raw.splitlines())
    if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
        raise BadFile(_("%(path)s needs text and label columns.") % {"path": path})
    return [
        _example({"text": row["text"], "label": row["label"] or None}, path, number)
        for number, row in enumerate(reader, start=2)
    ]


def _example(row: Any, path: Path, number: int) -> Example:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise BadFile(_("%(path)s line %(n)d has no text.") % {"path": path, "n": number})
    label = row.get("label")
    if label is not None and not isinstance(label, str | int):
        raise BadFile(
            _("%(path)s line %(n)d: the label must be text or null.") % {"path": path, "n": number}
        )
    return Example(row["text"], None if label is None or label == "" else str(label))


def score(examples: Sequence[Example], predictions: Sequence[Prediction]) -> dict[str, Any]:
    """accuracy, macro_f1, n, abstained, abstain_recall (when there are out-of-scope rows)
    and per-label precision, recall, f1 and support."""
    in_scope = [(e, p) for e, p in zip(examples, predictions, strict=True) if e.label is not None]
    out_of_scope = [p for e, p in zip(examples, predictions, strict=True) if e.label is None]
    labels = sorted({e.label for e, _p in in_scope if e.label is not None})
    per_label: dict[str, dict[str, float | int]] = {}
    for label in labels:
        tp = sum(1 for e, p in in_scope if e.label == label and p.label == label)
        predicted = sum(1 for p in predictions if p.label == label)
        support = sum(1 for e, _p in in_scope if e.label == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    correct = sum(1 for e, p in in_scope if p.label == e.label)
    result: dict[str, Any] = {
        "accuracy": round(correct / len(in_scope), 4) if in_scope else None,
        "macro_f1": (
            round(sum(float(v["f1"]) for v in per_label.values()) / len(per_label), 4)
            if per_label
            else None
        ),
        "n": len(examples),
        "n_in_scope": len(in_scope),
        "abstained": sum(1 for p in predictions if p.label is None),
        "abstained_in_scope": sum(1 for _e, p in in_scope if p.label is None),
    }
    answered = sum(1 for _e, p in in_scope if p.label is not None)
    result["answered_accuracy"] = round(correct / answered, 4) if answered else None
    if out_of_scope:
        result["n_out_of_scope"] = len(out_of_scope)
        declined = sum(1 for p in out_of_scope if p.label is None)
        result["abstain_recall"] = round(declined / len(out_of_scope), 4)
    result["per_label"] = per_label
    return result
