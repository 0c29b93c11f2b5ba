"""Every write of the contact form: a customer's request, and the admins' topics."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.brands.models import Brand
from sevai.contact.forms import ContactCategoryForm
from sevai.contact.models import ContactCategory
from sevai.contact.queries import acknowledging_mailbox
from sevai.customers.actions import find_or_create_customer
from sevai.customers.models import Identity
from sevai.mail.outbox import queue_acknowledgement
from sevai.tickets.actions.messages import open_ticket
from sevai.tickets.actions.uploads import attach_uploads, uploads_problems
from sevai.tickets.models import Channel, Message, Ticket

logger = logging.getLogger("sevai.contact")


@dataclass(frozen=True)
class Submitted:
    """What a contact request became: the ticket, its first message, and whether an
    acknowledgement was queued."""

    ticket: Ticket
    acknowledged: bool
    message: Message


@transaction.atomic
def submit_contact_request(
    *,
    brand: Brand,
    name: str,
    email: str,
    subject: str,
    message: str,
    language: str,
    category: ContactCategory | None = None,
    files: Sequence[UploadedFile[bytes]] = (),
) -> Submitted:
    """Open a web-form ticket for a customer (found or created by email address), attach their
    files and queue the acknowledgement in their language. All of it, or nothing."""
    problems = uploads_problems(files)
    if problems:
        raise ValidationError(problems)
    customer, _created = find_or_create_customer(
        Identity.Kind.EMAIL, email, name=name, language=language
    )
    team = category.team if category is not None and category.team_id else None
    if team is None and brand.team_id:
        team = brand.team
    ticket = open_ticket(
        customer=customer,
        subject=subject,
        body=message,
        channel=Channel.WEB_FORM,
        language=language,
        team=team,
        tags=[category.tag] if category is not None and category.tag else [],
    )
    first = ticket.messages.get()
    mailbox = acknowledging_mailbox(brand, ticket)
    acknowledged = False
    if mailbox is not None:
        acknowledged = queue_acknowledgement(ticket, first, mailbox).outbound is not None
    # Files last: storage is written at once and a rollback does not undo it.
    attach_uploads(first, files)
    logger.info("contact form: ticket #%s opened on brand %s", ticket.number, brand.slug)
    return Submitted(ticket=ticket, acknowledged=acknowledged, message=first)


def require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied(_("Only admins manage the contact form."))


@transaction.atomic
def save_category(form: ContactCategoryForm, *, actor: User) -> ContactCategory:
    """Save a valid topic form (a new topic or changes to one)."""
    require_admin(actor)
    category: ContactCategory = form.save()
    return category


@transaction.atomic
def delete_category(category: ContactCategory, *, actor: User) -> None:
    """Remove a topic. Tickets opened with it keep their tag and team."""
    require_admin(actor)
    category.delete()
