"""The login page, with a limit on failed attempts (brute force) per address and username."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MAX_FAILURES = 10
WINDOW_SECONDS = 15 * 60


def failure_keys(address: str, username: str) -> list[str]:
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-failures:ip:{address}", f"login-failures:user:{name}"]


def is_locked(keys: list[str]) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in keys)


def count_failure(keys: list[str]) -> None:
    for key in keys:
        if cache.add(key, 1, timeout=WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, timeout=WINDOW_SECONDS)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        keys = failure_keys(request.META.get("REMOTE_ADDR", ""), request.POST.get("username", ""))
        if is_locked(keys):
            context = {
                "form": AuthenticationForm(request),
                "locked": _("Too many failed attempts. Wait 15 minutes and try again."),
            }
            return render(request, self.template_name, context, status=429)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back with errors
            count_failure(keys)
        return response
