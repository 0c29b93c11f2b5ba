"""Fit the assistant's confidence model (sevai/assistant/confidence.py) on development questions.

    .venv/bin/python bench/assistant_calibrate.py [--kb sevai/kb/demo_articles]
        [--queries bench/data/assistant_faq_dev.jsonl] [--details FILE]

Runs `sevai assistant evaluate` on the development questions (a temporary database, as
always), then fits a logistic regression (L2, C=1.0) of "the first candidate article is
the expected one" (0 for questions that expect no article) on the retrieval features the
engine records. Prints the constants to paste into confidence.py, the fit's leave-one-out
log loss and calibration table, and the development figures at a few thresholds. The
questions that `sevai assistant evaluate` reports on (bench/data/assistant_faq.jsonl) are
never used here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import LeaveOneOut, cross_val_predict

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["top_dense", "text_first", "text_found"]  # also recorded: margin, dense_first


def records(kb: Path, queries: Path, details: Path) -> list[dict[str, object]]:
    command = [str(ROOT / ".venv" / "bin" / "sevai"), "assistant", "evaluate", "--quiet"]
    command += ["--kb", str(kb), "--queries", str(queries), "--details", str(details)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", default=str(ROOT / "sevai" / "kb" / "demo_articles"))
    parser.add_argument(
        "--queries", default=str(ROOT / "bench" / "data" / "assistant_faq_dev.jsonl")
    )
    parser.add_argument("--details", help="reuse (or keep) the per-question records here")
    parser.add_argument("--features", default=",".join(NAMES), help="comma-separated subset")
    args = parser.parse_args()
    details = Path(args.details or tempfile.mkstemp(suffix=".jsonl")[1])
    if args.details and details.exists() and details.stat().st_size:
        rows = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    else:
        rows = records(Path(args.kb), Path(args.queries), details)
    names = args.features.split(",")
    usable = [r for r in rows if r["features"]]
    x = np.array([[float(r["features"][n]) for n in names] for r in usable])  # type: ignore[index]
    y = np.array(
        [
            int(r["expected_article"] is not None and r["top_article"] == r["expected_article"])
            for r in usable
        ]
    )
    model = LogisticRegression(C=1.0, max_iter=1000)
    held_out = cross_val_predict(model, x, y, cv=LeaveOneOut(), method="predict_proba")[:, 1]
    model.fit(x, y)
    print(
        f"# {len(usable)} questions, {int(y.sum())} with the right first article", file=sys.stderr
    )
    constant = log_loss(y, np.full(len(y), y.mean()))
    print(
        f"# leave-one-out log loss {log_loss(y, held_out):.3f} (constant: {constant:.3f})",
        file=sys.stderr,
    )
    for low, high in ((0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)):
        bucket = (held_out >= low) & (held_out < high)
        if bucket.any():
            print(
                f"#   predicted {low:.1f}-{min(high, 1):.1f}: {bucket.sum():3d} questions, "
                f"mean {held_out[bucket].mean():.2f}, right {y[bucket].mean():.2f}",
                file=sys.stderr,
            )
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        answered = held_out >= threshold
        print(
            f"#   threshold {threshold}: answers {answered.mean():.2f} of questions, "
            f"right when answering {y[answered].mean() if answered.any() else float('nan'):.2f}",
            file=sys.stderr,
        )
    print(f"BIAS = {model.intercept_[0]:.4f}")
    print("WEIGHTS = {")
    for name, weight in zip(names, model.coef_[0], strict=True):
        print(f'    "{name}": {weight:.4f},')
    print("}")


if __name__ == "__main__":
    main()
