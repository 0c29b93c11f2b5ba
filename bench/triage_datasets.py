"""Turn the public datasets in ../shared/data into `sevai triage evaluate` files.

    .venv/bin/python bench/triage_datasets.py [--data ../shared/data] [--out bench/out/triage]

Reads the files in place (they are third-party data under their own licenses: never copied
into the repository) and writes JSON Lines {"text", "label"} under --out (bench/out/ is
ignored by git):

- banking77-train.jsonl, banking77-test.jsonl (77 intents)
- clinc150-train.jsonl (train + oos_train, oos label null), clinc150-val.jsonl (val + oos_val)
- sib200-eng-train.jsonl and sib200-{eng,tam,tgl,hye}-dev.jsonl (7 topics; train on English
  only, test on each language's dev set: cross-lingual transfer)

Then, for example:

    .venv/bin/sevai triage evaluate --train bench/out/triage/banking77-train.jsonl \\
        --test bench/out/triage/banking77-test.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIB_LANGUAGES = {"eng": "eng_Latn", "tam": "tam_Taml", "tgl": "tgl_Latn", "hye": "hye_Armn"}


def write(path: Path, rows: list[tuple[str, str | None]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for text, label in rows:
            out.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    print(f"{path}: {len(rows)} rows")


def banking77(data: Path, split: str) -> list[tuple[str, str | None]]:
    with (data / "banking77" / f"{split}.csv").open(newline="", encoding="utf-8") as f:
        return [(row["text"], row["category"]) for row in csv.DictReader(f)]


def clinc150(data: Path, split: str) -> list[tuple[str, str | None]]:
    raw = json.loads((data / "clinc150" / "data_full_train_val.json").read_text("utf-8"))
    return [
        (text, None if label == "oos" else label)
        for text, label in raw[split] + raw[f"oos_{split}"]
    ]


def sib200(data: Path, language: str, split: str) -> list[tuple[str, str | None]]:
    path = data / "sib200" / SIB_LANGUAGES[language] / f"{split}.tsv"
    with path.open(newline="", encoding="utf-8") as f:
        return [(row["text"], row["category"]) for row in csv.DictReader(f, delimiter="\t")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "triage")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "banking77-train.jsonl", banking77(args.data, "train"))
    write(args.out / "banking77-test.jsonl", banking77(args.data, "test"))
    write(args.out / "clinc150-train.jsonl", clinc150(args.data, "train"))
    write(args.out / "clinc150-val.jsonl", clinc150(args.data, "val"))
    write(args.out / "sib200-eng-train.jsonl", sib200(args.data, "eng", "train"))
    for language in SIB_LANGUAGES:
        write(args.out / f"sib200-{language}-dev.jsonl", sib200(args.data, language, "dev"))


if __name__ == "__main__":
    main()
