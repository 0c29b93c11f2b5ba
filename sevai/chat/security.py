"""Which sites may embed a widget, and the CORS headers of the widget's HTTP endpoints."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from sevai.chat.models import ChatWidget


def origin_allowed(widget: ChatWidget, origin: str) -> bool:
    """Any site when the admin listed none; otherwise only the listed origins."""
    allowed = [o.rstrip("/").lower() for o in widget.allowed_origins or [] if o]
    return not allowed or (origin or "").rstrip("/").lower() in allowed


def with_cors(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The widget calls from the customer's site: allow its origin, never with cookies."""
    origin = request.headers.get("Origin", "")
    if origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = "Origin"
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, X-Sevai-Token"
        response["Access-Control-Max-Age"] = "600"
    return response
