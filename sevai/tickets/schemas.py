"""Request and response bodies of the ticket, message, event and tag endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

from sevai.accounts.schemas import AgentRef, TeamRef
from sevai.customers.schemas import CustomerRef, reject_nulls
from sevai.tickets.api_queries import linked_numbers
from sevai.tickets.models import Tag, Ticket

Status = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
ChannelName = Literal["email", "chat", "web_form", "api", "portal", "phone", "whatsapp", "internal"]


class TicketFilters(Schema):
    """Query parameters of GET /tickets. Repeat ?status= for several statuses."""

    status: list[Status] = Field(default_factory=list)
    priority: Priority | None = None
    team_id: int | None = None
    assignee_id: int | Literal["none"] | None = Field(
        None, description='An agent id, or "none" for unassigned tickets.'
    )
    channel: ChannelName | None = None
    language: str | None = None
    tag: str | None = None
    organization_id: int | None = None
    customer_id: int | None = None


class TicketOut(Schema):
    id: int
    number: int
    subject: str
    status: Status
    priority: Priority
    channel: ChannelName
    language: str
    customer: CustomerRef
    team: TeamRef | None
    assignee: AgentRef | None
    tags: list[str]
    message_count: int
    merged_into: int | None = Field(description="Number of the ticket this one was merged into.")
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    solved_at: datetime | None

    @staticmethod
    def resolve_tags(obj: Ticket) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_merged_into(obj: Ticket) -> int | None:
        return obj.merged_into.number if obj.merged_into else None


class TicketDetail(TicketOut):
    linked: list[int] = Field(description="Numbers of related tickets.")

    @staticmethod
    def resolve_linked(obj: Ticket) -> list[int]:
        return linked_numbers(obj)


class TicketCreate(Schema):
    """A new ticket with its first customer message. Name the customer by id or by email."""

    model_config = ConfigDict(extra="forbid")

    customer_id: int | None = None
    customer_email: str | None = Field(None, max_length=255)
    customer_name: str = Field("", max_length=200)
    subject: str = Field(max_length=300)
    body: str = Field(min_length=1)
    channel: ChannelName = "api"
    priority: Priority = "normal"
    team_id: int | None = None
    tags: list[str] = Field(default_factory=list, max_length=50)
    language: str = Field("", max_length=10)

    @model_validator(mode="after")
    def one_customer(self) -> TicketCreate:
        if (self.customer_id is None) == (self.customer_email is None):
            raise ValueError("give either customer_id or customer_email")
        if self.customer_name and self.customer_email is None:
            raise ValueError("customer_name goes with customer_email")
        return self


class TicketUpdate(Schema):
    """Only the fields sent change. assignee_id or team_id null clears them."""

    model_config = ConfigDict(extra="forbid")

    status: Status | None = None
    priority: Priority | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    tags: list[str] | None = Field(None, max_length=50)

    @model_validator(mode="after")
    def no_nulls(self) -> TicketUpdate:
        reject_nulls(self, "status", "priority", "tags")
        return self


class MessageOut(Schema):
    id: int
    kind: Literal["customer", "reply", "note"]
    is_internal: bool
    channel: ChannelName
    body: str
    body_html: str
    language: str
    author_user: AgentRef | None
    author_customer: CustomerRef | None
    created_at: datetime


class MessageCreate(Schema):
    """A public reply (agents and admins) or an internal note (light agents too)."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1)
    kind: Literal["reply", "note"] = "reply"
    status: Status | None = Field(None, description="Change the status in the same step.")


class EventOut(Schema):
    id: int
    kind: str
    actor: AgentRef | None
    data: dict[str, Any]
    created_at: datetime


class TicketMerge(Schema):
    model_config = ConfigDict(extra="forbid")

    into: int = Field(description="Number of the ticket to keep.")


class TicketLinkCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(description="Number of the related ticket.")


class TicketLinkOut(Schema):
    number: int
    other: int
    created: bool = Field(description="False when the two were linked already.")


class TagOut(Schema):
    id: int
    name: str
    ticket_count: int

    @staticmethod
    def resolve_ticket_count(obj: Tag) -> int:
        return int(getattr(obj, "ticket_count", 0))
