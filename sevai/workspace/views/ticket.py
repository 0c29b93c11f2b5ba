"""The ticket page and its htmx actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sevai.accounts.models import User
from sevai.tickets import actions
from sevai.tickets.models import Ticket
from sevai.tickets.queries import (
    conversation,
    customer_tickets,
    linked_tickets,
    ticket_for,
    timeline,
)
from sevai.workspace.forms import ComposerForm, TicketNumberForm, TicketPropertiesForm
from sevai.workspace.live import announce_ticket_change
from sevai.workspace.views.common import error_text, is_htmx, workspace_user


def neighbours(request: HttpRequest, number: int) -> tuple[int | None, int | None]:
    numbers: list[int] = request.session.get("inbox_numbers", [])
    if number not in numbers:
        return None, None
    i = numbers.index(number)
    prev = numbers[i - 1] if i > 0 else None
    nxt = numbers[i + 1] if i + 1 < len(numbers) else None
    return prev, nxt


def ticket_context(request: HttpRequest, ticket: Ticket, **extra: Any) -> dict[str, Any]:
    user = workspace_user(request)
    prev, nxt = neighbours(request, ticket.number)
    tags = ", ".join(t.name for t in ticket.tags.all())
    props = TicketPropertiesForm(
        initial={
            "status": ticket.status,
            "priority": ticket.priority,
            "team": ticket.team_id,
            "assignee": ticket.assignee_id,
            "tags": tags,
        }
    )
    customer = ticket.customer
    context = {
        "ticket": ticket,
        "messages_list": list(conversation(ticket, include_internal=True)),
        "events": list(timeline(ticket)),
        "customer": customer,
        "identities": list(customer.identities.all()),
        "other_tickets": customer_tickets(customer.pk, exclude=ticket.pk),
        "links": linked_tickets(ticket),
        "props": props,
        "composer": extra.pop("composer", None) or ComposerForm(initial={"kind": "reply"}),
        "can_edit": user.can_reply_publicly,
        "prev_number": prev,
        "next_number": nxt,
        "inbox_url": request.session.get("inbox_url", "/inbox/"),
        "section": "ticket",
    }
    context |= extra
    return context


@login_required
def ticket_detail(request: HttpRequest, number: int) -> HttpResponse:
    ticket = ticket_for(workspace_user(request), number)
    return render(request, "workspace/ticket.html", ticket_context(request, ticket))


def respond(
    request: HttpRequest, number: int, *, error: str = "", status: int = 200, **extra: Any
) -> HttpResponse:
    """After a change: the refreshed ticket for htmx, a redirect otherwise."""
    ticket = ticket_for(workspace_user(request), number)
    if is_htmx(request):
        context = ticket_context(request, ticket, error=error, **extra)
        return render(request, "workspace/partials/ticket.html", context, status=status)
    if error:
        messages.error(request, error)
    return redirect("ticket", number=number)


def run_action(
    request: HttpRequest, number: int, change: Callable[[Ticket, User], object], **extra: Any
) -> HttpResponse:
    user = workspace_user(request)
    ticket = ticket_for(user, number)
    try:
        with transaction.atomic():
            change(ticket, user)
            announce_ticket_change(ticket.pk, ticket.number)
    except (ValidationError, PermissionDenied) as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 422
        return respond(request, number, error=error_text(exc), status=status, **extra)
    return respond(request, number)


@login_required
@require_POST
def compose(request: HttpRequest, number: int) -> HttpResponse:
    form = ComposerForm(request.POST)
    if not form.is_valid():
        return respond(request, number, composer=form, status=422)
    data = form.cleaned_data

    def write(ticket: Ticket, user: User) -> None:
        if data["kind"] == "note":
            actions.add_note(ticket, data["body"], actor=user)
        else:
            actions.reply(ticket, data["body"], actor=user, status=data["status"] or None)

    return run_action(request, number, write, composer=form)


@login_required
@require_POST
def update_properties(request: HttpRequest, number: int) -> HttpResponse:
    form = TicketPropertiesForm(request.POST)
    if not form.is_valid():
        return respond(request, number, error=form.errors.as_text(), status=422)
    data = form.cleaned_data

    def write(ticket: Ticket, user: User) -> None:
        actions.update_ticket(
            ticket,
            actor=user,
            status=data["status"],
            priority=data["priority"],
            team=data["team"],
            assignee=data["assignee"],
            tags=form.tag_names(),
        )

    return run_action(request, number, write)


@login_required
@require_POST
def assign_to_me(request: HttpRequest, number: int) -> HttpResponse:
    return run_action(request, number, lambda t, u: actions.assign_ticket(t, u, actor=u))


@login_required
@require_POST
def solve(request: HttpRequest, number: int) -> HttpResponse:
    return run_action(
        request, number, lambda t, u: actions.change_status(t, Ticket.Status.SOLVED, actor=u)
    )


@login_required
@require_POST
def merge(request: HttpRequest, number: int) -> HttpResponse:
    form = TicketNumberForm(request.POST)
    if not form.is_valid():
        return respond(request, number, error=form.errors.as_text(), status=422)
    target: Ticket = form.cleaned_data["number"]
    user = workspace_user(request)
    ticket = ticket_for(user, number)
    try:
        actions.merge_tickets(ticket, target, actor=user)
    except (ValidationError, PermissionDenied) as exc:
        return respond(request, number, error=error_text(exc), status=422)
    announce_ticket_change(ticket.pk, ticket.number)
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"/tickets/{target.number}/"
        return response
    return redirect("ticket", number=target.number)


@login_required
@require_POST
def link(request: HttpRequest, number: int) -> HttpResponse:
    form = TicketNumberForm(request.POST)
    if not form.is_valid():
        return respond(request, number, error=form.errors.as_text(), status=422)
    other: Ticket = form.cleaned_data["number"]
    return run_action(request, number, lambda t, u: actions.link_tickets(t, other, actor=u))


@login_required
@require_POST
def unlink(request: HttpRequest, number: int, other: int) -> HttpResponse:
    other_ticket = ticket_for(workspace_user(request), other)
    return run_action(
        request, number, lambda t, u: actions.unlink_tickets(t, other_ticket, actor=u)
    )
