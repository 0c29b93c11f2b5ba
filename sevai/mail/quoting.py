"""Separate what a customer just wrote from the quoted history and signature under it.

`split_reply(text)` returns `(visible, folded)`. The rules, in order:

1. History starts at the first unquoted line that opens an earlier message: an "On … wrote:"
   header in one of many languages (wrapped over up to three lines), an Outlook block
   ("From:" followed by Sent/To/Subject lines, localized), "-----Original Message-----",
   "Begin forwarded message:" and their translations, or a line of underscores before a "From:"
   line. Forwarded messages count as history too: their text stays available, folded.
2. Before that, a signature starts at "-- " (at most 30 lines follow), a line of one repeated
   symbol ("____", "***", at most 10 lines follow), or a mobile sign-off ("Sent from my iPhone",
   "Von meinem iPhone gesendet", "Get Outlook for Android", ...). Sign-offs such as "-Abhishek"
   or "Best regards, Jane" are the customer's own words and stay visible.
3. Quoted lines (`> `) that the customer answered in between stay visible; quoted lines after
   the customer's last line fold. A leading quote introduced by a header ("On … wrote:" then
   `> ` lines, as when replying below the quote) folds when the customer's text follows it.
4. Text with no words of the customer's own is kept visible whole, unless it begins with a quote
   header (then it is all history and `visible` is empty).

Nothing is lost: `folded` holds every line that is not in `visible`, in order. Lines inside
``` code blocks are never taken for headers or signatures.
"""

from __future__ import annotations

import re

from sevai.mail.parse.reply_patterns import (
    FROM_FIELD,
    HEADER_WORDS,
    MAX_HEADER_CHARS,
    MAX_SIGNATURE_LINES,
    MAX_SYMBOL_SIGNATURE_LINES,
    OTHER_FIELD,
    SEPARATORS,
    SIGN_OFFS,
    SIGNATURE_DASHES,
    SYMBOL_LINE,
    UNDERSCORES,
    WROTE_HEADERS,
    WROTE_LATER_END,
    WROTE_LATER_START,
)

MAX_LINE_CHARS = 1000  # longer lines are only looked at up to here
MAX_HEADER_CHECKS = 3000  # unquoted lines examined for the start of the history
HEADER_ENDINGS = (":", "：", "-", "wrote", "writes", "said")


