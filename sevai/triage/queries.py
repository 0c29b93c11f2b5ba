"""Read side of triage for the ticket page and the API."""

from __future__ import annotations

from sevai.tickets.models import Ticket
from sevai.triage.history import known_topics
from sevai.triage.models import TicketPrediction
from sevai.triage.storage import latest_models


def topic_choices(prediction: TicketPrediction | None) -> list[str]:
    """What an agent may pick as a topic: the model's labels, the desk's topic tags and the
    current prediction (sorted, without repeats)."""
    models = latest_models()
    names = set(known_topics())
    if models is not None and models.topic is not None:
        names |= set(models.topic.labels)
    if prediction is not None:
        names |= {n for n in (prediction.topic, prediction.corrected_topic) if n}
    return sorted(names)


def prediction_for(ticket: Ticket) -> TicketPrediction | None:
    return (
        TicketPrediction.objects.select_related("corrected_by").filter(ticket_id=ticket.pk).first()
    )
