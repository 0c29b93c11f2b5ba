"""/tickets/{number}/triage: what triage predicted for a ticket, and corrections."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from sevai.accounts.api import current_user
from sevai.tickets import api_queries
from sevai.tickets.models import Ticket
from sevai.triage import actions
from sevai.triage.models import TicketPrediction
from sevai.triage.queries import prediction_for
from sevai.triage.schemas import CorrectionIn, PredictionOut

router = Router(tags=["triage"])


def _out(ticket: Ticket, p: TicketPrediction) -> dict[str, Any]:
    def flag(raised: bool, confidence: float, name: str) -> dict[str, Any]:
        return {"raised": raised, "confidence": confidence, "cues": p.cues.get(name, [])}

    return {
        "ticket": ticket.number,
        "language": ticket.language,
        "topic": p.topic,
        "topic_confidence": p.topic_confidence,
        "priority": p.priority,
        "priority_confidence": p.priority_confidence,
        "priority_reason": p.priority_reason,
        "urgent": flag(p.is_urgent, p.urgent_confidence, "urgent"),
        "angry": flag(p.is_angry, p.angry_confidence, "angry"),
        "churn_risk": flag(p.is_churn_risk, p.churn_confidence, "churn"),
        "model_version": p.model_version,
        "corrected_topic": p.corrected_topic,
        "corrected_priority": p.corrected_priority,
        "corrected_at": p.corrected_at,
        "updated_at": p.updated_at,
    }


@router.get("/tickets/{number}/triage", response=PredictionOut, summary="A ticket's triage")
def get_triage(request: HttpRequest, number: int) -> dict[str, Any]:
    ticket = api_queries.ticket_or_404(number)
    return _out(ticket, prediction_for(ticket) or actions.predict_ticket(ticket))


@router.post("/tickets/{number}/triage", response=PredictionOut, summary="Correct a triage")
def correct_triage(request: HttpRequest, number: int, payload: CorrectionIn) -> dict[str, Any]:
    ticket = api_queries.ticket_or_404(number)
    prediction = actions.correct_prediction(
        ticket,
        actor=current_user(request),
        topic=payload.topic,
        priority=payload.priority,
        apply=payload.apply,
    )
    ticket.refresh_from_db(fields=["language"])
    return _out(ticket, prediction)
