"""Slugs in any script.

Django's slugify drops Tamil vowel signs (they are combining marks, not word characters),
so "கட்டணம் திருப்பி" would lose letters. Here a slug keeps letters, marks and digits of
every script, lowercased, with hyphens between words.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_SLUG_CHARS = 80
# Marks inside a word that a slug drops rather than splitting the word at:
# apostrophes (don't) and Armenian stress, emphasis and question marks (ինչպե՞ս).
IN_WORD = {"'", "\u2019", "\u055b", "\u055c", "\u055e"}


def _keeps(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def make_slug(text: str, max_chars: int = MAX_SLUG_CHARS) -> str:
    """A lowercase slug: runs of anything but letters, marks and digits become one hyphen."""
    text = unicodedata.normalize("NFC", text or "").lower()
    out: list[str] = []
    for char in text:
        if _keeps(char):
            out.append(char)
        elif char in IN_WORD:
            continue
        elif out and out[-1] != "-":
            out.append("-")
    slug = "".join(out).strip("-")
    if len(slug) > max_chars:
        slug = slug[:max_chars].rsplit("-", 1)[0] if "-" in slug[:max_chars] else slug[:max_chars]
    return slug.strip("-")


def validate_slug(value: str) -> None:
    """Letters, marks and digits of any script and single hyphens between them; lowercase."""
    if not value or value != make_slug(value, max_chars=len(value) + 1):
        raise ValidationError(
            _("Use lowercase letters, digits and hyphens only (for example: track-a-parcel)."),
            code="invalid_slug",
        )
