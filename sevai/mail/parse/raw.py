"""Repairs on the raw bytes before the standard library parses them (the stored copy is not
touched): a BOM or text before the headers, header lines broken by a bad folder, and a part
count that would make the parser itself slow."""

from __future__ import annotations

import re

HEADER_LINE = re.compile(rb"[!-9;-~]{1,76}:")
# Headers whose presence after a broken line shows that the header block goes on.
KEY_HEADER = re.compile(
    rb"(from|to|cc|subject|date|message-id|content-type|mime-version|reply-to|received):", re.I
)
BOUNDARY = re.compile(rb"""boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))""", re.I)
MAX_HEADER_LINES = 5000


def prepare_raw(raw: bytes, max_parts: int, problems: list[str]) -> bytes:
    raw = raw.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    raw = skip_leading_junk(raw, problems)
    raw = join_broken_header_lines(raw, problems)
    return cut_at_part_limit(raw, max_parts, problems)


def skip_leading_junk(raw: bytes, problems: list[str]) -> bytes:
    """Drop up to three lines before the headers ("---- Original email message ----")."""
    lines = raw[:4000].split(b"\n", 4)
    if HEADER_LINE.match(lines[0]) or lines[0].startswith(b"From "):
        return raw
    for skipped in range(1, min(4, len(lines))):
        if HEADER_LINE.match(lines[skipped]):
            problems.append(f"{skipped} line(s) of text before the headers skipped")
            return b"\n".join(raw.split(b"\n", skipped)[skipped:])
    return raw


def join_broken_header_lines(raw: bytes, problems: list[str]) -> bytes:
    """A line in the header block that is neither a header nor a folded continuation, followed
    by more headers (From:, Subject:, ...) before the blank line, is read as a continuation.
    The standard parser would end the headers there and lose From and Subject."""
    lines = raw.split(b"\n", MAX_HEADER_LINES)
    broken: list[int] = []
    end = 0
    for index, line in enumerate(lines[:MAX_HEADER_LINES]):
        stripped = line.rstrip(b"\r")
        if not stripped:
            end = index
            break
        if index == 0 and stripped.startswith(b"From "):
            continue
        if stripped[:1] in (b" ", b"\t") or HEADER_LINE.match(stripped):
            continue
        broken.append(index)
    else:
        return raw
    if not broken or not any(KEY_HEADER.match(line) for line in lines[broken[0] : end]):
        return raw
    last_key = max(i for i in range(broken[0], end) if KEY_HEADER.match(lines[i]))
    fixed = [i for i in broken if i < last_key]
    for index in fixed:
        lines[index] = b" " + lines[index]
    problems.append(f"{len(fixed)} broken line(s) in the header block read as continuations")
    return b"\n".join(lines)


def cut_at_part_limit(raw: bytes, max_parts: int, problems: list[str]) -> bytes:
    """Cut the bytes after twice the part limit in boundary lines, so that the parser's own
    time stays bounded (the walk stops at the limit itself)."""
    boundaries = {
        (match.group(1) or match.group(2)).strip() for match in BOUNDARY.finditer(raw[:2_000_000])
    }
    if not boundaries:
        return raw
    seen = 0
    position = 0
    while True:
        found = raw.find(b"\n--", position)
        if found < 0:
            return raw
        position = found + 3
        end = raw.find(b"\n", position)
        line = raw[position : end if end >= 0 else len(raw)].rstrip(b" \t\r")
        if line in boundaries or (line.endswith(b"--") and line[:-2] in boundaries):
            seen += 1
            if seen > 2 * max_parts:
                problems.append(f"too many parts: the message was read up to part {seen}")
                return raw[:found]
