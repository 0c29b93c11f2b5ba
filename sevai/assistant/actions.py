"""What the assistant does on a ticket: answer, hand off, take feedback, learn from corrections.

Channels call respond_to_customer() after storing a customer's message. The assistant either
answers from the knowledge base (a public reply made only of article passages, linked from
its Turn) or hands the ticket to a person: an internal note with a summary of what was asked
and tried, the ticket routed to the team for its topic, and the customer told when a person
will answer. Once a person is on the ticket it keeps quiet. Every step lands in the ticket's
timeline (Event.Kind.ASSISTANT / HANDED_OFF, status changes with by_assistant).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.assistant.engine import Decision, decide
from sevai.assistant.generative import generate_answer
from sevai.assistant.handoff import handoff_notice, route_team, summary_for
from sevai.assistant.models import AssistantSettings, Correction, Passage, Turn
from sevai.assistant.queries import answers_mailbox, assistant_settings, person_has_taken_over
from sevai.kb.models import Article
from sevai.mail.models import Mailbox
from sevai.mail.outbox import queue_reply_email
from sevai.search.index import index_message
from sevai.tickets.actions.lifecycle import change_status, lock, transfer_ticket
from sevai.tickets.events import record_event
from sevai.tickets.models import Channel, Event, Message, Ticket
from sevai.triage.embeddings import embed_one
from sevai.triage.language import detect_language
from sevai.webhooks.models import WebhookEvent
from sevai.webhooks.outbox import queue_ticket_event
from sevai.workspace.live import announce_ticket_change

ANSWERED_STATUS = Ticket.Status.PENDING  # the assistant answered; waiting for the customer
MODEL_PASSAGES = 40  # at most this many of the article's passages go to a language model


def ensure_assistant_settings() -> AssistantSettings:
    """The settings row, created with the defaults when there is none yet."""
    found, _created = AssistantSettings.objects.get_or_create(pk=1)
    return found


def _brand_id(ticket: Ticket) -> int | None:
    chat = getattr(ticket, "chat", None)
    if chat is not None:
        return int(chat.widget.brand_id)
    return None


def _wanted(message: Message, mailbox: Mailbox | None) -> bool:
    if message.kind != Message.Kind.CUSTOMER:
        return False
    if message.channel == Channel.EMAIL:
        return mailbox is not None and answers_mailbox(mailbox)
    return assistant_settings().answers_on(message.channel)


def respond_to_customer(
    message: Message, *, brand_id: int | None = None, mailbox: Mailbox | None = None
) -> Turn | None:
    """Answer or hand off the customer's message; None when the assistant keeps quiet
    (not on for this channel or mailbox, or a person has taken over the ticket)."""
    if not _wanted(message, mailbox):
        return None
    ticket = Ticket.objects.select_related("customer").get(pk=message.ticket_id)
    if ticket.status == Ticket.Status.CLOSED or person_has_taken_over(ticket):
        return None
    # The words, not the page they were typed on: a Tagalog question on an English page
    # gets the Tagalog article. (A message's language is the page's on a first message.)
    language = (
        detect_language(message.body)
        or message.language
        or ticket.language
        or ticket.customer.language
    )
    current = assistant_settings()
    decision = decide(
        message.body,
        language=language,
        brand_id=brand_id if brand_id is not None else _brand_id(ticket),
        min_confidence=current.min_confidence,
    )
    if decision.reason == Turn.Reason.NO_ARTICLES:
        return None  # no knowledge base yet: people answer, as without an assistant
    if decision.answer is not None and current.generative_enabled:
        decision = _written_by_model(decision, message.body, language, current)
    if decision.outcome == Turn.Outcome.ANSWERED and decision.answer is not None:
        return _answer(ticket, message, decision, language)
    return hand_off(ticket, reason=decision.reason, question=message, decision=decision)


def _written_by_model(
    decision: Decision, question: str, language: str, current: AssistantSettings
) -> Decision:
    """With a language model configured, it rewrites the answer from the chosen article's
    passages, citing them. A refusal hands off; a failure or an answer breaking the citation
    rule keeps the passages themselves as the answer."""
    answer = decision.answer
    assert answer is not None  # noqa: S101 (checked by the caller)
    passages = list(
        Passage.objects.filter(translation=answer.translation)
        .order_by("position")
        .values_list("pk", "text")[:MODEL_PASSAGES]
    )
    written = generate_answer(question, passages, language=language, settings=current)
    if written is None:
        return decision
    if written.refused:
        return replace(
            decision, outcome=Turn.Outcome.HANDED_OFF, reason=Turn.Reason.REFUSED, answer=None
        )
    return replace(
        decision,
        answer=replace(answer, text=written.text, spans=written.spans(), generated=True),
        latency_ms=decision.latency_ms + written.latency_ms,
    )


@transaction.atomic
def _answer(ticket: Ticket, question: Message, decision: Decision, language: str) -> Turn:
    answer = decision.answer
    assert answer is not None  # noqa: S101 (checked by the caller)
    ticket = lock(ticket)
    at = timezone.now()
    reply = _write(ticket, Message.Kind.REPLY, answer.text, answer.translation.language, at)
    turn = Turn.objects.create(
        ticket=ticket,
        question=question,
        answer=reply,
        channel=question.channel,
        language=language,
        question_text=question.body,
        outcome=Turn.Outcome.ANSWERED,
        confidence=decision.confidence,
        article_id=answer.translation.article_id,
        translation=answer.translation,
        answer_text=answer.text,
        spans=answer.spans,
        candidates=decision.candidates,
        generated=answer.generated,
        latency_ms=decision.latency_ms,
        created_at=at,
    )
    record_event(
        ticket,
        Event.Kind.ASSISTANT,
        actor=None,
        at=at,
        message=reply.pk,
        turn=turn.pk,
        article=answer.translation.title,
        confidence=round(decision.confidence, 3),
    )
    if ticket.status in (Ticket.Status.NEW, Ticket.Status.OPEN):
        ticket = change_status(ticket, ANSWERED_STATUS, actor=None, at=at, by_assistant=True)
    _deliver(ticket, reply)
    return turn


def _write(ticket: Ticket, kind: str, body: str, language: str, at: datetime) -> Message:
    """A message by the assistant (no author): stored, counted on the ticket and indexed.
    Call with the ticket locked."""
    internal = kind == Message.Kind.NOTE
    message = Message.objects.create(
        ticket=ticket,
        kind=kind,
        channel=Channel.INTERNAL if internal else ticket.channel,
        author_user=None,
        body=body,
        language="" if internal else language,
        created_at=at,
    )
    ticket.message_count += 1
    ticket.updated_at = at
    ticket.save(update_fields=["message_count", "updated_at"])
    index_message(message, ticket)
    return message


def _deliver(ticket: Ticket, reply: Message) -> None:
    """The assistant's public reply reaches the customer (and webhooks) like an agent's."""
    queue_ticket_event(WebhookEvent.MESSAGE_ADDED, ticket, message=reply)
    queue_reply_email(ticket, reply)
    if ticket.channel == Channel.CHAT:
        from sevai.chat.actions.conversations import record_agent_reply  # chat imports us

        record_agent_reply(ticket, reply)
    announce_ticket_change(ticket.pk, ticket.number)


@transaction.atomic
def hand_off(
    ticket: Ticket,
    *,
    reason: str,
    question: Message | None = None,
    decision: Decision | None = None,
) -> Turn:
    """Give the ticket to a person: route it, leave them a summary, tell the customer."""
    ticket = lock(ticket)
    at = timezone.now()
    turn = Turn(
        ticket=ticket,
        question=question,
        channel=question.channel if question is not None else ticket.channel,
        language=(question.language if question is not None else "") or ticket.language,
        question_text=question.body if question is not None else ticket.subject,
        outcome=Turn.Outcome.HANDED_OFF,
        reason=reason,
        confidence=decision.confidence if decision else 0.0,
        candidates=decision.candidates if decision else [],
        latency_ms=decision.latency_ms if decision else 0.0,
        created_at=at,
    )
    team = route_team(ticket)
    if team is not None and team.pk != ticket.team_id:
        ticket = transfer_ticket(ticket, team, actor=None, at=at)
    turn.summary = summary_for(ticket, reason=reason)
    turn.save()
    note = _write(ticket, Message.Kind.NOTE, turn.summary, "", at)
    record_event(
        ticket, Event.Kind.HANDED_OFF, actor=None, at=at, turn=turn.pk, reason=reason, note=note.pk
    )
    if ticket.status in (Ticket.Status.PENDING, Ticket.Status.SOLVED, Ticket.Status.NEW):
        ticket = change_status(ticket, Ticket.Status.OPEN, actor=None, at=at, by_assistant=True)
    if ticket.channel == Channel.CHAT:
        turn.answer = _write(
            ticket, Message.Kind.REPLY, handoff_notice(ticket), ticket.language, at
        )
        turn.save(update_fields=["answer"])
        _deliver(ticket, turn.answer)
    else:
        announce_ticket_change(ticket.pk, ticket.number)
    return turn


@transaction.atomic
def record_feedback(turn: Turn, *, helpful: bool, at: datetime | None = None) -> Turn:
    """ "Did this answer your question?" Yes solves the ticket (deflection); No hands off.
    Only the first answer counts: a second click changes nothing."""
    turn = Turn.objects.select_for_update().select_related("ticket").get(pk=turn.pk)
    if turn.outcome != Turn.Outcome.ANSWERED or turn.feedback:
        return turn
    at = at or timezone.now()
    turn.feedback = Turn.Feedback.YES if helpful else Turn.Feedback.NO
    turn.feedback_at = at
    turn.save(update_fields=["feedback", "feedback_at"])
    ticket = turn.ticket
    if person_has_taken_over(turn.ticket, since=turn.created_at):
        return turn  # too late to change anything: a person is on it (the answer is kept)
    if helpful:
        if ticket.status not in (Ticket.Status.SOLVED, Ticket.Status.CLOSED):
            change_status(ticket, Ticket.Status.SOLVED, actor=None, at=at, by_assistant=True)
        return turn
    hand_off(ticket, reason=Turn.Reason.NOT_HELPFUL, question=turn.question)
    return turn


@transaction.atomic
def correct_turn(turn: Turn, article: Article | None, *, actor: User) -> Correction:
    """An admin says which article should have answered (None: a person should have).
    Questions close to this one follow the correction from now on."""
    if not actor.is_admin:
        raise PermissionDenied(_("Only admins correct the assistant."))
    return Correction.objects.create(
        turn=turn,
        question_text=turn.question_text,
        language=turn.language,
        article=article,
        embedding=embed_one(turn.question_text).tobytes(),
        created_by=actor,
        created_at=timezone.now(),
    )
