"""Bytes to text for every charset mail uses, including legacy and mislabelled ones.

The declared charset is tried first (through the aliases below: GB2312 is read as GB18030,
ks_c_5601-1987 as CP949, ISO-8859-1 and US-ASCII as Windows-1252, as mail clients do), then
known sister encodings (ISO-2022-JP mail often holds Shift_JIS bytes), then UTF-8, then
Windows-1252/Latin-1. Every fallback is reported so the problem can be shown to an admin.
"""

from __future__ import annotations

import binascii
import codecs
import functools
import re

# Labels seen in mail that Python does not know, or knows as a stricter subset.
CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-gb2312": "gb18030",
    "csgb2312": "gb18030",
    "cn-gb": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "gb_2312-80": "gb18030",
    "chinese": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "euc-kr": "cp949",
    "x-windows-949": "cp949",
    "korean": "cp949",
    "unicode-1-1-utf-7": "utf-7",
    "x-unicode-2-0-utf-7": "utf-7",
    "unicode-2-0-utf-7": "utf-7",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "ms_kanji": "cp932",
    "big5": "cp950",
    "x-x-big5": "cp950",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ansi_x3.4-1968": "ascii",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "x-mac-roman": "mac_roman",
    "utf8": "utf-8",
    "unicode": "utf-16",
    "ucs-2": "utf-16",
}
# Declared charsets that mean "nothing declared".
UNDECLARED = {
    "", "unknown-8bit", "x-unknown", "unknown", "default", "_autodetect_all", "x-user-defined"
}  # fmt: skip
# Encodings whose mail is often written by a sibling encoding under the same label.
SISTERS = {
    "iso2022_jp": ("iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3", "cp50220", "cp932"),
    "cp932": ("euc_jp",),
    "euc_jp": ("cp932",),
    "cp950": ("big5hkscs",),
}
MULTIBYTE = {"gb18030", "cp949", "cp932", "cp950", "big5hkscs", "euc_jp", "iso2022_jp", "utf-16"}
# Encoded words; spaces inside the encoded text are illegal but common (`=?us-ascii?Q?A / B?=`).
ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")


def find_codec(label: str | None) -> str | None:
    """Python's codec name for a MIME charset label, or None when unknown or undeclared."""
    name = (label or "").strip().strip("\"'").lower()
    name = name.split("*", 1)[0]  # RFC 2231 language suffix: utf-8*en
    if name in UNDECLARED:
        return None
    name = CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, charset: str | None) -> tuple[str, str]:
    """Decode `data` declared as `charset`; returns (text, problem) where problem is "" if clean."""
    label = (charset or "").strip().strip("\"'").lower()
    codec = find_codec(label)
    if is_ascii_compatible(codec) and data.isascii():
        return data.decode("ascii"), ""
    if codec is not None and is_single_byte(codec) and looks_like_utf8(data):
        return data.decode("utf-8"), f"declared charset {label!r} holds UTF-8; read as utf-8"
    if codec is not None:
        for name in (codec, *SISTERS.get(codec, ())):
            try:
                text = decode_cp50220(data) if name == "cp50220" else data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
            if name == codec:
                return text, ""
            return text, f"declared charset {label!r} does not fit its bytes; read as {name}"
    if codec is None and label not in UNDECLARED:
        problem = f"unknown charset {label!r}"
    elif codec is None:
        problem = ""
    else:
        problem = f"declared charset {label!r} does not fit its bytes"
    return decode_undeclared(data, codec, problem)


def is_ascii_compatible(codec: str | None) -> bool:
    """ASCII bytes mean ASCII text (not so for UTF-7, UTF-16 or ISO-2022)."""
    return codec is None or not codec.startswith(("utf-7", "utf-16", "utf-32", "iso2022", "hz"))


@functools.lru_cache(maxsize=64)
def is_single_byte(codec: str) -> bool:
    if codec in ("utf-8", "ascii") or not is_ascii_compatible(codec):
        return False
    return len(bytes(range(128, 256)).decode(codec, errors="replace")) == 128


def looks_like_utf8(data: bytes) -> bool:
    """Non-ASCII bytes that form valid UTF-8: practically never an accident in 8-bit text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode_undeclared(data: bytes, codec: str | None, problem: str) -> tuple[str, str]:
    """UTF-8 if it fits (or mostly fits: mixed UTF-8 and 8-bit text), else the declared multibyte
    codec with replacements, else Windows-1252."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, f"{problem}; read as utf-8" if problem else ""
    mixed = decode_mostly_utf8(data)
    if mixed is not None:
        reason = problem or "8-bit text without a charset"
        return mixed, f"{reason}; read as utf-8 mixed with windows-1252"
    if codec in MULTIBYTE:
        return data.decode(codec, errors="replace"), f"{problem}; unreadable bytes replaced"
    try:
        text, used = data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        text, used = data.decode("latin-1"), "latin-1"
    reason = problem or "8-bit text without a charset"
    return text, f"{reason}; read as {used}"


