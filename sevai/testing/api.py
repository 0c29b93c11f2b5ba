"""A test client that speaks to the REST API with a fresh personal token."""

from __future__ import annotations

from django.test import Client

from sevai.accounts.actions import create_api_token
from sevai.accounts.models import User


def api_client(user: User) -> Client:
    _token, raw = create_api_token(user, "tests")
    return Client(headers={"authorization": f"Bearer {raw}"})
