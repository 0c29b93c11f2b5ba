"""Background triage: a prediction for each new ticket, and training runs."""

from __future__ import annotations

import logging

from django_tasks import task

from sevai.tickets.models import Ticket
from sevai.triage import actions
from sevai.triage.examples import Progress
from sevai.triage.models import TrainingRun

logger = logging.getLogger("sevai.triage")


@task()
def predict_new_ticket(ticket_id: int) -> str:
    """Predict topic, priority and flags for a ticket. Safe to run twice."""
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:  # deleted before its turn came
        return "missing"
    prediction = actions.predict_ticket(ticket)
    return prediction.topic or "-"


@task()
def train_triage_models(run_id: int) -> str:
    """Train on the desk's history (a TrainingRun queued by queue_training). Runs once."""
    if not actions.claim_training_run(run_id):
        return "not-queued"
    return run_training(run_id)


def run_training(run_id: int, *, progress: Progress | None = None) -> str:
    """Train now for a claimed run and record the outcome on it."""
    from sevai.triage.training import history_summary, train_desk_models

    try:
        models = train_desk_models(progress=progress)
    except Exception as exc:
        logger.exception("triage training run %s failed", run_id)
        actions.finish_training_run(
            run_id, state=TrainingRun.State.FAILED, summary={}, error=f"{type(exc).__name__}: {exc}"
        )
        return TrainingRun.State.FAILED
    if models is None:
        actions.finish_training_run(
            run_id, state=TrainingRun.State.SKIPPED, summary=history_summary()
        )
        return TrainingRun.State.SKIPPED
    actions.finish_training_run(
        run_id, state=TrainingRun.State.DONE, version=models.version, summary=models.metadata
    )
    return TrainingRun.State.DONE
