"""Forms for the webhook settings pages. They validate; webhooks.actions writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevai.webhooks.models import SUBSCRIBABLE_EVENTS, Webhook


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Receiver URL"),
        help_text=_("Sevai POSTs JSON here, for example: https://crm.example.com/hooks/sevai"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=[(e.value, e.label) for e in SUBSCRIBABLE_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Internal notes are never sent."),
        error_messages={"required": _("Choose at least one event to send.")},
    )

    @classmethod
    def for_webhook(cls, webhook: Webhook, data: Any = None) -> WebhookForm:
        return cls(data, initial={"url": webhook.url, "events": webhook.events})
