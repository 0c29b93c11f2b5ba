"""Query and document syntax for the two engines, built from already normalised words.

SQLite: FTS5 with the `ascii` tokenizer over our own space-separated words (every non-ASCII
character is a word character there, so Tamil vowel signs and viramas stay inside words).
PostgreSQL: a `tsvector` literal built here, so PostgreSQL's parser never splits a word
(this is the 'simple' configuration applied to our normalised words), searched through a
GIN index with prefix `tsquery` terms.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from sevai.search.matching import QueryTerm

MAX_POSITION = 16383  # PostgreSQL's limit for tsvector positions
MAX_LEXEME_BYTES = 2000


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def fts5_query(
    terms: list[QueryTerm], *, exact: Sequence[QueryTerm] = (), column: str | None = None
) -> str:
    """`("a"* OR "b"*) AND ("c"*)`, optionally limited to one column; `exact` terms match
    whole words only."""
    groups = []
    for group, star in ((terms, "*"), (exact, "")):
        for term in group:
            alternatives = " OR ".join('"' + p.replace('"', '""') + '"' + star for p in term)
            groups.append(f"({alternatives})")
    expression = " AND ".join(groups)
    return f"{{{column}}} : ({expression})" if column else expression


def _quote_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_literal(
    terms: list[QueryTerm], *, exact: Sequence[QueryTerm] = (), weights: str = ""
) -> str:
    """`('a':* | 'b':*) & ('c':*)`; weights="A" limits matches to the title; `exact` terms
    match whole lexemes only."""
    groups = []
    for group, star in ((terms, ":*" + weights), (exact, "")):
        for term in group:
            alternatives = " | ".join(f"{_quote_lexeme(p)}{star}" for p in term)
            groups.append(f"({alternatives})")
    return " & ".join(groups)


def tsvector_literal(parts: list[tuple[list[str], str]]) -> str:
    """A tsvector from (words, weight) parts; weight "A" for titles, "" for bodies."""
    positions: dict[str, list[str]] = {}
    at = 0
    for words, weight in parts:
        for word in words:
            at = min(at + 1, MAX_POSITION)
            if len(word.encode()) <= MAX_LEXEME_BYTES:
                positions.setdefault(word, []).append(f"{at}{weight}")
    return " ".join(f"{_quote_lexeme(w)}:{','.join(p[:256])}" for w, p in positions.items())
