"""Spam protection for the public contact form, in three layers:

- a honeypot field people never see (a bot that fills it is told "thanks", nothing is kept);
- a signed time stamp in the form: refused when sent back within MIN_SECONDS (no person types
  that fast), when missing or forged, or after MAX_AGE_SECONDS;
- limits on accepted requests per client address and per email address, counted in the cache
  the way the login page counts failures (sevai.accounts.login).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from sevai.lib.ratelimit import client_network, count_hit, hashed

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "started"  # noqa: S105 (a field name, not a secret)
TOKEN_SALT = "sevai.contact.form"  # noqa: S105 (a public salt, not a secret)
MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 3600
IP_WINDOW_SECONDS = 10 * 60
ADDRESS_WINDOW_SECONDS = 60 * 60
KEY_PREFIX = "contact-rate"


def form_token(now: float | None = None) -> str:
    """A signed time stamp for the hidden TOKEN_FIELD of a freshly shown form."""
    return signing.dumps({"t": int(now if now is not None else time.time())}, salt=TOKEN_SALT)


def form_token_problem(token: str, now: float | None = None) -> str:
    """Why the form's time stamp is refused, in words for the customer; "" when it is fine."""
    try:
        started = signing.loads(token or "", salt=TOKEN_SALT)["t"]
        age = (now if now is not None else time.time()) - float(started)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        age = -1.0
    if age < 0 or age > MAX_AGE_SECONDS:
        return _("This form has expired or could not be checked. Please send it again.")
    if age < MIN_SECONDS:
        return _(
            "That was faster than anyone can type. Please check your message and send it again."
        )
    return ""


def honeypot_filled(data: Mapping[str, object]) -> bool:
    """Whether the field hidden from people was filled in (by a bot)."""
    return bool(str(data.get(HONEYPOT_FIELD) or "").strip())


def take_rate_limit(client_address: str, email: str) -> str:
    """Count one request from this client and address. Returns why it is refused ("" when it
    may go ahead). Refused requests count too, so a flood stays refused."""
    ip_limit = settings.CONTACT_RATE_IP
    ip_key = f"{KEY_PREFIX}:ip:{hashed(client_network(client_address))}"
    if ip_limit > 0 and count_hit(ip_key, IP_WINDOW_SECONDS) > ip_limit:
        return _(
            "Many messages were sent from your network in the last few minutes. "
            "Please wait %(minutes)d minutes and try again."
        ) % {"minutes": IP_WINDOW_SECONDS // 60}
    address_limit = settings.CONTACT_RATE_ADDRESS
    address_key = f"{KEY_PREFIX}:address:{hashed(email.strip().lower())}"
    if address_limit > 0 and count_hit(address_key, ADDRESS_WINDOW_SECONDS) > address_limit:
        return _(
            "We already received several messages from this email address in the last hour "
            "and will answer them. Please wait an hour before you send another one."
        )
    return ""
