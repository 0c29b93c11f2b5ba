"""Helpers shared by workspace views."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sevai.accounts.models import User

PAGE_SIZE = 50


def workspace_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 (login_required guarantees it)
    return user


def error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You are not allowed to do this.")


def query_without(request: HttpRequest, *drop: str) -> str:
    pairs = [(k, v) for k, values in request.GET.lists() if k not in drop for v in values]
    return urlencode(pairs)


def is_htmx(request: HttpRequest) -> bool:
    """True for requests made by htmx (django-htmx sets request.htmx)."""
    return bool(getattr(request, "htmx", False))
