"""Small view decorators for the settings pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sevai.accounts.models import User

View = Callable[..., HttpResponse]


def current_user(request: HttpRequest) -> User:
    """The logged-in user; only call this behind login_required."""
    return cast(User, request.user)


def admin_required(view: View) -> View:
    """Anonymous visitors go to the login page; logged-in non-admins get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not current_user(request).is_admin:
            raise PermissionDenied(_("Only admins can open this page."))
        return view(request, *args, **kwargs)

    return wrapper
