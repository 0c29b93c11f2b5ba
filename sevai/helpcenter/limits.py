"""How many votes one client address may send: counted in the cache, as the contact form
counts requests (sevai.contact.spam). Every vote and comment counts, accepted or not."""

from __future__ import annotations

from sevai.lib.ratelimit import client_network, count_hit, hashed

KEY_PREFIX = "helpcenter-votes"
WINDOW_SECONDS = 10 * 60
VOTES_PER_WINDOW = 30  # per client address (IPv6: per /64); 0 turns the limit off


def take_vote(client_address: str) -> bool:
    """Count one vote from this address; False when it goes past the limit (refuse it)."""
    if VOTES_PER_WINDOW <= 0:
        return True
    network = hashed(client_network(client_address))
    return count_hit(f"{KEY_PREFIX}:ip:{network}", WINDOW_SECONDS) <= VOTES_PER_WINDOW
