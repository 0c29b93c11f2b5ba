"""Every change to webhooks and their deliveries. Admins only; secrets never logged."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.webhooks.models import SUBSCRIBABLE_EVENTS, Delivery, Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 (a public prefix, not a secret)
PING_EVENT = "ping"


def generate_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied(_("Only admins manage webhooks."))


def check_events(events: Iterable[str]) -> list[str]:
    """The events in the order of WebhookEvent; at least one, none unknown."""
    wanted = set(events)
    allowed = [e.value for e in SUBSCRIBABLE_EVENTS]
    unknown = wanted - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown events: %(e)s") % {"e": ", ".join(sorted(unknown))})
    if not wanted:
        raise ValidationError(_("Choose at least one event to send."))
    return [e for e in allowed if e in wanted]


def is_private_address(host: str) -> bool:
    """Whether host is, or resolves to, a loopback, private, link-local or reserved address."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return False  # unresolvable now; delivery attempts will record the error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            return True
    return False


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http:// or https:// URL."))
    if parts.username or parts.password:
        raise ValidationError(_("Leave credentials out of the URL; check the signature instead."))
    if not settings.WEBHOOK_ALLOW_PRIVATE and is_private_address(parts.hostname):
        raise ValidationError(
            _("%(host)s is a private or local address, which this server does not allow.")
            % {"host": parts.hostname}
        )
    return url


@transaction.atomic
def create_webhook(url: str, events: Iterable[str], *, actor: User) -> tuple[Webhook, str]:
    """Register a receiver. The secret is returned so it can be shown once."""
    require_admin(actor)
    secret = generate_secret()
    webhook = Webhook.objects.create(
        url=check_url(url), events=check_events(events), secret=secret, created_by=actor
    )
    return webhook, secret


@transaction.atomic
def update_webhook(webhook: Webhook, *, url: str, events: Iterable[str], actor: User) -> Webhook:
    require_admin(actor)
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    webhook.url = check_url(url)
    webhook.events = check_events(events)
    webhook.save(update_fields=["url", "events"])
    return webhook


@transaction.atomic
def set_webhook_active(webhook: Webhook, active: bool, *, actor: User) -> Webhook:
    """Deactivate (no new deliveries are queued) or activate again."""
    require_admin(actor)
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    if webhook.is_active != active:
        webhook.is_active = active
        webhook.save(update_fields=["is_active"])
    return webhook


@transaction.atomic
def delete_webhook(webhook: Webhook, *, actor: User) -> None:
    """Delete the webhook with its delivery log. Queued tasks then find nothing to send."""
    require_admin(actor)
    Webhook.objects.filter(pk=webhook.pk).delete()


def _enqueue_after_commit(delivery_id: int) -> None:
    def enqueue() -> None:
        from sevai.webhooks.tasks import deliver_webhook

        deliver_webhook.enqueue(delivery_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def send_test_delivery(webhook: Webhook, *, actor: User) -> Delivery:
    """Queue a "ping" through the real outbox, signed like every delivery."""
    require_admin(actor)
    now = timezone.now()
    delivery = Delivery.objects.create(
        webhook=webhook,
        event=PING_EVENT,
        payload={
            "event": PING_EVENT,
            "webhook": {"id": webhook.pk, "url": webhook.url, "events": webhook.events},
            "sent_by_user_id": actor.pk,
        },
        next_attempt_at=now,
    )
    _enqueue_after_commit(delivery.pk)
    return delivery


@transaction.atomic
def retry_delivery(delivery: Delivery, *, actor: User) -> Delivery:
    """Send a failed delivery once more, now. Its attempt count and log are kept."""
    require_admin(actor)
    now = timezone.now()
    changed = Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.FAILED).update(
        state=Delivery.State.PENDING, next_attempt_at=now
    )
    if changed != 1:
        raise ValidationError(_("Only a failed delivery can be retried."))
    _enqueue_after_commit(delivery.pk)
    return Delivery.objects.get(pk=delivery.pk)
