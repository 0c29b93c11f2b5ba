"""Normalising identity values so one person is recognised on every channel."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from sevai.customers.models import Identity

_PHONE_KEEP = re.compile(r"[^\d+]")


def normalize_identity(kind: str, value: str) -> str:
    """Canonical form of an identity value; raises ValidationError when it is not valid."""
    value = (value or "").strip()
    if kind not in Identity.Kind.values:
        raise ValidationError(_("Unknown identity kind: %(kind)s") % {"kind": kind})
    if not value:
        raise ValidationError(_("An identity needs a value."))
    if kind == Identity.Kind.EMAIL:
        value = value.lower()
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("%(value)s is not a valid email address.") % {"value": value}
            ) from None
        return value
    if kind in (Identity.Kind.PHONE, Identity.Kind.WHATSAPP):
        digits = _PHONE_KEEP.sub("", value)
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        if len(digits.lstrip("+")) < 6:
            raise ValidationError(_("%(value)s is not a valid phone number.") % {"value": value})
        return digits
    if kind in (Identity.Kind.TWITTER, Identity.Kind.TELEGRAM):
        return value.lstrip("@").lower()
    return value
