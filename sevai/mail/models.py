"""Mailboxes, the raw inbound store, Message-ID references, attachments and the outbox."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import Team
from sevai.lib.crypto import decrypt
from sevai.tickets.models import Message, Ticket


class Mailbox(models.Model):
    class Security(models.TextChoices):
        NONE = "none", _("None (plain text, local tests only)")
        STARTTLS = "starttls", _("STARTTLS")
        TLS = "tls", _("TLS")

    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(_("support address"), unique=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("default team")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # IMAP (incoming). Empty host: this mailbox only receives through the HTTP endpoint.
    imap_host = models.CharField(_("IMAP host"), max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=10, choices=Security, default=Security.TLS
    )
    imap_username = models.CharField(_("IMAP username"), max_length=255, blank=True)
    imap_password_encrypted = models.TextField(blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    imap_processed_folder = models.CharField(
        _("move processed mail to"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to keep mail in place and flag it as processed."),
    )
    # SMTP (outgoing)
    smtp_host = models.CharField(_("SMTP host"), max_length=255, blank=True)
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=587)
    smtp_security = models.CharField(
        _("SMTP security"), max_length=10, choices=Security, default=Security.STARTTLS
    )
    smtp_username = models.CharField(_("SMTP username"), max_length=255, blank=True)
    smtp_password_encrypted = models.TextField(blank=True)
    # HTTP inbound endpoint: only a hash of the secret is kept.
    inbound_secret_hash = models.CharField(max_length=64, blank=True)
    send_acknowledgement = models.BooleanField(_("acknowledge new requests by email"), default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    def __repr__(self) -> str:  # never show secrets
        return f"<Mailbox {self.pk} {self.address}>"

    @property
    def imap_password(self) -> str:
        return decrypt(self.imap_password_encrypted)

    @property
    def smtp_password(self) -> str:
        return decrypt(self.smtp_password_encrypted)


class InboundMessage(models.Model):
    """Every mail that arrived, stored byte for byte before anything parses it."""

    class Source(models.TextChoices):
        IMAP = "imap", _("IMAP")
        HTTP = "http", _("HTTP endpoint")
        IMPORT = "import", _("Import")
        SMTP = "smtp", _("SMTP")

    class State(models.TextChoices):
        STORED = "stored", _("Stored, waiting to be processed")
        PROCESSING = "processing", _("Processing")
        PROCESSED = "processed", _("Processed")
        FLAGGED = "flagged", _("Needs an admin's look")
        IGNORED = "ignored", _("Recorded, no ticket (noise)")

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound"
    )
    source = models.CharField(max_length=10, choices=Source)
    raw = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(max_length=998, blank=True, db_index=True)
    state = models.CharField(max_length=12, choices=State, default=State.STORED)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    ticket = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_mail"
    )
    ticket_message = models.OneToOneField(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_mail"
    )
    # How it was understood: sender, identity, language, threading rule, noise verdict...
    verdict = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["state", "received_at"], name="inbound_state_received")]

    def __str__(self) -> str:
        return f"inbound {self.pk} ({self.state})"


class MessageReference(models.Model):
    """A Message-ID Sevai sent or received, and the ticket it belongs to (threading)."""

    message_id = models.CharField(max_length=998, unique=True)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="mail_references")
    ticket_message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="mail_references"
    )
    outbound = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.message_id


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="attachments/%Y/%m/", blank=True)
    content_id = models.CharField(max_length=255, blank=True)
    inline = models.BooleanField(default=False)
    # Too large or refused: recorded with the reason, content not kept.
    skipped_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class OutboundEmail(models.Model):
    """The outbox: written in the same transaction as the reply; a worker sends it.

    Ticket mail (replies, acknowledgements, solved notices) has a ticket; a portal sign-in
    link has none, and its body (which holds the secret link) is cleared once it is sent.
    """

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        ACKNOWLEDGEMENT = "ack", _("Acknowledgement")
        SOLVED = "solved", _("Solved notice")
        PORTAL_LINK = "portal_link", _("Portal sign-in link")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="outbound")
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, null=True, blank=True, related_name="outbound_mail"
    )
    ticket_message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="outbound_mail"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=998)
    message_id = models.CharField(max_length=998, unique=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    language = models.CharField(max_length=10, blank=True)  # of the bodies (Content-Language)
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)
    permanent_failure = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbound_due")]

    def __str__(self) -> str:
        about = f"#{self.ticket_id}" if self.ticket_id else "no ticket"
        return f"{self.kind} for {about} ({self.state})"
