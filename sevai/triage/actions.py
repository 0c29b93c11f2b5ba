"""Every write triage makes: predictions, agents' corrections, the customer's learned
language, and training runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.customers.models import Customer
from sevai.tickets.models import Message, Ticket
from sevai.tickets.permissions import require_agent
from sevai.triage.history import ticket_text
from sevai.triage.models import TicketPrediction, TrainingRun
from sevai.triage.predict import Triage, triage_text

# A learned language changes after this many of the customer's latest messages agree.
LANGUAGE_SWITCH_AFTER = 2


def learn_customer_language(
    customer: Customer, language: str, *, at: datetime | None = None
) -> None:
    """The customer wrote in `language` (detected): make it their preferred language unless
    an agent set one by hand. A first language is taken at once; a different one once
    their last LANGUAGE_SWITCH_AFTER messages with a known language agree on it."""
    if not language or customer.language_set_by_hand or customer.language == language:
        return
    if customer.language:
        recent = list(
            Message.objects.filter(author_customer=customer, kind=Message.Kind.CUSTOMER)
            .exclude(language="")
            .order_by("-created_at", "-id")
            .values_list("language", flat=True)[:LANGUAGE_SWITCH_AFTER]
        )
        if len(recent) < LANGUAGE_SWITCH_AFTER or any(code != language for code in recent):
            return
    Customer.objects.filter(pk=customer.pk, language_set_by_hand=False).update(language=language)
    customer.language = language


def ticket_opened(ticket: Ticket, customer: Customer, detected: str) -> None:
    """Called by open_ticket: learn the customer's language from the first message and
    predict the ticket's topic, priority and flags once the ticket is committed."""
    learn_customer_language(customer, detected)
    transaction.on_commit(lambda: _enqueue_prediction(ticket.pk), robust=True)


def _enqueue_prediction(ticket_id: int) -> None:
    from sevai.triage.tasks import predict_new_ticket

    predict_new_ticket.enqueue(ticket_id)


def _fields(result: Triage, now: datetime) -> dict[str, Any]:
    flags = result.flags
    return {
        "topic": result.topic,
        "topic_confidence": result.topic_confidence,
        "priority": result.priority,
        "priority_confidence": result.priority_confidence,
        "priority_reason": result.priority_reason,
        "is_urgent": flags.urgent.raised,
        "urgent_confidence": flags.urgent.confidence,
        "is_angry": flags.angry.raised,
        "angry_confidence": flags.angry.confidence,
        "is_churn_risk": flags.churn.raised,
        "churn_confidence": flags.churn.confidence,
        "cues": {
            name: list(score.cues)
            for name, score in (
                ("urgent", flags.urgent),
                ("angry", flags.angry),
                ("churn", flags.churn),
            )
            if score.cues
        },
        "model_version": result.model_version,
        "updated_at": now,
    }


@transaction.atomic
def predict_ticket(ticket: Ticket, *, refresh: bool = False) -> TicketPrediction:
    """Store triage's prediction for a ticket (its subject and first customer message).

    Idempotent: an existing prediction is returned as is unless `refresh`; a refresh keeps
    an agent's corrections.
    """
    existing = TicketPrediction.objects.select_for_update().filter(ticket_id=ticket.pk).first()
    if existing is not None and not refresh:
        return existing
    first = (
        Message.objects.filter(ticket_id=ticket.pk, kind=Message.Kind.CUSTOMER)
        .order_by("created_at", "id")
        .values_list("body", flat=True)
        .first()
    )
    customer = Customer.objects.select_related("organization").get(pk=ticket.customer_id)
    result = triage_text(ticket_text(ticket.subject, first or ""), vip=customer.is_effectively_vip)
    now = timezone.now()
    fields = _fields(result, now)
    if existing is None:
        return TicketPrediction.objects.create(ticket_id=ticket.pk, created_at=now, **fields)
    for key, value in fields.items():
        setattr(existing, key, value)
    existing.save(update_fields=list(fields))
    return existing


@transaction.atomic
def correct_prediction(
    ticket: Ticket,
    *,
    actor: User,
    topic: str | None = None,
    priority: str | None = None,
    apply: bool = True,
) -> TicketPrediction:
    """An agent says what the topic and/or priority really are. Stored as training data and,
    with `apply`, applied to the ticket (the topic tag added, the priority set)."""
    from sevai.tickets.actions import change_priority, update_ticket
    from sevai.tickets.actions.lifecycle import clean_tag_names

    require_agent(actor)
    if priority is not None and priority not in Ticket.Priority.values:
        raise ValidationError(_("Unknown priority: %(priority)s") % {"priority": priority})
    names = clean_tag_names([topic]) if topic else []
    prediction = predict_ticket(ticket)
    prediction = TicketPrediction.objects.select_for_update().get(pk=prediction.pk)
    changed = []
    if topic is not None:
        prediction.corrected_topic = names[0] if names else ""
        changed.append("corrected_topic")
    if priority is not None:
        prediction.corrected_priority = priority
        changed.append("corrected_priority")
    if not changed:
        return prediction
    prediction.corrected_by = actor
    prediction.corrected_at = prediction.updated_at = timezone.now()
    prediction.save(update_fields=[*changed, "corrected_by", "corrected_at", "updated_at"])
    if apply and names:
        update_ticket(ticket, actor=actor, add_tags=names)
    if apply and priority:
        change_priority(ticket, priority, actor=actor)
    return prediction


def queue_training(*, actor: User | None = None) -> TrainingRun:
    """A training run for the worker (sevai.triage.tasks.train_triage_models)."""
    from sevai.triage.tasks import train_triage_models

    run = TrainingRun.objects.create(requested_by=actor)
    transaction.on_commit(lambda: train_triage_models.enqueue(run.pk), robust=True)
    return run


def start_training_run(*, actor: User | None = None) -> TrainingRun:
    """A run claimed at once by the caller (the CLI trains in the foreground)."""
    return TrainingRun.objects.create(
        requested_by=actor, state=TrainingRun.State.RUNNING, started_at=timezone.now()
    )


def claim_training_run(run_id: int) -> bool:
    """Queued → running; False when another worker took it or it is not waiting."""
    claimed = TrainingRun.objects.filter(pk=run_id, state=TrainingRun.State.QUEUED).update(
        state=TrainingRun.State.RUNNING, started_at=timezone.now()
    )
    return claimed == 1


def finish_training_run(
    run_id: int, *, state: str, version: str = "", summary: dict[str, Any], error: str = ""
) -> None:
    TrainingRun.objects.filter(pk=run_id).update(
        state=state,
        model_version=version,
        summary=summary,
        error=error[:5000],
        finished_at=timezone.now(),
    )
