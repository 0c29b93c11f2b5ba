"""Read side of customers and organizations."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sevai.customers.identities import normalize_identity
from sevai.customers.models import Customer, Identity, Organization


def search_customers(query: str, limit: int = 20) -> list[Customer]:
    """Customers by name, email or phone (any identity)."""
    query = query.strip()
    qs = Customer.objects.filter(merged_into__isnull=True)
    if query:
        match = Q(name__icontains=query) | Q(identities__value__icontains=query.lower())
        digits = "".join(ch for ch in query if ch.isdigit())
        if len(digits) >= 5:
            with contextlib.suppress(ValidationError):  # not a phone number after all
                match |= Q(identities__value__contains=normalize_identity("phone", query))
        qs = qs.filter(match)
    ids = list(qs.values_list("pk", flat=True).distinct()[:limit])
    return list(
        Customer.objects.filter(pk__in=ids)
        .select_related("organization")
        .prefetch_related("identities")
        .annotate(ticket_count=Count("tickets"))
        .order_by("name", "pk")
    )


def customer_for(pk: int) -> Customer:
    try:
        return (
            Customer.objects.select_related("organization", "merged_into")
            .prefetch_related("identities")
            .get(pk=pk)
        )
    except Customer.DoesNotExist:
        raise Http404(_("No such customer.")) from None


def organizations_with_counts() -> QuerySet[Organization]:
    return Organization.objects.annotate(
        customer_count=Count("customers", filter=Q(customers__merged_into__isnull=True))
    ).order_by("name")


def identities_of(customer: Customer) -> list[Identity]:
    return list(customer.identities.all())
