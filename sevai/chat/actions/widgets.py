"""Creating and changing chat widgets (admins)."""

from __future__ import annotations

import secrets

from django import forms

from sevai.chat.models import ChatWidget
from sevai.lib.crypto import encrypt


def save_widget(form: forms.ModelForm[ChatWidget]) -> ChatWidget:
    """Save a valid widget form; a new widget gets its signing secret."""
    widget: ChatWidget = form.save(commit=False)
    if not widget.secret_encrypted:
        widget.secret_encrypted = encrypt(secrets.token_urlsafe(32))
    widget.save()
    return widget


def rotate_secret(widget: ChatWidget) -> None:
    widget.secret_encrypted = encrypt(secrets.token_urlsafe(32))
    widget.save(update_fields=["secret_encrypted"])
