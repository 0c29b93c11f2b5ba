"""Search: the top-bar quick search and the search page with filters.

Tickets come from sevai.search.tickets (subjects, message bodies, customer names and
emails, in any of our languages); a ticket number jumps straight to the ticket.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from sevai.customers.queries import search_customers
from sevai.search.forms import TicketSearchForm
from sevai.search.matching import highlight_parts
from sevai.search.tickets import TicketHit, next_cursor, search_tickets
from sevai.tickets.models import Ticket
from sevai.workspace.forms import agent_choices
from sevai.workspace.views.common import PAGE_SIZE, is_htmx, query_without, workspace_user

NUMBER = re.compile(r"^#?(\d{1,12})$")
LIMIT = 20


def _tickets_by_id(ids: list[int]) -> dict[int, Ticket]:
    return Ticket.objects.select_related("customer", "assignee").in_bulk(ids)


def quick_search_tickets(query: str, limit: int = LIMIT) -> list[Ticket]:
    """The top bar: the ticket with this number first, then the best text matches."""
    query = query.strip()
    if not query:
        return []
    found: list[int] = []
    match = NUMBER.match(query)
    if match:
        found += list(
            Ticket.objects.filter(number=int(match.group(1))).values_list("pk", flat=True)
        )
    found += [hit.ticket_id for hit in search_tickets(query, limit=limit)]
    ordered = list(dict.fromkeys(found))[:limit]
    by_id = _tickets_by_id(ordered)
    return [by_id[pk] for pk in ordered if pk in by_id]


def _rows(hits: list[TicketHit]) -> list[dict[str, Any]]:
    by_id = _tickets_by_id([h.ticket_id for h in hits])
    return [
        {"ticket": by_id[h.ticket_id], "snippet": highlight_parts(h.snippet_html)}
        for h in hits
        if h.ticket_id in by_id
    ]


def _non_empty(params: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        kept = [v for v in values if v.strip()]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    match = NUMBER.match(query)
    partial = is_htmx(request) or request.GET.get("partial") == "1"
    if match and not partial:
        ticket = Ticket.objects.filter(number=int(match.group(1))).first()
        if ticket is not None:
            return redirect("ticket", number=ticket.number)
    customers = search_customers(query, limit=10) if query else []
    if partial:
        quick = {
            "search_query": query,
            "tickets": quick_search_tickets(query),
            "customers": customers,
        }
        return render(request, "workspace/partials/search_results.html", quick)
    form = TicketSearchForm(_non_empty(request.GET), agents=agent_choices())
    valid = form.is_valid()
    cursor = request.GET.get("cursor") or None
    hits: list[TicketHit] = []
    if valid and (query or form.has_filters()):
        filters = form.search_filters(workspace_user(request).pk)
        hits = search_tickets(query, **filters, limit=PAGE_SIZE + 1, cursor=cursor)
    more = len(hits) > PAGE_SIZE
    hits = hits[:PAGE_SIZE]
    context: dict[str, Any] = {
        "search_query": query,
        "form": form,
        "rows": _rows(hits),
        "customers": customers,
        "searched": bool(query) or (valid and form.has_filters()),
        "next_cursor": next_cursor(cursor, hits, PAGE_SIZE) if more else None,
        "page_query": query_without(request, "cursor"),
    }
    return render(request, "workspace/search.html", context)
