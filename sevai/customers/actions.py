"""Every state change on customers and organizations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.customers.identities import normalize_identity
from sevai.customers.models import Customer, Identity, Organization
from sevai.tickets.events import record_event
from sevai.tickets.models import Event, Message, Ticket
from sevai.tickets.permissions import require_agent

FILLABLE_FIELDS = ("name", "language", "time_zone", "organization_id", "value")


@transaction.atomic
def find_or_create_customer(
    kind: str, value: str, *, name: str = "", language: str = ""
) -> tuple[Customer, bool]:
    """The customer behind an identity, created with that identity when unknown."""
    value = normalize_identity(kind, value)
    identity = Identity.objects.select_related("customer").filter(kind=kind, value=value).first()
    if identity is not None:
        customer = identity.customer
        while customer.merged_into_id:
            customer = Customer.objects.get(pk=customer.merged_into_id)
        return customer, False
    organization = None
    if kind == Identity.Kind.EMAIL:
        domain = value.rsplit("@", 1)[1]
        organization = Organization.objects.filter(domain=domain).first()
    customer = Customer.objects.create(name=name, language=language, organization=organization)
    Identity.objects.create(customer=customer, kind=kind, value=value, is_primary=True)
    return customer, True


@transaction.atomic
def add_identity(customer: Customer, kind: str, value: str, *, actor: User | None) -> Identity:
    require_agent(actor)
    value = normalize_identity(kind, value)
    existing = Identity.objects.filter(kind=kind, value=value).select_related("customer").first()
    if existing is not None:
        if existing.customer_id == customer.pk:
            return existing
        raise ValidationError(
            _("%(value)s already belongs to %(customer)s; merge the two customers instead.")
            % {"value": value, "customer": existing.customer}
        )
    try:
        with transaction.atomic():
            return Identity.objects.create(customer=customer, kind=kind, value=value)
    except IntegrityError:
        raise ValidationError(_("%(value)s is already in use.") % {"value": value}) from None


@transaction.atomic
def remove_identity(identity: Identity, *, actor: User | None) -> None:
    require_agent(actor)
    identity.delete()


@transaction.atomic
def update_customer(customer: Customer, *, actor: User | None, **fields: object) -> Customer:
    require_agent(actor)
    allowed = {"name", "organization", "language", "time_zone", "notes", "is_vip", "value"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    language_before = customer.language
    for key, val in fields.items():
        setattr(customer, key, val)
    update_fields = list(fields)
    if "language" in fields and fields["language"] != language_before:
        # Chosen by an agent: no longer learned from messages (unless cleared).
        customer.language_set_by_hand = bool(fields["language"])
        update_fields.append("language_set_by_hand")
    customer.full_clean(exclude=["merged_into"])
    customer.save(update_fields=update_fields)
    return customer


@transaction.atomic
def merge_customers(source: Customer, target: Customer, *, actor: User | None) -> Customer:
    """Merge a duplicate customer into target. Identities, tickets and messages move;
    blank fields on target are filled from source; notes are kept from both."""
    require_agent(actor)
    if source.pk == target.pk:
        raise ValidationError(_("A customer cannot be merged into itself."))
    locked = {
        c.pk: c
        for c in Customer.objects.select_for_update().filter(pk__in=sorted([source.pk, target.pk]))
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError(_("One of these customers was already merged."))
    Identity.objects.filter(customer=source).update(customer=target, is_primary=False)
    ticket_ids = list(Ticket.objects.filter(customer=source).values_list("pk", flat=True))
    Ticket.objects.filter(pk__in=ticket_ids).update(customer=target)
    Message.objects.filter(author_customer=source).update(author_customer=target)
    for ticket in Ticket.objects.filter(pk__in=ticket_ids):
        record_event(
            ticket,
            Event.Kind.CUSTOMER,
            actor=actor,
            before=str(source),
            before_id=source.pk,
            after=str(target),
            after_id=target.pk,
            reason="merge",
        )
    for field in FILLABLE_FIELDS:
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    target.is_vip = target.is_vip or source.is_vip
    if source.notes:
        target.notes = "\n\n".join(n for n in (target.notes, source.notes) if n)
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return target


ORGANIZATION_FIELDS = {"name", "domain", "is_vip", "notes"}


@transaction.atomic
def create_organization(
    name: str, *, actor: User | None, domain: str = "", is_vip: bool = False, notes: str = ""
) -> Organization:
    require_agent(actor)
    organization = Organization(
        name=" ".join(name.split()), domain=domain.strip().lower(), is_vip=is_vip, notes=notes
    )
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def update_organization(
    organization: Organization, *, actor: User | None, **fields: object
) -> Organization:
    require_agent(actor)
    unknown = set(fields) - ORGANIZATION_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"]).split())
    if "domain" in fields:
        fields["domain"] = str(fields["domain"] or "").strip().lower()
    for key, value in fields.items():
        setattr(organization, key, value)
    organization.full_clean()
    organization.save(update_fields=list(fields))
    return organization