def decode_mostly_utf8(data: bytes) -> str | None:
    """Text that is UTF-8 but for a few 8-bit bytes (a Latin-1 quote inside a UTF-8 reply):
    valid sequences read as UTF-8, the stray bytes as Windows-1252. None when UTF-8 is unlikely."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    multibyte = sum(1 for char in text if char > "\x7f" and not "\udc80" <= char <= "\udcff")
    if multibyte < max(2, stray):
        return None
    return "".join(
        bytes([ord(char) - 0xDC00]).decode("cp1252", errors="replace")
        if "\udc80" <= char <= "\udcff"
        else char
        for char in text
    )


def decode_cp50220(data: bytes) -> str:
    """ISO-2022-JP with Microsoft's extensions (NEC special characters such as ①, IBM kanji),
    which Python's iso2022 codecs refuse: each JIS X 0208 run is converted to Shift_JIS bytes
    and read as cp932."""
    out: list[str] = []
    mode = "ascii"
    position = 0
    while position < len(data):
        if data[position] == 0x1B:
            escape = data[position : position + 3]
            mode = {b"$@": "jis", b"$B": "jis", b"(I": "kana"}.get(escape[1:3], "ascii")
            position += 3
            continue
        if mode == "jis" and data[position] not in b"\r\n":
            pair = data[position : position + 2]
            if len(pair) < 2:
                raise UnicodeDecodeError("cp50220", data, position, position + 1, "truncated")
            out.append(jis_pair_to_sjis(pair[0], pair[1]).decode("cp932"))
            position += 2
        elif mode == "kana":
            out.append(bytes([data[position] | 0x80]).decode("cp932"))
            position += 1
        else:
            if data[position] > 0x7F:
                raise UnicodeDecodeError("cp50220", data, position, position + 1, "8-bit byte")
            out.append(chr(data[position]))
            position += 1
    return "".join(out)


def jis_pair_to_sjis(first: int, second: int) -> bytes:
    lead = ((first + 1) >> 1) + (0x70 if first <= 0x5E else 0xB0)
    odd_row_offset = 0x1F if second <= 0x5F else 0x20
    trail = second + (odd_row_offset if first & 1 else 0x7E)
    return bytes([lead & 0xFF, trail & 0xFF])


def decode_header_bytes(raw: str, hint: str | None = None) -> str:
    """A raw header value (8-bit bytes kept as surrogates by the parser) to text: UTF-8 as
    RFC 6532 allows, else the message's declared charset, else Windows-1252."""
    if raw.isascii():
        return raw
    data = raw.encode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(data, hint if find_codec(hint) else None)[0]


def decode_encoded_words(value: str) -> str:
    """Decode RFC 2047 encoded words; adjacent words of one charset are joined as bytes first
    (a multibyte character may be split between two words)."""
    if "=?" not in value:
        return value
    pieces: list[tuple[str, bytes | str]] = []  # (charset, bytes) or ("", plain text)
    position = 0
    for match in ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        if between and not (between.isspace() and pieces and pieces[-1][0]):
            pieces.append(("", between))
        charset, encoding, encoded = match.groups()
        data = decode_b(encoded) if encoding in "bB" else decode_q(encoded)
        charset = charset.split("*", 1)[0].lower()
        previous = pieces[-1] if pieces else None
        if previous and previous[0] == charset and isinstance(previous[1], bytes):
            pieces[-1] = (charset, previous[1] + data)
        else:
            pieces.append((charset, data))
        position = match.end()
    pieces.append(("", value[position:]))
    out = []
    for charset, piece in pieces:
        out.append(decode_text(piece, charset)[0] if isinstance(piece, bytes) else piece)
    return "".join(out)


def decode_b(encoded: str) -> bytes:
    cleaned = encoded.strip().rstrip("=")
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return binascii.a2b_base64(cleaned.encode("ascii", errors="ignore"))
    except binascii.Error:
        return encoded.encode("ascii", errors="replace")


def decode_q(encoded: str) -> bytes:
    data = encoded.replace("_", " ").encode("utf-8", errors="surrogateescape")
    return QP_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def decode_header(raw: str, hint: str | None = None) -> str:
    """Unfold a raw header value, read 8-bit bytes and decode encoded words."""
    unfolded = re.sub(r"\r?\n(?=[ \t])|\r(?=[ \t])", "", raw).replace("\r", "").replace("\n", "")
    return decode_encoded_words(decode_header_bytes(unfolded, hint))
