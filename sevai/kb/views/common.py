"""Helpers shared by the knowledge-base views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.kb.permissions import can_edit

View = Callable[..., HttpResponse]
SECTION = "kb"  # highlights the sidebar entry


def kb_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 (login_required guarantees it)
    return user


def editor_required(view: View) -> View:
    """Logged in, and allowed to change the knowledge base (not a light agent)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not can_edit(kb_user(request)):
            raise PermissionDenied(_("Light agents can read the knowledge base but not change it."))
        return view(request, *args, **kwargs)

    return wrapper


def error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You are not allowed to do this.")
