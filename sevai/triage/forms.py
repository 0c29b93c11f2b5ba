from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevai.tickets.models import Ticket


class CorrectionForm(forms.Form):
    """An agent's word on a ticket's topic and priority (blank: no opinion)."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", "—"), *Ticket.Priority.choices],
    )

    def __init__(self, *args: Any, topics: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
        field.choices = [("", "—"), *((name, name) for name in topics)]
