"""Who is looking at a ticket, and who is writing on it (collision warnings).

Kept in the cache (shared by all web processes when REDIS_URL is set): per ticket, each
agent's state and when it was last confirmed. Entries fade after PRESENCE_SECONDS, so a
closed laptop does not leave a ghost "viewing" behind.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

PRESENCE_SECONDS = 60
REPLYING_SECONDS = 12


def _key(ticket_id: int) -> str:
    return f"sevai:presence:{ticket_id}"


def _fresh(entries: dict[str, Any], now: float) -> dict[str, Any]:
    return {k: v for k, v in entries.items() if now - v["at"] < PRESENCE_SECONDS}


def set_presence(
    ticket_id: int, user_id: int, name: str, state: str | None
) -> list[dict[str, Any]]:
    """Record (or with state None, remove) an agent's presence; returns everyone present."""
    now = time.time()
    entries = _fresh(cache.get(_key(ticket_id)) or {}, now)
    if state is None:
        entries.pop(str(user_id), None)
    else:
        entries[str(user_id)] = {"user": user_id, "name": name, "state": state, "at": now}
    cache.set(_key(ticket_id), entries, timeout=PRESENCE_SECONDS * 2)
    return present(entries, now)


def present(entries: dict[str, Any], now: float) -> list[dict[str, Any]]:
    people = []
    for entry in _fresh(entries, now).values():
        state = entry["state"]
        if state == "replying" and now - entry["at"] > REPLYING_SECONDS:
            state = "viewing"
        people.append({"user": entry["user"], "name": entry["name"], "state": state})
    return sorted(people, key=lambda p: (p["state"] != "replying", p["name"]))
