"""Who may do what to a ticket."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sevai.accounts.models import User


def require_agent(actor: User | None) -> None:
    """Full agents and admins change tickets; light agents only read and add notes."""
    if actor is not None and not actor.can_reply_publicly:
        raise PermissionDenied(_("Light agents can read tickets and add internal notes only."))


def require_staff(actor: User | None) -> None:
    if actor is not None and not actor.is_active:
        raise PermissionDenied(_("This account is deactivated."))
