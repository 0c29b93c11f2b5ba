"""Customers, their identities, and organizations: /customers, /organizations.

Every write goes through sevai.customers.actions. A customer or organization in the path
that does not exist is a 404; one named in the body is a 422.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from sevai.accounts.api import current_user
from sevai.customers import actions
from sevai.customers.models import Customer, Identity, Organization
from sevai.customers.schemas import (
    CustomerCreate,
    CustomerOut,
    CustomerUpdate,
    IdentityCreate,
    IdentityOut,
    MergeInto,
    OrganizationCreate,
    OrganizationOut,
    OrganizationUpdate,
)
from sevai.lib.cursor import CursorPage, PageParams, paginate
from sevai.tickets import api_queries
from sevai.tickets.permissions import require_agent
from sevai.tickets.schemas import TicketOut

router = Router(tags=["customers"])


class CustomerFilters(Schema):
    q: str | None = None
    organization_id: int | None = None


class OrganizationFilters(Schema):
    q: str | None = None


def customers() -> QuerySet[Customer]:
    return Customer.objects.select_related("organization").prefetch_related("identities")


def customer_or_404(customer_id: int, *, for_display: bool = False) -> Customer:
    """The customer named in the path; for_display loads what CustomerOut shows."""
    customer = (customers() if for_display else Customer.objects).filter(pk=customer_id).first()
    if customer is None:
        raise Http404(f"Customer {customer_id} not found.")
    return customer


def organization_or_404(organization_id: int) -> Organization:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Http404(f"Organization {organization_id} not found.")
    return organization


def _organization(organization_id: int | None) -> Organization | None:
    if organization_id is None:
        return None
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise ValidationError(f"Unknown organization: {organization_id}.")
    return organization


@router.get("/customers", response=CursorPage[CustomerOut], summary="Customers, newest first")
def list_customers(
    request: HttpRequest, filters: Query[CustomerFilters], page: Query[PageParams]
) -> object:
    found = customers().filter(merged_into__isnull=True)
    if filters.q and filters.q.strip():
        q = filters.q.strip()
        by_identity = Identity.objects.filter(value__icontains=q).values("customer_id")
        found = found.filter(Q(name__icontains=q) | Q(pk__in=by_identity))
    if filters.organization_id is not None:
        found = found.filter(organization_id=filters.organization_id)
    return paginate(found, order=["-id"], cursor=page.cursor, limit=page.limit)


@router.post("/customers", response={201: CustomerOut}, summary="Create a customer")
def create_customer(request: HttpRequest, payload: CustomerCreate) -> tuple[int, Customer]:
    actor = current_user(request)
    require_agent(actor)
    contacts = [(Identity.Kind.EMAIL, v) for v in payload.emails]
    contacts += [(Identity.Kind.PHONE, v) for v in payload.phones]
    with transaction.atomic():  # all identities and fields, or nothing
        kind, value = contacts[0]
        customer, created = actions.find_or_create_customer(
            kind, value, name=payload.name.strip(), language=payload.language
        )
        if not created:
            raise ValidationError(
                f"{value} already belongs to customer {customer.pk}; change that one instead."
            )
        for kind, value in contacts[1:]:
            actions.add_identity(customer, kind, value, actor=actor)
        fields: dict[str, Any] = {}
        if payload.organization_id is not None:
            fields["organization"] = _organization(payload.organization_id)
        for name in ("time_zone", "notes", "is_vip"):
            if getattr(payload, name):
                fields[name] = getattr(payload, name)
        if fields:
            actions.update_customer(customer, actor=actor, **fields)
    return 201, customer_or_404(customer.pk, for_display=True)


@router.get("/customers/{customer_id}", response=CustomerOut, summary="One customer")
def get_customer(request: HttpRequest, customer_id: int) -> Customer:
    return customer_or_404(customer_id, for_display=True)


@router.patch("/customers/{customer_id}", response=CustomerOut, summary="Change a customer")
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerUpdate) -> Customer:
    customer = customer_or_404(customer_id)
    fields = payload.model_dump(exclude_unset=True)
    if "organization_id" in fields:
        fields["organization"] = _organization(fields.pop("organization_id"))
    actions.update_customer(customer, actor=current_user(request), **fields)
    return customer_or_404(customer_id, for_display=True)


@router.get(
    "/customers/{customer_id}/tickets",
    response=CursorPage[TicketOut],
    summary="A customer's tickets, newest first",
)
def list_customer_tickets(
    request: HttpRequest, customer_id: int, page: Query[PageParams]
) -> object:
    customer = customer_or_404(customer_id)
    tickets = api_queries.tickets().filter(customer=customer)
    return paginate(tickets, order=["-id"], cursor=page.cursor, limit=page.limit)


@router.post(
    "/customers/{customer_id}/identities",
    response={201: IdentityOut},
    summary="Add an email address, phone number or other identity",
)
def add_identity(
    request: HttpRequest, customer_id: int, payload: IdentityCreate
) -> tuple[int, Identity]:
    customer = customer_or_404(customer_id)
    identity = actions.add_identity(
        customer, payload.kind, payload.value, actor=current_user(request)
    )
    return 201, identity


@router.post(
    "/customers/{customer_id}/merge",
    response=CustomerOut,
    summary="Merge this duplicate into another customer; returns the customer kept",
)
def merge_customer(request: HttpRequest, customer_id: int, payload: MergeInto) -> Customer:
    source = customer_or_404(customer_id)
    target = Customer.objects.filter(pk=payload.into).first()
    if target is None:
        raise ValidationError(f"Unknown customer: {payload.into}.")
    target = actions.merge_customers(source, target, actor=current_user(request))
    return customer_or_404(target.pk, for_display=True)


@router.get(
    "/organizations",
    response=CursorPage[OrganizationOut],
    tags=["organizations"],
    summary="Organizations by name",
)
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilters], page: Query[PageParams]
) -> object:
    found = Organization.objects.all()
    if filters.q and filters.q.strip():
        q = filters.q.strip()
        found = found.filter(Q(name__icontains=q) | Q(domain__icontains=q))
    return paginate(found, order=["name"], cursor=page.cursor, limit=page.limit)


@router.get(
    "/organizations/{organization_id}",
    response=OrganizationOut,
    tags=["organizations"],
    summary="One organization",
)
def get_organization(request: HttpRequest, organization_id: int) -> Organization:
    return organization_or_404(organization_id)


@router.post(
    "/organizations",
    response={201: OrganizationOut},
    tags=["organizations"],
    summary="Create an organization",
)
def create_organization(
    request: HttpRequest, payload: OrganizationCreate
) -> tuple[int, Organization]:
    fields = payload.model_dump()
    organization = actions.create_organization(
        fields.pop("name").strip(), actor=current_user(request), **fields
    )
    return 201, organization


@router.patch(
    "/organizations/{organization_id}",
    response=OrganizationOut,
    tags=["organizations"],
    summary="Change an organization",
)
def update_organization(
    request: HttpRequest, organization_id: int, payload: OrganizationUpdate
) -> Organization:
    organization = organization_or_404(organization_id)
    fields = payload.model_dump(exclude_unset=True)
    return actions.update_organization(organization, actor=current_user(request), **fields)
