"""The first mailbox from the environment: parse SEVAI_IMAP_URL and SEVAI_SMTP_URL.

    imaps://user:password@imap.example.com:993/INBOX    implicit TLS (default port 993)
    imap+starttls://user:password@imap.example.com/INBOX STARTTLS (default port 143)
    imap://user:password@127.0.0.1:143/INBOX            plain text, local tests only
    smtps://user:password@smtp.example.com:465          implicit TLS (default port 465)
    smtp+starttls://user:password@smtp.example.com:587  STARTTLS (default port 587)
    smtp://127.0.0.1:25                                 plain text, local relays only

User names, passwords and the folder may be percent-encoded (`%40` for `@`). Error messages
name the URL with its password replaced by `***`; the password is never logged.
The `security` values are those of sevai.mail.models.Mailbox.Security.
"""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import SplitResult, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

# scheme: (security, default port, has a folder)
SCHEMES: dict[str, tuple[str, int, bool]] = {
    "imaps": ("tls", 993, True),
    "imap+starttls": ("starttls", 143, True),
    "imap": ("none", 143, True),
    "smtps": ("tls", 465, False),
    "smtp+starttls": ("starttls", 587, False),
    "smtp": ("none", 25, False),
}
DEFAULT_FOLDER = "INBOX"


class MailServer(TypedDict):
    host: str
    port: int
    security: str  # "tls", "starttls" or "none"
    username: str
    password: str
    folder: str  # IMAP only; "" for SMTP


def redact(url: str) -> str:
    """The URL with its password replaced by ***, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _at, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{hostport}").geturl()


def _port(parts: SplitResult, default: int, shown: str) -> int:
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{shown}: the port must be a number from 1 to 65535") from None
    if port is None:
        return default
    if port == 0:
        raise ImproperlyConfigured(f"{shown}: the port must be a number from 1 to 65535")
    return port


def parse_mail_url(url: str) -> MailServer:
    """Host, port, security, user name, password and folder from an IMAP or SMTP URL."""
    url = url.strip()
    shown = redact(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ImproperlyConfigured(
            f"{shown}: unknown scheme {parts.scheme!r}; use one of {', '.join(SCHEMES)}"
        )
    security, default_port, has_folder = SCHEMES[scheme]
    if not parts.hostname:
        raise ImproperlyConfigured(f"{shown}: the server's host name is missing")
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{shown}: unexpected ? or # (percent-encode them in the password: %3F, %23)"
        )
    folder = unquote(parts.path.lstrip("/"))
    if folder and not has_folder:
        raise ImproperlyConfigured(f"{shown}: an SMTP URL has no path")
    return {
        "host": parts.hostname,
        "port": _port(parts, default_port, shown),
        "security": security,
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "folder": (folder or DEFAULT_FOLDER) if has_folder else "",
    }
