"""Live updates for agents: ticket changes are pushed to every open workspace; an open
ticket page also hears its chat (visitor messages, typing, read receipts) and who else is
viewing or replying to the same ticket.

Client → server: {"type": "watch", "ticket": id}, {"type": "typing", "ticket": id},
{"type": "read", "ticket": id, "seq": n}.
Server → client: ticket.changed, chat (with the chat payload), presence.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from sevai.workspace.presence import set_presence

GROUP = "workspace"


def ticket_group(ticket_id: int) -> str:
    return f"ticket-{ticket_id}"


def _visitor_group_of(ticket_id: int) -> str | None:
    from sevai.chat.live import visitor_group
    from sevai.chat.models import Conversation

    pk = Conversation.objects.filter(ticket_id=ticket_id).values_list("pk", flat=True).first()
    return visitor_group(pk) if pk else None


def _mark_read(ticket_id: int, seq: int) -> None:
    from sevai.chat.actions.conversations import mark_read
    from sevai.chat.models import Conversation

    conversation = Conversation.objects.filter(ticket_id=ticket_id).first()
    if conversation is not None:
        mark_read(conversation, seq, by_visitor=False)


class WorkspaceConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    watching: set[int]

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.watching = set()
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)
        for ticket_id in getattr(self, "watching", set()):
            await self.channel_layer.group_discard(ticket_group(ticket_id), self.channel_name)
            await self._presence(ticket_id, None)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        try:
            ticket_id = int(content.get("ticket") or 0)
        except (TypeError, ValueError):
            return
        if ticket_id <= 0:
            return
        kind = content.get("type")
        if kind == "watch":
            if ticket_id not in self.watching:
                self.watching.add(ticket_id)
                await self.channel_layer.group_add(ticket_group(ticket_id), self.channel_name)
            await self._presence(ticket_id, "viewing")
        elif kind == "typing" and ticket_id in self.watching:
            await self._presence(ticket_id, "replying" if content.get("state", True) else "viewing")
            group = await database_sync_to_async(_visitor_group_of)(ticket_id)
            if group:
                payload = {
                    "type": "typing",
                    "by": "agent",
                    "state": bool(content.get("state", True)),
                }
                await self.channel_layer.group_send(
                    group, {"type": "chat.event", "payload": payload}
                )
        elif kind == "read" and ticket_id in self.watching:
            try:
                seq = max(0, int(content.get("seq") or 0))
            except (TypeError, ValueError):
                return
            await database_sync_to_async(_mark_read)(ticket_id, seq)

    async def _presence(self, ticket_id: int, state: str | None) -> None:
        user = self.scope["user"]
        name = getattr(user, "name", "") or user.get_username()
        people = await database_sync_to_async(set_presence)(ticket_id, user.pk, name, state)
        await self.channel_layer.group_send(
            ticket_group(ticket_id),
            {"type": "presence.changed", "ticket": ticket_id, "agents": people},
        )

    async def ticket_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "ticket.changed", "ticket": event["ticket"]})

    async def chat_event(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {"type": "chat", "ticket": event.get("ticket"), "payload": event["payload"]}
        )

    async def presence_changed(self, event: dict[str, Any]) -> None:
        me = self.scope["user"].pk
        others = [p for p in event["agents"] if p["user"] != me]
        await self.send_json({"type": "presence", "ticket": event["ticket"], "agents": others})
