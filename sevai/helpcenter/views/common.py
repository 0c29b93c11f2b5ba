"""What every help-center page shares: brand and language from the URL, and cache headers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from sevai.brands.models import Brand
from sevai.brands.queries import brand_by_slug
from sevai.helpcenter import links

MAX_AGE_SECONDS = 60


def page_language(request: HttpRequest, code: str) -> str:
    """The language in the URL, activated for the page; 404 for one the desk does not serve."""
    if code not in links.languages():
        raise Http404(code)
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return code


def page_brand(slug: str) -> Brand:
    return brand_by_slug(slug)


def base_context(brand: Brand, language: str) -> dict[str, Any]:
    return {
        "brand": brand,
        "language": language,
        "home_url": links.home_url(brand.slug, language),
        "search_url": links.search_url(brand.slug, language),
        "instant_url": links.instant_url(brand.slug, language),
        "contact_url": links.contact_url(brand.slug, language),
    }


def shared_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, language: str
) -> HttpResponse:
    """A page that is the same for every reader: public for a minute, with an ETag so that a
    browser's second request within the minute gets 304 Not Modified."""
    response = render(request, template, context)
    response.headers["Content-Language"] = language
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=MAX_AGE_SECONDS)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    set_response_etag(response)
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    return conditional if conditional is not None else response


def own_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    language: str,
    status: int = 200,
) -> HttpResponse:
    """A page with a form (its CSRF token is the reader's own): cached by the browser only."""
    response = render(request, template, context, status=status)
    response.headers["Content-Language"] = language
    if status == 200:
        patch_cache_control(response, private=True, max_age=MAX_AGE_SECONDS)
    return response
