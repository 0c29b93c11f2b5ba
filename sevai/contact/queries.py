"""Reading contact-form topics, and the mailbox that acknowledges a request."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sevai.brands.models import Brand
from sevai.contact.models import ContactCategory
from sevai.mail.models import Mailbox
from sevai.mail.outbox import mailbox_for
from sevai.tickets.models import Ticket


def categories_for(brand: Brand) -> list[ContactCategory]:
    """The topics on a brand's contact page: its own and those for every brand."""
    return list(
        ContactCategory.objects.filter(Q(brand=brand) | Q(brand__isnull=True)).select_related(
            "team"
        )
    )


def all_categories() -> QuerySet[ContactCategory]:
    """Every topic, for the settings page."""
    return ContactCategory.objects.select_related("brand", "team").order_by(
        "brand__name", "position", "name", "pk"
    )


def acknowledging_mailbox(brand: Brand, ticket: Ticket) -> Mailbox | None:
    """The active mailbox of the brand's support address, else the desk's usual one."""
    if brand.support_email:
        own = Mailbox.objects.filter(address__iexact=brand.support_email, is_active=True).first()
        if own is not None:
            return own
    return mailbox_for(ticket)
