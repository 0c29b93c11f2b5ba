from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Create an admin user. Without --password a strong one is generated and printed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default="")

    def handle(self, *args: Any, username: str, email: str, password: str, **options: Any) -> None:
        from django.core.exceptions import ValidationError

        from sevai.accounts.actions import create_user
        from sevai.accounts.models import User

        password = password or secrets.token_urlsafe(12)
        try:
            create_user(username, password=password, role=User.Role.ADMIN, email=email)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Admin {username} created. Password: {password}")
