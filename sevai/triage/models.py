"""What triage predicted for a ticket (and what an agent corrected), and training runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.tickets.models import Ticket


class TicketPrediction(models.Model):
    """One per ticket: a predicted topic (a tag), a priority suggestion and the urgency and
    sentiment flags, each with its confidence. Empty topic: the model abstained or none is
    trained yet. Corrections by agents are the labels the next training run learns from."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="prediction")
    topic = models.CharField(_("predicted topic"), max_length=64, blank=True)
    topic_confidence = models.FloatField(default=0.0)
    priority = models.CharField(
        _("suggested priority"), max_length=10, choices=Ticket.Priority, blank=True
    )
    priority_confidence = models.FloatField(default=0.0)
    priority_reason = models.CharField(max_length=20, blank=True)  # model, flags, vip, default
    is_urgent = models.BooleanField(_("urgent"), default=False, db_index=True)
    urgent_confidence = models.FloatField(default=0.0)
    is_angry = models.BooleanField(_("angry"), default=False, db_index=True)
    angry_confidence = models.FloatField(default=0.0)
    is_churn_risk = models.BooleanField(_("at risk of churn"), default=False, db_index=True)
    churn_confidence = models.FloatField(default=0.0)
    cues = models.JSONField(default=dict, blank=True)  # {"urgent": ["asap", ...], ...}
    model_version = models.CharField(max_length=40, blank=True)  # "" = rules only
    corrected_topic = models.CharField(_("topic"), max_length=64, blank=True)
    corrected_priority = models.CharField(
        _("priority"), max_length=10, choices=Ticket.Priority, blank=True
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(priority__in=["", "low", "normal", "high", "urgent"])
                & models.Q(corrected_priority__in=["", "low", "normal", "high", "urgent"]),
                name="ticketprediction_priority_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"prediction for #{self.ticket_id}"

    @property
    def final_topic(self) -> str:
        return self.corrected_topic or self.topic

    @property
    def final_priority(self) -> str:
        return self.corrected_priority or self.priority


class TrainingRun(models.Model):
    """One training of the topic and priority models: queued by the CLI, a task or an admin."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Not enough history")
        FAILED = "failed", _("Failed")

    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    model_version = models.CharField(max_length=40, blank=True)
    summary = models.JSONField(default=dict, blank=True)  # examples, labels, figures
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "running", "done", "skipped", "failed"]),
                name="trainingrun_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"training run {self.pk} ({self.state})"
