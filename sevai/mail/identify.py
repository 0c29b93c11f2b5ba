"""Who wrote a mail: the customer behind the From address, Sevai's own addresses, mail loops.

Everything here only reads; processing creates the customer through
`sevai.customers.actions.find_or_create_customer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError

from sevai.customers.identities import normalize_identity
from sevai.customers.models import Customer, Identity
from sevai.mail.models import InboundMessage, Mailbox

LOOP_WINDOW = timedelta(hours=1)


@dataclass
class Sender:
    address: str  # normalised, "" when the mail had no usable address
    name: str
    customer: Customer | None = None  # the existing customer, if the address is known
    undeliverable: bool = False

    def describe(self) -> dict[str, object]:
        return {
            "address": self.address,
            "name": self.name,
            "customer_id": self.customer.pk if self.customer else None,
            "customer": "existing" if self.customer else "new",
        }


def normalized_address(address: str) -> str:
    """The lower-cased address, or "" when it is not a valid email address."""
    try:
        return normalize_identity(Identity.Kind.EMAIL, address)
    except ValidationError:
        return ""


def resolve_merges(customer: Customer) -> Customer:
    while customer.merged_into_id:
        customer = Customer.objects.get(pk=customer.merged_into_id)
    return customer


def lookup_sender(address: str, name: str = "") -> Sender:
    """The customer an address belongs to, without creating anything."""
    address = normalized_address(address)
    sender = Sender(address=address, name=" ".join(name.split()))
    if not address:
        return sender
    identity = (
        Identity.objects.select_related("customer")
        .filter(kind=Identity.Kind.EMAIL, value=address)
        .first()
    )
    if identity is not None:
        sender.customer = resolve_merges(identity.customer)
        sender.undeliverable = identity.undeliverable
    return sender


def own_addresses() -> set[str]:
    return {a.lower() for a in Mailbox.objects.values_list("address", flat=True)}


def is_own_address(address: str) -> bool:
    return bool(address) and address.lower() in own_addresses()


def recent_mail_count(address: str, *, until: datetime, exclude_id: int | None = None) -> int:
    """How many processed mails from `address` arrived in the hour before `until`."""
    if not address:
        return 0
    mails = InboundMessage.objects.filter(
        received_at__gt=until - LOOP_WINDOW,
        received_at__lte=until,
        verdict__sender__address=address,
    )
    if exclude_id is not None:
        mails = mails.exclude(pk=exclude_id)
    return mails.count()
