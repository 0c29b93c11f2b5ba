"""Helpers for portal tests: signed-in browsers, links, files, notes."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sevai.customers.models import Customer
from sevai.mail.models import Attachment, OutboundEmail
from sevai.portal.pages import SESSION_KEY
from sevai.tickets.actions.uploads import attach_uploads
from sevai.tickets.models import Message

LINK = re.compile(r"https?://\S+/portal/login/([A-Za-z0-9_-]+)/(?:\?\S*)?")


def portal_client(customer: Customer) -> Client:
    """A browser whose session holds the customer, as a used sign-in link leaves it."""
    client = Client()
    session = client.session
    session[SESSION_KEY] = customer.pk
    session.save()
    return client


def mailed_link(outbound: OutboundEmail) -> tuple[str, str]:
    """(url, token) of the sign-in link in a queued mail's text body."""
    found = LINK.search(outbound.body_text)
    assert found is not None, outbound.body_text
    return found.group(0), found.group(1)


def upload(
    name: str = "label.pdf", content: bytes = b"%PDF-1.4 parcel label"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def attach(message: Message, name: str = "label.pdf", content: bytes = b"%PDF-1.4 x") -> Attachment:
    [attachment] = attach_uploads(message, [upload(name, content)])
    return attachment
