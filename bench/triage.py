"""Benchmark: triage training on 10,000 tickets, prediction and language-detection latency,
embedding throughput. Prints one JSON object.

    .venv/bin/python bench/triage.py [--tickets 10000] [--no-embeddings] [--threads 1]

Training texts are BANKING77's training set (10,003 customer messages, 77 intents) from
../shared/data when it is there, else a synthetic multilingual desk; nothing is written to
the desk's data (models go to a temporary folder). Latencies are measured in process, one
text at a time, after a warm-up: p50 and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANKING = ROOT.parent / "shared" / "data" / "banking77" / "train.csv"


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 3),
    }


def timed(function: Callable[[str], object], texts: list[str]) -> dict[str, float]:
    for text in texts[:20]:
        function(text)  # warm-up: models loaded, caches filled
    samples = []
    for text in texts:
        started = time.perf_counter()
        function(text)
        samples.append(time.perf_counter() - started)
    return {**percentiles(samples), "n": len(samples)}


def training_examples(n: int) -> tuple[list[object], str]:
    from sevai.triage.examples import Example

    if BANKING.is_file():
        with BANKING.open(newline="", encoding="utf-8") as f:
            rows = [Example(r["text"], r["category"]) for r in csv.DictReader(f)]
        return rows[:n], "banking77-train"
    from sevai.triage.tests.desk import desk_examples

    return list(desk_examples(per_topic=n // 3 + 1))[:n], "synthetic"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--threads", type=int, default=1, help="embedding threads")
    args = parser.parse_args()
    os.environ["SEVAI_EMBEDDING_THREADS"] = str(args.threads)
    os.environ["SEVAI_TRIAGE_EMBEDDINGS"] = "false" if args.no_embeddings else "true"
    os.environ["SEVAI_DATA_DIR"] = tempfile.mkdtemp(prefix="sevai-bench-triage-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sevai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from sevai.triage.embeddings import embed
    from sevai.triage.language import detect_language
    from sevai.triage.predict import default_embedder, triage_text
    from sevai.triage.storage import write_models
    from sevai.triage.tests.short_texts import SHORT_TEXTS
    from sevai.triage.training import train_on

    result: dict[str, object] = {"cpus": os.cpu_count(), "embedding_threads": args.threads}
    short = [t for texts in SHORT_TEXTS.values() for t in texts if t] * 10
    random.Random(1).shuffle(short)
    result["language_detection"] = timed(detect_language, short)

    batch = [t for texts in SHORT_TEXTS.values() for t in texts if t] * 4
    embed(batch[:8])
    started = time.perf_counter()
    embed(batch)
    result["embedding"] = {
        "texts_per_second_batch": round(len(batch) / (time.perf_counter() - started), 1),
        "single_text": timed(lambda text: embed([text]), short[:100]),
    }

    examples, source = training_examples(args.tickets)
    embedder = default_embedder()
    stages: dict[str, float] = {}
    last = {"stage": "", "at": time.perf_counter()}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if last["stage"]:
            stages[str(last["stage"])] = (
                stages.get(str(last["stage"]), 0.0) + now - float(last["at"])
            )
        last["stage"], last["at"] = stage, now

    started = time.perf_counter()
    model = train_on(examples, embedder=embedder, progress=progress)  # type: ignore[arg-type]
    train_seconds = time.perf_counter() - started
    progress("done", 0, 0)
    write_models(model, None, {"bench": True})
    result["training"] = {
        "source": source,
        "tickets": len(examples),
        "labels": len(model.labels),
        "embeddings": embedder is not None,
        "seconds": round(train_seconds, 1),
        "seconds_by_stage": {k: round(v, 1) for k, v in stages.items()},
    }
    texts = [e.text for e in examples[:: max(1, len(examples) // 200)]][:200]  # type: ignore[attr-defined]
    result["prediction"] = timed(triage_text, texts)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
