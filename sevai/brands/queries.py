"""Finding brands."""

from __future__ import annotations

from django.http import Http404

from sevai.brands.models import Brand


def default_brand() -> Brand:
    """The default brand (created on first use)."""
    brand = Brand.objects.order_by("-is_default", "pk").first()
    if brand is not None:
        return brand
    from sevai.brands.actions import ensure_default_brand

    return ensure_default_brand()


def brand_by_slug(slug: str | None) -> Brand:
    """The brand of a public URL (the default one when no slug is given); 404 otherwise."""
    if not slug:
        return default_brand()
    brand = Brand.objects.filter(slug=slug).first()
    if brand is None:
        raise Http404(slug)
    return brand
