"""Low-level reads on the standard library's Message objects, each guarded: payload bytes
(lenient base64, x-uuencode), raw headers, enclosed messages written back byte for byte."""

from __future__ import annotations

import binascii
import io
import re
from email import policy
from email.generator import BytesGenerator
from email.message import Message
from email.parser import BytesParser

from sevai.mail.parse.charsets import decode_header, decode_text
from sevai.mail.parse.uuencode import decode_uu_body


def raw_header(part: Message, name: str) -> str:
    """The first raw value of a header (8-bit bytes as surrogates), "" when absent."""
    lowered = name.lower()
    for key, value in part.raw_items():
        if key.lower() == lowered:
            return str(value)
    return ""


def reparse_with_found_boundary(part: Message) -> Message | None:
    """A multipart whose declared boundary never occurs, read with the first boundary-looking
    line of its body (`--something` that recurs, closing with `--something--`)."""
    payload = part.get_payload()
    if not isinstance(payload, str):
        return None
    for line in payload.splitlines()[:200]:
        candidate = line.rstrip()
        if len(candidate) > 4 and candidate.startswith("--") and " " not in candidate:
            boundary = candidate[2:]
            if f"\n--{boundary}--" in payload:
                break
    else:
        return None
    content_type = content_type_of(part)
    head = f'Content-Type: {content_type}; boundary="{boundary}"\n\n'
    data = (head + payload).encode("utf-8", errors="surrogateescape")
    repaired = BytesParser(policy=policy.compat32).parsebytes(data)
    return repaired if repaired.is_multipart() else None


def payload_of(part: Message) -> bytes:
    if part.is_multipart():  # a message/* part kept whole
        inner = children_of(part)
        return serialise(inner[0]) if inner else b""
    encoding = raw_header(part, "content-transfer-encoding").strip().lower()
    raw = part.get_payload()
    if encoding in ("x-uuencode", "uuencode", "uue", "x-uue") and isinstance(raw, str):
        return decode_uu_body(raw)
    if encoding == "base64" and isinstance(raw, str):
        return decode_base64_leniently(raw.encode("ascii", errors="ignore"))
    try:
        data = part.get_payload(decode=True)
    except Exception:  # bogus transfer encoding
        data = None
    if isinstance(data, bytes):
        return data
    return raw.encode("utf-8", errors="surrogateescape") if isinstance(raw, str) else b""


def decode_base64_leniently(data: bytes) -> bytes:
    """Base64 as mail clients write it: stray characters ignored, missing padding added, and a
    dangling last character dropped."""
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        if len(cleaned) % 4 == 1:
            cleaned = cleaned[:-1]
        return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))


def children_of(part: Message) -> list[Message]:
    payload = part.get_payload()
    if not isinstance(payload, list):
        return []
    return [child for child in payload if isinstance(child, Message)]


def serialise(message: Message, line_ending: str = "\n") -> bytes:
    """The enclosed message as bytes: compat32 without refolding writes headers and bodies back
    as they came, so this is the original with the line endings of the whole mail."""
    writer_policy = policy.compat32.clone(max_line_length=0, linesep=line_ending)
    out = io.BytesIO()
    try:
        BytesGenerator(out, mangle_from_=False, policy=writer_policy).flatten(message)
    except Exception:  # a message the generator cannot write back: keep what str() gives
        try:
            return message.as_string().encode("utf-8", errors="surrogateescape")
        except Exception:
            return b""
    return out.getvalue()


def body_bytes_of(part: Message, line_ending: str) -> bytes:
    """The body of a part as it came (for parts the parser split into header blocks)."""
    data = serialise(part, line_ending)
    separator = (line_ending * 2).encode("ascii")
    return data.split(separator, 1)[1] if separator in data else b""


def report_text_of(part: Message) -> str:
    """The fields of a delivery-status or feedback-report part, as text."""
    payload = part.get_payload()
    if isinstance(payload, str):
        return decode_text(payload_of(part), "utf-8")[0].replace("\r\n", "\n")
    blocks = []
    for block in payload if isinstance(payload, list) else []:
        if not isinstance(block, Message):
            continue
        fields = [f"{name}: {decode_header(str(value))}" for name, value in block.raw_items()]
        body = block.get_payload()
        if isinstance(body, str) and body.strip():
            fields.append(body.strip("\r\n"))
        blocks.append("\n".join(fields))
    return "\n\n".join(blocks)


def content_type_of(part: Message) -> str:
    try:
        return part.get_content_type().strip().lower()
    except Exception:  # a malformed Content-Type header
        return "application/octet-stream"


def disposition_of(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").strip().lower()
    except Exception:
        return ""
