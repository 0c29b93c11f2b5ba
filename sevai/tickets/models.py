"""Tickets, their messages, the event timeline, tags, links and saved views."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import Team
from sevai.customers.models import Customer


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat")
    WEB_FORM = "web_form", _("Web form")
    API = "api", _("API")
    PORTAL = "portal", _("Portal")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    INTERNAL = "internal", _("Internal")


class Counter(models.Model):
    """A named monotonic counter (ticket numbers)."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        PENDING = "pending", _("Pending")
        ON_HOLD = "on_hold", _("On hold")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
    PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}

    number = models.PositiveBigIntegerField(_("number"), unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority, default=Priority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    language = models.CharField(_("language"), max_length=10, blank=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("customer")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("team"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    tags = models.ManyToManyField(Tag, related_name="tickets", blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_tickets"
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("updated"))
    first_response_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)
    # Derived by the database from status and priority, so the inbox can read them from an index.
    is_open = models.GeneratedField(
        expression=models.Case(
            models.When(status__in=["new", "open", "pending", "on_hold"], then=models.Value(True)),
            default=models.Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    priority_rank = models.GeneratedField(
        expression=models.Case(
            models.When(priority="urgent", then=models.Value(3)),
            models.When(priority="high", then=models.Value(2)),
            models.When(priority="normal", then=models.Value(1)),
            default=models.Value(0),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    reopen_count = models.PositiveIntegerField(default=0)
    transfer_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="ticket_status_updated"),
            models.Index(
                fields=["assignee", "status", "-updated_at"], name="ticket_assignee_status"
            ),
            models.Index(fields=["team", "status", "-updated_at"], name="ticket_team_status"),
            models.Index(fields=["customer", "-created_at"], name="ticket_customer_created"),
            models.Index(fields=["-updated_at", "-id"], name="ticket_updated_id"),
            models.Index(fields=["is_open", "-updated_at", "-id"], name="ticket_open_updated"),
            models.Index(
                fields=["assignee", "is_open", "-updated_at", "-id"], name="ticket_assignee_open"
            ),
            models.Index(
                fields=["is_open", "-priority_rank", "-updated_at", "-id"],
                name="ticket_open_priority",
            ),
            models.Index(
                fields=["-priority_rank", "-updated_at", "-id"], name="ticket_priority_updated"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["new", "open", "pending", "on_hold", "solved", "closed"]
                ),
                name="ticket_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=["low", "normal", "high", "urgent"]),
                name="ticket_priority_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="ticket_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"


class Message(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("Customer message")
        REPLY = "reply", _("Public reply")
        NOTE = "note", _("Internal note")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=Kind)
    channel = models.CharField(max_length=20, choices=Channel)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    author_customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    body = models.TextField()
    body_html = models.TextField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["customer", "reply", "note"]),
                name="message_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="customer") | models.Q(author_customer__isnull=True),
                name="message_only_customer_kind_has_customer_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on #{self.ticket_id}"

    @property
    def is_internal(self) -> bool:
        return self.kind == self.Kind.NOTE

    @property
    def is_from_customer(self) -> bool:
        return self.kind == self.Kind.CUSTOMER


class Event(models.Model):
    """One row per state change on a ticket: the timeline."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        ASSIGNED = "assigned", _("Assigned")
        TEAM = "team", _("Transferred")
        TAGS = "tags", _("Tags changed")
        SUBJECT = "subject", _("Subject changed")
        CUSTOMER = "customer", _("Customer changed")
        MESSAGE = "message", _("Customer wrote")
        REPLY = "reply", _("Replied")
        NOTE = "note", _("Internal note")
        MENTION = "mention", _("Mentioned")
        REOPENED = "reopened", _("Reopened")
        MERGED = "merged", _("Merged")
        MERGED_FROM = "merged_from", _("Ticket merged in")
        LINKED = "linked", _("Linked")
        UNLINKED = "unlinked", _("Unlinked")
        ARTICLE = "article", _("drafted a knowledge base article from this ticket")
        ASSISTANT = "assistant", _("Assistant answered")
        HANDED_OFF = "handed_off", _("Handed to a person")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_created")]

    def __str__(self) -> str:
        return f"{self.kind} on #{self.ticket_id}"


class TicketLink(models.Model):
    """Two related tickets (stored once, smaller id first)."""

    source = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="links_in")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="ticketlink_unique"),
            models.CheckConstraint(
                condition=models.Q(source__lt=models.F("target")), name="ticketlink_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}↔{self.target_id}"


class SavedView(models.Model):
    """A named inbox filter. Shared views are visible to every agent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(max_length=1000)
    shared = models.BooleanField(_("shared with the team"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", _("Mentioned you")
        ASSIGNED = "assigned", _("Assigned to you")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
