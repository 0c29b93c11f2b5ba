"""The assistant in the chat: it answers a visitor's new message, and takes the visitor's
"Did this answer your question?" for an answer on their own conversation's ticket."""

from __future__ import annotations

from typing import Any

from sevai.assistant.actions import record_feedback
from sevai.assistant.intake import answer_customer
from sevai.assistant.models import Turn
from sevai.assistant.presentation import turn_state
from sevai.brands.models import Brand
from sevai.chat.models import ChatEntry, Conversation


def answer_visitor(entry: ChatEntry) -> Turn | None:
    """Ask the assistant about a visitor's message (after it is stored). Its answer or its
    hand-off notice reaches the widget like an agent's reply."""
    return answer_customer(entry.message)


def give_feedback(
    conversation: Conversation, turn_id: int, *, helpful: bool, brand: Brand | None = None
) -> dict[str, Any]:
    """Record the visitor's Yes or No on an answer of their conversation's ticket; the turn's
    state for the widget (unchanged for a second click), or {} when it is not theirs."""
    ticket_id = (
        Conversation.objects.filter(pk=conversation.pk).values_list("ticket_id", flat=True).first()
    )
    turn = (
        Turn.objects.filter(pk=turn_id, ticket_id=ticket_id, outcome=Turn.Outcome.ANSWERED)
        .select_related("translation__brand")
        .first()
        if ticket_id
        else None
    )
    if turn is None:
        return {}
    return turn_state(record_feedback(turn, helpful=helpful), brand)
