"""The assistant's decision for one customer question: answer from an article, or hand off.

In order: a customer who asks for a person gets one (asked_for_person); an upset or urgent
message goes to a person (frustrated, urgent: sevai.triage.flags); with nothing published
there is nothing to answer from (no_articles); an admin's correction to hand questions like
this one off is followed; otherwise the best article answers when the calibrated confidence
reaches min_confidence and it has text to quote (low_confidence when not). The engine
knows nothing about tickets: sevai.assistant.actions records what it decides.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from sevai.assistant.compose import Answer, compose_answer
from sevai.assistant.confidence import confidence_of, features_of
from sevai.assistant.intents import person_cue
from sevai.assistant.models import Turn
from sevai.assistant.retrieval import Candidate, Retrieval, search
from sevai.kb.models import ArticleTranslation, Status
from sevai.triage.flags import read_flags

CANDIDATES_KEPT = 5


@dataclass(frozen=True)
class Decision:
    outcome: str  # Turn.Outcome value
    reason: str  # Turn.Reason value ("" when answered)
    confidence: float
    answer: Answer | None
    candidates: list[dict[str, Any]] = field(default_factory=list)  # for Turn.candidates
    latency_ms: float = 0.0
    cue: str = ""  # the words behind asked_for_person / frustrated / urgent
    correction: int | None = None  # the Correction followed, if any
    features: dict[str, float] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.outcome == Turn.Outcome.ANSWERED

    @property
    def top_article(self) -> int | None:
        return int(self.candidates[0]["article"]) if self.candidates else None


def _titles(candidates: list[Candidate], language: str) -> dict[int, tuple[int, str]]:
    """article id -> (translation id, title) in the customer's language when published."""
    rows = ArticleTranslation.objects.filter(
        article_id__in=[c.article_id for c in candidates], status=Status.PUBLISHED
    ).values_list("article_id", "pk", "language", "title", "article__default_language")
    best: dict[int, tuple[int, int, str]] = {}
    for article, pk, code, title, default in rows:
        rank = 0 if code == language else 1 if code == default else 2
        if article not in best or rank < best[article][0]:
            best[article] = (rank, pk, title)
    return {article: (pk, title) for article, (_rank, pk, title) in best.items()}


def candidate_rows(candidates: list[Candidate], language: str) -> list[dict[str, Any]]:
    titles = _titles(candidates, language)
    rows = []
    for c in candidates[:CANDIDATES_KEPT]:
        translation, title = titles.get(c.article_id, (c.translation_id, ""))
        rows.append(
            {
                "article": c.article_id,
                "translation": translation,
                "title": title,
                "score": c.score,
                "dense": c.dense,
                "dense_rank": c.dense_rank,
                "text_rank": c.text_rank,
                "passage": c.passage_id,
                "corrected": c.corrected,
            }
        )
    return rows


def _handed_off(reason: str, started: float, *, confidence: float = 0.0, **extra: Any) -> Decision:
    return Decision(
        outcome=Turn.Outcome.HANDED_OFF,
        reason=reason,
        confidence=confidence,
        answer=None,
        latency_ms=round((time.perf_counter() - started) * 1000, 2),
        **extra,
    )


def _mood(question: str) -> tuple[str, str]:
    flags = read_flags(question)
    if flags.angry.raised:
        return Turn.Reason.FRUSTRATED, ", ".join(flags.angry.cues)
    if flags.urgent.raised:
        return Turn.Reason.URGENT, ", ".join(flags.urgent.cues)
    return "", ""


def decide(
    question: str, *, language: str, brand_id: int | None, min_confidence: float
) -> Decision:
    """What to do with a customer's question (see the module's docstring)."""
    started = time.perf_counter()
    question = " ".join((question or "").split())
    cue = person_cue(question)
    if cue:
        return _handed_off(Turn.Reason.ASKED_FOR_PERSON, started, cue=cue)
    mood, cues = _mood(question)
    retrieval: Retrieval = search(question, language=language, brand_id=brand_id)
    rows = candidate_rows(retrieval.candidates, language) if retrieval.candidates else []
    features = features_of(retrieval)
    extra: dict[str, Any] = {
        "candidates": rows,
        "features": features.as_dict() if features else {},
        "correction": retrieval.correction.correction_id if retrieval.correction else None,
    }
    if mood:
        return _handed_off(mood, started, cue=cues, **extra)
    if not retrieval.articles_indexed:
        return _handed_off(Turn.Reason.NO_ARTICLES, started, **extra)
    confidence = confidence_of(retrieval)
    if retrieval.correction is not None and retrieval.correction.article_id is None:
        return _handed_off(Turn.Reason.LOW_CONFIDENCE, started, **extra)
    if confidence < min_confidence:
        return _handed_off(Turn.Reason.LOW_CONFIDENCE, started, confidence=confidence, **extra)
    answer = compose_answer(
        question, retrieval.candidates[0], language=language, vector=retrieval.vector
    )
    if answer is None or answer.empty:
        return _handed_off(Turn.Reason.LOW_CONFIDENCE, started, confidence=confidence, **extra)
    return Decision(
        outcome=Turn.Outcome.ANSWERED,
        reason=Turn.Reason.NONE,
        confidence=confidence,
        answer=answer,
        latency_ms=round((time.perf_counter() - started) * 1000, 2),
        **extra,
    )
