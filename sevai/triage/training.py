"""Training: the desk's history in, versioned model files out (`sevai triage train`, the
worker's task and `sevai triage evaluate` all go through train_on)."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sklearn
from django.conf import settings
from django.utils import timezone

from sevai.triage.classifier import TopicClassifier, train_classifier
from sevai.triage.examples import Example, NotEnoughHistory, Progress
from sevai.triage.history import desk_history
from sevai.triage.predict import default_embedder
from sevai.triage.storage import TriageModels, write_models

if TYPE_CHECKING:
    from sevai.triage.examples import Embedder


def train_on(
    examples: Sequence[Example],
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> TopicClassifier:
    """The one recipe: the desk's thresholds from settings. Raises NotEnoughHistory."""
    return train_classifier(
        examples,
        min_examples=settings.TRIAGE_MIN_TICKETS,
        min_per_label=settings.TRIAGE_MIN_PER_TOPIC,
        embedder=embedder,
        progress=progress,
    )


def _describe(model: TopicClassifier | None, reason: str) -> dict[str, Any]:
    if model is None:
        return {"trained": False, "reason": reason}
    return {"trained": True, "labels": model.labels, **model.info}


def train_desk_models(*, progress: Progress | None = None) -> TriageModels | None:
    """Train the topic and priority models on the desk's history and store them.

    Returns None (and stores nothing) when neither could be trained: too little history.
    """
    history = desk_history()
    embedder = _remembered(default_embedder())  # the two models read the same texts
    models: dict[str, TopicClassifier | None] = {}
    reasons: dict[str, str] = {}
    for name, examples in (("topic", history.topics), ("priority", history.priorities)):
        try:
            models[name] = train_on(examples, embedder=embedder, progress=_prefixed(progress, name))
        except NotEnoughHistory as exc:
            models[name], reasons[name] = None, str(exc)
    if models["topic"] is None and models["priority"] is None:
        return None
    metadata = {
        "created_at": timezone.now().isoformat(),
        "tickets": history.tickets,
        "embeddings": _embedding_name(embedder),
        "topic": _describe(models["topic"], reasons.get("topic", "")),
        "priority": _describe(models["priority"], reasons.get("priority", "")),
        "scikit_learn": sklearn.__version__,
        "python": platform.python_version(),
    }
    return write_models(models["topic"], models["priority"], metadata)


def _remembered(embedder: Embedder | None) -> Embedder | None:
    """The embedder, computing each distinct text once during this training."""
    if embedder is None:
        return None
    compute = embedder
    seen: dict[str, Any] = {}

    def remembered(texts: list[str]) -> Any:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in seen))
        for text, vector in zip(missing, compute(missing) if missing else [], strict=True):
            seen.setdefault(text, vector)
        return np.vstack([seen[t] for t in texts])

    return remembered


def _prefixed(progress: Progress | None, name: str) -> Progress | None:
    if progress is None:
        return None
    report = progress

    def prefixed(stage: str, done: int, total: int) -> None:
        report(f"{name}:{stage}", done, total)

    return prefixed


def _embedding_name(embedder: Embedder | None) -> str:
    if embedder is None:
        return ""
    from sevai.triage.embeddings import MODEL_NAME

    return MODEL_NAME


def history_summary() -> dict[str, Any]:
    """How much the desk's history offers, for messages when training is skipped."""
    history = desk_history()
    return {
        "tickets": history.tickets,
        "topic_examples": len(history.topics),
        "min_tickets": settings.TRIAGE_MIN_TICKETS,
        "min_per_topic": settings.TRIAGE_MIN_PER_TOPIC,
    }
