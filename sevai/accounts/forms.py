"""Forms for the settings pages. They validate; the actions in actions.py write."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import Team, User

MAX_LIST_ITEMS = 30
MAX_ITEM_CHARS = 50


def split_list(text: str) -> list[str]:
    """Comma-separated text as a clean list: trimmed, no blanks, no repeats (any case)."""
    seen: set[str] = set()
    items: list[str] = []
    for raw in text.split(","):
        item = " ".join(raw.split())[:MAX_ITEM_CHARS]
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            items.append(item)
    return items[:MAX_LIST_ITEMS]


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def split_languages(languages: list[str]) -> tuple[list[str], str]:
    """A stored language list as (the codes we offer as checkboxes, the others as text)."""
    known = {code for code, _name in settings.LANGUAGES}
    return [x for x in languages if x in known], ", ".join(x for x in languages if x not in known)


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def time_zone_choices() -> list[tuple[str, str]]:
    default = _("Server default (%(zone)s)") % {"zone": settings.TIME_ZONE}
    return [("", default), *((z, z) for z in _zone_names())]


def locale_choices() -> list[tuple[str, str]]:
    return [("", str(_("Same as my browser"))), *language_choices()]


class LanguagesMixin(forms.Form):
    """Languages an agent speaks: checkboxes for ours plus free text for any other."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        help_text=_("Separate them with commas, for example: Spanish, Malayalam"),
        required=False,
        max_length=500,
    )
    skills = forms.CharField(
        label=_("Skills"),
        help_text=_("Separate them with commas, for example: billing, returns, API"),
        required=False,
        max_length=1000,
    )

    def spoken_languages(self) -> list[str]:
        chosen = list(self.cleaned_data["languages"])
        return split_list(", ".join([*chosen, self.cleaned_data["other_languages"]]))

    def skill_list(self) -> list[str]:
        return split_list(self.cleaned_data["skills"])


def languages_initial(user: User) -> dict[str, Any]:
    known, others = split_languages(user.languages)
    return {"languages": known, "other_languages": others, "skills": ", ".join(user.skills)}


class ProfileForm(LanguagesMixin):
    display_name = forms.CharField(
        label=_("Display name"),
        help_text=_("Customers see this name on your replies. Leave it empty to use your name."),
        required=False,
        max_length=150,
    )
    locale = forms.ChoiceField(
        label=_("Interface language"), choices=locale_choices, required=False
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices, required=False)
    is_available = forms.BooleanField(
        label=_("Available for chat"),
        help_text=_("New chats are offered to you while this is on."),
        required=False,
    )

    field_order = [
        "display_name",
        "languages",
        "other_languages",
        "skills",
        "locale",
        "time_zone",
        "is_available",
    ]

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> ProfileForm:
        initial = {
            "display_name": user.display_name,
            "locale": user.locale,
            "time_zone": user.time_zone,
            "is_available": user.is_available,
            **languages_initial(user),
        }
        return cls(data, initial=initial)

    def profile_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "display_name": data["display_name"].strip(),
            "languages": self.spoken_languages(),
            "skills": self.skill_list(),
            "locale": data["locale"],
            "time_zone": data["time_zone"],
            "is_available": data["is_available"],
        }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        help_text=_("What will use it, for example: CRM sync"),
        max_length=100,
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=500, widget=forms.TextInput
    )


class UserEditForm(LanguagesMixin):
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        help_text=_("A deactivated user cannot log in or use API tokens; their history stays."),
        required=False,
    )

    field_order = ["role", "teams", "languages", "other_languages", "skills", "is_active"]

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> UserEditForm:
        initial = {
            "role": user.role,
            "teams": list(user.teams.all()),
            "is_active": user.is_active,
            **languages_initial(user),
        }
        return cls(data, initial=initial)


class UserCreateForm(LanguagesMixin):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices, initial=User.Role.AGENT)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    password = forms.CharField(
        label=_("Password"),
        help_text=_("Leave it empty to generate one. It is shown once, after you save."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        required=False,
        min_length=10,
        strip=False,
    )

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "teams",
        "languages",
        "other_languages",
        "skills",
        "password",
    ]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username
