"""Files customers upload (portal, contact form, chat): checked, then stored as attachments
of a ticket message, the same rows inbound mail uses."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from sevai.mail.models import Attachment
from sevai.tickets.models import Message

# Files that run code when opened: never accepted from the public.
FORBIDDEN_EXTENSIONS = frozenset(
    [
        "apk",
        "app",
        "bat",
        "cmd",
        "com",
        "cpl",
        "dll",
        "dmg",
        "exe",
        "hta",
        "htm",
        "html",
        "jar",
        "js",
        "jse",
        "lnk",
        "msi",
        "msp",
        "mst",
        "pif",
        "ps1",
        "reg",
        "scr",
        "sh",
        "svg",
        "vb",
        "vbe",
        "vbs",
        "wsf",
        "wsh",
        "xhtml",
    ]
)
MAX_FILES = 5
FILENAME_MAX_CHARS = 200


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def upload_problem(upload: UploadedFile[bytes]) -> str:
    """Why this upload is refused, in words for the customer; "" when it is fine."""
    name = upload.name or ""
    limit = settings.UPLOAD_MAX_BYTES
    if extension(name) in FORBIDDEN_EXTENSIONS:
        return _("%(name)s: files of this type are not accepted.") % {"name": name}
    if (upload.size or 0) > limit:
        return _("%(name)s is too large (at most %(mb)d MB).") % {
            "name": name,
            "mb": limit // (1024 * 1024),
        }
    if not upload.size:
        return _("%(name)s is empty.") % {"name": name}
    return ""


def uploads_problems(uploads: Iterable[UploadedFile[bytes]]) -> list[str]:
    files = list(uploads)
    problems = [p for p in (upload_problem(f) for f in files) if p]
    if len(files) > MAX_FILES:
        problems.append(_("At most %(n)d files can be attached.") % {"n": MAX_FILES})
    return problems


def attach_uploads(message: Message, uploads: Iterable[UploadedFile[bytes]]) -> list[Attachment]:
    """Store checked uploads (call uploads_problems first) on a message."""
    rows = []
    for upload in uploads:
        payload = b"".join(upload.chunks())
        digest = hashlib.sha256(payload).hexdigest()
        content_type = (
            upload.content_type
            or mimetypes.guess_type(upload.name or "")[0]
            or "application/octet-stream"
        )
        suffix = extension(upload.name or "")
        suffix = f".{suffix[:10]}" if suffix.isascii() and suffix.isalnum() else ".bin"
        row = Attachment(
            message=message,
            filename=(upload.name or _("attachment"))[:FILENAME_MAX_CHARS],
            content_type=content_type[:255],
            size=len(payload),
            sha256=digest,
        )
        row.file.save(f"{digest[:32]}{suffix}", ContentFile(payload), save=False)
        row.save()
        rows.append(row)
    return rows
