"""Live updates over WebSockets: agents see ticket changes made elsewhere."""

from __future__ import annotations

import os

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from channels.testing.websocket import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from sevai.testing.factories import TicketFactory
from sevai.workspace.consumers import WorkspaceConsumer

pytestmark = pytest.mark.django_db(transaction=True)


async def _receive_change(user, change) -> dict:  # type: ignore[no-untyped-def]
    communicator = WebsocketCommunicator(WorkspaceConsumer.as_asgi(), "/ws/workspace/")
    communicator.scope["user"] = user
    connected, _ = await communicator.connect()
    assert connected
    await sync_to_async(change)()
    message = await communicator.receive_json_from(timeout=5)
    await communicator.disconnect()
    return message


def _solve_through_the_workspace(client, ticket) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/tickets/{ticket.number}/solve/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200


class TestLiveUpdates:
    def test_an_agent_is_told_when_a_ticket_changes(self, agent, agent_client):
        ticket = TicketFactory()
        message = async_to_sync(_receive_change)(
            agent, lambda: _solve_through_the_workspace(agent_client, ticket)
        )
        assert message == {
            "type": "ticket.changed",
            "ticket": {"id": ticket.pk, "number": ticket.number},
        }

    def test_anonymous_sockets_are_refused(self):
        async def connect() -> bool:
            communicator = WebsocketCommunicator(WorkspaceConsumer.as_asgi(), "/ws/workspace/")
            communicator.scope["user"] = AnonymousUser()
            connected, _code = await communicator.connect()
            return connected

        assert async_to_sync(connect)() is False


@pytest.mark.redis
class TestLiveUpdatesAcrossProcessesWithRedis:
    def test_changes_reach_agents_through_the_redis_channel_layer(
        self, agent, agent_client, settings
    ):
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": "sevai-test-live"},
            }
        }
        channel_layers.backends.clear()
        try:
            ticket = TicketFactory()
            message = async_to_sync(_receive_change)(
                agent, lambda: _solve_through_the_workspace(agent_client, ticket)
            )
            assert message["ticket"]["number"] == ticket.number
        finally:
            channel_layers.backends.clear()
