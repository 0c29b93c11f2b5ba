"""Attachment names (RFC 2231, encoded words, raw 8-bit, none at all) and TNEF unpacking."""

from __future__ import annotations

import mimetypes
import re
from email.message import Message

from sevai.mail.parse.charsets import decode_header, decode_text
from sevai.mail.parsed import ParsedAttachment
from sevai.mail.tnef import read_tnef

EXTENSIONS = {
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    "text/rfc822-headers": ".txt",
    "image/jpeg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "application/octet-stream": ".bin",
    "application/pdf": ".pdf",
    "application/ms-tnef": ".dat",
    "application/pgp-signature": ".asc",
    "application/pgp-encrypted": ".asc",
    "application/pgp-keys": ".asc",
    "application/pkcs7-signature": ".p7s",
    "application/x-pkcs7-signature": ".p7s",
    "application/pkcs7-mime": ".p7m",
    "application/x-pkcs7-mime": ".p7m",
    "message/rfc822": ".eml",
    "message/global": ".eml",
    "message/delivery-status": ".txt",
    "message/disposition-notification": ".txt",
    "message/feedback-report": ".txt",
}
MAX_FILENAME = 255
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def param(part: Message, name: str, header: str = "content-type") -> str:
    """A header parameter, RFC 2231 and encoded words decoded; "" when absent."""
    try:
        value = part.get_param(name, None, header)
    except Exception:  # a malformed header must not stop the parse
        return ""
    if value is None:
        return ""
    charset = part_charset(part)
    if isinstance(value, tuple):  # RFC 2231: (charset, language, %-decoded latin-1 text)
        declared, _language, text = value
        data = str(text).encode("latin-1", errors="replace")
        return decode_text(data, declared or charset or "utf-8")[0]
    return decode_header(str(value), charset).strip().strip('"')


def part_charset(part: Message) -> str | None:
    try:
        charset = part.get_content_charset()
    except Exception:  # malformed parameters
        return None
    return str(charset) if charset else None


def clean_filename(name: str) -> str:
    """No path, no control characters, at most 255 characters with the extension kept."""
    name = CONTROL.sub("", name).replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".")
    if len(name) > MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_FILENAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_FILENAME]
    return name


def filename_of(part: Message) -> str:
    name = param(part, "filename", "content-disposition") or param(part, "name")
    return clean_filename(name)


def extension_for(content_type: str) -> str:
    return EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"


def generated_name(content_type: str, number: int) -> str:
    """A name for an attachment that has none: attachment-1.pdf."""
    return f"attachment-{number}{extension_for(content_type)}"


def name_from_content_id(content_id: str) -> str:
    """Outlook names inline images only in the Content-ID: `image001.jpg@01CDB132.D8A510F0`."""
    local = content_id.split("@", 1)[0]
    stem, dot, extension = local.rpartition(".")
    if dot and stem and 1 <= len(extension) <= 5 and extension.isalnum():
        return clean_filename(local)
    return ""


def name_for_enclosed(subject: str, description: str, number: int) -> str:
    """A forwarded message's file name: its subject, the part's description (Postfix:
    "Undelivered Message"), or forwarded-message-1.eml."""
    stem = clean_filename(" ".join(subject.split()))[:100].strip() or description
    return f"{stem}.eml" if stem else f"forwarded-message-{number}.eml"


def name_from_description(part: Message, extension: str) -> str:
    """A name from Content-Description ("Delivery report" gives "Delivery report.txt")."""
    raw = next((str(v) for k, v in part.raw_items() if k.lower() == "content-description"), "")
    stem = clean_filename(" ".join(decode_header(raw).split()))[:100].strip()
    return f"{stem}{extension}" if stem else ""


def is_tnef(content_type: str, filename: str) -> bool:
    return content_type in ("application/ms-tnef", "application/vnd.ms-tnef") or (
        filename.lower() == "winmail.dat"
    )


def expand_tnef(attachment: ParsedAttachment, problems: list[str]) -> list[ParsedAttachment]:
    """The files inside a winmail.dat; the winmail.dat itself is kept when it is damaged."""
    content = read_tnef(attachment.payload)
    found = []
    for number, item in enumerate(content.attachments, 1):
        content_type = item.content_type or guess_type(item.filename)
        name = clean_filename(item.filename) or generated_name(content_type, number)
        found.append(
            ParsedAttachment(
                filename=name,
                content_type=content_type,
                payload=item.data,
                content_id=item.content_id,
                inline=bool(item.content_id),
            )
        )
    if content.problems or not found:
        problems.extend(f"{attachment.filename}: {problem}" for problem in content.problems)
        return [attachment, *found]
    return found


def guess_type(filename: str) -> str:
    guessed, _encoding = mimetypes.guess_type(filename, strict=False)
    return guessed or "application/octet-stream"
