"""Who may do what in the knowledge base.

Every workspace user reads articles, drafts included. Full agents and admins write and
publish (a draft written from a ticket is published by whoever reviews it). Light agents
only read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sevai.accounts.models import User


def can_edit(user: User | None) -> bool:
    return user is not None and user.is_active and user.can_reply_publicly


def require_editor(actor: User | None) -> None:
    """actor None means the system (imports, the demo)."""
    if actor is not None and not can_edit(actor):
        raise PermissionDenied(_("Light agents can read the knowledge base but not change it."))
