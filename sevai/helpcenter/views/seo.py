"""sitemap.xml per brand, and robots.txt pointing to them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from sevai.brands.models import Brand
from sevai.helpcenter.seo import sitemap_urls
from sevai.helpcenter.views.common import MAX_AGE_SECONDS, page_brand

SITEMAP_MAX_AGE_SECONDS = 3600


@require_safe
def sitemap(request: HttpRequest, brand: str) -> HttpResponse:
    the_brand = page_brand(brand)
    urls = sitemap_urls(the_brand, request.build_absolute_uri)
    response = render(
        request,
        "helpcenter/sitemap.xml",
        {"urls": urls},
        content_type="application/xml; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=SITEMAP_MAX_AGE_SECONDS)
    return response


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    sitemaps = [
        request.build_absolute_uri(reverse("helpcenter_sitemap", kwargs={"brand": slug}))
        for slug in Brand.objects.order_by("pk").values_list("slug", flat=True)
    ]
    response = render(
        request,
        "helpcenter/robots.txt",
        {"sitemaps": sitemaps},
        content_type="text/plain; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response
