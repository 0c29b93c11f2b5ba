"""Portal forms: the sign-in address, a reply, a new request. Uploads are checked here with
the same rules as every public upload (sevai.tickets.actions.uploads)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from sevai.tickets.actions.messages import MAX_BODY_CHARS, MAX_SUBJECT_CHARS
from sevai.tickets.actions.uploads import MAX_FILES, uploads_problems


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one <input type="file" multiple>; cleans to a list (maybe empty)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        problems = uploads_problems(cleaned)
        if problems:
            raise ValidationError(problems)
        return cleaned


def files_help() -> str:
    return str(
        _("Up to %(n)d files, each at most %(mb)d MB.")
        % {"n": MAX_FILES, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
    )


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(label=_("Attach files"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = files_help()


class NewRequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT_CHARS)
    body = forms.CharField(
        label=_("How can we help?"),
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(label=_("Attach files"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = files_help()
