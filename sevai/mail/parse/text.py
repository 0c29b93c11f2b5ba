"""Plain-text helpers: RFC 3676 format=flowed."""

from __future__ import annotations


def unflow(text: str, *, delsp: bool = False) -> str:
    """Join the soft line breaks of format=flowed text (RFC 3676), keeping quote depth."""
    out: list[str] = []
    paragraph: list[str] = []
    paragraph_depth = -1
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        flowed = content.endswith(" ") and content != "-- "
        if paragraph and depth != paragraph_depth:
            out.append(quote_prefix(paragraph_depth) + "".join(paragraph))
            paragraph = []
        paragraph_depth = depth
        if flowed:
            paragraph.append(content[:-1] if delsp else content)
            continue
        paragraph.append(content)
        out.append(quote_prefix(depth) + "".join(paragraph))
        paragraph = []
    if paragraph:
        out.append(quote_prefix(paragraph_depth) + "".join(paragraph))
    return "\n".join(out)


def quote_prefix(depth: int) -> str:
    return ">" * depth + " " if depth > 0 else ""
