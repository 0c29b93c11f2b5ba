"""Admins' changes to the assistant: its settings, and removing a correction.

(Corrections are made by sevai.assistant.actions.correct_turn.) The API key is encrypted here
(sevai.lib.crypto) and never returned or logged.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.assistant.models import AssistantSettings, Correction
from sevai.assistant.queries import assistant_settings
from sevai.lib.crypto import encrypt

logger = logging.getLogger("sevai.assistant")

# What the settings form edits; the key has its own write-only field.
SETTINGS_FIELDS = (
    "on_chat",
    "on_web_form",
    "on_portal",
    "min_confidence",
    "generative_enabled",
    "generative_base_url",
    "generative_model",
    "generative_timeout",
)


def require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied(_("Only admins can change the assistant."))


@transaction.atomic
def save_assistant_settings(
    values: dict[str, Any],
    *,
    actor: User,
    api_key: str = "",
    clear_api_key: bool = False,
) -> AssistantSettings:
    """Apply the settings form's values. An empty api_key keeps the stored key (the form
    never shows it back); clear_api_key removes it."""
    require_admin(actor)
    row = AssistantSettings.objects.select_for_update().get(pk=assistant_settings().pk)
    for name in SETTINGS_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    if api_key:
        row.generative_key_encrypted = encrypt(api_key)
    elif clear_api_key:
        row.generative_key_encrypted = ""
    row.save()
    if "email_mailboxes" in values:
        row.email_mailboxes.set(values["email_mailboxes"])
    logger.info(
        "assistant settings saved by %s (generative %s, key %s)",
        actor.username,
        "on" if row.generative_enabled else "off",
        "changed" if api_key else "removed" if clear_api_key else "kept",
    )
    return row


@transaction.atomic
def delete_correction(correction: Correction, *, actor: User) -> None:
    """Forget a correction: later questions like it are answered as if it was never made."""
    require_admin(actor)
    logger.info(
        "assistant correction %s (turn %s) deleted by %s",
        correction.pk,
        correction.turn_id,
        actor.username,
    )
    Correction.objects.filter(pk=correction.pk).delete()
