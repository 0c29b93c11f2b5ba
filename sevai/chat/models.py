"""Live chat: widgets on customers' sites, visitors' conversations and their ordered entries.

A conversation's messages are ticket messages (channel "chat"); a ChatEntry gives each one a
sequence number in its conversation and remembers the client id it was sent with, so that a
reconnecting widget can resend without doubling and fetch what it missed.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import Team
from sevai.brands.models import HEX_COLOUR, Brand
from sevai.customers.models import Customer
from sevai.tickets.models import Message, Ticket


def new_widget_key() -> str:
    return secrets.token_urlsafe(12)


class ChatWidget(models.Model):
    class PreChat(models.TextChoices):
        OFF = "off", _("No form: visitors start typing at once")
        OPTIONAL = "optional", _("Ask for name and email; visitors may skip it")
        REQUIRED = "required", _("Name and email are required")

    brand = models.ForeignKey(Brand, verbose_name=_("brand"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=32, unique=True, default=new_widget_key, editable=False)
    secret_encrypted = models.TextField(editable=False)  # for signed user identities
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text=_("Leave empty to use the brand's colour."),
    )
    greeting = models.CharField(_("greeting"), max_length=300, blank=True)
    team_name = models.CharField(_("team name shown to visitors"), max_length=100, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True
    )
    pre_chat = models.CharField(
        _("pre-chat form"), max_length=10, choices=PreChat, default=PreChat.OPTIONAL
    )
    offline_expectation = models.CharField(
        _("when offline, tell visitors"),
        max_length=200,
        blank=True,
        help_text=_("For example: We answer within 4 hours, Monday to Friday."),
    )
    allowed_origins = models.JSONField(
        _("sites allowed to embed the widget"), default=list, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_colour(self) -> str:
        return self.colour or self.brand.colour


class Conversation(models.Model):
    widget = models.ForeignKey(ChatWidget, on_delete=models.CASCADE, related_name="conversations")
    visitor_key = models.CharField(max_length=32, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True)
    ticket = models.OneToOneField(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="chat"
    )
    language = models.CharField(max_length=10, blank=True)
    page_url = models.URLField(max_length=1000, blank=True)
    last_seq = models.PositiveIntegerField(default=0)
    visitor_read_seq = models.PositiveIntegerField(default=0)
    agent_read_seq = models.PositiveIntegerField(default=0)
    email_follow_up = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"chat {self.pk}"


class ChatEntry(models.Model):
    class Author(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        AGENT = "agent", _("Agent")
        ASSISTANT = "assistant", _("Assistant")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="entries")
    seq = models.PositiveIntegerField()
    client_id = models.CharField(max_length=64, blank=True)
    author = models.CharField(max_length=10, choices=Author)
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="chat_entry")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_entry_seq"),
            models.UniqueConstraint(
                fields=["conversation", "client_id"],
                condition=~models.Q(client_id=""),
                name="chat_entry_client_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"
