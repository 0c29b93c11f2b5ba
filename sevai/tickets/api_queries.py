"""Read side of the tickets API: querysets that load a page in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sevai.tickets.models import Event, Message, Tag, Ticket, TicketLink


def tickets() -> QuerySet[Ticket]:
    """Tickets with everything TicketOut shows, whatever the page size."""
    return Ticket.objects.select_related(
        "customer", "team", "assignee", "merged_into"
    ).prefetch_related("tags", "customer__identities")


def ticket_or_404(number: int, *, for_display: bool = False) -> Ticket:
    """The ticket named in the path; for_display loads what TicketOut shows."""
    ticket = (tickets() if for_display else Ticket.objects).filter(number=number).first()
    if ticket is None:
        raise Http404(f"Ticket #{number} not found.")
    return ticket


def ticket_by_number(number: int) -> Ticket | None:
    """A ticket named in a request body (merge into, link to); None when there is none."""
    return Ticket.objects.filter(number=number).first()


def linked_numbers(ticket: Ticket) -> list[int]:
    links = TicketLink.objects.filter(Q(source=ticket) | Q(target=ticket))
    pairs = links.values_list("source__number", "target__number")
    return sorted(a if b == ticket.number else b for a, b in pairs)


def messages(ticket: Ticket) -> QuerySet[Message]:
    """All messages of a ticket, internal notes included (the API is for agents only)."""
    return (
        Message.objects.filter(ticket=ticket)
        .select_related("author_user", "author_customer")
        .prefetch_related("author_customer__identities")
    )


def events(ticket: Ticket) -> QuerySet[Event]:
    return Event.objects.filter(ticket=ticket).select_related("actor")


def tags_with_counts() -> QuerySet[Tag]:
    return Tag.objects.annotate(ticket_count=Count("tickets"))
