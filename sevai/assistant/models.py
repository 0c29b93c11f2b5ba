"""The virtual assistant: its settings, what it can quote, what it did, and admins' corrections.

Passage: a sentence-sized span of a published article translation, with its embedding; the
assistant only ever answers with passages (or, with a generative endpoint, with text whose
every claim cites one). Turn: one customer question and what the assistant did with it
(answered, or handed off to a person and why), with the customer's feedback. Correction: an
admin's "this should have been answered with article X", which later questions like it
follow. Only sevai.assistant.actions and sevai.assistant.index write these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.brands.models import Brand
from sevai.kb.models import Article, ArticleTranslation
from sevai.mail.models import Mailbox
from sevai.tickets.models import Channel, Message, Ticket

DEFAULT_MIN_CONFIDENCE = 0.5


class AssistantSettings(models.Model):
    """One row (pk=1), read through queries.assistant_settings()."""

    on_chat = models.BooleanField(_("answer in the chat widget"), default=True)
    on_web_form = models.BooleanField(_("answer contact-form requests"), default=True)
    on_portal = models.BooleanField(_("answer requests made in the portal"), default=True)
    email_mailboxes = models.ManyToManyField(
        Mailbox,
        blank=True,
        related_name="+",
        verbose_name=_("answer email sent to these mailboxes"),
    )
    min_confidence = models.FloatField(
        _("minimum confidence to answer"),
        default=DEFAULT_MIN_CONFIDENCE,
        help_text=_("Below this the assistant hands the question to a person (0 to 1)."),
    )
    generative_enabled = models.BooleanField(
        _("write answers with a language model"), default=False
    )
    generative_base_url = models.URLField(
        _("OpenAI-compatible endpoint"),
        blank=True,
        help_text=_("For example http://127.0.0.1:11434/v1 for a local Ollama server."),
    )
    generative_model = models.CharField(_("model"), max_length=200, blank=True)
    generative_key_encrypted = models.TextField(blank=True)
    generative_timeout = models.FloatField(_("timeout in seconds"), default=20.0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assistant settings")

    def __str__(self) -> str:
        return "assistant settings"

    def answers_on(self, channel: str) -> bool:
        """Whether the assistant answers on this channel (email also needs a mailbox)."""
        switches: dict[str, bool] = {
            Channel.CHAT: self.on_chat,
            Channel.WEB_FORM: self.on_web_form,
            Channel.PORTAL: self.on_portal,
        }
        return switches.get(channel, False)


class Passage(models.Model):
    """One span (a sentence, a list item, or the title) of a published translation."""

    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="assistant_passages"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, null=True, related_name="+")
    language = models.CharField(max_length=10)
    position = models.PositiveIntegerField()  # 0 = the title
    text = models.TextField()  # verbatim from the article's plain text
    embedding = models.BinaryField()  # 384 float32, L2-normalised (triage.embeddings)

    class Meta:
        ordering = ["translation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "position"], name="assistant_passage_position"
            ),
        ]

    def __str__(self) -> str:
        return f"passage {self.position} of {self.translation_id}"


class Turn(models.Model):
    """One customer question and what the assistant did with it."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        HANDED_OFF = "handed_off", _("Handed to a person")

    class Reason(models.TextChoices):
        NONE = "", _("—")
        LOW_CONFIDENCE = "low_confidence", _("Not confident enough")
        ASKED_FOR_PERSON = "asked_for_person", _("Customer asked for a person")
        FRUSTRATED = "frustrated", _("Customer is upset")
        URGENT = "urgent", _("Urgent")
        NOT_HELPFUL = "not_helpful", _("Customer said the answer did not help")
        NO_ARTICLES = "no_articles", _("No published articles")
        REFUSED = "refused", _("The language model found no answer in the articles")

    class Feedback(models.TextChoices):
        NONE = "", _("No answer yet")
        YES = "yes", _("Helped")
        NO = "no", _("Did not help")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="assistant_turns")
    question = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.OneToOneField(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assistant_turn",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    language = models.CharField(_("language"), max_length=10, blank=True)
    question_text = models.TextField(_("question"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_text = models.TextField(_("answer"), blank=True)
    # [{"passage": id, "text": "..."}]: the spans the answer is made of, in order
    spans = models.JSONField(default=list, blank=True)
    # [{"article": id, "translation": id, "title": "...", "score": 0.0, ...}] best first
    candidates = models.JSONField(default=list, blank=True)
    generated = models.BooleanField(default=False)
    feedback = models.CharField(_("feedback"), max_length=3, choices=Feedback, blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(_("hand-off summary"), blank=True)
    latency_ms = models.FloatField(default=0.0)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="assistant_turn_ticket"),
            models.Index(fields=["outcome", "-created_at"], name="assistant_turn_outcome"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["answered", "handed_off"]),
                name="assistant_turn_outcome_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(feedback__in=["", "yes", "no"]),
                name="assistant_turn_feedback_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"assistant turn {self.pk} on #{self.ticket_id}"


class Correction(models.Model):
    """An admin's correction: questions like this one should be answered with `article`
    (or, with article empty, should go to a person)."""

    turn = models.ForeignKey(
        Turn, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    question_text = models.TextField(_("question"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    embedding = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"correction {self.pk}"
