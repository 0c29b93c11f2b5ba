"""The secret in a sign-in link, and the hash of it that is stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 bits


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """sha256 hex of the token: what MagicLink.token_hash holds and lookups compare."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
