"""How many sign-in links may be asked for, per client address and per email address.

Counted in the cache the way the login page counts failures (sevai.accounts.login). Every
request counts, whether or not the address belongs to a customer, so a refusal says nothing
about which addresses are known. The email address is kept in the key only as a hash.
"""

from __future__ import annotations

from django.conf import settings

from sevai.lib.ratelimit import client_network, count_hit, hashed

WINDOW_SECONDS = 60 * 60


KEY_PREFIX = "portal-links"


def limit_keys(client: str, email: str) -> list[tuple[str, int]]:
    """(cache key, limit) for each limit that is on (a limit of 0 is off)."""
    name = hashed(email.strip().lower())
    keys = [
        (f"{KEY_PREFIX}:ip:{client_network(client)}", settings.PORTAL_LINKS_PER_IP),
        (f"{KEY_PREFIX}:address:{name}", settings.PORTAL_LINKS_PER_ADDRESS),
    ]
    return [(key, limit) for key, limit in keys if limit > 0]


def over_limit(client: str, email: str) -> bool:
    """Count one more request for a link; True when it goes past a limit (refuse it)."""
    counts = [(count_hit(key, WINDOW_SECONDS), limit) for key, limit in limit_keys(client, email)]
    return any(count > limit for count, limit in counts)
