"""Text normalisation shared by indexing and querying, so both sides see the same words.

- Unicode NFC (Tamil vowel signs such as ொ compose; Armenian ligatures stay comparable).
- casefold (Armenian and Latin case).
- Armenian marks written *inside* a word (՛ emphasis, ՜ exclamation, ՞ question) are
  removed, so "Որտե՞ղ" is the word "որտեղ"; other Armenian punctuation (։ full stop,
  ՝ comma, « », ՚, ՟) separates words like any punctuation.
- Latin diacritics are dropped (café = cafe); marks on other scripts are kept.
- A word is a run of letters, digits and combining marks (Unicode L*, N*, M*): a Tamil
  consonant with its vowel sign or virama stays one unit, where `\\w` would split it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

ARMENIAN_IN_WORD_MARKS = "\u055b\u055c\u055e"  # ՛ ՜ ՞
INVISIBLE = "\u200b\u200c\u200d\u00ad\ufeff"  # zero-width (non-)joiners, soft hyphen, BOM
_DROP = {ord(c): None for c in ARMENIAN_IN_WORD_MARKS + INVISIBLE}
MAX_WORD_CHARS = 64


def _word_class() -> str:
    """A regex character class of every letter, digit and mark in the BMP and the CJK
    supplementary planes (computed once, about 20 ms), plus the in-word Armenian marks and
    the invisible joiners."""
    ranges: list[tuple[int, int]] = []
    for code in [*range(0x10000), *range(0x20000, 0x32000)]:
        if unicodedata.category(chr(code))[0] in "LNM":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = [re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges]
    return "[" + "".join(parts) + re.escape(ARMENIAN_IN_WORD_MARKS + INVISIBLE) + "]+"


WORD = re.compile(_word_class())


def _strip_latin_diacritics(text: str) -> str:
    if text.isascii():
        return text
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and out and out[-1] < "\u0250":
            continue  # a mark on a Latin letter: é -> e
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=100_000)
def normalize_word(word: str) -> str:
    """One word as both sides compare it: NFC, casefolded, no in-word Armenian marks."""
    word = unicodedata.normalize("NFC", word).translate(_DROP).casefold()
    return _strip_latin_diacritics(word)[:MAX_WORD_CHARS]


@dataclass(frozen=True)
class Word:
    start: int  # offsets into the original text
    end: int
    norm: str


def iter_words(text: str) -> Iterator[Word]:
    """Words of the original text with their offsets, for indexing and for highlighting."""
    for match in WORD.finditer(text):
        norm = normalize_word(match.group())
        if norm:
            yield Word(match.start(), match.end(), norm)


def words(text: str) -> list[str]:
    """Normalised words of text, in order."""
    return [w.norm for w in iter_words(text)]
