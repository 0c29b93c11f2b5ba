"""Small, explainable word-form rules for Tamil, Tagalog and English.

Matching is by prefix (a query word matches any indexed word that starts with it), so a
query only needs to be cut back to a stem that every inflected form starts with:

- Tamil (`tamil_stem`): strip one case/plural suffix, a glide, and a final virama.
  பார்சலை, பார்சலுக்கு, பார்சலின், பார்சல் all become பார்சல (the consonant ல without a
  vowel sign), and பார்சல is how every one of those forms starts. டெலிவரியை -> டெலிவரி.
- Armenian (`armenian_stem`): strip the article (-ը, -ն, -ս, -դ) and one plural/case
  ending: ծանրոցը, ծանրոցները, ծանրոցից -> ծանրոց.
- English (`english_stem`): strip one common suffix: delivered, delivery -> deliver.
- Tagalog (`tagalog_roots`): affixes go *in front* (nag-, mag-, i-) and *inside* (-in-, -um-)
  a word, so prefix matching cannot see them. These roots are indexed with the word:
  ipinadala -> pinadala -> padala; nagpapadala -> papadala -> padala; kumain -> kain.

Rules only ever shorten a word to a stem of at least MIN_STEM letters; they make searches
find more, never less.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

MIN_STEM = 2  # letters (base characters, not counting vowel signs)
TAMIL_VIRAMA = "\u0bcd"
TAMIL_VOWEL_SIGNS = frozenset(chr(c) for c in range(0x0BBE, 0x0BCD))
# Case and plural suffixes, longest first; most start with a vowel sign that replaced the
# stem's final virama (பார்சல் + ஐ = பார்சலை).
TAMIL_SUFFIXES = sorted(
    [
        "\u0bbf\u0bb2\u0bbf\u0bb0\u0bc1\u0ba8\u0bcd\u0ba4\u0bc1",  # ிலிருந்து  from
        "\u0bc1\u0b95\u0bcd\u0b95\u0bbe\u0b95",  # ுக்காக  for the sake of
        "\u0b95\u0bb3\u0bc1\u0b95\u0bcd\u0b95\u0bc1",  # களுக்கு  to (plural)
        "\u0b95\u0bb3\u0bbf\u0bb2\u0bcd",  # களில்  in (plural)
        "\u0b95\u0bb3\u0bbf\u0ba9\u0bcd",  # களின்  of (plural)
        "\u0b95\u0bb3\u0bc8",  # களை  (plural object)
        "\u0b95\u0bb3\u0bcd",  # கள்  plural
        "\u0ba4\u0bcd\u0ba4\u0bbf\u0bb2\u0bcd",  # த்தில்  in (-am nouns)
        "\u0ba4\u0bcd\u0ba4\u0bc8",  # த்தை  object (-am nouns)
        "\u0ba4\u0bcd\u0ba4\u0bbf\u0ba9\u0bcd",  # த்தின்  of (-am nouns)
        "\u0bbf\u0bb1\u0bcd\u0b95\u0bc1",  # ிற்கு  to
        "\u0bc1\u0b95\u0bcd\u0b95\u0bc1",  # ுக்கு  to
        "\u0b95\u0bcd\u0b95\u0bc1",  # க்கு  to (after a vowel)
        "\u0bc1\u0b9f\u0bc8\u0baf",  # ுடைய  whose
        "\u0bc1\u0b9f\u0ba9\u0bcd",  # ுடன்  with
        "\u0bcb\u0b9f\u0bc1",  # ோடு  with
        "\u0bbf\u0b9f\u0bae\u0bcd",  # ிடம்  at/from (a person)
        "\u0bbf\u0bb2\u0bcd",  # ில்  in
        "\u0bbf\u0ba9\u0bcd",  # ின்  of
        "\u0bbe\u0bb2\u0bcd",  # ால்  by
        "\u0bc1\u0bae\u0bcd",  # ும்  also/and
        "\u0bbe\u0b95",  # ாக  as
        "\u0bc8",  # ை  object
        "\u0bae\u0bcd",  # ம்  final -am (பணம் / பணத்தை)
    ],
    key=len,
    reverse=True,
)
TAMIL_GLIDES = ("\u0baf", "\u0bb5")  # ய வ inserted between a vowel and a suffix

ARMENIAN_ARTICLES = ("\u0568", "\u0576", "\u057d", "\u0564")  # ը ն ս դ
ARMENIAN_SUFFIXES = sorted(
    ["ներից", "ներով", "ներում", "ների", "ներին", "ներ", "երից", "երով", "երում", "երի", "եր",
     "ից", "ով", "ում", "ին", "ի"],
    key=len,
    reverse=True,
)  # fmt: skip
ENGLISH_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es",
    "ly", "s", "y", "e",
)  # fmt: skip
TAGALOG_PREFIXES = (
    "nakipag", "makipag", "ipinag", "pinag", "ipag", "naka", "maka", "nang", "mang", "pang",
    "nag", "mag", "pag", "ika", "i",
)  # fmt: skip
TAGALOG_INFIXES = ("in", "um")
VOWELS = frozenset("aeiou")
MIN_ROOT_CHARS = 4


def letters(word: str) -> int:
    return sum(1 for c in word if not unicodedata.combining(c) and c not in TAMIL_VOWEL_SIGNS)


def is_tamil(word: str) -> bool:
    return any("\u0b80" <= c <= "\u0bff" for c in word)


def tamil_stem(word: str) -> str:
    """The shortest form all inflections of a Tamil word start with (see module docs)."""
    stem = word
    for suffix in TAMIL_SUFFIXES:
        if stem.endswith(suffix) and letters(stem[: -len(suffix)]) >= MIN_STEM:
            stem = stem[: -len(suffix)]
            if stem.endswith(TAMIL_GLIDES) and stem[-2:-1] and stem[-2] in TAMIL_VOWEL_SIGNS:
                stem = stem[:-1]  # டெலிவரிய -> டெலிவரி
            break
    if stem.endswith(TAMIL_VIRAMA) and letters(stem) > MIN_STEM:
        stem = stem[:-1]
    return stem


def is_armenian(word: str) -> bool:
    return any("\u0531" <= c <= "\u058f" for c in word)


def armenian_stem(word: str) -> str:
    """ծանրոցները -> ծանրոց: the article, then one plural or case ending."""
    stem = word
    if stem.endswith(ARMENIAN_ARTICLES) and len(stem) > MIN_ROOT_CHARS:
        stem = stem[:-1]
    for suffix in ARMENIAN_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            return stem[: -len(suffix)]
    return stem


def english_stem(word: str) -> str:
    if not word.isascii() or not word.isalpha():
        return word
    for suffix in ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_ROOT_CHARS:
            return word[: -len(suffix)]
    return word


def _tagalog_steps(word: str) -> set[str]:
    found = set()
    for prefix in TAGALOG_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_ROOT_CHARS:
            found.add(word[len(prefix) :])
    if word[:1] not in VOWELS and word[1:3] in TAGALOG_INFIXES:
        found.add(word[0] + word[3:])  # pinadala -> padala, kumain -> kain
    elif word[:2] in TAGALOG_INFIXES and word[2:3] in VOWELS:
        found.add(word[2:])  # inalis -> alis, umalis -> alis
    if word[:1] not in VOWELS and word[1:2] in VOWELS and word[:2] == word[2:4]:
        found.add(word[2:])  # papadala -> padala, bibili -> bili
    return {w for w in found if len(w) >= MIN_ROOT_CHARS}


@lru_cache(maxsize=100_000)
def tagalog_roots(word: str) -> frozenset[str]:
    """Shorter forms of a Latin-script word with Tagalog affixes removed (may be empty)."""
    if not word.isascii() or not word.isalpha() or len(word) <= MIN_ROOT_CHARS:
        return frozenset()
    roots: set[str] = set()
    frontier = {word}
    for _ in range(3):
        frontier = {r for w in frontier for r in _tagalog_steps(w)} - roots
        roots |= frontier
    return frozenset(roots)


def index_variants(word: str) -> frozenset[str]:
    """Extra forms stored in the index next to the word itself."""
    return tagalog_roots(word)


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> frozenset[str]:
    """The word and its extra indexed forms: what a query prefix is compared with."""
    return tagalog_roots(word) | {word}


def query_variants(word: str) -> set[str]:
    """Prefixes a query word may match: itself, its stem, its Tagalog roots."""
    found = {word} | tagalog_roots(word)
    if is_tamil(word):
        found.add(tamil_stem(word))
    elif is_armenian(word):
        found.add(armenian_stem(word))
    else:
        found.add(english_stem(word))
    return found
