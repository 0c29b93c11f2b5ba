"""Writes of the workspace itself (saved views, notifications)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sevai.accounts.models import User
from sevai.tickets.models import Notification, SavedView
from sevai.workspace.saved_views import clean_query


@transaction.atomic
def save_view(user: User, name: str, query: str, *, shared: bool) -> SavedView:
    return SavedView.objects.create(
        owner=user, name=name.strip()[:100], query=clean_query(query), shared=shared
    )


@transaction.atomic
def delete_view(saved: SavedView) -> None:
    saved.delete()


@transaction.atomic
def mark_notifications_read(user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