class Lines:
    """The text as lines, with what each line is."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.quoted = [line.lstrip().startswith(">") for line in self.lines]
        self.blank = [not line.strip() for line in self.lines]
        self.code = code_block_lines(self.lines)
        # A line broken out of a quote by a bad wrap ("> ... d\nignissim odio?\n>") is quoted.
        for index in range(1, len(self.lines) - 1):
            if not self.quoted[index] and self.quoted[index - 1] and self.quoted[index + 1]:
                self.quoted[index] = not self.blank[index]

    def __len__(self) -> int:
        return len(self.lines)

    def content(self, index: int) -> str:
        """The line without quote markers and surrounding spaces."""
        return self.lines[index][:MAX_LINE_CHARS].lstrip(" \t>").strip()

    def next_filled(self, index: int) -> int | None:
        for position in range(index, len(self.lines)):
            if not self.blank[position]:
                return position
        return None

    def is_author_line(self, index: int) -> bool:
        return not (self.blank[index] or self.quoted[index])


def code_block_lines(lines: list[str]) -> list[bool]:
    inside = False
    flags = []
    for line in lines:
        fence = line.lstrip().startswith("```")
        flags.append(inside or fence)
        if fence:
            inside = not inside
    return flags


def wrote_header_span(text: Lines, index: int) -> int:
    """How many lines an "On … wrote:" header starting here takes (0 if none): up to three
    wrapped lines, or "On <date> <name>" with "wrote:" a few lines further."""
    parts: list[str] = []
    for offset in range(3):
        position = index + offset
        if position >= len(text) or text.blank[position]:
            break
        parts.append(text.content(position))
        if offset and not can_start_wrapped_header(parts[0]):
            break
        joined = " ".join(parts).replace("< ", "<")
        if len(joined) > MAX_HEADER_CHARS:
            break
        if (
            looks_like_header_end(joined)
            and HEADER_WORDS.search(joined)
            and any(pattern.match(joined) for pattern in WROTE_HEADERS)
        ):
            return offset + 1
    if WROTE_LATER_START.match(text.content(index)):
        for position in range(index + 1, min(index + 7, len(text))):
            if WROTE_LATER_END.match(text.content(position)):
                return position - index + 1
    return 0


def can_start_wrapped_header(line: str) -> bool:
    """A wrapped header's first line has a date or an address, and does not end a sentence
    ("28." in a German date is not the end of one)."""
    ends_sentence = line.endswith(("!", "?", "…")) or (
        line.endswith(".") and not line[-2:-1].isdigit()
    )
    return any(char.isdigit() or char in "@<" for char in line) and not ends_sentence


def looks_like_header_end(joined: str) -> bool:
    lowered = joined.lower().rstrip()
    return lowered.endswith(HEADER_ENDINGS) or lowered[:1].isdigit() or lowered.endswith(">")


def is_header_block(text: Lines, index: int) -> bool:
    """An Outlook or webmail block: three header fields in a row ("From:", "Sent:", "To:",
    "Subject:", localized), one of them a From line, starting at this line."""
    if not is_field(text, index, FROM_FIELD) and not is_field(text, index, OTHER_FIELD):
        return False
    fields = has_from = 0
    for position in range(index, min(index + 8, len(text))):
        if is_field(text, position, FROM_FIELD):
            fields, has_from = fields + 1, 1
        elif is_field(text, position, OTHER_FIELD):
            fields += 1
        elif text.blank[position]:
            break
    return bool(has_from) and fields >= 3


def is_field(text: Lines, index: int, field: re.Pattern[str]) -> bool:
    return not text.blank[index] and bool(field.match(text.content(index)))


def opens_history(text: Lines, index: int) -> bool:
    """Whether an unquoted history (an earlier message not marked with `>`) starts here."""
    line = text.content(index)
    if any(pattern.match(line) for pattern in SEPARATORS) or is_header_block(text, index):
        return True
    if UNDERSCORES.match(line):
        following = text.next_filled(index + 1)
        return following is not None and is_header_block(text, following)
    return False


def find_history(text: Lines, start: int) -> tuple[int, set[int]]:
    """(first line of unquoted history or len(text), lines that introduce quoted blocks)."""
    quote_headers: set[int] = set()
    index = start
    checks = 0
    while index < len(text) and checks < MAX_HEADER_CHECKS:
        if text.blank[index] or text.quoted[index] or text.code[index]:
            index += 1
            continue
        checks += 1
        if opens_history(text, index):
            return index, quote_headers
        span = wrote_header_span(text, index)
        if span:
            following = text.next_filled(index + span)
            if following is None or not text.quoted[following]:
                return index, quote_headers
            quote_headers.update(range(index, index + span))
            index += span
            continue
        index += 1
    return len(text), quote_headers


def leading_header_end(text: Lines) -> int:
    """Where the text starts after a header on its first lines, or 0 when there is none.

    A quote header with its quoted block (a reply written under the quote) is skipped whole;
    a header over unquoted text (a forward with nothing written above it) only up to the first
    blank line, so that the forwarded text stays visible."""
    first = text.next_filled(0)
    if first is None:
        return 0
    span = wrote_header_span(text, first)
    if text.quoted[first] and span:
        position = first
    elif span:
        following = text.next_filled(first + span)
        if following is None or not text.quoted[following]:
            return first + span
        position = first + span
    elif opens_history(text, first):
        position = first
        while position < len(text) and not text.blank[position]:
            position += 1
        return position
    else:
        return 0
    while position < len(text) and (text.blank[position] or text.quoted[position]):
        position += 1
    return position


def find_signature(text: Lines, start: int, end: int) -> int:
    """The first line in [start, end) where a signature starts, or `end`."""
    filled_after = 0
    signature = end
    for index in range(end - 1, start - 1, -1):
        if text.blank[index]:
            continue
        if text.quoted[index]:
            break
        if not text.code[index] and is_signature_start(text, index):
            symbols = SYMBOL_LINE.match(text.lines[index])
            if filled_after <= (MAX_SYMBOL_SIGNATURE_LINES if symbols else MAX_SIGNATURE_LINES):
                signature = index
        filled_after += 1
    return signature


def is_signature_start(text: Lines, index: int) -> bool:
    line = text.lines[index][:MAX_LINE_CHARS].rstrip()
    if SIGNATURE_DASHES.match(line) or SYMBOL_LINE.match(line):
        return True
    content = text.content(index)
    return len(content) <= 120 and any(pattern.match(content) for pattern in SIGN_OFFS)


def split_reply(text: str) -> tuple[str, str]:
    """(visible, folded): the customer's new text, and the history and signature to fold."""
    if not text or not text.strip():
        return "", text or ""
    lines = Lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    start = leading_header_end(lines)
    history, quote_headers = find_history(lines, start)
    authored = [
        index
        for index in range(start, history)
        if lines.is_author_line(index) and index not in quote_headers
    ]
    if not authored:
        if start:  # only history under a header
            return "", join_lines(lines.lines)
        return join_lines(lines.lines[:history]), join_lines(lines.lines[history:])
    end = find_signature(lines, start, authored[-1] + 1)
    authored = [index for index in authored if index < end] or authored[:1]
    last = authored[-1] + 1
    visible = join_lines(lines.lines[start:last])
    folded = "\n\n".join(
        part for part in (join_lines(lines.lines[:start]), join_lines(lines.lines[last:])) if part
    )
    return visible, folded


def join_lines(lines: list[str]) -> str:
    """The lines as text without leading and trailing blank lines (trailing spaces kept)."""
    text = "\n".join(lines)
    return text.strip("\n").rstrip() if text.strip() else ""
