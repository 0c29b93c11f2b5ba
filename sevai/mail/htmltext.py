"""Readable plain text from mail HTML: blocks and line breaks kept, quotes as `> ` lines.

`<blockquote>` becomes `> `-prefixed lines so that `sevai.mail.quoting.split_reply` folds the
quoted history of HTML-only mail like that of plain-text mail. Links show their address in
parentheses when it differs from the link text; images show their alt text in brackets.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser

SKIPPED = {"style", "script", "head", "title", "template", "noscript", "xml", "svg", "object"}
BLOCKS = {
    "address", "article", "aside", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "main", "menu",
    "nav", "section", "summary", "table", "tbody", "tfoot", "thead", "caption", "tr",
}  # fmt: skip
PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol", "hr"}
SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")


class TextWriter:
    """Lines of text, each with the blockquote depth it was written at."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.depth = 0

    def write(self, text: str) -> None:
        if not self.current:
            text = text.lstrip(" ")
            if not text:
                return
        elif self.current[-1].endswith(" ") and text.startswith(" "):
            text = text[1:]
        self.current.append(text)

    def end_line(self) -> None:
        line = "".join(self.current).rstrip(" ")
        self.current = []
        if line or (self.lines and self.lines[-1][1]):
            self.lines.append((self.depth, line))

    def break_line(self) -> None:
        """A <br>: ends the line even when it is empty."""
        line = "".join(self.current).rstrip(" ")
        self.current = []
        self.lines.append((self.depth, line))

    def end_block(self) -> None:
        if self.current:
            self.end_line()

    def end_paragraph(self) -> None:
        self.end_block()
        if self.lines and (self.lines[-1][1] or self.lines[-1][0] != self.depth):
            self.lines.append((self.depth, ""))

    def text(self) -> str:
        self.end_block()
        out: list[str] = []
        for depth, line in self.lines:
            prefix = "> " * depth if line else ">" * depth
            out.append(prefix + line)
        text = "\n".join(line.rstrip() for line in out)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip("\n")


class HTMLToText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = TextWriter()
        self.skip_depth = 0
        self.pre_depth = 0
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.links: list[tuple[str, int]] = []  # (href, length of text written before it)
        self.written = 0
        self.cells_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        attributes = dict(attrs)
        if tag == "br":
            self.out.break_line()
        elif tag in ("td", "th"):
            if self.cells_in_row:
                self.out.write(" ")
            self.cells_in_row += 1
        elif tag == "tr":
            self.out.end_block()
            self.cells_in_row = 0
        elif tag == "blockquote":
            self.out.end_paragraph()
            self.out.depth += 1
        elif tag in ("ul", "ol"):
            self.end_list_boundary()
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "li":
            self.out.end_block()
            self.write_list_marker()
        elif tag in PARAGRAPHS:
            self.out.end_paragraph()
            if tag == "pre":
                self.pre_depth += 1
            elif tag == "hr":
                self.out.end_paragraph()
        elif tag in BLOCKS:
            self.out.end_block()
        elif tag == "a":
            self.links.append((attributes.get("href") or "", self.written))
        elif tag == "img":
            alt = (attributes.get("alt") or "").strip()
            if alt:
                self.emit(f"[{alt}]")

    def end_list_boundary(self) -> None:
        """A top-level list is a paragraph; a nested one only starts a new line."""
        if self.lists:
            self.out.end_block()
        else:
            self.out.end_paragraph()

    def write_list_marker(self) -> None:
        indent = "  " * max(0, len(self.lists) - 1)
        if self.lists and self.lists[-1]:
            number = self.lists[-1][0]
            self.lists[-1][0] += 1
            self.out.current.append(f"{indent}{number}. ")
        else:
            self.out.current.append(f"{indent}- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag == "blockquote":
            self.out.end_block()
            self.out.depth = max(0, self.out.depth - 1)
            self.out.end_paragraph()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.end_list_boundary()
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
            self.out.end_paragraph()
        elif tag in PARAGRAPHS:
            self.out.end_paragraph()
        elif tag in BLOCKS or tag == "li":
            self.out.end_block()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            self.write_link_target(href, start)

    def write_link_target(self, href: str, start: int) -> None:
        href = href.strip()
        if not href.lower().startswith(("http://", "https://")):
            return
        label = "".join(self.out.current)[-(self.written - start) :] if self.written > start else ""
        bare = href.split("://", 1)[1].rstrip("/")
        if self.written == start or bare in label or href in label:
            if self.written == start:
                self.emit(href)
            return
        self.emit(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            lines = data.replace("\r\n", "\n").split("\n")
            for index, line in enumerate(lines):
                if index:
                    self.out.break_line()
                if line:
                    self.out.current.append(line)
                    self.written += len(line)
            return
        self.emit(SPACES.sub(" ", data))

    def emit(self, text: str) -> None:
        if text:
            self.out.write(text)
            self.written += len(text)


def html_to_text(html: str) -> str:
    """Readable text from an HTML document or fragment. Never raises."""
    if not html:
        return ""
    parser = HTMLToText()
    with contextlib.suppress(Exception):  # HTMLParser is lenient; this guards the rest
        parser.feed(html)
        parser.close()
    return parser.out.text()
