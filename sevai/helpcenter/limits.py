"""How many votes one client address may send: counted in the cache, as the contact form
counts requests (sevai.contact.spam). Every vote and comment counts, accepted or not."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from sevai.contact.spam import client_network

KEY_PREFIX = "helpcenter-votes"
WINDOW_SECONDS = 10 * 60
VOTES_PER_WINDOW = 30  # per client address (IPv6: per /64); 0 turns the limit off


def _count(key: str) -> int:
    """Add one to a counter that lives WINDOW_SECONDS from its first use; the new value."""
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def take_vote(client_address: str) -> bool:
    """Count one vote from this address; False when it goes past the limit (refuse it)."""
    if VOTES_PER_WINDOW <= 0:
        return True
    network = hashlib.sha256(client_network(client_address).encode()).hexdigest()[:32]
    return _count(f"{KEY_PREFIX}:ip:{network}") <= VOTES_PER_WINDOW
