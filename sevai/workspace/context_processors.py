from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sevai import __version__


def workspace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"sevai_version": __version__, "unread_notifications": unread}
