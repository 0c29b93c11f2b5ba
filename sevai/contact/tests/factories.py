"""Factories and helpers for the contact-form tests (kept here, not in the shared module)."""

from __future__ import annotations

import time
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from sevai.brands.models import Brand
from sevai.contact import spam
from sevai.contact.models import ContactCategory
from sevai.customers.models import Customer
from sevai.mail.models import Attachment, OutboundEmail
from sevai.tickets.models import Event, Message, Tag, Ticket


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Parcel Help {n}")
    slug = factory.Sequence(lambda n: f"parcel-help-{n}")
    default_language = "en"


class ContactCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactCategory

    name = factory.Sequence(lambda n: f"Topic {n}")
    tag = ""
    position = factory.Sequence(lambda n: n)


def form_data(seconds_ago: float = 30, **overrides: Any) -> dict[str, Any]:
    """A filled-in contact form whose time stamp was issued `seconds_ago`."""
    data: dict[str, Any] = {
        "name": "Mariam Petrosyan",
        "email": "mariam@mail.example",
        "subject": "Parcel to Yerevan",
        "message": "Hello,\r\nmy parcel 4471 has not arrived. Where is it?",
        spam.TOKEN_FIELD: spam.form_token(now=time.time() - seconds_ago),
        spam.HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data


def upload(name: str, size: int = 64, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, b"x" * size, content_type=content_type)


def row_counts() -> dict[str, int]:
    """Everything a contact request may write, to show that a refused one wrote nothing."""
    return {
        "tickets": Ticket.objects.count(),
        "messages": Message.objects.count(),
        "events": Event.objects.count(),
        "customers": Customer.objects.count(),
        "tags": Tag.objects.count(),
        "attachments": Attachment.objects.count(),
        "outbound": OutboundEmail.objects.count(),
    }
