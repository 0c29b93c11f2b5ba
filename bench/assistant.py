"""Benchmark: the assistant's answer latency with 2,000 published articles. Prints one JSON object.

    .venv/bin/python bench/assistant.py [--articles 2000] [--sentences 5] [--threads 1]

A fresh SQLite database (the embedded default) in a temporary folder gets the demo
knowledge base (sevai/kb/demo_articles, 14 articles in up to four languages, through the
real importer) and filler articles up to --articles: parcel-desk sentences in English,
Tamil, Tagalog and Armenian from bench/search.py's generator, one language per article,
written straight into the tables and the search index. Then:

- embedding: texts per second in batches of passages, and one question's embedding time;
- index build: `reindex_passages()` over every published translation (the time to embed
  and store all passages; the demo articles' vectors are reused, the filler's are new);
- answers: `engine.decide` for every question of bench/data/assistant_faq.jsonl, after a
  warm-up, p50 and p95 in milliseconds, with the share of time spent embedding the
  question and where the first article still is the expected one among 2,000 articles.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "data" / "assistant_faq.jsonl"

_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
assert _spec and _spec.loader
_search = importlib.util.module_from_spec(_spec)
sys.modules["bench_search"] = _search
_spec.loader.exec_module(_search)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def filler_articles(n: int, sentences: int, seed: int = 5) -> int:
    """n published articles, one translation each, straight into the tables and the index."""
    from django.db import transaction
    from django.utils import timezone

    from sevai.kb.markdown import markdown_to_text
    from sevai.kb.models import Article, ArticleTranslation, Status
    from sevai.search.articles import index_article

    rng = random.Random(seed)
    now = timezone.now()
    pools = {code: _search.CUSTOMER[code] + _search.AGENT[code] for code in _search.LANGUAGES}
    with transaction.atomic():
        for start in range(0, n, 500):
            count = min(500, n - start)
            languages = [_search.LANGUAGES[(start + i) % 4] for i in range(count)]
            articles = Article.objects.bulk_create(
                [
                    Article(default_language=code, created_at=now, updated_at=now)
                    for code in languages
                ]
            )
            rows = []
            for i, (article, code) in enumerate(zip(articles, languages, strict=True)):
                number = start + i
                topics = _search.ARTICLE_TOPICS[code]
                title = f"{topics[number % len(topics)]} ({rng.choice(_search.PRODUCTS)} {number})"
                paragraphs = [
                    _search.fill(rng.choice(pools[code]), rng, code, f"SV{number:08d}")
                    for _ in range(sentences)
                ]
                rows.append(
                    ArticleTranslation(
                        article=article,
                        language=code,
                        title=title,
                        slug=f"filler-{number}",
                        body_markdown="\n\n".join(paragraphs),
                        status=Status.PUBLISHED,
                        published_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                )
            for t in ArticleTranslation.objects.bulk_create(rows):
                index_article(
                    t.pk,
                    article_id=t.article_id,
                    language=t.language,
                    title=t.title,
                    body=markdown_to_text(t.body_markdown),
                    published=True,
                )
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=5, help="paragraphs per filler article")
    parser.add_argument("--threads", type=int, default=1, help="embedding threads")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="sevai-bench-assistant-")
    os.environ["SEVAI_EMBEDDING_THREADS"] = str(args.threads)
    os.environ["SEVAI_EMBEDDED_WORKER"] = "false"
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    _search.setup_django(Path(folder))
    from django.core.management import call_command

    from sevai.assistant.engine import decide
    from sevai.assistant.evaluation import articles_by_slug, read_questions
    from sevai.assistant.index import passage_matrix, question_vector, reindex_passages
    from sevai.assistant.lexicon import expand
    from sevai.assistant.models import Passage
    from sevai.kb.actions.import_export import import_demo_articles
    from sevai.kb.models import Article
    from sevai.triage.embeddings import embed

    call_command("migrate", verbosity=0)
    result: dict[str, object] = {"cpus": os.cpu_count(), "embedding_threads": args.threads}

    batch = [f"Track a parcel: sentence {i} about parcels, refunds and customs." for i in range(8)]
    embed(batch, kind="passage")  # warm-up: the model loads
    texts = [
        f"Parcel {i}: the tracking number is on your receipt and in the SMS we send."
        for i in range(128)
    ]
    started = time.perf_counter()
    embed(texts, kind="passage")
    per_second = len(texts) / (time.perf_counter() - started)
    singles = []
    for i in range(40):
        started = time.perf_counter()
        embed([f"where is my parcel number {i}"])
        singles.append(time.perf_counter() - started)
    result["embedding"] = {
        "passages_per_second_batch": round(per_second, 1),
        "question": percentiles(singles[5:]),
    }

    started = time.perf_counter()
    import_demo_articles()
    demo_seconds = time.perf_counter() - started
    filler_articles(args.articles - Article.objects.count(), args.sentences)
    started = time.perf_counter()
    passages = reindex_passages()
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    matrix = passage_matrix()
    load_seconds = time.perf_counter() - started
    result["index"] = {
        "articles": Article.objects.count(),
        "passages": passages,
        "demo_import_seconds": round(demo_seconds, 1),
        "build_seconds": round(build_seconds, 1),
        "matrix_load_seconds": round(load_seconds, 2),
        "matrix_megabytes": round(matrix.vectors.nbytes / 2**20, 1),
    }
    assert Passage.objects.count() == passages == len(matrix)

    questions = read_questions(QUESTIONS)
    slugs = articles_by_slug()
    for q in questions[:10]:
        decide(q.text, language=q.lang, brand_id=None, min_confidence=0.5)  # warm-up
    samples, embedding, right, answerable = [], [], 0, 0
    for q in questions:
        started = time.perf_counter()
        decision = decide(q.text, language=q.lang, brand_id=None, min_confidence=0.5)
        samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        question_vector(expand(q.text))
        embedding.append(time.perf_counter() - started)
        if q.expect:
            answerable += 1
            right += decision.top_article == slugs.get(q.expect)
    result["answer"] = {
        "questions": len(samples),
        **percentiles(samples),
        "question_embedding_p50_ms": percentiles(embedding)["p50_ms"],
        "top1_accuracy_among_all_articles": round(right / answerable, 4),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
