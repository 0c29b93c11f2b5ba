"""The REST API at /api/v1 (django-ninja). Each app contributes a router."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import UserRateThrottle

from sevai.accounts.api_auth import TokenAuth
from sevai.lib.cursor import InvalidCursor

# Per user (API token owner); Django's cache holds the counters (Redis when REDIS_URL is set).
API_THROTTLE = UserRateThrottle(f"{settings.API_RATE_LIMIT_PER_MINUTE}/m")

api = NinjaAPI(
    title="Sevai API",
    version="1",
    description="Tickets, messages, customers, organizations, teams, agents, tags and "
    "knowledge-base articles. "
    "Authenticate with a personal API token: `Authorization: Bearer sev_...`.",
    auth=TokenAuth(),
    throttle=[API_THROTTLE],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, message: str, **extra: object) -> HttpResponse:
    return api.create_response(request, {"error": message, **extra}, status=status)


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {"loc": [str(p) for p in e.get("loc", [])], "message": e.get("msg", "")} for e in exc.errors
    ]
    return _error(request, 422, "The request is not valid.", details=details)


@api.exception_handler(ValidationError)
def on_domain_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, " ".join(exc.messages))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Missing, unknown or revoked API token.")


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "You are not allowed to do this.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(InvalidCursor)
def on_invalid_cursor(request: HttpRequest, exc: InvalidCursor) -> HttpResponse:
    return _error(request, 400, "Invalid cursor: pass next_cursor from the previous page as is.")


@api.exception_handler(IntegrityError)
def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """A unique constraint the action did not check first: the write was rolled back."""
    return _error(request, 409, "This conflicts with existing data.")


api.add_router("", "sevai.accounts.api.router")
api.add_router("", "sevai.customers.api.router")
api.add_router("", "sevai.tickets.api.router")
api.add_router("", "sevai.triage.api.router")
api.add_router("", "sevai.kb.api.router")
