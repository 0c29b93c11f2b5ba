"""Who is chatting: signed visitor tokens and sites' signed user identities.

A visitor token is issued when a conversation starts and kept by the widget (localStorage);
it names the conversation and its random visitor key, signed with the server's secret. A site
that knows its logged-in user passes `user_id` and `user_hash` = HMAC-SHA256(widget secret,
user_id) in hex, computed on its server, so nobody can claim to be another user.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core import signing

from sevai.chat.models import ChatWidget, Conversation
from sevai.lib.crypto import decrypt

TOKEN_SALT = "sevai.chat.visitor"  # noqa: S105 (a signing salt, not a secret)
TOKEN_MAX_AGE = 180 * 24 * 3600


def new_visitor_key() -> str:
    return secrets.token_hex(16)


def visitor_token(conversation: Conversation) -> str:
    return signing.dumps({"c": conversation.pk, "v": conversation.visitor_key}, salt=TOKEN_SALT)


def conversation_for_token(widget: ChatWidget, token: str) -> Conversation | None:
    """The conversation a token names, if the signature holds and it belongs to this widget."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    return (
        Conversation.objects.select_related("widget", "ticket", "customer")
        .filter(pk=int(data["c"]), visitor_key=str(data.get("v")), widget=widget)
        .first()
    )


def widget_secret(widget: ChatWidget) -> str:
    return decrypt(widget.secret_encrypted)


def user_hash(widget: ChatWidget, user_id: str) -> str:
    """What the site's server computes for its user (shown to admins as an example)."""
    return hmac.new(widget_secret(widget).encode(), user_id.encode(), hashlib.sha256).hexdigest()


def verified_user_id(widget: ChatWidget, user_id: str, given_hash: str) -> str:
    """The site's user id when its hash is right, else ""."""
    user_id = (user_id or "").strip()[:200]
    if not user_id or not given_hash:
        return ""
    return user_id if hmac.compare_digest(user_hash(widget, user_id), given_hash.lower()) else ""
