"""The language of a public page (contact form, portal, help center, chat widget)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from sevai.accounts.middleware import ALIASES, language_from_header
from sevai.brands.models import Brand


def supported(code: str) -> str:
    """The supported language for a code such as `ta`, `fil` or `hy-AM`, else ""."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    base = ALIASES.get(base, base)
    return base if base in {c for c, _name in settings.LANGUAGES} else ""


def public_language(request: HttpRequest, brand: Brand | None = None) -> str:
    """?lang=, then the language cookie, then the browser, then the brand's language.
    The chosen language is activated for the rest of the request."""
    language = supported(request.GET.get("lang", "")) or supported(
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    )
    if not language and request.headers.get("Accept-Language"):
        language = supported(language_from_header(request.headers["Accept-Language"]))
    if not language and brand is not None:
        language = supported(brand.default_language)
    language = language or settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def remember_language(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Keep a language chosen with ?lang= for the next pages."""
    if supported(request.GET.get("lang", "")) == language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
        )
    response.headers["Content-Language"] = language
