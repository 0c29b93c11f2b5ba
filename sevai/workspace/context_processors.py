from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from sevai import __version__

COUNTS_TTL_SECONDS = 15


def sidebar(request: HttpRequest) -> dict[str, Any]:
    from sevai.tickets.queries import VIEWS, view_counts
    from sevai.workspace.live import counts_version
    from sevai.workspace.saved_views import visible_to

    user = request.user
    key = f"sevai:view-counts:{counts_version()}:{user.pk}"
    counts = cache.get(key)
    if counts is None:
        counts = view_counts(user)  # type: ignore[arg-type]
        cache.set(key, counts, COUNTS_TTL_SECONDS)
    current = (
        request.GET.get("view", "open")
        if request.resolver_match
        and (request.resolver_match.url_name == "inbox")
        and not request.GET.get("saved")
        else None
    )
    inbox_url = reverse("inbox")
    views = [
        {
            "url": f"{inbox_url}?view={v.key}",
            "label": v.label,
            "count": counts.get(v.key),
            "active": v.key == current,
        }
        for v in VIEWS
    ]
    return {"sidebar_views": views, "saved_views": list(visible_to(user))}  # type: ignore[arg-type]


def workspace(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"sevai_version": __version__}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    context |= sidebar(request)
    return context
