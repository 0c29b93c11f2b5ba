"""Forms for the assistant's settings page and conversation pages. They validate; writes are
in sevai.assistant.admin.actions (settings, deleting corrections) and sevai.assistant.actions
(corrections)."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Field, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sevai.assistant.admin.actions import SETTINGS_FIELDS
from sevai.assistant.models import AssistantSettings, Turn
from sevai.kb.models import Article, Status
from sevai.mail.models import Mailbox
from sevai.tickets.models import Channel

MAX_TIMEOUT = 120.0


def _model_field(name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", AssistantSettings._meta.get_field(name))


def _label(name: str) -> Any:
    return capfirst(_model_field(name).verbose_name)


def _help(name: str) -> Any:
    return _model_field(name).help_text


class AssistantSettingsForm(forms.Form):
    on_chat = forms.BooleanField(label=_label("on_chat"), required=False)
    on_web_form = forms.BooleanField(label=_label("on_web_form"), required=False)
    on_portal = forms.BooleanField(label=_label("on_portal"), required=False)
    email_mailboxes = forms.ModelMultipleChoiceField(
        label=_label("email_mailboxes"),
        queryset=Mailbox.objects.order_by("name", "pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The assistant answers new email only in these mailboxes."),
    )
    min_confidence = forms.FloatField(
        label=_label("min_confidence"),
        help_text=_help("min_confidence"),
        min_value=0.0,
        max_value=1.0,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    generative_enabled = forms.BooleanField(
        label=_label("generative_enabled"),
        required=False,
        help_text=_(
            "The model writes the answer from the articles the assistant found and must cite "
            "one after every sentence; otherwise the assistant answers with the articles' "
            "own sentences."
        ),
    )
    generative_base_url = forms.CharField(
        label=_label("generative_base_url"),
        help_text=_help("generative_base_url"),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "http://127.0.0.1:11434/v1"}),
    )
    generative_model = forms.CharField(
        label=_label("generative_model"), required=False, max_length=200
    )
    api_key = forms.CharField(
        label=_("API key"),
        required=False,
        strip=True,
        max_length=1000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    clear_api_key = forms.BooleanField(label=_("Remove the stored key"), required=False)
    generative_timeout = forms.FloatField(
        label=_label("generative_timeout"),
        min_value=1.0,
        max_value=MAX_TIMEOUT,
        widget=forms.NumberInput(attrs={"step": "1"}),
    )

    def __init__(self, *args: Any, has_key: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["api_key"].help_text = (
            _("Stored encrypted and never shown. Leave empty to keep the current one.")
            if has_key
            else _("Stored encrypted. Leave empty if the endpoint needs none.")
        )
        if not has_key:
            del self.fields["clear_api_key"]

    @classmethod
    def for_settings(cls, row: AssistantSettings, data: Any = None) -> AssistantSettingsForm:
        initial = {name: getattr(row, name) for name in SETTINGS_FIELDS}
        initial["email_mailboxes"] = [m.pk for m in row.email_mailboxes.all()]
        return cls(data, initial=initial, has_key=bool(row.generative_key_encrypted))

    def clean_generative_base_url(self) -> str:
        url = str(self.cleaned_data["generative_base_url"]).strip()
        if not url:
            return ""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(_("Enter an http:// or https:// address."))
        if parts.username or parts.password:
            raise ValidationError(_("Put the key in the API key field, not in the address."))
        return url.rstrip("/")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("generative_enabled"):
            if not data.get("generative_base_url"):
                self.add_error(
                    "generative_base_url", _("Enter the endpoint to write answers with a model.")
                )
            if not str(data.get("generative_model") or "").strip():
                self.add_error("generative_model", _("Enter the model to use."))
        return data

    def settings_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}
        values["generative_model"] = str(values["generative_model"]).strip()
        values["email_mailboxes"] = list(self.cleaned_data["email_mailboxes"])
        return values


PERIODS = (
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    ("all", _("All time")),
)
DEFAULT_PERIOD = "30"
NO_FEEDBACK = "none"


class TurnFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Any outcome")), *Turn.Outcome.choices], required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Any reason")), *(c for c in Turn.Reason.choices if c[0])],
        required=False,
    )
    feedback = forms.ChoiceField(
        label=_("Feedback"),
        choices=[
            ("", _("Any feedback")),
            (Turn.Feedback.YES, Turn.Feedback.YES.label),
            (Turn.Feedback.NO, Turn.Feedback.NO.label),
            (NO_FEEDBACK, _("No feedback")),
        ],
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any channel")), *Channel.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any language")), *settings.LANGUAGES],
        required=False,
    )


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(translations__status=Status.PUBLISHED).distinct()


class CorrectionForm(forms.Form):
    """Either an article ("this should have been answered with...") or to_person."""

    article = forms.ModelChoiceField(
        label=_("Article"),
        queryset=published_articles(),
        required=False,
        error_messages={"invalid_choice": _("Choose a published article.")},
    )
    to_person = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if bool(data.get("article")) == bool(data.get("to_person")):
            raise ValidationError(_("Choose an article, or say it should have gone to a person."))
        return data
