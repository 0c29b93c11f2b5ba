"""Markdown for articles: rendered with raw HTML disabled, then sanitized with nh3.

Two layers on purpose: markdown-it escapes any HTML typed into the text, and the sanitizer
drops what Markdown itself can produce but should not reach a page (javascript: links,
unexpected tags).

An article's title is its page's only <h1>, so the text's headings move one level down in
the token stream: `#` becomes <h2>, `##` <h3>, and so on, `#####` and `######` both <h6>.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sevai.lib.html import sanitize_html

MAX_HEADING_LEVEL = 6


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def shift_headings(tokens: list[Token], by: int = 1) -> list[Token]:
    """The headings of a token stream `by` levels lower (h1 -> h2), never below h6."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1:]) + by, MAX_HEADING_LEVEL)
            token.tag = f"h{level}"
    return tokens


def render_markdown(text: str) -> str:
    """Sanitized HTML for a Markdown text, its headings one level below the title's <h1>."""
    parser = _parser()
    env: dict[str, object] = {}
    tokens = shift_headings(parser.parse(text or "", env))
    return sanitize_html(parser.renderer.render(tokens, parser.options, env))


def markdown_to_text(text: str) -> str:
    """The words of a Markdown text without its markup (for the search index and snippets)."""
    parts: list[str] = []
    for token in _parser().parse(text or ""):
        if token.type == "inline" and token.children:
            words = [
                " " if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            ]
            if "".join(words).strip():
                parts.append("".join(words).strip())
        elif token.type in ("fence", "code_block") and token.content:
            parts.append(token.content.strip())
    return "\n".join(parts)


def _inline_plain(children: list[Token]) -> str:
    out: list[str] = []
    href = ""
    link_text: list[str] = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            link_text = []
        elif child.type == "link_close":
            text = "".join(link_text)
            out.append(text if not href or href == text else f"{text} ({href})")
            href = ""
        elif child.type == "image":
            out.append(child.content)
        elif child.type in ("text", "code_inline"):
            (link_text if href else out).append(child.content)
    return "".join(out)


def markdown_to_plain(text: str) -> str:
    """Readable plain text for a reply: paragraphs, "- " and "1. " list items, and links
    written as "text (address)"."""
    blocks: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number] (0 for bullets)
    item_start = gap = False
    for token in _parser().parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            gap = gap or not lists  # a blank line before a list, none inside it
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 0
            lists.append([start])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            item_start = True
        elif token.type == "inline":
            line = _inline_plain(token.children or [])
            if lists and item_start:
                counter = lists[-1]
                marker = f"{counter[0]}." if counter[0] else "-"
                counter[0] += 1 if counter[0] else 0
                line = "  " * (len(lists) - 1) + f"{marker} {line}"
                item_start = False
            blocks.append(("\n" if lists and not gap else "\n\n") + line)
            gap = False
        elif token.type in ("fence", "code_block"):
            blocks.append("\n\n" + token.content.rstrip("\n"))
    return "".join(blocks).strip()
