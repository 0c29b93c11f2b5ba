"""The public contact form and the admins' topic form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.boundfield import BoundField
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sevai.contact import spam
from sevai.contact.models import ContactCategory
from sevai.tickets.actions.lifecycle import clean_tag_names
from sevai.tickets.actions.uploads import MAX_FILES, uploads_problems

MAX_NAME_CHARS = 200
MAX_SUBJECT_CHARS = 200
MAX_MESSAGE_CHARS = 20_000
MAX_EMAIL_CHARS = 254  # RFC 5321; identities hold at most 255
PUBLIC_FIELDS = ("name", "email", "category", "subject", "message", "attachments")


def grouped(n: int) -> str:
    """20000 → "20,000" (in the active language's format)."""
    return number_format(n, force_grouping=True)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, checked with the rules for customer uploads."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        problems = uploads_problems(files)
        if problems:
            raise ValidationError(problems)
        return files


class ContactForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=MAX_NAME_CHARS,
        error_messages={"required": gettext_lazy("Please tell us your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=MAX_EMAIL_CHARS,
        help_text=gettext_lazy("We answer you at this address."),
        error_messages={
            "required": gettext_lazy("Please enter your email address, so that we can answer."),
            "invalid": gettext_lazy("Enter an email address such as name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    category = forms.TypedChoiceField(
        label=gettext_lazy("Topic"),
        coerce=int,
        empty_value=None,
        error_messages={
            "required": gettext_lazy("Please choose the topic closest to your question."),
            "invalid_choice": gettext_lazy("Choose one of the topics in the list."),
        },
    )
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=MAX_SUBJECT_CHARS,
        error_messages={"required": gettext_lazy("Please give your message a subject.")},
    )
    message = forms.CharField(
        label=gettext_lazy("Message"),
        error_messages={"required": gettext_lazy("Please write your message.")},
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_MESSAGE_CHARS}),
    )
    attachments = MultipleFileField(label=gettext_lazy("Attachments"))
    # Spam protection (sevai.contact.spam): hidden from people, checked by the view and clean().
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        categories: Sequence[ContactCategory] = (),
        now: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {c.pk: c for c in categories}
        self.now = now
        if categories:
            choices = [("", _("Choose a topic")), *((str(c.pk), c.name) for c in categories)]
            self.fields["category"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["category"]
        self.fields["message"].help_text = _("At most %(n)s characters.") % {
            "n": grouped(MAX_MESSAGE_CHARS)
        }
        self.fields["attachments"].help_text = _(
            "Up to %(files)d files, at most %(mb)d MB each. "
            "Programs and web pages (such as .exe, .js or .html files) are not accepted."
        ) % {"files": MAX_FILES, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}

    @property
    def public_fields(self) -> list[BoundField]:
        """The fields people fill in, in order (not the spam-protection ones)."""
        return [self[name] for name in PUBLIC_FIELDS if name in self.fields]

    @property
    def files_to_choose_again(self) -> bool:
        """Browsers cannot keep chosen files when the form comes back with errors."""
        return self.is_bound and bool(self.files) and bool(self.errors)

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_category(self) -> ContactCategory | None:
        pk = self.cleaned_data["category"]
        if pk not in self.categories:
            raise ValidationError(_("Choose one of the topics in the list."))
        return self.categories[pk]

    def clean_subject(self) -> str:
        return " ".join(str(self.cleaned_data["subject"]).split())

    def clean_message(self) -> str:
        # Browsers send line breaks as CRLF but count them as one character (maxlength).
        message = str(self.cleaned_data["message"]).replace("\r\n", "\n").strip()
        if len(message) > MAX_MESSAGE_CHARS:
            raise ValidationError(
                _(
                    "Your message is too long: %(n)s characters, at most %(max)s are accepted. "
                    "Please shorten it, or send the details as an attachment."
                )
                % {"n": grouped(len(message)), "max": grouped(MAX_MESSAGE_CHARS)}
            )
        return message

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problem = spam.form_token_problem(self.data.get(spam.TOKEN_FIELD, ""), now=self.now)
        if problem:
            self.add_error(None, problem)
        return cleaned


if TYPE_CHECKING:
    CategoryModelForm = forms.ModelForm[ContactCategory]
else:
    CategoryModelForm = forms.ModelForm


class ContactCategoryForm(CategoryModelForm):
    class Meta:
        model = ContactCategory
        fields = ["name", "brand", "tag", "team", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brand"].empty_label = _("Every brand")  # type: ignore[attr-defined]
        self.fields["team"].empty_label = _("The brand's team")  # type: ignore[attr-defined]

    def clean_tag(self) -> str:
        names = clean_tag_names([str(self.cleaned_data["tag"])])
        return names[0] if names else ""
