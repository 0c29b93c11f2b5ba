"""Counting requests in the cache for rate limits (shared by all web processes with Redis).

A counter lives `window` seconds from its first use. Keys hold no personal data: addresses
go in hashed (`hashed`), client addresses by network (`client_network`).
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.core.cache import cache


def client_network(address: str) -> str:
    """The client address to count: IPv4 as is, IPv6 by /64 (one home or phone holds a /64)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip() or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def hashed(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def count_hit(key: str, window: int) -> int:
    """Add one to the counter under `key`; the new value."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=window)
        return 1


def over_limit(key: str, limit: int, window: int) -> bool:
    """Count one hit; True when it goes past `limit` (a limit of 0 or less is off)."""
    return limit > 0 and count_hit(key, window) > limit
