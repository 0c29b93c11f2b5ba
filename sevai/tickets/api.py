"""Tickets, their messages and timeline, and tags: /tickets, /tags.

Reads use sevai.tickets.api_queries; every write goes through sevai.tickets.actions.
A ticket in the path that does not exist is a 404; one named in the body is a 422.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from sevai.accounts.api import current_user
from sevai.accounts.models import Team, User
from sevai.customers import actions as customer_actions
from sevai.customers.models import Customer, Identity
from sevai.lib.cursor import CursorPage, PageParams, paginate
from sevai.tickets import actions, api_queries
from sevai.tickets.models import Message, Ticket
from sevai.tickets.permissions import require_agent
from sevai.tickets.schemas import (
    EventOut,
    MessageCreate,
    MessageOut,
    TagOut,
    TicketCreate,
    TicketDetail,
    TicketFilters,
    TicketLinkCreate,
    TicketLinkOut,
    TicketMerge,
    TicketOut,
    TicketUpdate,
)

router = Router(tags=["tickets"])


def _team(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise ValidationError(f"Unknown team: {team_id}.")
    return team


def _agent(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise ValidationError(f"Unknown agent: {user_id}.")
    return user


def _customer(customer_id: int) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise ValidationError(f"Unknown customer: {customer_id}.")
    return customer


def _other_ticket(number: int) -> Ticket:
    ticket = api_queries.ticket_by_number(number)
    if ticket is None:
        raise ValidationError(f"Ticket #{number} not found.")
    return ticket


def _detail(ticket: Ticket) -> Ticket:
    return api_queries.ticket_or_404(ticket.number, for_display=True)


def filter_tickets(tickets: QuerySet[Ticket], filters: TicketFilters) -> QuerySet[Ticket]:
    if filters.status:
        tickets = tickets.filter(status__in=filters.status)
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.team_id is not None:
        tickets = tickets.filter(team_id=filters.team_id)
    if filters.assignee_id == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif filters.assignee_id is not None:
        tickets = tickets.filter(assignee_id=filters.assignee_id)
    if filters.channel:
        tickets = tickets.filter(channel=filters.channel)
    if filters.language:
        tickets = tickets.filter(language=filters.language)
    if filters.tag:
        tickets = tickets.filter(tags__name=" ".join(filters.tag.lower().split()))
    if filters.organization_id is not None:
        tickets = tickets.filter(customer__organization_id=filters.organization_id)
    if filters.customer_id is not None:
        tickets = tickets.filter(customer_id=filters.customer_id)
    return tickets


@router.get("/tickets", response=CursorPage[TicketOut], summary="Tickets, newest first")
def list_tickets(
    request: HttpRequest, filters: Query[TicketFilters], page: Query[PageParams]
) -> object:
    tickets = filter_tickets(api_queries.tickets(), filters)
    return paginate(tickets, order=["-id"], cursor=page.cursor, limit=page.limit)


@router.post("/tickets", response={201: TicketDetail}, summary="Open a ticket")
def create_ticket(request: HttpRequest, payload: TicketCreate) -> tuple[int, Ticket]:
    actor = current_user(request)
    require_agent(actor)
    with transaction.atomic():  # a customer found or created here goes if the ticket fails
        if payload.customer_id is not None:
            customer = _customer(payload.customer_id)
        else:
            customer, _created = customer_actions.find_or_create_customer(
                Identity.Kind.EMAIL,
                payload.customer_email or "",
                name=payload.customer_name.strip(),
                language=payload.language,
            )
        ticket = actions.open_ticket(
            customer=customer,
            subject=payload.subject,
            body=payload.body,
            channel=payload.channel,
            actor=actor,
            language=payload.language,
            priority=payload.priority,
            team=_team(payload.team_id),
            tags=payload.tags,
        )
    return 201, _detail(ticket)


@router.get("/tickets/{number}", response=TicketDetail, summary="One ticket")
def get_ticket(request: HttpRequest, number: int) -> Ticket:
    return api_queries.ticket_or_404(number, for_display=True)


@router.patch("/tickets/{number}", response=TicketDetail, summary="Change a ticket")
def update_ticket(request: HttpRequest, number: int, payload: TicketUpdate) -> Ticket:
    ticket = api_queries.ticket_or_404(number)
    sent = payload.model_fields_set
    changes: dict[str, object] = {}
    if "status" in sent:
        changes["status"] = payload.status
    if "priority" in sent:
        changes["priority"] = payload.priority
    if "assignee_id" in sent:
        changes["assignee"] = _agent(payload.assignee_id)
    if "team_id" in sent:
        changes["team"] = _team(payload.team_id)
    if "tags" in sent:
        changes["tags"] = payload.tags
    actions.update_ticket(ticket, actor=current_user(request), **changes)  # type: ignore[arg-type]
    return _detail(ticket)


@router.get(
    "/tickets/{number}/messages",
    response=CursorPage[MessageOut],
    summary="Messages, oldest first, internal notes included",
)
def list_messages(request: HttpRequest, number: int, page: Query[PageParams]) -> object:
    messages = api_queries.messages(api_queries.ticket_or_404(number))
    return paginate(messages, order=["created_at", "id"], cursor=page.cursor, limit=page.limit)


@router.post(
    "/tickets/{number}/messages",
    response={201: MessageOut},
    summary="Reply to the customer or add an internal note",
)
def add_message(request: HttpRequest, number: int, payload: MessageCreate) -> tuple[int, Message]:
    ticket = api_queries.ticket_or_404(number)
    actor = current_user(request)
    if payload.kind == "reply":
        message = actions.reply(ticket, payload.body, actor=actor, status=payload.status)
    else:
        with transaction.atomic():
            message = actions.add_note(ticket, payload.body, actor=actor)
            if payload.status:
                actions.change_status(ticket, payload.status, actor=actor)
    return 201, api_queries.messages(ticket).get(pk=message.pk)


@router.get(
    "/tickets/{number}/events", response=CursorPage[EventOut], summary="The timeline, oldest first"
)
def list_events(request: HttpRequest, number: int, page: Query[PageParams]) -> object:
    events = api_queries.events(api_queries.ticket_or_404(number))
    return paginate(events, order=["created_at", "id"], cursor=page.cursor, limit=page.limit)


@router.post(
    "/tickets/{number}/merge",
    response=TicketDetail,
    summary="Merge this ticket into another; returns the ticket kept",
)
def merge_ticket(request: HttpRequest, number: int, payload: TicketMerge) -> Ticket:
    source = api_queries.ticket_or_404(number)
    target = _other_ticket(payload.into)
    target = actions.merge_tickets(source, target, actor=current_user(request))
    return _detail(target)


@router.post(
    "/tickets/{number}/links",
    response={200: TicketLinkOut, 201: TicketLinkOut},
    summary="Link a related ticket",
)
def link_ticket(
    request: HttpRequest, number: int, payload: TicketLinkCreate
) -> tuple[int, dict[str, object]]:
    ticket = api_queries.ticket_or_404(number)
    other = _other_ticket(payload.number)
    created = actions.link_tickets(ticket, other, actor=current_user(request))
    return (201 if created else 200), {"number": number, "other": other.number, "created": created}


@router.get("/tags", response=CursorPage[TagOut], tags=["tags"], summary="Tags with ticket counts")
def list_tags(request: HttpRequest, page: Query[PageParams]) -> object:
    tags = api_queries.tags_with_counts()
    return paginate(tags, order=["name"], cursor=page.cursor, limit=page.limit)
