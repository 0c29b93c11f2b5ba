"""The visitor's WebSocket: /ws/chat/<widget key>/?token=<visitor token>.

Client → server: {"type": "hello", "last_seq": n} (answered with everything after n, so a
reconnecting widget fetches what it missed), {"type": "message", "client_id": id, "body": text}
(answered with {"type": "ack", "client_id": id, "seq": n}; a resent client id gets the same
ack), {"type": "typing", "state": bool}, {"type": "read", "seq": n}, {"type": "feedback",
"turn": id, "helpful": bool} (the visitor's "Did this answer your question?", answered with
{"type": "feedback", "turn": id, "feedback": "yes"|"no", ...}).
Server → client: message, ack, typing, read, status (agents online or not), feedback, error.

After a new message is acknowledged the assistant may answer it (sevai.assistant): its reply
or hand-off notice comes as a message with author "assistant" and an "assistant" object (the
turn, the article it answered from, whether to ask for feedback).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from sevai.chat.actions.assistant import answer_visitor, give_feedback
from sevai.chat.actions.conversations import mark_read, post_visitor_message
from sevai.chat.identity import conversation_for_token
from sevai.chat.live import ticket_group, visitor_group
from sevai.chat.models import ChatWidget, Conversation
from sevai.chat.queries import active_widget, agents_available, entries_after
from sevai.chat.security import origin_allowed
from sevai.lib.ratelimit import over_limit

MESSAGES_PER_MINUTE = 30


def _lookup(key: str, token: str, origin: str) -> tuple[ChatWidget | None, Conversation | None]:
    widget = active_widget(key)
    if widget is None or not origin_allowed(widget, origin):
        return None, None
    return widget, conversation_for_token(widget, token)


def _over_rate(conversation_id: int) -> bool:
    return over_limit(f"sevai:chat-rate:{conversation_id}", MESSAGES_PER_MINUTE, 60)


class VisitorConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    conversation: Conversation
    widget: ChatWidget

    async def connect(self) -> None:
        key = self.scope["url_route"]["kwargs"]["key"]
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [""])[0]
        headers = dict(self.scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        widget, conversation = await database_sync_to_async(_lookup)(key, token, origin)
        if widget is None or conversation is None:
            await self.close(code=4403)
            return
        self.widget, self.conversation = widget, conversation
        await self.channel_layer.group_add(visitor_group(conversation.pk), self.channel_name)
        await self.accept()
        await self._to_agents({"type": "presence", "visitor": "online"})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "conversation"):
            group = visitor_group(self.conversation.pk)
            await self.channel_layer.group_discard(group, self.channel_name)
            await self._to_agents({"type": "presence", "visitor": "offline"})

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "hello":
            await self._hello(content)
        elif kind == "message":
            await self._message(content)
        elif kind == "typing":
            await self._to_agents(
                {"type": "typing", "by": "visitor", "state": bool(content.get("state"))}
            )
        elif kind == "read":
            await database_sync_to_async(mark_read)(
                self.conversation, _int(content.get("seq")), by_visitor=True
            )
        elif kind == "feedback":
            await self._feedback(content)

    async def _hello(self, content: dict[str, Any]) -> None:
        conversation = await database_sync_to_async(Conversation.objects.get)(
            pk=self.conversation.pk
        )
        self.conversation = conversation
        missed = await database_sync_to_async(entries_after)(
            conversation, _int(content.get("last_seq")), self.widget.brand
        )
        online = await database_sync_to_async(agents_available)(self.widget)
        await self.send_json(
            {
                "type": "history",
                "messages": missed,
                "last_seq": conversation.last_seq,
                "agent_read_seq": conversation.agent_read_seq,
            }
        )
        await self.send_json({"type": "status", "agents_online": online})

    async def _message(self, content: dict[str, Any]) -> None:
        client_id = str(content.get("client_id") or "")[:64]
        if await database_sync_to_async(_over_rate)(self.conversation.pk):
            await self.send_json({"type": "error", "client_id": client_id, "code": "rate_limited"})
            return
        try:
            entry, created = await database_sync_to_async(post_visitor_message)(
                self.conversation, str(content.get("body") or ""), client_id=client_id
            )
        except ValidationError as exc:
            await self.send_json(
                {
                    "type": "error",
                    "client_id": client_id,
                    "code": "invalid",
                    "message": exc.messages[0],
                }
            )
            return
        await self.send_json({"type": "ack", "client_id": client_id, "seq": entry.seq})
        online = await database_sync_to_async(agents_available)(self.widget)
        await self.send_json({"type": "status", "agents_online": online})
        if created:  # stored and acknowledged: now the assistant may answer
            await database_sync_to_async(answer_visitor)(entry)

    async def _feedback(self, content: dict[str, Any]) -> None:
        state = await database_sync_to_async(give_feedback)(
            self.conversation,
            _int(content.get("turn")),
            helpful=content.get("helpful") is True,
            brand=self.widget.brand,
        )
        if not state:
            with translation.override(self.conversation.language or None):
                message = _("This answer can no longer be rated.")
            await self.send_json({"type": "error", "code": "invalid", "message": message})
            return
        await self.send_json({"type": "feedback", **state})

    async def _to_agents(self, payload: dict[str, Any]) -> None:
        ticket_id = await database_sync_to_async(
            lambda: (
                Conversation.objects.filter(pk=self.conversation.pk)
                .values_list("ticket_id", flat=True)
                .first()
            )
        )()
        if ticket_id:
            await self.channel_layer.group_send(
                ticket_group(ticket_id),
                {"type": "chat.event", "ticket": ticket_id, "payload": payload},
            )

    async def chat_event(self, event: dict[str, Any]) -> None:
        payload = event["payload"]
        if (
            payload.get("type") in ("typing", "presence")
            and payload.get("by", "agent") == "visitor"
        ):
            return  # the visitor's own signals
        if payload.get("type") == "read" and payload.get("by") == "visitor":
            return
        await self.send_json(payload)


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0
