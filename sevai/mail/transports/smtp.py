"""SMTP client for outgoing mail: moves bytes to the mailbox's server, classifies failures.

Security "none" is plain SMTP (local tests only), "starttls" upgrades or refuses to go on
(never a silent downgrade), "tls" is implicit TLS (port 465). Passwords are never logged.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from django.core.mail.utils import DNS_NAME

from sevai.mail.models import Mailbox

TIMEOUT_SECONDS = 30.0


class SendError(Exception):
    """A failed delivery. permanent: the server rejected the mail (5xx) and retrying the
    same mail will not help; otherwise a later attempt may succeed (outage, 4xx, config)."""

    def __init__(self, message: str, *, permanent: bool, code: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def classify(exc: BaseException) -> SendError:
    """Turn smtplib and socket errors into a SendError (5xx permanent, the rest temporary)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = exc.recipients
        codes = [code for code, _msg in refused.values()]
        detail = "; ".join(f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in refused.items())
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return SendError(
            f"recipient refused: {detail}", permanent=permanent, code=max(codes or [0])
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        # The mailbox's settings are wrong, not this mail: retry once an admin fixes them.
        return SendError(
            f"login failed: {exc.smtp_code} {_text(exc.smtp_error)}",
            permanent=False,
            code=exc.smtp_code,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        return SendError(
            f"{type(exc).__name__}: {code} {_text(exc.smtp_error)}",
            permanent=500 <= code < 600,
            code=code,
        )
    if isinstance(exc, TimeoutError):
        return SendError(f"timed out: {exc}", permanent=False)
    return SendError(f"{type(exc).__name__}: {exc}", permanent=False)


def _connect(mailbox: Mailbox, timeout: float, context: ssl.SSLContext | None) -> smtplib.SMTP:
    host, port, local = mailbox.smtp_host, mailbox.smtp_port, str(DNS_NAME)
    if mailbox.smtp_security == Mailbox.Security.TLS:
        return smtplib.SMTP_SSL(
            host,
            port,
            local_hostname=local,
            timeout=timeout,
            context=context or ssl.create_default_context(),
        )
    client = smtplib.SMTP(host, port, local_hostname=local, timeout=timeout)
    if mailbox.smtp_security == Mailbox.Security.STARTTLS:
        try:
            client.ehlo()
            if not client.has_extn("starttls"):
                raise SendError(
                    f"{host}:{port} does not offer STARTTLS; refusing to send unencrypted",
                    permanent=False,
                )
            client.starttls(context=context or ssl.create_default_context())
            client.ehlo()
        except BaseException:
            client.close()
            raise
    return client


def _close(client: smtplib.SMTP) -> None:
    """QUIT after the mail was accepted; a failing QUIT must not make it look unsent."""
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def send(
    mailbox: Mailbox,
    message: EmailMessage,
    *,
    sender: str,
    recipients: Sequence[str],
    timeout: float = TIMEOUT_SECONDS,
    context: ssl.SSLContext | None = None,
) -> dict[str, tuple[int, str]]:
    """Deliver one message through the mailbox's SMTP server.

    Returns the recipients the server refused while accepting the mail for the others;
    raises SendError when nothing was accepted.
    """
    if not mailbox.smtp_host:
        raise SendError(f"mailbox {mailbox.address} has no SMTP server set", permanent=False)
    if not recipients:
        raise SendError("no recipients", permanent=True)
    try:
        client = _connect(mailbox, timeout, context)
    except SendError:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        raise classify(exc) from exc
    try:
        if mailbox.smtp_username:
            client.login(mailbox.smtp_username, mailbox.smtp_password)
        refused = client.sendmail(sender, list(recipients), message.as_bytes())
    except (smtplib.SMTPException, OSError) as exc:
        client.close()
        raise classify(exc) from exc
    _close(client)
    return {rcpt: (code, _text(msg)) for rcpt, (code, msg) in refused.items()}
