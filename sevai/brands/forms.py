"""The brand settings form."""

from __future__ import annotations

from django import forms
from django.conf import settings

from sevai.brands.models import Brand


class BrandForm(forms.ModelForm[Brand]):
    default_language = forms.ChoiceField(choices=settings.LANGUAGES)

    class Meta:
        model = Brand
        fields = ["name", "slug", "colour", "default_language", "team", "support_email"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["default_language"].label = Brand._meta.get_field(
            "default_language"
        ).verbose_name
