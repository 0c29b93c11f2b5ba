"""Forms for the mailbox settings pages. They validate; sevai.mail.admin.actions writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sevai.mail.admin.actions import SETTINGS_FIELDS
from sevai.mail.models import InboundMessage, Mailbox

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_PORT = 65535
PASSWORD_HELP_NEW = _("Stored encrypted. Leave empty if the server needs none.")
PASSWORD_HELP_KEEP = _("Stored encrypted and never shown. Leave empty to keep the current one.")


def password_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        max_length=1000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )


class MailboxForm(forms.ModelForm):  # type: ignore[type-arg]
    """All mailbox settings. Passwords are write-only: never rendered back."""

    imap_password = password_field(_("IMAP password"))
    smtp_password = password_field(_("SMTP password"))

    class Meta:
        model = Mailbox
        fields = SETTINGS_FIELDS
        help_texts = {
            "address": _("Customers write to this address; replies are sent from it."),
            "imap_host": _("Leave empty if mail arrives only through the HTTP endpoint."),
            "imap_port": _("993 for TLS, 143 for STARTTLS."),
            "imap_folder": _("The folder Sevai reads new mail from."),
            "smtp_port": _("587 for STARTTLS, 465 for TLS."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        has_password = self.instance.pk and self.instance.imap_password_encrypted
        self.fields["imap_password"].help_text = (
            PASSWORD_HELP_KEEP if has_password else PASSWORD_HELP_NEW
        )
        has_password = self.instance.pk and self.instance.smtp_password_encrypted
        self.fields["smtp_password"].help_text = (
            PASSWORD_HELP_KEEP if has_password else PASSWORD_HELP_NEW
        )
        # Keep the order of the page: each password right after its username.
        order = list(SETTINGS_FIELDS)
        order.insert(order.index("imap_username") + 1, "imap_password")
        order.insert(order.index("smtp_username") + 1, "smtp_password")
        self.order_fields(order)

    def _port(self, name: str) -> int:
        port = int(self.cleaned_data[name])
        if not 1 <= port <= MAX_PORT:
            raise ValidationError(_("Enter a port between 1 and 65535."))
        return port

    def clean_imap_port(self) -> int:
        return self._port("imap_port")

    def clean_smtp_port(self) -> int:
        return self._port("smtp_port")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("imap_host") and not data.get("imap_username"):
            self.add_error("imap_username", _("Enter the username for the IMAP server."))
        folder = (data.get("imap_folder") or "").strip()
        processed = (data.get("imap_processed_folder") or "").strip()
        if processed and processed == folder:
            self.add_error(
                "imap_processed_folder",
                _("Choose a folder other than the one new mail is read from."),
            )
        return data

    def settings_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}


class InboundFilterForm(forms.Form):
    mailbox = forms.ModelChoiceField(
        label=_("Mailbox"),
        queryset=Mailbox.objects.order_by("name"),
        required=False,
        empty_label=_("All mailboxes"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Any state")), *InboundMessage.State.choices],
        required=False,
    )
