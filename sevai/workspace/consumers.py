"""Live updates for agents: ticket changes are pushed to every open workspace."""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

GROUP = "workspace"


class WorkspaceConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def ticket_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "ticket.changed", "ticket": event["ticket"]})
