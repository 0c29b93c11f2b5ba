"""The triage card on the ticket page (an htmx partial) and the correction form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sevai.accounts.models import User
from sevai.tickets.models import Ticket
from sevai.tickets.queries import ticket_for
from sevai.triage import actions
from sevai.triage.forms import CorrectionForm
from sevai.triage.models import TicketPrediction
from sevai.triage.queries import prediction_for, topic_choices
from sevai.triage.storage import latest_metadata

TEMPLATE = "triage/partials/card.html"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 (login_required guarantees it)
    return user


def _render(
    request: HttpRequest,
    ticket: Ticket,
    prediction: TicketPrediction,
    form: CorrectionForm | None = None,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    topics = topic_choices(prediction)
    if form is None:
        form = CorrectionForm(
            topics=topics,
            initial={"topic": prediction.final_topic, "priority": prediction.final_priority},
        )
    context = {
        "ticket": ticket,
        "prediction": prediction,
        "form": form,
        "can_edit": _user(request).can_reply_publicly,
        "trained": latest_metadata() is not None,
        "error": error,
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
def ticket_card(request: HttpRequest, number: int) -> HttpResponse:
    ticket = ticket_for(_user(request), number)
    prediction = prediction_for(ticket) or actions.predict_ticket(ticket)
    return _render(request, ticket, prediction)


@login_required
@require_POST
def ticket_correct(request: HttpRequest, number: int) -> HttpResponse:
    user = _user(request)
    ticket = ticket_for(user, number)
    prediction = prediction_for(ticket) or actions.predict_ticket(ticket)
    form = CorrectionForm(request.POST, topics=topic_choices(prediction))
    if not form.is_valid():
        return _render(request, ticket, prediction, form, status=422)
    try:
        prediction = actions.correct_prediction(
            ticket,
            actor=user,
            topic=form.cleaned_data["topic"] or None,
            priority=form.cleaned_data["priority"] or None,
        )
    except ValidationError as exc:
        return _render(request, ticket, prediction, form, status=422, error=" ".join(exc.messages))
    except PermissionDenied as exc:
        return _render(request, ticket, prediction, form, status=403, error=str(exc))
    return _render(request, ticket, prediction_for(ticket) or prediction)
