"""'Create article from ticket': a solved ticket becomes a draft article.

The question comes from the customer's messages, the answer from the agents' public replies
(never internal notes), both with personal data removed (sevai.kb.scrub). The draft links
back to the ticket, the ticket's timeline records it, and a reviewer publishes it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation as i18n
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.kb.actions.articles import create_article
from sevai.kb.content import LANGUAGE_CODE
from sevai.kb.models import Article, ArticleTranslation, Status
from sevai.kb.permissions import require_editor
from sevai.kb.scrub import clean_message, scrub
from sevai.tickets.events import record_event
from sevai.tickets.models import Event, Message, Ticket

DRAFTABLE = (Ticket.Status.SOLVED, Ticket.Status.CLOSED)
REPLY_PREFIX = re.compile(r"^(?:(?:re|fw|fwd|sv|aw)\s*:\s*)+", re.IGNORECASE)
CONTACT_KINDS = {"email": "email", "phone": "phone", "whatsapp": "phone"}


@dataclass(frozen=True)
class Draft:
    translation: ArticleTranslation
    created: bool  # False: this ticket had an article already, which is returned
    removed: Counter[str]  # what the scrubber took out, by kind


def ticket_language(ticket: Ticket) -> str:
    code = (ticket.language or "").lower()
    return code if LANGUAGE_CODE.match(code) else settings.LANGUAGE_CODE


def draft_text(ticket: Ticket) -> tuple[str, str, Counter[str]]:
    """(title, Markdown body, what was removed) for a ticket, in its language."""
    customer = ticket.customer
    messages = list(
        ticket.messages.exclude(kind=Message.Kind.NOTE)
        .select_related("author_user")
        .order_by("created_at", "id")
    )
    names = [customer.name] + [m.author_user.name for m in messages if m.author_user]
    literals = [
        (identity.value, CONTACT_KINDS[identity.kind])
        for identity in customer.identities.all()
        if identity.kind in CONTACT_KINDS
    ]
    removed: Counter[str] = Counter()
    question: list[str] = []
    answer: list[str] = []
    for message in messages:
        cleaned = clean_message(message.body, names=names, literals=literals)
        removed.update(cleaned.found)
        if cleaned.text:
            (question if message.kind == Message.Kind.CUSTOMER else answer).append(cleaned.text)
    subject = scrub(REPLY_PREFIX.sub("", ticket.subject), names=names, literals=literals)
    removed.update(subject.found)
    title = " ".join(subject.text.split()) or _("Article from ticket #%(number)s") % {
        "number": ticket.number
    }
    question_heading = "## " + _("Question")  # not in f-strings: makemessages skips those
    answer_heading = "## " + _("Answer")
    body = "\n\n".join(
        [question_heading, *question, answer_heading, *answer]
        if answer
        else [question_heading, *question]
    )
    return title[:200], body, removed


@transaction.atomic
def draft_article_from_ticket(ticket: Ticket, *, actor: User) -> Draft:
    """A draft article in the ticket's language, linked to the ticket. Once per ticket."""
    require_editor(actor)
    ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
    if ticket.status not in DRAFTABLE:
        raise ValidationError(
            _("Solve the ticket first: articles are written from solved tickets."),
            code="not_solved",
        )
    existing = (
        ArticleTranslation.objects.filter(article__source_ticket=ticket)
        .select_related("article")
        .order_by("article_id", "pk")
        .first()
    )
    if existing is not None:
        return Draft(existing, created=False, removed=Counter())
    language = ticket_language(ticket)
    with i18n.override(language):
        title, body, removed = draft_text(ticket)
        note = _("Drafted from ticket #%(number)s") % {"number": ticket.number}
    created = create_article(
        actor=actor,
        language=language,
        title=title,
        body_markdown=body,
        status=Status.DRAFT,
        source_ticket=ticket,
        note=note,
    )
    article: Article = created.article
    record_event(
        ticket,
        Event.Kind.ARTICLE,
        actor=actor,
        article_id=article.pk,
        translation_id=created.pk,
        title=created.title,
    )
    return Draft(created, created=True, removed=removed)
