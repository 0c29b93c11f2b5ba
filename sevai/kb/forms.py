"""Forms of the knowledge-base pages. They check input; sevai.kb.actions does the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sevai.brands.models import Brand
from sevai.kb.content import clean_language, language_choices
from sevai.kb.models import Category, Section, Status
from sevai.kb.slugs import validate_slug

BODY_WIDGET = forms.Textarea(attrs={"rows": 18, "class": "kb-body", "spellcheck": "true"})
SLUG_HELP = _("Part of the article's address. Leave empty to make one from the title.")


def split_tags(value: str) -> list[str]:
    return [t for t in (part.strip() for part in (value or "").split(",")) if t]


def category_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(c.pk), f"{c.name_in(settings.LANGUAGE_CODE)}{f' ({c.brand})' if c.brand else ''}")
        for c in Category.objects.select_related("brand")
    ]


def section_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(s.pk), f"{s.category} › {s}") for s in Section.objects.select_related("category")
    ]


class LanguageField(forms.CharField):
    """Any language code (en, ta, tl, hy, pt-br …), offered from a list of known ones."""

    widget = forms.TextInput(attrs={"list": "kb-languages", "size": 10, "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return clean_language(value) if value else ""


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *language_choices(languages)]  # type: ignore[attr-defined]
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]


class PlaceFields(forms.Form):
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    section = forms.TypedChoiceField(
        label=_("Section"), required=False, coerce=int, empty_value=None
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas."), max_length=500
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]
        self.fields["section"].choices = section_choices()  # type: ignore[attr-defined]

    def place(self) -> tuple[Category | None, Section | None]:
        data = self.cleaned_data
        section = Section.objects.filter(pk=data["section"]).first() if data["section"] else None
        category = (
            Category.objects.filter(pk=data["category"]).first() if data["category"] else None
        )
        return category or (section.category if section else None), section

    def tag_names(self) -> list[str]:
        return split_tags(self.cleaned_data.get("tags", ""))


class TranslationFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.CharField(
        label=_("Address name"), required=False, max_length=200, help_text=SLUG_HELP
    )
    body_markdown = forms.CharField(
        label=_("Text"),
        required=False,
        widget=BODY_WIDGET,
        help_text=_("Markdown: **bold**, *italic*, [link](https://…), lists with - or 1."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.DRAFT)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].strip()
        if slug:
            validate_slug(slug)
        return slug


class ArticleForm(TranslationFields, PlaceFields):
    """A new article: its first language and where it lives."""

    language = LanguageField(label=_("Language"), max_length=10, initial=settings.LANGUAGE_CODE)
    brand = forms.ModelChoiceField(
        label=_("Brand"),
        queryset=Brand.objects.all(),
        required=False,
        empty_label=_("Every brand"),
    )
    field_order = ["language", "title", "slug", "body_markdown", "status", "category", "section"]


class TranslationForm(TranslationFields):
    """Editing one language of an article."""

    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=200,
        help_text=_("Kept with the revision."),
    )


class NewTranslationForm(TranslationFields):
    language = LanguageField(label=_("Language"), max_length=10)
    field_order = ["language", "title", "slug", "body_markdown", "status"]

    def __init__(self, *args: Any, taken: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def clean_language(self) -> str:
        language: str = self.cleaned_data["language"]
        if language in self.taken:
            raise ValidationError(_("This article already has that language."))
        return language


class ArticleSettingsForm(PlaceFields):
    default_language = forms.ChoiceField(
        label=_("Default language"),
        help_text=_("Readers whose language has no published version see this one."),
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_language"].choices = language_choices(languages)  # type: ignore[attr-defined]


class NamesForm(forms.Form):
    """Address name, position and a name per desk language."""

    slug = forms.CharField(label=_("Address name"), max_length=100, validators=[validate_slug])
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in language_choices():
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": name},
                required=code == settings.LANGUAGE_CODE,
                max_length=120,
            )

    def names(self) -> dict[str, str]:
        return {
            key.removeprefix("name_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("name_")
        }

    @staticmethod
    def initial_for(slug: str, position: int, names: dict[str, str]) -> dict[str, Any]:
        return {"slug": slug, "position": position} | {f"name_{k}": v for k, v in names.items()}


class CategoryForm(NamesForm):
    brand = forms.ModelChoiceField(
        label=_("Brand"), queryset=Brand.objects.all(), required=False, empty_label=_("Every brand")
    )


class SectionForm(NamesForm):
    pass
