"""Choose the interface language: the agent's profile, else the browser (fil → tl)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

ALIASES = {"fil": "tl", "tl": "tl"}


def language_from_header(header: str) -> str:
    """The first supported language in an Accept-Language header."""
    supported = {code for code, _name in settings.LANGUAGES}
    weighted = []
    for i, part in enumerate(header.split(",")):
        lang, _sep, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        weighted.append((-q, i, lang.strip().lower()))
    for _q, _i, lang in sorted(weighted):
        base = lang.split("-")[0]
        base = ALIASES.get(base, base)
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


class AgentLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = ""
        if user is not None and user.is_authenticated and user.locale:
            language = user.locale
        if not language:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in {code for code, _name in settings.LANGUAGES}:
            language = language_from_header(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        zone = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        if zone:
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        timezone.deactivate()
        return response
