"""Cutting an article into the spans the assistant may quote.

Position 0 is the title; then, in article order, one span per heading, list item, short
paragraph or sentence of a longer paragraph. Every span after the title is a verbatim
substring of `markdown_to_text(body)` (the same text the search index holds), so an answer
built from spans can be checked word for word against the article.

Sentences end at . ? ! and the Armenian full stop ։ when whitespace and then something other
than a lower-case letter follows ("e.g. the" and "էլ. նամակ" stay whole; Tamil has no case,
so a full stop before a space always ends a Tamil sentence). The Armenian question mark ՞ sits
on the stressed vowel of the question word, often mid-sentence ("Որտե՞ղ է..."), so it never
ends a span by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from markdown_it.token import Token

from sevai.kb.markdown import _parser, markdown_to_text

SpanKind = Literal["title", "heading", "item", "text", "code"]
SENTENCE_END = re.compile(r"[.!?։…]+[\"'”’»)\]]*\s+")
ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "no", "st", "approx"}
)
MAX_SPAN_CHARS = 600  # a run-on "sentence" longer than this is cut at its last comma or space


@dataclass(frozen=True)
class Span:
    text: str
    kind: SpanKind


def _inline_text(token: Token) -> str:
    """The text markdown_to_text keeps of an inline token (same rule, same result)."""
    words = [
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in token.children or []
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    ]
    return "".join(words).strip()


def _blocks(body_markdown: str) -> list[Span]:
    """The lines of markdown_to_text(body), each with the kind of block it came from."""
    blocks: list[Span] = []
    stack: list[str] = []
    for token in _parser().parse(body_markdown or ""):
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1 and stack:
            stack.pop()
        if token.type == "inline" and token.children:
            text = _inline_text(token)
            if not text:
                continue
            kind: SpanKind = "text"
            if "heading_open" in stack:
                kind = "heading"
            elif "list_item_open" in stack:
                kind = "item"
            blocks.append(Span(text, kind))
        elif token.type in ("fence", "code_block") and token.content:
            blocks.append(Span(token.content.strip(), "code"))
    return blocks


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if end >= len(text):
            break
        following = text[end]
        if following.islower():
            continue
        last_word = text[start : match.start()].rsplit(None, 1)[-1:] or [""]
        if last_word[0].lower().rstrip(".") in ABBREVIATIONS:
            continue
        out.append(text[start : match.start() + len(match.group().rstrip())])
        start = end
    out.append(text[start:])
    return [piece for sentence in out for piece in _cut_long(sentence.strip()) if piece]


def _cut_long(sentence: str) -> list[str]:
    pieces = []
    while len(sentence) > MAX_SPAN_CHARS:
        cut = sentence.rfind(", ", 0, MAX_SPAN_CHARS)
        if cut < MAX_SPAN_CHARS // 2:
            cut = sentence.rfind(" ", 0, MAX_SPAN_CHARS)
        if cut <= 0:
            cut = MAX_SPAN_CHARS - 1
        pieces.append(sentence[: cut + 1].strip())
        sentence = sentence[cut + 1 :].strip()
    pieces.append(sentence)
    return pieces


def split_spans(title: str, body_markdown: str) -> list[Span]:
    """The title, then the body's spans with their kinds (see the module's docstring)."""
    spans = [Span(" ".join(title.split()), "title")]
    for block in _blocks(body_markdown):
        if block.kind in ("heading", "code"):
            spans.append(block)
            continue
        spans.extend(Span(sentence, block.kind) for sentence in _sentences(block.text))
    return _verbatim(spans, markdown_to_text(body_markdown))


def _verbatim(spans: list[Span], plain: str) -> list[Span]:
    """Keep the title and the body spans found, in order, in the plain text (all of them,
    unless markdown_to_text someday disagrees with _blocks: then the stray ones go)."""
    kept = spans[:1]
    at = 0
    for span in spans[1:]:
        found = plain.find(span.text, at)
        if found >= 0 and span.text.strip():
            kept.append(span)
            at = found + len(span.text)
    return kept


def split_passages(title: str, body_markdown: str) -> list[str]:
    """Position 0 the title, then sentence-sized verbatim spans of the body."""
    return [span.text for span in split_spans(title, body_markdown)]
