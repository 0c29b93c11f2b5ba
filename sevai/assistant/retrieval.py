"""Finding the articles that answer a question: hybrid, multilingual, corrected by admins.

The question is first glossed (sevai.assistant.lexicon: "அட்ரஸ் தப்பா கொடுத்துட்டேன்"
becomes "... (address; wrong mistake)"). Then two rankings of articles are fused by
reciprocal rank fusion (score = sum of weight / (RRF_K + rank)):

- dense: the glossed question's multilingual-e5 vector against every passage vector of
  every published translation (one numpy matrix product over the cached index); an article
  scores its best passage in any language, which is how a Tamil question finds an
  English-only article;
- full text: the search service's any-word query (sevai.search.articles.search_articles_any)
  over the glosses and the question's words (stop words dropped, at most 12 words), which
  rewards exact product words, codes and names.

Corrections: an admin's Correction stores the plain question's vector. The nearest one at
CORRECTION_MIN_SIMILARITY or more wins: its article goes first, or (article empty) the
question is marked for a person.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from django.db import connection

from sevai.assistant.index import (
    PassageMatrix,
    Vector,
    passage_matrix,
    question_vector,
    vector_from_bytes,
)
from sevai.assistant.lexicon import glosses
from sevai.assistant.models import Correction
from sevai.search.articles import search_articles_any
from sevai.triage.embeddings import DIMENSIONS

# Fusion constants: the best top-1 accuracy on bench/data/assistant_faq_dev.jsonl over
# RRF_K in (1, 3, 5, 10, 20, 60) and TEXT_WEIGHT in (0, 0.3, 0.5, 0.7, 1, 1.5).
RRF_K = 3
DENSE_WEIGHT = 1.0
TEXT_WEIGHT = 1.0
DENSE_POOL = 400  # best passages looked at (several per article, in several languages)
TEXT_LIMIT = 10  # full-text hits fused
# Cosine between a question and a corrected question above which the correction applies.
# With multilingual-e5-small, rewordings of one question in the same language score
# 0.91-0.96, its translations 0.84-0.96, and different questions of one desk 0.76-0.84.
CORRECTION_MIN_SIMILARITY = 0.86

# Words that say nothing about the subject (normalised: casefolded, no Latin accents).
STOP_TEXT = {
    "en": """the and for are but not you your yours with have has had this that there their
        from what when where which will would could should can cant cannot please pls plz thanks
        thank hello dear about into been being was were they them then than also just still yet
        very much any some more most our ours out get got how does did doing done want need
        know tell help there here its it's i'm im my mine me we us is am do to of in on at a an
        or if so no yes ok hi hey why who whom whose now today""",
    "tl": """ang ng mga sa na po ko mo ako ikaw siya kami kayo sila ito iyan iyon yung yun pa
        rin din lang naman kasi para may wala hindi oo opo salamat paano pano bakit kailan saan
        ano nang pero nga naka nag mag si ni kay sana talaga ba nyo niyo namin natin pwede puwede
        ba yan dito doon ngayon""",
    "ta": """நான் என் எனக்கு என்னுடைய நீங்கள் உங்கள் உங்க இது அது இந்த அந்த மற்றும் ஆனால்
        இன்னும் ஏன் எப்படி எங்கே எங்க எப்போ எப்போது வணக்கம் நன்றி தயவுசெய்து என்ன""",
    "hy": """եմ ես է են էր իմ մեր ձեր դուք նա այս այդ այն և բայց ու որ թե ինչ ինչու ինչպես
        ոնց որտեղ երբ դեռ արդեն խնդրում բարև շնորհակալություն ա էլ կա""",
}
STOP_WORDS = frozenset(word for text in STOP_TEXT.values() for word in text.split())


@dataclass(frozen=True)
class Candidate:
    """One article that may answer the question, with why."""

    article_id: int
    score: float  # fused (reciprocal rank fusion); comparable within one question
    dense: float  # cosine of its best passage (any language), -1 when not among the best
    passage_id: int | None  # that passage
    translation_id: int | None  # that passage's translation
    dense_rank: int | None  # 1-based
    text_rank: int | None
    text_score: float = 0.0
    corrected: bool = False  # put first by an admin's correction


@dataclass(frozen=True)
class CorrectionMatch:
    correction_id: int
    article_id: int | None  # None: questions like this go to a person
    similarity: float


@dataclass(frozen=True)
class Retrieval:
    question: str
    vector: Vector
    candidates: list[Candidate]
    correction: CorrectionMatch | None = None
    second_dense: float = -1.0  # best passage cosine of the best article after the first
    articles_indexed: int = 0  # articles in the dense ranking (0: nothing published here)
    matrix: PassageMatrix | None = field(default=None, repr=False)


def _dense_ranking(
    matrix: PassageMatrix, vector: Vector, brand_id: int | None
) -> list[tuple[int, float, int]]:
    """(article id, best cosine, row of that passage), best first."""
    if not len(matrix):
        return []
    scores = matrix.vectors @ vector
    if brand_id is not None:
        visible = (matrix.brand_ids == -1) | (matrix.brand_ids == brand_id)
        scores = np.where(visible, scores, -2.0)
    pool = min(DENSE_POOL, len(scores))
    rows = np.argpartition(-scores, pool - 1)[:pool]
    rows = rows[np.argsort(-scores[rows], kind="stable")]
    ranking: list[tuple[int, float, int]] = []
    seen: set[int] = set()
    for row in rows:
        article = int(matrix.article_ids[row])
        if article not in seen and scores[row] > -2.0:
            seen.add(article)
            ranking.append((article, float(scores[row]), int(row)))
    return ranking


def _text_ranking(query: str, brand_id: int | None) -> list[tuple[int, float]]:
    """(article id, score) from the full-text index, best first, one entry per article."""
    ranking: list[tuple[int, float]] = []
    seen: set[int] = set()
    for hit in search_articles_any(query, brand_id=brand_id, limit=TEXT_LIMIT, ignore=STOP_WORDS):
        if hit.article_id not in seen:
            seen.add(hit.article_id)
            ranking.append((hit.article_id, hit.score))
    return ranking


@dataclass
class _Ranks:
    dense: float = -1.0
    dense_rank: int | None = None
    row: int | None = None
    text_rank: int | None = None
    text_score: float = 0.0


def fuse(
    dense: list[tuple[int, float, int]],
    text: list[tuple[int, float]],
    matrix: PassageMatrix,
) -> list[Candidate]:
    """Reciprocal rank fusion of the two rankings, best first."""
    by_article: dict[int, _Ranks] = {}
    for rank, (article, cosine, row) in enumerate(dense, start=1):
        by_article[article] = _Ranks(dense=cosine, dense_rank=rank, row=row)
    for rank, (article, score) in enumerate(text, start=1):
        entry = by_article.setdefault(article, _Ranks())
        entry.text_rank, entry.text_score = rank, score
    candidates = []
    for article, e in by_article.items():
        fused = 0.0
        if e.dense_rank is not None:
            fused += DENSE_WEIGHT / (RRF_K + e.dense_rank)
        if e.text_rank is not None:
            fused += TEXT_WEIGHT / (RRF_K + e.text_rank)
        candidates.append(
            Candidate(
                article_id=article,
                score=round(fused, 6),
                dense=round(e.dense, 6),
                passage_id=int(matrix.ids[e.row]) if e.row is not None else None,
                translation_id=int(matrix.translation_ids[e.row]) if e.row is not None else None,
                dense_rank=e.dense_rank,
                text_rank=e.text_rank,
                text_score=e.text_score,
            )
        )
    candidates.sort(key=lambda c: (-c.score, -c.dense, c.article_id))
    return candidates


# --- corrections -------------------------------------------------------------------------

_corrections: tuple[tuple[object, ...], np.ndarray, list[tuple[int, int | None]]] | None = None
_corrections_lock = threading.Lock()


def _correction_rows() -> tuple[np.ndarray, list[tuple[int, int | None]]]:
    """Every correction's vector and (id, article id), cached until the table changes
    (count, newest id and newest time: a rolled-back test can reuse ids, not times)."""
    global _corrections
    table = Correction._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(id), MAX(created_at) FROM {table}")  # noqa: S608
        key: tuple[object, ...] = (*cursor.fetchone(), connection.alias)
    cached = _corrections
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, article_id, embedding FROM {table} ORDER BY id")  # noqa: S608
        rows = cursor.fetchall()
    vectors = np.zeros((len(rows), DIMENSIONS), dtype=np.float32)
    for i, row in enumerate(rows):
        vectors[i] = vector_from_bytes(row[2])
    ids = [(int(r[0]), int(r[1]) if r[1] is not None else None) for r in rows]
    with _corrections_lock:
        _corrections = (key, vectors, ids)
    return vectors, ids


def has_corrections() -> bool:
    return bool(_correction_rows()[1])


def answerable(matrix: PassageMatrix, article_id: int, brand_id: int | None) -> bool:
    """Whether the article has published passages this brand may see."""
    rows = matrix.article_ids == article_id
    if brand_id is not None:
        rows &= (matrix.brand_ids == -1) | (matrix.brand_ids == brand_id)
    return bool(rows.any())


def nearest_correction(
    vector: Vector, is_answerable: Callable[[int], bool]
) -> CorrectionMatch | None:
    """The most similar correction above the threshold whose article is still answerable
    (published for this brand), or that sends questions to a person."""
    vectors, ids = _correction_rows()
    if not ids:
        return None
    similarities = vectors @ vector
    for row in np.argsort(-similarities):
        similarity = float(similarities[row])
        if similarity < CORRECTION_MIN_SIMILARITY:
            return None
        correction_id, article_id = ids[row]
        if article_id is None or is_answerable(article_id):
            return CorrectionMatch(correction_id, article_id, round(similarity, 4))
    return None


def _apply_correction(candidates: list[Candidate], match: CorrectionMatch) -> list[Candidate]:
    if match.article_id is None:
        return candidates
    chosen = next((c for c in candidates if c.article_id == match.article_id), None)
    others = [c for c in candidates if c.article_id != match.article_id]
    if chosen is None:
        chosen = Candidate(match.article_id, 0.0, -1.0, None, None, None, None)
    top = others[0].score if others else 0.0
    return [replace(chosen, corrected=True, score=max(chosen.score, top) + 1.0), *others]


def search(
    question: str, *, language: str = "", brand_id: int | None = None, limit: int = 5
) -> Retrieval:
    """Articles for the question, best first, with what the decision needs.
    (language is the customer's; every language is searched, so it does not filter.)"""
    matrix = passage_matrix()
    glossed = glosses(question)
    vector = question_vector(f"{question} ({'; '.join(glossed)})" if glossed else question)
    dense = _dense_ranking(matrix, vector, brand_id)
    text = _text_ranking(" ".join([*glossed, question]), brand_id) if dense else []
    candidates = fuse(dense, text, matrix)
    match = None
    if dense and has_corrections():
        # corrections store the plain question's vector (see sevai.assistant.actions)
        plain = question_vector(question) if glossed else vector
        match = nearest_correction(plain, lambda a: answerable(matrix, a, brand_id))
    if match is not None:
        candidates = _apply_correction(candidates, match)
    top = candidates[0].article_id if candidates else None
    second = max((cos for article, cos, _row in dense if article != top), default=-1.0)
    return Retrieval(
        question=question,
        vector=vector,
        candidates=candidates[: max(1, limit)],
        correction=match,
        second_dense=round(second, 6),
        articles_indexed=len(dense),
        matrix=matrix,
    )


def retrieve(
    question: str, *, language: str, brand_id: int | None = None, limit: int = 5
) -> list[Candidate]:
    """The best `limit` candidate articles for a customer's question (see search)."""
    return search(question, language=language, brand_id=brand_id, limit=limit).candidates
