"""Forms of the agent workspace."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import Team, User
from sevai.customers.models import Identity, Organization
from sevai.tickets.models import Channel, Ticket

SORT_CHOICES = [
    ("-updated", _("Recently updated")),
    ("updated", _("Least recently updated")),
    ("-created", _("Newest")),
    ("created", _("Oldest")),
    ("-priority", _("Priority")),
    ("-number", _("Number (high to low)")),
    ("number", _("Number (low to high)")),
]


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101
    return field


def agent_choices() -> list[tuple[str, str]]:
    return [(str(u.pk), u.name) for u in User.objects.filter(is_active=True)]


class InboxFilterForm(forms.Form):
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=Ticket.Status.choices, required=False
    )
    priority = forms.MultipleChoiceField(
        label=_("Priority"), choices=Ticket.Priority.choices, required=False
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    channel = forms.MultipleChoiceField(label=_("Channel"), choices=Channel.choices, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=64)
    organization = forms.TypedChoiceField(
        label=_("Organization"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, agents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "assignee").choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Unassigned")),
            *agents,
        ]
        choice_field(self, "language").choices = [("", _("Any language")), *settings.LANGUAGES]
        choice_field(self, "team").choices = [
            ("", _("Any team")),
            *((str(pk), name) for pk, name in Team.objects.values_list("pk", "name")),
        ]
        choice_field(self, "organization").choices = [
            ("", _("Any organization")),
            *((str(pk), name) for pk, name in Organization.objects.values_list("pk", "name")),
        ]


class TicketPropertiesForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Ticket.Status.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), required=False, empty_label=_("No team")
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        empty_label=_("Unassigned"),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas."),
    )

    def tag_names(self) -> list[str]:
        return [t for t in self.cleaned_data["tags"].split(",") if t.strip()]


class ComposerForm(forms.Form):
    KIND_CHOICES = [("reply", _("Public reply")), ("note", _("Internal note"))]
    kind = forms.ChoiceField(choices=KIND_CHOICES)
    body = forms.CharField(label=_("Message"), max_length=200_000, strip=True)
    status = forms.ChoiceField(
        label=_("Then set status"),
        choices=[("", _("Keep status")), *Ticket.Status.choices[:-1]],
        required=False,
    )


class BulkForm(forms.Form):
    ACTIONS = [
        ("assign", _("Assign")),
        ("close", _("Mark solved")),
        ("tag", _("Add tag")),
    ]
    ticket = forms.ModelMultipleChoiceField(
        queryset=Ticket.objects.all(),
        to_field_name="number",
        error_messages={"required": _("Select at least one ticket.")},
    )
    action = forms.ChoiceField(choices=ACTIONS)
    assignee = forms.ModelChoiceField(queryset=User.objects.filter(is_active=True), required=False)
    tag = forms.CharField(max_length=64, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("Choose whom to assign the tickets to."))
        if data.get("action") == "tag" and not (data.get("tag") or "").strip():
            self.add_error("tag", _("Type the tag to add."))
        return data


class TicketNumberForm(forms.Form):
    number = forms.IntegerField(label=_("Ticket number"), min_value=1)

    def clean_number(self) -> Ticket:
        number = self.cleaned_data["number"]
        ticket = Ticket.objects.filter(number=number).first()
        if ticket is None:
            raise forms.ValidationError(_("There is no ticket #%(n)s.") % {"n": number})
        return ticket


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of the view"), max_length=100)
    shared = forms.BooleanField(label=_("Share with the team"), required=False)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.all(), required=False
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, required=False)
    is_vip = forms.BooleanField(label=_("VIP"), required=False)
    value = forms.DecimalField(
        label=_("Lifetime value"), max_digits=12, decimal_places=2, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "language").choices = [("", _("Unknown")), *settings.LANGUAGES]


class IdentityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Identity.Kind.choices)
    value = forms.CharField(label=_("Value"), max_length=255)


class CustomerMergeForm(forms.Form):
    into = forms.IntegerField(label=_("Customer to keep (id)"), min_value=1)
