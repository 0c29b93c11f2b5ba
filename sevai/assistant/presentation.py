"""What customers see of an assistant turn, on every channel: the article it answered from
(title, help-center address, whether it is in another language than the question) and whether
to ask "Did this answer your question?".

Read-only helpers for the chat widget, the contact confirmation, the portal, the reply email
and the public feedback page; they never write.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from sevai.assistant.models import Turn
from sevai.assistant.queries import feedback_token
from sevai.brands.models import Brand
from sevai.brands.queries import default_brand
from sevai.kb.suggest import public_url
from sevai.mail import compose
from sevai.tickets.models import Message, Ticket


@dataclass(frozen=True)
class ArticleLink:
    title: str
    url: str  # absolute: the reader may be on a customer's site or in a mail client
    fallback_language: bool  # the article is not in the customer's language


def _base(language: str) -> str:
    return (language or "").lower().replace("_", "-").split("-")[0]


def turn_of(message: Message) -> Turn | None:
    """The turn a public reply answers for (the assistant wrote it), or None."""
    if message.author_user_id is not None or message.kind != Message.Kind.REPLY:
        return None
    try:
        return message.assistant_turn
    except ObjectDoesNotExist:
        return None


def article_link(turn: Turn, brand: Brand | None = None) -> ArticleLink | None:
    """The help-center article an answered turn quoted; None for hand-offs or when the
    translation is gone. `brand` is the channel's, used for articles shared by all brands."""
    translation = turn.translation
    if turn.outcome != Turn.Outcome.ANSWERED or translation is None:
        return None
    link_brand = translation.brand or brand or default_brand()
    asked = _base(turn.language)
    return ArticleLink(
        title=translation.title,
        url=public_url(translation, link_brand),
        fallback_language=bool(asked) and _base(translation.language) != asked,
    )


def brand_for_turn(turn: Turn) -> Brand:
    """The brand a customer saw the answer under: the chat widget's, else the article's, else
    the default brand (tickets have no brand of their own)."""
    from sevai.chat.models import Conversation  # the chat imports this module

    chat = Conversation.objects.filter(ticket_id=turn.ticket_id).select_related("widget__brand")
    conversation = chat.first()
    if conversation is not None:
        return conversation.widget.brand
    translation = turn.translation
    if translation is not None and translation.brand_id:
        return translation.brand  # type: ignore[return-value]
    return default_brand()


def asks_feedback(turn: Turn) -> bool:
    """An answer the customer has not yet said helped or not."""
    return turn.outcome == Turn.Outcome.ANSWERED and not turn.feedback


def turn_state(turn: Turn, brand: Brand | None = None) -> dict[str, Any]:
    """The chat widget's view of a turn (sent with the message and after feedback)."""
    link = article_link(turn, brand)
    return {
        "turn": turn.pk,
        "article": asdict(link) if link is not None else None,
        "ask_feedback": asks_feedback(turn),
        "feedback": turn.feedback,
    }


def feedback_url(turn: Turn, *, absolute: bool = False, language: str = "") -> str:
    """The public feedback page of an answered turn, with its signed token (absolute for
    emails; ?lang= keeps the language the customer was written to in)."""
    path = reverse("assistant_feedback", args=[feedback_token(turn)])
    if language:
        path = f"{path}?{urlencode({'lang': language})}"
    return f"{settings.BASE_URL}{path}" if absolute else path


def answer_context(
    turn: Turn, brand: Brand | None, *, action: str, embed: bool = False
) -> dict[str, Any]:
    """`answer` for the templates in assistant/public/: the turn, its article, and the Yes /
    No form posting to `action` (a link to open instead when `embed`: a framed page gets no
    CSRF cookie), or what the customer already answered."""
    from sevai.assistant.handoff import handoff_notice  # imports the chat, which imports us

    return {
        "turn": turn,
        "article": article_link(turn, brand),
        "ask_feedback": asks_feedback(turn) and turn.ticket.status != Ticket.Status.CLOSED,
        "feedback_action": action,
        "embed": embed,
        "handoff_notice": handoff_notice(turn.ticket) if turn.feedback == Turn.Feedback.NO else "",
    }


def email_context(message: Message) -> dict[str, Any]:
    """For the reply email of an answer by the assistant: the article it quoted and the two
    signed "Did this answer your question?" links (to a page that asks again before acting:
    mail scanners open links), in the mail's language. {} for any other reply."""
    turn = turn_of(message)
    if turn is None or not asks_feedback(turn):
        return {}
    ticket = turn.ticket
    language = compose.language_for(ticket.customer, ticket)
    url = feedback_url(turn, absolute=True, language=language)
    joiner = "&" if "?" in url else "?"
    return {
        "article": article_link(turn, brand_for_turn(turn)),
        "yes_url": f"{url}{joiner}answer=yes",
        "no_url": f"{url}{joiner}answer=no",
    }
