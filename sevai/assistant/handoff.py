"""Handing a ticket to a person: which team, the summary they read, what the customer is told.

Reads only (the triage prediction it may need is made by sevai.triage.actions); the hand-off
itself is sevai.assistant.actions.hand_off.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from sevai.accounts.models import Team
from sevai.assistant.models import Turn
from sevai.tickets.models import Message, Ticket


def route_team(ticket: Ticket) -> Team | None:
    """The team for the ticket's topic: the contact-form topic whose tag is the predicted
    (or corrected) topic names it; otherwise the ticket keeps its team."""
    from sevai.contact.models import ContactCategory
    from sevai.triage.actions import predict_ticket

    prediction = predict_ticket(ticket)
    topic = prediction.final_topic
    if not topic:
        return None
    category = (
        ContactCategory.objects.filter(tag=topic, team__isnull=False)
        .select_related("team")
        .order_by("pk")
        .first()
    )
    return category.team if category is not None else None


def _language_name(code: str) -> str:
    from sevai.kb.content import language_name

    return language_name(code) if code else _("unknown")


def summary_for(ticket: Ticket, *, reason: str) -> str:
    """The note a person reads on hand-off: why, what the customer asked, what the assistant
    tried and how it went, and what triage saw. Written in the desk's default language."""
    from sevai.triage.flags import read_flags

    with translation.override(settings.LANGUAGE_CODE):
        asked = list(
            Message.objects.filter(ticket=ticket, kind=Message.Kind.CUSTOMER).order_by(
                "created_at", "id"
            )
        )
        turns = list(
            Turn.objects.filter(ticket=ticket, outcome=Turn.Outcome.ANSWERED)
            .select_related("translation")
            .order_by("created_at", "id")
        )
        lines = [
            _("The assistant handed this conversation to a person: %(reason)s.")
            % {"reason": Turn.Reason(reason).label if reason in Turn.Reason.values else reason},
            _("Language: %(language)s") % {"language": _language_name(ticket.language)},
            "",
            _("The customer asked:"),
        ]
        lines += [f"• {' '.join(m.body.split())[:300]}" for m in asked[-5:]]
        lines += ["", _("The assistant tried:")]
        if not turns:
            lines.append("• " + _("nothing: no article was a good enough match."))
        for done in turns:
            title = done.translation.title if done.translation else _("a deleted article")
            outcome = {
                Turn.Feedback.YES: _("the customer said it helped"),
                Turn.Feedback.NO: _("the customer said it did not help"),
            }.get(Turn.Feedback(done.feedback), _("no answer from the customer"))
            lines.append(
                "• "
                + _("answered with “%(title)s” (confidence %(confidence).0f%%): %(outcome)s")
                % {"title": title, "confidence": done.confidence * 100, "outcome": outcome}
            )
        flags = read_flags(" ".join(m.body for m in asked[-3:]))
        raised = [
            label
            for label, score in (
                (_("urgent"), flags.urgent),
                (_("upset"), flags.angry),
                (_("at risk of leaving"), flags.churn),
            )
            if score.raised
        ]
        if raised:
            lines += ["", _("Signals: %(flags)s") % {"flags": ", ".join(raised)}]
        return "\n".join(lines).strip()


def handoff_notice(ticket: Ticket) -> str:
    """What the customer is told on hand-off, in their language."""
    language = ticket.language or ticket.customer.language or settings.LANGUAGE_CODE
    with translation.override(language):
        chat = getattr(ticket, "chat", None)
        if chat is not None:
            from sevai.chat.queries import agents_available

            if agents_available(chat.widget):
                return _("I've passed your question to our team. A person will reply here shortly.")
            if chat.widget.offline_expectation:
                return _(
                    "I've passed your question to our team. Nobody is online right now: "
                    "%(expectation)s"
                ) % {"expectation": chat.widget.offline_expectation}
            return _(
                "I've passed your question to our team. Nobody is online right now; a person "
                "will answer as soon as we are back."
            )
        return _("I've passed your question to our team. A person will answer you by email.")
