"""Saved inbox views."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import QueryDict

from sevai.accounts.models import User
from sevai.tickets.models import SavedView

KEEP = {"view", "status", "priority", "team", "assignee", "channel", "language", "tag",
        "organization", "sort"}  # fmt: skip


def visible_to(user: User) -> QuerySet[SavedView]:
    return SavedView.objects.filter(Q(owner=user) | Q(shared=True))


def clean_query(query: str) -> str:
    params = QueryDict(query, mutable=True)
    for key in list(params):
        if key not in KEEP:
            del params[key]
    return params.urlencode()
