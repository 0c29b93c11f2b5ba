"""Reading the assistant's state: its settings, a ticket's turns, signed feedback tokens."""

from __future__ import annotations

from datetime import datetime

from django.core import signing
from django.db.models import QuerySet

from sevai.assistant.models import AssistantSettings, Turn
from sevai.mail.models import Mailbox
from sevai.tickets.models import Message, Ticket

FEEDBACK_SALT = "sevai.assistant.feedback"
FEEDBACK_MAX_AGE = 60 * 60 * 24 * 30  # a feedback link in an email works for 30 days


def assistant_settings() -> AssistantSettings:
    """The one settings row (made with the defaults on first use)."""
    found = AssistantSettings.objects.filter(pk=1).first()
    if found is not None:
        return found
    from sevai.assistant.actions import ensure_assistant_settings  # actions import us

    return ensure_assistant_settings()


def answers_mailbox(mailbox: Mailbox) -> bool:
    """Whether the assistant answers new email to this mailbox (off unless an admin chose it)."""
    through = AssistantSettings.email_mailboxes.through
    return through.objects.filter(assistantsettings_id=1, mailbox_id=mailbox.pk).exists()


def turns_for_ticket(ticket: Ticket) -> QuerySet[Turn]:
    """The assistant's turns on a ticket, oldest first, with their articles."""
    return (
        Turn.objects.filter(ticket=ticket)
        .select_related("translation", "article")
        .order_by("created_at", "id")
    )


def person_has_taken_over(ticket: Ticket, *, since: datetime | None = None) -> bool:
    """The assistant keeps quiet once a person is on the ticket: someone is assigned, it was
    handed off, or an agent has written on it (a public reply or a note); with `since`, only
    hand-offs and agents' messages from then on count."""
    if ticket.assignee_id is not None:
        return True
    handed_off = Turn.objects.filter(ticket=ticket, outcome=Turn.Outcome.HANDED_OFF)
    wrote = Message.objects.filter(ticket=ticket, author_user__isnull=False).exclude(
        kind=Message.Kind.CUSTOMER
    )
    if since is not None:
        handed_off = handed_off.filter(created_at__gte=since)
        wrote = wrote.filter(created_at__gte=since)
    return handed_off.exists() or wrote.exists()


def feedback_token(turn: Turn) -> str:
    """A signed token for "Did this answer your question?" links and forms."""
    return signing.dumps(turn.pk, salt=FEEDBACK_SALT, compress=True)


def turn_for_feedback_token(token: str, *, max_age: int = FEEDBACK_MAX_AGE) -> Turn | None:
    """The answered turn a feedback token was made for, or None when it is bad or expired."""
    try:
        pk = signing.loads(token, salt=FEEDBACK_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return (
        Turn.objects.select_related("ticket", "translation")
        .filter(pk=pk, outcome=Turn.Outcome.ANSWERED)
        .first()
    )
