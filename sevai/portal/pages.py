"""What every portal page shares: the brand and language, and the signed-in customer.

A signed-in customer is a customer id under SESSION_KEY in the Django session, never a
Django user: an agent signed in to the desk in the same browser stays who they are.
"""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from sevai.brands.language import public_language, remember_language
from sevai.brands.models import Brand
from sevai.brands.queries import default_brand
from sevai.customers.models import Customer
from sevai.portal import queries

SESSION_KEY = "portal_customer_id"
BRAND_SESSION_KEY = "portal_brand"

CustomerView = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class Page:
    """The brand and language of one portal request; renders public/base.html pages."""

    request: HttpRequest
    brand: Brand
    language: str

    @classmethod
    def of(cls, request: HttpRequest) -> Page:
        """?brand=<slug> (remembered for the visit), else the one remembered, else the
        default brand. Activates the page language (?lang=, cookie, browser, brand)."""
        brand = None
        slug = request.GET.get("brand", "")
        if slug:
            brand = Brand.objects.filter(slug=slug).first()
            if brand is not None and request.session.get(BRAND_SESSION_KEY) != slug:
                request.session[BRAND_SESSION_KEY] = slug
        if brand is None and request.session.get(BRAND_SESSION_KEY):
            brand = Brand.objects.filter(slug=request.session[BRAND_SESSION_KEY]).first()
        brand = brand or default_brand()
        return cls(request, brand, public_language(request, brand))

    @property
    def brand_query(self) -> str:
        """The query string that keeps this brand in a mailed link ("" for the default)."""
        return "" if self.brand.is_default else f"brand={self.brand.slug}"

    def render(
        self, template: str, context: dict[str, Any] | None = None, *, status: int = 200
    ) -> HttpResponse:
        page_context = {"brand": self.brand, "language": self.language, **(context or {})}
        response = render(self.request, template, page_context, status=status)
        remember_language(self.request, response, self.language)
        return response


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def remember_customer(request: HttpRequest, customer: Customer) -> None:
    """Remember the customer for this browser, under a new session key (no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = customer.pk


def forget_customer(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_customer(request: HttpRequest) -> Customer | None:
    return queries.signed_in_customer(request.session.get(SESSION_KEY))


def customer_required(view: CustomerView) -> CustomerView:
    """Signed-in customers only (others go to the sign-in page); the view gets the Page and
    the Customer after the request, in the customer's time zone when they have one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        customer = current_customer(request)
        if customer is None:
            return redirect("portal_home")
        if customer.time_zone:
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(customer.time_zone))
        return view(request, Page.of(request), customer, *args, **kwargs)

    return wrapper
