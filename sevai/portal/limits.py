"""How many sign-in links may be asked for, per client address and per email address.

Counted in the cache the way the login page counts failures (sevai.accounts.login). Every
request counts, whether or not the address belongs to a customer, so a refusal says nothing
about which addresses are known. The email address is kept in the key only as a hash.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_network(address: str) -> str:
    """The client address to count: IPv4 as is, IPv6 by /64 (one home or phone holds a /64)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip() or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


KEY_PREFIX = "portal-links"


def limit_keys(client: str, email: str) -> list[tuple[str, int]]:
    """(cache key, limit) for each limit that is on (a limit of 0 is off)."""
    name = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    keys = [
        (f"{KEY_PREFIX}:ip:{client_network(client)}", settings.PORTAL_LINKS_PER_IP),
        (f"{KEY_PREFIX}:address:{name}", settings.PORTAL_LINKS_PER_ADDRESS),
    ]
    return [(key, limit) for key, limit in keys if limit > 0]


def _count(key: str) -> int:
    """Add one to a counter that lives WINDOW_SECONDS from its first use; the new value."""
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def over_limit(client: str, email: str) -> bool:
    """Count one more request for a link; True when it goes past a limit (refuse it)."""
    counts = [(_count(key), limit) for key, limit in limit_keys(client, email)]
    return any(count > limit for count, limit in counts)
