"""The chat widget settings form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sevai.chat.models import ChatWidget


class WidgetForm(forms.ModelForm[ChatWidget]):
    allowed_origins = forms.CharField(
        label=_("Sites allowed to embed the widget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, such as https://shop.example.com. Empty: any site."),
    )

    class Meta:
        model = ChatWidget
        fields = [
            "name",
            "brand",
            "greeting",
            "team_name",
            "team",
            "colour",
            "pre_chat",
            "offline_expectation",
            "is_active",
        ]
        widgets = {"colour": forms.TextInput(attrs={"placeholder": "#0f766e"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["allowed_origins"] = "\n".join(self.instance.allowed_origins or [])

    def clean_allowed_origins(self) -> list[str]:
        origins = []
        for line in str(self.cleaned_data.get("allowed_origins") or "").splitlines():
            origin = line.strip().rstrip("/")
            if not origin:
                continue
            if not origin.startswith(("http://", "https://")) or "/" in origin.split("://", 1)[1]:
                raise forms.ValidationError(
                    _("%(origin)s is not a site address such as https://shop.example.com")
                    % {"origin": origin}
                )
            origins.append(origin.lower())
        return origins

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "allowed_origins" in cleaned:
            self.instance.allowed_origins = cleaned["allowed_origins"]
        return cleaned
