"""uuencoded files inside plain-text bodies (`begin 644 name` … `end`), as old clients send them."""

from __future__ import annotations

import binascii
import re

BEGIN = re.compile(r"^begin [0-7]{3,4} ([^\r\n]+)$", re.MULTILINE)
MAX_BLOCKS = 100


def decode_uu_line(line: str) -> bytes:
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        # Some encoders pad lines wrongly; decode only the bytes the length character announces.
        count = (((ord(line[0]) - 32) & 63) * 4 + 5) // 3 if line else 0
        try:
            return binascii.a2b_uu(line[:count])
        except binascii.Error:
            return b""


def extract_uuencoded(text: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Remove uuencoded blocks from `text`; returns (text without them, [(filename, data)]).

    A block counts only when every line up to `end` is a uuencoded line, so prose that
    happens to start with "begin 644" stays untouched.
    """
    if "begin " not in text:
        return text, []
    files: list[tuple[str, bytes]] = []
    kept: list[str] = []
    position = 0
    for match in BEGIN.finditer(text):
        if match.start() < position or len(files) >= MAX_BLOCKS:
            continue
        end = text.find("\nend", match.end())
        if end < 0:
            continue
        lines = text[match.end() : end].strip("\r\n").splitlines()
        if not lines or not all(is_uu_line(line) for line in lines):
            continue
        data = b"".join(decode_uu_line(line.rstrip("\r")) for line in lines)
        files.append((match.group(1).strip(), data))
        kept.append(text[position : match.start()])
        position = end + len("\nend")
        newline = text.find("\n", position)
        position = len(text) if newline < 0 else newline + 1
    kept.append(text[position:])
    return "".join(kept), files


def is_uu_line(line: str) -> bool:
    line = line.rstrip("\r")
    return len(line) <= 80 and all(32 <= ord(char) <= 96 for char in line)


def decode_uu_body(text: str) -> bytes:
    """The data of a part sent with Content-Transfer-Encoding: x-uuencode."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = next((i + 1 for i, line in enumerate(lines) if BEGIN.match(line)), 0)
    data = []
    for line in lines[start:]:
        if line.strip() == "end":
            break
        if line.strip():
            data.append(decode_uu_line(line))
    return b"".join(data)
