"""Search from the top bar: tickets by number, subject and message text; customers."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sevai.customers.queries import search_customers
from sevai.search.index import ticket_ids_matching_text
from sevai.tickets.models import Ticket
from sevai.workspace.views.common import is_htmx

NUMBER = re.compile(r"^#?(\d{1,12})$")
LIMIT = 20


def search_tickets(query: str, limit: int = LIMIT) -> list[Ticket]:
    query = query.strip()
    if not query:
        return []
    found: list[int] = []
    match = NUMBER.match(query)
    if match:
        found += list(
            Ticket.objects.filter(number=int(match.group(1))).values_list("pk", flat=True)
        )
    found += list(
        Ticket.objects.filter(Q(subject__icontains=query))
        .order_by("-updated_at")
        .values_list("pk", flat=True)[:limit]
    )
    found += ticket_ids_matching_text(query, limit=limit)
    ordered = list(dict.fromkeys(found))[:limit]
    by_id = Ticket.objects.select_related("customer").in_bulk(ordered)
    return [by_id[pk] for pk in ordered if pk in by_id]


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    match = NUMBER.match(query)
    if match and not is_htmx(request) and request.GET.get("partial") != "1":
        ticket = Ticket.objects.filter(number=int(match.group(1))).first()
        if ticket is not None:
            return redirect("ticket", number=ticket.number)
    tickets = search_tickets(query)
    customers = search_customers(query, limit=10) if query else []
    context = {"search_query": query, "tickets": tickets, "customers": customers}
    if is_htmx(request) or request.GET.get("partial") == "1":
        return render(request, "workspace/partials/search_results.html", context)
    return render(request, "workspace/search.html", context)
