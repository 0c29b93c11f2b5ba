"""Writing brands."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sevai.brands.forms import BrandForm
from sevai.brands.models import Brand

DEFAULT_NAME = "Support"


def ensure_default_brand() -> Brand:
    """The default brand, created on first use (admins rename it)."""
    brand = Brand.objects.order_by("-is_default", "pk").first()
    if brand is not None:
        return brand
    try:
        with transaction.atomic():
            return Brand.objects.create(name=DEFAULT_NAME, slug="support", is_default=True)
    except IntegrityError:  # created meanwhile by another request
        return Brand.objects.order_by("-is_default", "pk").get()


def save_brand(form: BrandForm) -> Brand:
    """Save a valid brand form (a new brand or changes to one)."""
    brand: Brand = form.save()
    return brand
