"""Assistant turns for the admin pages' tests, written directly (the engine is not needed to
show what it did)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from sevai.assistant.models import Turn
from sevai.kb.models import ArticleTranslation
from sevai.testing.factories import TicketFactory
from sevai.tickets.models import Channel, Ticket


def make_turn(
    *,
    ticket: Ticket | None = None,
    translation: ArticleTranslation | None = None,
    outcome: str = Turn.Outcome.ANSWERED,
    at: datetime | None = None,
    **fields: Any,
) -> Turn:
    channel = fields.pop("channel", Channel.CHAT)
    ticket = ticket or TicketFactory(channel=channel)
    answered = outcome == Turn.Outcome.ANSWERED
    values: dict[str, Any] = {
        "channel": channel,
        "language": "en",
        "question_text": "how long does delivery take to Chennai?",
        "reason": "" if answered else Turn.Reason.LOW_CONFIDENCE,
        "confidence": 0.82 if answered else 0.21,
        "candidates": (
            [
                {
                    "article": translation.article_id,
                    "translation": translation.pk,
                    "title": translation.title,
                    "score": 0.8123,
                }
            ]
            if translation
            else []
        ),
        "summary": "" if answered else "The customer asked how long delivery takes.",
        "created_at": at or timezone.now(),
    }
    if answered and translation is not None:
        values |= {
            "article": translation.article,
            "translation": translation,
            "answer_text": "Parcels within the city arrive in 1 to 2 working days.",
            "spans": [
                {"passage": 1, "text": "Parcels within the city arrive in 1 to 2 working days."}
            ],
        }
    values |= fields
    return Turn.objects.create(ticket=ticket, outcome=outcome, **values)
