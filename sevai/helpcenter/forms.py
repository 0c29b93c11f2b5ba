"""The "Was this helpful?" form and the search box's input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sevai.kb.actions.votes import MAX_COMMENT_CHARS

MAX_QUERY_CHARS = 200


def clean_query(raw: str | None) -> str:
    """A search box's text: whitespace collapsed, at most MAX_QUERY_CHARS characters."""
    return " ".join((raw or "").split())[:MAX_QUERY_CHARS]


class VoteForm(forms.Form):
    helpful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
    comment = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT_CHARS}),
        error_messages={
            "max_length": _("A comment is at most %(limit_value)d characters."),
        },
    )

    @property
    def is_helpful(self) -> bool:
        return bool(self.cleaned_data["helpful"] == "yes")
