"""Checking and normalising what goes into an article (pure functions, no database)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 200_000
# BCP 47-ish: "en", "ta", "hy", "pt-br", "zh-hant"; stored lowercase.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}$")


def clean_language(code: str) -> str:
    """A language code in lowercase with hyphens ("pt_BR" becomes "pt-br"), or ValidationError."""
    value = (code or "").strip().lower().replace("_", "-")
    if not LANGUAGE_CODE.match(value):
        raise ValidationError(
            _("%(code)s is not a language code (use one such as en, ta, tl, hy or pt-br).")
            % {"code": code or "—"},
            code="invalid_language",
        )
    return value


def clean_title(title: str) -> str:
    value = " ".join((title or "").split())
    if not value:
        raise ValidationError(_("An article needs a title."), code="required")
    if len(value) > MAX_TITLE_CHARS:
        raise ValidationError(
            _("A title is at most %(n)d characters.") % {"n": MAX_TITLE_CHARS}, code="max_length"
        )
    return value


def clean_body(body: str) -> str:
    """Unix line ends, no blank lines around the text. Trailing spaces inside are kept
    (two of them are a Markdown line break)."""
    value = (body or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\n").rstrip()
    if len(value) > MAX_BODY_CHARS:
        raise ValidationError(
            _("The text is at most %(n)d characters.") % {"n": MAX_BODY_CHARS}, code="max_length"
        )
    return value


def language_name(code: str) -> str:
    """The language's name in the interface language ("Tamil"), or the code when unknown."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        base = code.split("-")[0]
        if base != code:
            try:
                return f"{get_language_info(base)['name_translated']} ({code})"
            except KeyError:
                pass
        return code


def language_choices(extra: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The desk's languages first, then any other codes in use."""
    codes = [code for code, _name in settings.LANGUAGES]
    codes += sorted(set(extra) - set(codes))
    return [(code, language_name(code)) for code in codes]
