"""The agents' ticket search form (workspace search page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sevai.customers.models import Identity
from sevai.tickets.models import Channel, Ticket

NO_SUCH_CUSTOMER = -1


class DateInput(forms.DateInput):
    input_type = "date"


class TicketSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    created_from = forms.DateField(label=_("Created from"), required=False, widget=DateInput)
    created_to = forms.DateField(label=_("Created until"), required=False, widget=DateInput)
    customer = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=254,
        help_text=_("Customer email, phone or number"),
    )

    def __init__(self, *args: Any, agents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, Any]]] = {
            "status": [("", _("Any status")), *Ticket.Status.choices],
            "assignee": [("", _("Anyone")), ("me", _("Me")), *agents],
            "channel": [("", _("Any channel")), *Channel.choices],
            "language": [("", _("Any language")), *settings.LANGUAGES],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101
            field.choices = options

    def clean_customer(self) -> int | None:
        """A customer id, or the customer with this identity (NO_SUCH_CUSTOMER if none)."""
        raw = self.cleaned_data["customer"].strip()
        if not raw:
            return None
        if raw.isdigit():
            return int(raw)
        found = Identity.objects.filter(value=raw.lower()).values_list("customer_id", flat=True)
        return next(iter(found), NO_SUCH_CUSTOMER)

    def search_filters(self, user_id: int) -> dict[str, Any]:
        """Keyword arguments for sevai.search.tickets.search_tickets (call is_valid() first)."""
        data = self.cleaned_data
        assignee = data.get("assignee") or None
        return {
            "status": data.get("status") or None,
            "assignee_id": user_id if assignee == "me" else (int(assignee) if assignee else None),
            "channel": data.get("channel") or None,
            "language": data.get("language") or None,
            "created_from": data.get("created_from"),
            "created_to": data.get("created_to"),
            "customer_id": data.get("customer"),
        }

    def has_filters(self) -> bool:
        return any(v is not None for v in self.search_filters(0).values())
