"""Triage of one text: topic and priority from the trained models (when there are any and
they are sure enough), urgency and sentiment flags from the lexicon, and a priority
suggestion that combines them. Reads only; sevai.triage.actions stores the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

from sevai.tickets.models import Ticket
from sevai.triage.flags import Flags, read_flags
from sevai.triage.storage import TriageModels, latest_models

if TYPE_CHECKING:
    from sevai.triage.examples import Embedder

RANK = Ticket.PRIORITY_RANK
PRIORITIES = sorted(RANK, key=RANK.__getitem__)


@dataclass(frozen=True)
class Triage:
    topic: str = ""
    topic_confidence: float = 0.0
    priority: str = Ticket.Priority.NORMAL
    priority_confidence: float = 0.0
    priority_reason: str = "default"  # model, flags, vip or default
    flags: Flags = field(default_factory=Flags)
    model_version: str = ""


def default_embedder() -> Embedder | None:
    if not settings.TRIAGE_EMBEDDINGS:
        return None
    from sevai.triage.embeddings import embed

    return embed


def triage_text(text: str, *, vip: bool = False, models: TriageModels | None = None) -> Triage:
    """Everything triage says about a new ticket's text (subject and first message)."""
    models = models if models is not None else latest_models()
    flags = read_flags(text)
    topic, topic_confidence = "", 0.0
    model_priority, model_confidence = "", 0.0
    if models is not None:
        embedder = default_embedder()
        if models.topic is not None:
            found = models.topic.predict([text], embedder=embedder)[0]
            topic, topic_confidence = found.label or "", found.confidence
        if models.priority is not None:
            found = models.priority.predict([text], embedder=embedder)[0]
            model_priority, model_confidence = found.label or "", found.confidence
    priority, confidence, reason = suggest_priority(
        flags, model_priority, model_confidence, vip=vip
    )
    return Triage(
        topic=topic,
        topic_confidence=topic_confidence,
        priority=priority,
        priority_confidence=confidence,
        priority_reason=reason,
        flags=flags,
        model_version=models.version if models is not None else "",
    )


def suggest_priority(
    flags: Flags, model_priority: str, model_confidence: float, *, vip: bool
) -> tuple[str, float, str]:
    """What the desk's history suggests (the model; normal without one), raised by what the
    message's tone asks for (urgent and upset: urgent; urgent or upset: high) and by VIP
    customers (at least high). Returns (priority, confidence, reason)."""
    if model_priority in RANK:
        best: tuple[str, float, str] = (model_priority, model_confidence, "model")
    else:
        best = (Ticket.Priority.NORMAL, 0.0, "default")
    raises: list[tuple[str, float, str]] = []
    upset = max(flags.angry.confidence, flags.churn.confidence)
    if flags.urgent.raised and (flags.angry.raised or flags.churn.raised):
        raises.append((Ticket.Priority.URGENT, min(flags.urgent.confidence, upset), "flags"))
    elif flags.urgent.raised or flags.angry.raised or flags.churn.raised:
        raises.append((Ticket.Priority.HIGH, max(flags.urgent.confidence, upset), "flags"))
    if vip:
        raises.append((Ticket.Priority.HIGH, 1.0, "vip"))
    for candidate in raises:
        if RANK[candidate[0]] > RANK[best[0]]:
            best = candidate
    return best
