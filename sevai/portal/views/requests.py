"""A signed-in customer's requests: the list, one conversation, replying, attaching files,
marking solved, opening a new one (which the assistant may answer at once), answering "Did
this answer your question?", and downloading files.

Every ticket comes from queries.request_for(customer, number): someone else's number is a
404, the same as a number that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sevai.assistant.actions import record_feedback
from sevai.assistant.intake import answer_customer
from sevai.assistant.presentation import answer_context, turn_of
from sevai.customers.models import Customer
from sevai.mail.admin.inbound_views import attachment_response
from sevai.portal import actions, queries
from sevai.portal.forms import NewRequestForm, ReplyForm
from sevai.portal.pages import Page, customer_required
from sevai.tickets.models import Message, Ticket

PAGE_SIZE = 20


@never_cache
@require_GET
@customer_required
def request_list(request: HttpRequest, page: Page, customer: Customer) -> HttpResponse:
    tickets = Paginator(queries.customer_requests(customer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"customer": customer, "tickets": tickets, "section": "list"}
    return page.render("portal/requests.html", context)


def _with_answers(page: Page, ticket: Ticket) -> list[tuple[Message, dict[str, Any] | None]]:
    """Each visible message, and for the assistant's replies what to show with them (the
    article, "Did this answer your question?")."""
    shown: list[tuple[Message, dict[str, Any] | None]] = []
    for message in queries.visible_messages(ticket):
        turn = turn_of(message)
        if turn is None:
            shown.append((message, None))
            continue
        action = reverse("portal_assistant_feedback", args=[ticket.number, turn.pk])
        shown.append((message, answer_context(turn, page.brand, action=action)))
    return shown


def _conversation(
    page: Page, customer: Customer, ticket: Ticket, form: ReplyForm, *, status: int = 200
) -> HttpResponse:
    context = {
        "customer": customer,
        "ticket": ticket,
        "conversation": _with_answers(page, ticket),
        "form": form,
        "can_solve": ticket.status in Ticket.OPEN_STATUSES and not ticket.merged_into_id,
        "can_reply": not ticket.merged_into_id,
    }
    return page.render("portal/request.html", context, status=status)


def _merged_into_own(ticket: Ticket, customer: Customer) -> Ticket | None:
    target = ticket.merged_into
    return target if target is not None and target.customer_id == customer.pk else None


@never_cache
@require_GET
@customer_required
def request_detail(
    request: HttpRequest, page: Page, customer: Customer, number: int
) -> HttpResponse:
    ticket = queries.request_for(customer, number)
    target = _merged_into_own(ticket, customer)
    if target is not None:  # its messages moved there
        return redirect("portal_request", number=target.number)
    return _conversation(page, customer, ticket, ReplyForm())


@never_cache
@require_POST
@customer_required
def reply(request: HttpRequest, page: Page, customer: Customer, number: int) -> HttpResponse:
    ticket = queries.request_for(customer, number)
    if ticket.merged_into_id:
        return redirect("portal_request", number=number)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = actions.send_reply(
                ticket, customer, form.cleaned_data["body"], form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            form.add_error("body", exc)
        else:  # a closed ticket's reply opened a follow-up: go there
            url = reverse("portal_request", args=[message.ticket.number])
            return redirect(f"{url}#message-{message.pk}")
    return _conversation(page, customer, ticket, form, status=400)


@never_cache
@require_POST
@customer_required
def solve(request: HttpRequest, page: Page, customer: Customer, number: int) -> HttpResponse:
    ticket = queries.request_for(customer, number)
    if ticket.status in Ticket.OPEN_STATUSES and not ticket.merged_into_id:
        actions.mark_solved(ticket, customer)
    return redirect("portal_request", number=number)


@never_cache
@require_POST
@customer_required
def assistant_feedback(
    request: HttpRequest, page: Page, customer: Customer, number: int, turn_id: int
) -> HttpResponse:
    """The customer's Yes (solved) or No (a person takes over) on an assistant's answer."""
    ticket = queries.request_for(customer, number)
    turn = queries.answered_turn_for(ticket, turn_id)
    answer = request.POST.get("helpful", "")
    if answer in ("yes", "no"):
        record_feedback(turn, helpful=answer == "yes")
    return redirect(f"{reverse('portal_request', args=[number])}#message-{turn.answer_id}")


@never_cache
@require_http_methods(["GET", "POST"])
@customer_required
def new_request(request: HttpRequest, page: Page, customer: Customer) -> HttpResponse:
    form = NewRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = actions.open_request(
                customer,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                language=page.language,
                team=page.brand.team,
            )
        except ValidationError as exc:
            form.add_error("body", exc)
        else:
            answer_customer(ticket.messages.get(), brand_id=page.brand.pk)  # after the commit
            return redirect("portal_request", number=ticket.number)
    status = 400 if form.errors else 200
    context = {"customer": customer, "form": form, "section": "new"}
    return page.render("portal/new.html", context, status=status)


@require_GET
@customer_required
def download(
    request: HttpRequest, page: Page, customer: Customer, number: int, attachment_id: int
) -> FileResponse:
    attachment = queries.attachment_for(customer, number, attachment_id)
    return attachment_response(
        attachment, cache_control="private, no-store", missing=_("This file is missing.")
    )
