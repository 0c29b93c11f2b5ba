"""Status, priority, assignment, team and tag changes."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import Team, User
from sevai.customers.models import Customer
from sevai.mail.outbox import queue_solved_notice  # outgoing email
from sevai.search.index import sync_ticket
from sevai.tickets.events import record_event
from sevai.tickets.models import Event, Notification, Tag, Ticket
from sevai.tickets.permissions import require_agent
from sevai.webhooks.models import WebhookEvent
from sevai.webhooks.outbox import queue_ticket_event

MAX_TAG_LENGTH = 64


class Keep(enum.Enum):
    """Default of update_ticket's assignee/team: leave unchanged (None means "clear")."""

    UNCHANGED = "unchanged"


def lock(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def touch(ticket: Ticket, *fields: str, at: datetime | None = None) -> None:
    ticket.updated_at = at or timezone.now()
    ticket.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def change_status(
    ticket: Ticket,
    status: str,
    *,
    actor: User | None,
    at: datetime | None = None,
    by_customer: Customer | None = None,
    by_assistant: bool = False,
) -> Ticket:
    """by_customer: the customer changed it themselves (the portal, actor None). The events
    record their id, and they get no "we marked your request as solved" mail.
    by_assistant: the virtual assistant changed it (actor None); the events say so, and no
    "solved" mail goes out (the customer just told the assistant it helped)."""
    require_agent(actor)
    if status not in Ticket.Status.values:
        raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
    ticket = lock(ticket)
    before = ticket.status
    if before == status:
        return ticket
    if before == Ticket.Status.CLOSED:
        raise ValidationError(_("A closed ticket cannot change; open a follow-up instead."))
    ticket.status = status
    who: dict[str, Any] = {"by_customer": by_customer.pk} if by_customer is not None else {}
    if by_assistant:
        who["by_assistant"] = True
    if status == Ticket.Status.SOLVED:
        ticket.solved_at = at or timezone.now()
    elif status != Ticket.Status.CLOSED:
        ticket.solved_at = None
    if before == Ticket.Status.SOLVED and status in Ticket.OPEN_STATUSES:
        ticket.reopen_count += 1
        record_event(
            ticket, Event.Kind.REOPENED, actor=actor, at=at, before=before, after=status, **who
        )
    touch(ticket, "status", "solved_at", "reopen_count", at=at)
    sync_ticket(ticket.pk)  # the search index's copy of the status
    record_event(ticket, Event.Kind.STATUS, actor=actor, at=at, before=before, after=status, **who)
    queue_ticket_event(WebhookEvent.TICKET_UPDATED, ticket, changes={"status": [before, status]})
    if status == Ticket.Status.SOLVED:
        queue_ticket_event(WebhookEvent.TICKET_SOLVED, ticket)
        if by_customer is None and not by_assistant:
            queue_solved_notice(ticket)  # outgoing email: "solved" notice to the customer
    return ticket


@transaction.atomic
def change_priority(
    ticket: Ticket, priority: str, *, actor: User | None, at: datetime | None = None
) -> Ticket:
    require_agent(actor)
    if priority not in Ticket.Priority.values:
        raise ValidationError(_("Unknown priority: %(priority)s") % {"priority": priority})
    ticket = lock(ticket)
    before = ticket.priority
    if before == priority:
        return ticket
    ticket.priority = priority
    touch(ticket, "priority", at=at)
    record_event(ticket, Event.Kind.PRIORITY, actor=actor, at=at, before=before, after=priority)
    queue_ticket_event(
        WebhookEvent.TICKET_UPDATED, ticket, changes={"priority": [before, priority]}
    )
    return ticket


@transaction.atomic
def assign_ticket(
    ticket: Ticket, assignee: User | None, *, actor: User | None, at: datetime | None = None
) -> Ticket:
    require_agent(actor)
    if assignee is not None and not assignee.is_active:
        raise ValidationError(_("%(name)s is deactivated.") % {"name": assignee.name})
    ticket = lock(ticket)
    before = ticket.assignee
    if (before.pk if before else None) == (assignee.pk if assignee else None):
        return ticket
    ticket.assignee = assignee
    if ticket.status == Ticket.Status.NEW and assignee is not None:
        ticket.status = Ticket.Status.OPEN
        record_event(ticket, Event.Kind.STATUS, actor=actor, at=at, before="new", after="open")
    touch(ticket, "assignee", "status", at=at)
    sync_ticket(ticket.pk)  # the search index's copy of the assignee and status
    record_event(
        ticket,
        Event.Kind.ASSIGNED,
        actor=actor,
        at=at,
        before=before.name if before else None,
        before_id=before.pk if before else None,
        after=assignee.name if assignee else None,
        after_id=assignee.pk if assignee else None,
    )
    if assignee is not None and assignee != actor:
        Notification.objects.create(
            user=assignee, ticket=ticket, kind=Notification.Kind.ASSIGNED, actor=actor
        )
    queue_ticket_event(
        WebhookEvent.TICKET_UPDATED,
        ticket,
        changes={"assignee": [before.pk if before else None, assignee.pk if assignee else None]},
    )
    return ticket


@transaction.atomic
def transfer_ticket(
    ticket: Ticket, team: Team | None, *, actor: User | None, at: datetime | None = None
) -> Ticket:
    """Move a ticket to another team. Moving between two teams counts as a transfer."""
    require_agent(actor)
    ticket = lock(ticket)
    before = ticket.team
    if (before.pk if before else None) == (team.pk if team else None):
        return ticket
    ticket.team = team
    if before is not None and team is not None:
        ticket.transfer_count += 1
    touch(ticket, "team", "transfer_count", at=at)
    record_event(
        ticket,
        Event.Kind.TEAM,
        actor=actor,
        at=at,
        before=before.name if before else None,
        after=team.name if team else None,
    )
    queue_ticket_event(
        WebhookEvent.TICKET_UPDATED,
        ticket,
        changes={"team": [before.pk if before else None, team.pk if team else None]},
    )
    return ticket


def clean_tag_names(names: Iterable[str]) -> list[str]:
    cleaned = []
    for raw in names:
        name = " ".join(raw.strip().lower().split())
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(_("Tags are at most %(n)d characters.") % {"n": MAX_TAG_LENGTH})
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


@transaction.atomic
def set_tags(
    ticket: Ticket, names: Iterable[str], *, actor: User | None, at: datetime | None = None
) -> Ticket:
    require_agent(actor)
    wanted = clean_tag_names(names)
    ticket = lock(ticket)
    before = sorted(ticket.tags.values_list("name", flat=True))
    if before == sorted(wanted):
        return ticket
    tags = [Tag.objects.get_or_create(name=name)[0] for name in wanted]
    ticket.tags.set(tags)
    touch(ticket, at=at)
    added = sorted(set(wanted) - set(before))
    removed = sorted(set(before) - set(wanted))
    record_event(ticket, Event.Kind.TAGS, actor=actor, at=at, added=added, removed=removed)
    queue_ticket_event(WebhookEvent.TICKET_UPDATED, ticket, changes={"tags": [before, wanted]})
    return ticket


def update_ticket(
    ticket: Ticket,
    *,
    actor: User | None,
    status: str | None = None,
    priority: str | None = None,
    assignee: User | None | Keep = Keep.UNCHANGED,
    team: Team | None | Keep = Keep.UNCHANGED,
    tags: Iterable[str] | None = None,
    add_tags: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
) -> Ticket:
    """Apply several changes at once, each recorded as its own event, in one transaction."""
    with transaction.atomic():
        if priority is not None:
            ticket = change_priority(ticket, priority, actor=actor)
        if not isinstance(team, Keep):
            ticket = transfer_ticket(ticket, team, actor=actor)
        if not isinstance(assignee, Keep):
            ticket = assign_ticket(ticket, assignee, actor=actor)
        if tags is not None or add_tags or remove_tags:
            current = set(ticket.tags.values_list("name", flat=True)) if tags is None else set()
            wanted = (current | set(tags or ()) | set(add_tags)) - set(clean_tag_names(remove_tags))
            ticket = set_tags(ticket, sorted(wanted), actor=actor)
        if status is not None:
            ticket = change_status(ticket, status, actor=actor)
    return ticket
