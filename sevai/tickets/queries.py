"""Read side of tickets: inbox views, filters and permission-scoped fetches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import User
from sevai.tickets.models import Event, Message, Ticket, TicketLink

OPEN = list(Ticket.OPEN_STATUSES)


@dataclass(frozen=True)
class InboxView:
    key: str
    label: Any

    def filter(self, qs: QuerySet[Ticket], user: User) -> QuerySet[Ticket]:
        if self.key == "mine":
            return qs.filter(assignee=user, is_open=True)
        if self.key == "unassigned":
            return qs.filter(assignee__isnull=True, is_open=True)
        if self.key == "open":
            return qs.filter(is_open=True)
        if self.key == "pending":
            return qs.filter(status=Ticket.Status.PENDING)
        if self.key == "solved":
            return qs.filter(status=Ticket.Status.SOLVED)
        return qs


VIEWS = [
    InboxView("mine", _("My open tickets")),
    InboxView("unassigned", _("Unassigned")),
    InboxView("open", _("All open")),
    InboxView("pending", _("Pending")),
    InboxView("solved", _("Solved")),
    InboxView("all", _("All tickets")),
]
VIEWS_BY_KEY = {v.key: v for v in VIEWS}

SORTS = {
    "-updated": ("-updated_at", "-id"),
    "updated": ("updated_at", "id"),
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "-priority": ("-priority_rank", "-updated_at", "-id"),  # a stored, generated column
    "-number": ("-number",),
    "number": ("number",),
}


def apply_filters(qs: QuerySet[Ticket], filters: dict[str, Any], user: User) -> QuerySet[Ticket]:
    """Filter tickets by cleaned form data (see workspace.forms.InboxFilterForm)."""
    if filters.get("status"):
        qs = qs.filter(status__in=filters["status"])
    if filters.get("priority"):
        qs = qs.filter(priority__in=filters["priority"])
    if filters.get("team"):
        qs = qs.filter(team_id=filters["team"])
    assignee = filters.get("assignee")
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        qs = qs.filter(assignee_id=assignee)
    if filters.get("channel"):
        qs = qs.filter(channel__in=filters["channel"])
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    if filters.get("tag"):
        qs = qs.filter(tags__name=filters["tag"])
    if filters.get("organization"):
        qs = qs.filter(customer__organization_id=filters["organization"])
    if filters.get("customer"):
        qs = qs.filter(customer_id=filters["customer"])
    return qs


def inbox_tickets(
    user: User, view: str, filters: dict[str, Any], sort: str = "-updated"
) -> QuerySet[Ticket]:
    # Merged tickets are closed: they show in "All tickets" with their "merged into" mark.
    qs = Ticket.objects.all()
    qs = VIEWS_BY_KEY.get(view, VIEWS_BY_KEY["open"]).filter(qs, user)
    qs = apply_filters(qs, filters, user)
    order = SORTS.get(sort, SORTS["-updated"])
    latest = (
        Message.objects.filter(ticket=OuterRef("pk"))
        .exclude(kind=Message.Kind.NOTE)
        .order_by("-created_at", "-id")
        .values("body")[:1]
    )
    return (
        qs.select_related("customer", "customer__organization", "assignee", "team")
        .prefetch_related("tags")
        .annotate(preview=Substr(Subquery(latest), 1, 140))
        .order_by(*order)
    )


def view_counts(user: User) -> dict[str, int]:
    """Ticket counts for the sidebar views, in one query."""
    from django.db.models import Count

    base = Ticket.objects.filter(status__in=[*OPEN, "solved"])
    row = base.aggregate(
        mine=Count("id", filter=Q(assignee=user, is_open=True)),
        unassigned=Count("id", filter=Q(assignee__isnull=True, is_open=True)),
        open=Count("id", filter=Q(is_open=True)),
        pending=Count("id", filter=Q(status=Ticket.Status.PENDING)),
        solved=Count("id", filter=Q(status=Ticket.Status.SOLVED)),
    )
    return {k: v or 0 for k, v in row.items()}


def ticket_for(user: User, number: int) -> Ticket:
    """A ticket by number for a workspace user (every agent sees every ticket), or 404."""
    try:
        return (
            Ticket.objects.select_related(
                "customer", "customer__organization", "assignee", "team", "merged_into"
            )
            .prefetch_related("tags")
            .get(number=number)
        )
    except (Ticket.DoesNotExist, ValueError):
        raise Http404(_("No ticket #%(number)s.") % {"number": number}) from None


def conversation(ticket: Ticket, *, include_internal: bool) -> QuerySet[Message]:
    """The messages with what the ticket page shows of their mail (attachments, the inbound
    mail with its verdict, delivery state), in a fixed number of queries. Never the raw mail."""
    qs = (
        ticket.messages.select_related("author_user", "author_customer", "inbound_mail")
        .defer("inbound_mail__raw")
        .prefetch_related("attachments", "outbound_mail")
    )
    if not include_internal:
        qs = qs.exclude(kind=Message.Kind.NOTE)
    return qs.order_by("created_at", "id")


def timeline(ticket: Ticket) -> QuerySet[Event]:
    return ticket.events.select_related("actor").order_by("created_at", "id")


def customer_tickets(
    customer_id: int, *, exclude: int | None = None, limit: int = 25
) -> list[Ticket]:
    """The customer's tickets on every channel, newest first."""
    qs = Ticket.objects.filter(customer_id=customer_id).select_related("assignee")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return list(qs.order_by("-created_at")[:limit])


def linked_tickets(ticket: Ticket) -> list[Ticket]:
    """Related tickets: two indexed lookups instead of an OR across joins (a full scan)."""
    other_ids = [
        a if b == ticket.pk else b
        for a, b in TicketLink.objects.filter(Q(source=ticket) | Q(target=ticket)).values_list(
            "source_id", "target_id"
        )
    ]
    return list(Ticket.objects.filter(pk__in=other_ids).order_by("number")) if other_ids else []
