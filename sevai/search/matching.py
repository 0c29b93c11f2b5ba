"""What gets indexed for a text, what a query asks for, and how matches are highlighted.

Both backends store the same words (`index_words`) and answer the same question: every
query word must be the prefix of some indexed word, where a query word may be replaced by
its stem or Tagalog root (`parse_query`). Highlighting re-runs that test in Python on the
original text, so snippets look the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from html import escape, unescape

from sevai.search.stemming import index_variants, query_variants, word_forms
from sevai.search.text import iter_words

QueryTerm = tuple[str, ...]  # alternative prefixes; any one of them may match
MAX_QUERY_WORDS = 8
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
ELLIPSIS = "\u2026"
MARKS = re.compile("(<mark>|</mark>)")


def index_words(text: str) -> list[str]:
    """The words of text followed, in place, by their extra indexed forms."""
    out: list[str] = []
    for word in iter_words(text):
        out.append(word.norm)
        out.extend(sorted(index_variants(word.norm)))
    return out


def parse_query(query: str, *, min_chars: int = 2) -> list[QueryTerm]:
    """Each query word as the minimal set of prefixes that stands for it.

    Words shorter than min_chars are ignored (they would match nearly everything). A prefix
    that starts with another alternative adds nothing and is dropped.
    """
    terms: list[QueryTerm] = []
    for word in iter_words(query[:500]):
        alternatives = {v for v in query_variants(word.norm) if len(v) >= min_chars}
        minimal = sorted(
            a for a in alternatives if not any(b != a and a.startswith(b) for b in alternatives)
        )
        if minimal and tuple(minimal) not in terms:
            terms.append(tuple(minimal))
        if len(terms) == MAX_QUERY_WORDS:
            break
    return terms


def word_matches(norm: str, terms: list[QueryTerm]) -> bool:
    forms = word_forms(norm)
    return any(form.startswith(p) for term in terms for p in term for form in forms)


def _window(text: str, spans: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    if len(text) <= max_chars:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - max_chars // 4)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", max(first, start + max_chars // 2), end)
        end = space if space > 0 else end
    return start, end


def highlight(text: str, terms: list[QueryTerm], *, max_chars: int | None = None) -> str:
    """Escaped text (or an excerpt of about max_chars around the first match) with
    <mark>…</mark> around each matching word. Safe to render as HTML."""
    text = " ".join(text.split()) if max_chars else text
    spans = [(w.start, w.end) for w in iter_words(text) if word_matches(w.norm, terms)]
    start, end = _window(text, spans, max_chars) if max_chars else (0, len(text))
    parts = [ELLIPSIS] if start > 0 else []
    at = start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts += [escape(text[at:s]), MARK_OPEN, escape(text[s:e]), MARK_CLOSE]
        at = e
    parts.append(escape(text[at:end]))
    if end < len(text):
        parts.append(ELLIPSIS)
    return "".join(parts)


def highlight_parts(html: str) -> list[tuple[str, bool]]:
    """(text, marked) pieces of a highlight() result, for templates: they escape each text
    themselves and wrap the marked ones in <mark>, so no markup is ever trusted."""
    parts: list[tuple[str, bool]] = []
    marked = False
    for piece in MARKS.split(html):
        if piece in (MARK_OPEN, MARK_CLOSE):
            marked = piece == MARK_OPEN
        elif piece:
            parts.append((unescape(piece), marked))
    return parts
