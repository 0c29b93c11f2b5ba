"""Every change to mailboxes: settings by admins, poll outcomes by the IMAP transport.

Passwords are encrypted here (sevai.lib.crypto) and never returned or logged; the inbound HTTP
secret is returned once by `rotate_inbound_secret` and only its SHA-256 is kept.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.lib.crypto import encrypt
from sevai.mail.envconfig import parse_mail_url
from sevai.mail.models import Mailbox

logger = logging.getLogger("sevai.mail")

SECRET_PREFIX = "sevin_"  # noqa: S105 (a public prefix, not a secret)

# What admins edit; passwords and the inbound secret have their own parameters and actions.
SETTINGS_FIELDS = (
    "name",
    "address",
    "team",
    "is_active",
    "send_acknowledgement",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_username",
    "imap_folder",
    "imap_processed_folder",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_username",
)


def require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied(_("Only admins manage mailboxes."))


def hash_secret(raw: str) -> str:
    """How the HTTP endpoint compares a presented secret with Mailbox.inbound_secret_hash."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _apply(
    mailbox: Mailbox, values: dict[str, Any], imap_password: str, smtp_password: str
) -> None:
    for name in SETTINGS_FIELDS:
        if name in values:
            setattr(mailbox, name, values[name])
    # An empty password keeps the stored one: forms never show passwords back.
    if imap_password:
        mailbox.imap_password_encrypted = encrypt(imap_password)
    if smtp_password:
        mailbox.smtp_password_encrypted = encrypt(smtp_password)


@transaction.atomic
def create_mailbox(
    values: dict[str, Any], *, actor: User, imap_password: str = "", smtp_password: str = ""
) -> Mailbox:
    require_admin(actor)
    mailbox = Mailbox()
    _apply(mailbox, values, imap_password, smtp_password)
    mailbox.full_clean()
    mailbox.save()
    return mailbox


@transaction.atomic
def update_mailbox(
    mailbox: Mailbox,
    values: dict[str, Any],
    *,
    actor: User,
    imap_password: str = "",
    smtp_password: str = "",
) -> Mailbox:
    require_admin(actor)
    mailbox = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
    _apply(mailbox, values, imap_password, smtp_password)
    mailbox.full_clean()
    mailbox.save()
    return mailbox


@transaction.atomic
def rotate_inbound_secret(mailbox: Mailbox, *, actor: User) -> str:
    """A new secret for the HTTP endpoint; the old one stops working. Returned once."""
    require_admin(actor)
    raw = SECRET_PREFIX + secrets.token_urlsafe(32)
    Mailbox.objects.filter(pk=mailbox.pk).update(inbound_secret_hash=hash_secret(raw))
    mailbox.inbound_secret_hash = hash_secret(raw)
    return raw


def record_poll(mailbox: Mailbox, *, error: str) -> None:
    """The outcome of an IMAP poll: when it ran and what went wrong ("" after a clean poll)."""
    now = timezone.now()
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=now, last_error=error)
    mailbox.last_polled_at, mailbox.last_error = now, error


def claim_poll(mailbox_id: int, *, interval: timedelta) -> Mailbox | None:
    """Take the mailbox's next scheduled poll, or None when it ran less than `interval` ago.

    A conditional update, so two workers given the same task poll once.
    """
    now = timezone.now()
    due = Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=now - interval)
    claimed = (
        Mailbox.objects.filter(due, pk=mailbox_id, is_active=True)
        .exclude(imap_host="")
        .update(last_polled_at=now)
    )
    return Mailbox.objects.filter(pk=mailbox_id).first() if claimed == 1 else None


def configure_mailbox_from_env() -> Mailbox | None:
    """Create or update the mailbox of SEVAI_MAILBOX_ADDRESS from SEVAI_IMAP_URL/SMTP_URL.

    Run at start-up of `sevai serve` and `sevai worker`; does nothing without an address.
    Only what the environment gives is written: an unset URL (or a URL without a password)
    leaves the stored settings alone. A bad value raises ImproperlyConfigured.
    """
    address = settings.MAILBOX_ADDRESS
    if not address:
        return None
    values: dict[str, Any] = {}
    if settings.MAILBOX_NAME:
        values["name"] = settings.MAILBOX_NAME
    passwords = {"imap": "", "smtp": ""}
    for kind, url in (("imap", settings.MAILBOX_IMAP_URL), ("smtp", settings.MAILBOX_SMTP_URL)):
        if not url:
            continue
        server = parse_mail_url(url)
        for key in ("host", "port", "security", "username"):
            values[f"{kind}_{key}"] = server[key]
        if kind == "imap":
            values["imap_folder"] = server["folder"]
        passwords[kind] = server["password"]
    try:
        mailbox = _save_env_mailbox(address, values, passwords)
    except IntegrityError:  # `serve` and `worker` starting together: the other one created it
        mailbox = _save_env_mailbox(address, values, passwords)
    logger.info("mailbox %s <%s> configured from the environment", mailbox.pk, address)
    return mailbox


@transaction.atomic
def _save_env_mailbox(address: str, values: dict[str, Any], passwords: dict[str, str]) -> Mailbox:
    mailbox = Mailbox.objects.select_for_update().filter(address=address).first()
    if mailbox is None:
        mailbox = Mailbox(address=address, name="Support")
    _apply(mailbox, values, passwords["imap"], passwords["smtp"])
    try:
        mailbox.full_clean()
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise ImproperlyConfigured(f"SEVAI_MAILBOX_ADDRESS={address!r}: {problems}") from None
    mailbox.save()
    return mailbox
