"""Bearer-token authentication for the REST API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from sevai.accounts.actions import user_for_token
from sevai.accounts.models import User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
