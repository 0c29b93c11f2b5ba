"""Every change the customer portal makes: sign-in links, and customers' requests, replies,
files and "solved" (through the ticket actions, so events, webhooks and mail follow).

The secret in a sign-in link is never logged and never stored: MagicLink keeps its hash.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sevai.accounts.models import Team
from sevai.customers.models import Customer
from sevai.mail.outbox import queue_portal_link
from sevai.portal import queries
from sevai.portal.models import MagicLink
from sevai.portal.tokens import hash_token, new_token
from sevai.tickets.actions import add_customer_message, change_status, open_ticket
from sevai.tickets.actions.uploads import attach_uploads
from sevai.tickets.models import Channel, Message, Ticket

logger = logging.getLogger("sevai.portal")


@transaction.atomic
def request_sign_in_link(
    address: str, *, ip: str | None, language: str, query: str = ""
) -> MagicLink | None:
    """Mail a one-time sign-in link when the address belongs to a customer.

    Returns the link, or None when the address is unknown or cannot be mailed (no mailbox,
    bounced address); the caller answers the same either way. `query` ("brand=...") is added
    to the link so that it opens the same brand.
    """
    customer = queries.customer_for_address(address)
    if customer is None:
        logger.info("portal: sign-in link asked for an unknown address")
        return None
    token = new_token()
    url = f"{settings.BASE_URL}{reverse('portal_link', args=[token])}"
    if query:
        url = f"{url}?{query}"
    minutes = settings.PORTAL_LINK_MINUTES
    queued = queue_portal_link(customer, url, language, address=address, minutes=minutes)
    if queued.outbound is None:
        logger.info(
            "portal: no sign-in link mailed to customer %s (%s)", customer.pk, queued.skipped
        )
        return None
    now = timezone.now()
    return MagicLink.objects.create(
        customer=customer,
        token_hash=hash_token(token),
        expires_at=now + timedelta(minutes=minutes),
        requested_ip=_ip_or_none(ip),
    )


def _ip_or_none(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def use_sign_in_link(token: str, *, at: datetime | None = None) -> Customer | None:
    """Spend a sign-in link: the customer when it was unused and unexpired, else None.

    One conditional UPDATE marks it used, so two clicks racing each other cannot both win.
    """
    now = at or timezone.now()
    digest = hash_token(token)
    spent = MagicLink.objects.filter(
        token_hash=digest, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if spent != 1:
        return None
    link = MagicLink.objects.select_related("customer").get(token_hash=digest)
    logger.info("portal: customer %s signed in with link %s", link.customer_id, link.pk)
    return queries.surviving_customer(link.customer)


@transaction.atomic
def open_request(
    customer: Customer,
    *,
    subject: str,
    body: str,
    uploads: Sequence[UploadedFile[bytes]] = (),
    language: str = "",
    team: Team | None = None,
) -> Ticket:
    """A customer opens a request in the portal (channel "portal"), with checked uploads."""
    ticket = open_ticket(
        customer=customer,
        subject=subject,
        body=body,
        channel=Channel.PORTAL,
        language=language,
        team=team,
    )
    if uploads:
        attach_uploads(ticket.messages.get(), uploads)
    return ticket


@transaction.atomic
def send_reply(
    ticket: Ticket, customer: Customer, body: str, uploads: Sequence[UploadedFile[bytes]] = ()
) -> Message:
    """A customer writes on their ticket. A solved ticket reopens; a closed one gets a linked
    follow-up, which the returned message belongs to."""
    message = add_customer_message(ticket, body, channel=Channel.PORTAL, customer=customer)
    if uploads:
        attach_uploads(message, uploads)
    return message


def mark_solved(ticket: Ticket, customer: Customer) -> Ticket:
    """The customer says their request is solved; the timeline records that they did it."""
    return change_status(ticket, Ticket.Status.SOLVED, actor=None, by_customer=customer)
