"""The visitor's socket and the agent's: acknowledgements, resending, missed messages,
typing both ways, read receipts and presence; with Redis, across two application instances."""

from __future__ import annotations

import os
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.testing.websocket import WebsocketCommunicator

from sevai.chat.actions.conversations import start_conversation
from sevai.chat.identity import visitor_token
from sevai.chat.routing import websocket_urlpatterns
from sevai.chat.tests.factories import ChatWidgetFactory
from sevai.tickets.actions.messages import reply
from sevai.tickets.models import Message, Ticket
from sevai.workspace.consumers import WorkspaceConsumer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("assistant_off")]


def visitor_app() -> Any:
    return URLRouter(websocket_urlpatterns)


def visitor(
    widget: Any, token: str, origin: str = "https://shop.example.com"
) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        visitor_app(),
        f"/ws/chat/{widget.key}/?token={token}",
        headers=[(b"origin", origin.encode())],
    )


async def connect_visitor(widget: Any, token: str, last_seq: int = 0) -> tuple[Any, dict, dict]:
    socket = visitor(widget, token)
    connected, _code = await socket.connect()
    assert connected
    await socket.send_json_to({"type": "hello", "last_seq": last_seq})
    history = await socket.receive_json_from(timeout=5)
    status = await socket.receive_json_from(timeout=5)
    return socket, history, status


async def until(socket: WebsocketCommunicator, kind: str, author: str = "") -> dict:
    for _ in range(10):
        data = await socket.receive_json_from(timeout=5)
        if data.get("type") == kind and (not author or data.get("author") == author):
            return data
    raise AssertionError(f"no {kind}")


@pytest.fixture
def chat() -> tuple[Any, str]:
    widget = ChatWidgetFactory()
    return widget, visitor_token(start_conversation(widget, language="hy"))


class TestVisitorSocket:
    def test_a_message_is_acknowledged_with_its_sequence_number(self, chat):
        widget, token = chat

        async def run() -> dict:
            socket, history, status = await connect_visitor(widget, token)
            assert history["messages"] == [] and status["type"] == "status"
            await socket.send_json_to(
                {"type": "message", "client_id": "c-1", "body": "Որտե՞ղ է իմ ծանրոցը։"}
            )
            ack = await until(socket, "ack")
            await socket.disconnect()
            return ack

        assert async_to_sync(run)() == {"type": "ack", "client_id": "c-1", "seq": 1}
        assert Ticket.objects.get().channel == "chat"

    def test_a_message_resent_after_a_dropped_connection_is_not_doubled(self, chat):
        widget, token = chat

        async def run() -> list[dict]:
            acks = []
            for _attempt in range(2):  # the first ack was lost with the connection
                socket, _history, _status = await connect_visitor(widget, token)
                await socket.send_json_to({"type": "message", "client_id": "same", "body": "Hello"})
                acks.append(await until(socket, "ack"))
                await socket.disconnect()
            return acks

        first, second = async_to_sync(run)()
        assert first["seq"] == second["seq"] == 1
        assert Message.objects.count() == 1

    def test_a_reconnecting_widget_gets_what_it_missed(self, chat, agent):
        widget, token = chat

        async def run() -> dict:
            socket, _history, _status = await connect_visitor(widget, token)
            await socket.send_json_to(
                {"type": "message", "client_id": "a", "body": "Is it shipped?"}
            )
            await until(socket, "ack")
            await socket.disconnect()
            ticket = await sync_to_async(Ticket.objects.get)()
            await sync_to_async(reply)(ticket, "Yes, it left Chennai today.", actor=agent)
            again, history, _status = await connect_visitor(widget, token, last_seq=1)
            await again.disconnect()
            return history

        history = async_to_sync(run)()
        assert [(m["seq"], m["author"], m["body"]) for m in history["messages"]] == [
            (2, "agent", "Yes, it left Chennai today.")
        ]

    def test_an_agent_reply_arrives_live(self, chat, agent):
        widget, token = chat

        async def run() -> dict:
            socket, _history, _status = await connect_visitor(widget, token)
            await socket.send_json_to({"type": "message", "client_id": "a", "body": "Hi"})
            await until(socket, "ack")
            ticket = await sync_to_async(Ticket.objects.get)()
            await sync_to_async(reply)(ticket, "Hello! How can I help?", actor=agent)
            message = await until(socket, "message", author="agent")
            await socket.disconnect()
            return message

        message = async_to_sync(run)()
        assert (message["seq"], message["author"], message["body"]) == (
            2,
            "agent",
            "Hello! How can I help?",
        )

    def test_a_bad_token_is_refused(self, chat):
        widget, _token = chat

        async def run() -> bool:
            connected, _code = await visitor(widget, "forged").connect()
            return bool(connected)

        assert async_to_sync(run)() is False

    def test_a_site_not_on_the_widgets_list_is_refused(self, chat):
        widget, token = chat
        widget.allowed_origins = ["https://shop.example.com"]
        widget.save()

        async def run(origin: str) -> bool:
            socket = visitor(widget, token, origin=origin)
            connected, _code = await socket.connect()
            if connected:
                await socket.disconnect()
            return bool(connected)

        assert async_to_sync(run)("https://evil.example.net") is False
        assert async_to_sync(run)("https://shop.example.com") is True


def agent_socket(user: Any) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(WorkspaceConsumer.as_asgi(), "/ws/workspace/")
    communicator.scope["user"] = user
    return communicator


class TestBothSides:
    def test_typing_and_messages_reach_the_agent_and_typing_and_reads_reach_the_visitor(
        self, chat, agent
    ):
        widget, token = chat

        async def run() -> tuple[list[dict], list[dict]]:
            socket, _history, _status = await connect_visitor(widget, token)
            await socket.send_json_to({"type": "message", "client_id": "a", "body": "Hi"})
            await until(socket, "ack")
            ticket = await sync_to_async(Ticket.objects.get)()
            desk = agent_socket(agent)
            assert (await desk.connect())[0]
            await desk.send_json_to({"type": "watch", "ticket": ticket.pk})
            await desk.receive_json_from(timeout=5)  # presence
            await socket.send_json_to({"type": "typing", "state": True})
            await socket.send_json_to({"type": "message", "client_id": "b", "body": "Still there?"})
            seen_by_agent = [await desk.receive_json_from(timeout=5) for _ in range(2)]
            await desk.send_json_to({"type": "typing", "ticket": ticket.pk, "state": True})
            await desk.send_json_to({"type": "read", "ticket": ticket.pk, "seq": 2})
            seen_by_visitor = [await until(socket, "typing"), await until(socket, "read")]
            await desk.disconnect()
            await socket.disconnect()
            return seen_by_agent, seen_by_visitor

        by_agent, by_visitor = async_to_sync(run)()
        assert by_agent[0]["payload"] == {"type": "typing", "by": "visitor", "state": True}
        assert by_agent[1]["payload"]["body"] == "Still there?"
        assert by_visitor == [
            {"type": "typing", "by": "agent", "state": True},
            {"type": "read", "by": "agent", "seq": 2},
        ]

    def test_agents_see_who_else_is_viewing_and_replying(self, agent, admin_user):
        ticket_id = 4242

        async def run() -> dict:
            first, second = agent_socket(agent), agent_socket(admin_user)
            await first.connect()
            await second.connect()
            await first.send_json_to({"type": "watch", "ticket": ticket_id})
            await first.receive_json_from(timeout=5)
            await second.send_json_to({"type": "watch", "ticket": ticket_id})
            await first.receive_json_from(timeout=5)
            await second.send_json_to({"type": "typing", "ticket": ticket_id})
            seen = await first.receive_json_from(timeout=5)
            await first.disconnect()
            await second.disconnect()
            return seen

        seen = async_to_sync(run)()
        assert seen["type"] == "presence"
        assert [(p["name"], p["state"]) for p in seen["agents"]] == [(admin_user.name, "replying")]


@pytest.mark.redis
class TestAcrossTwoProcessesWithRedis:
    def test_a_visitor_on_one_instance_reaches_an_agent_on_another(self, chat, agent, settings):
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": "sevai-test-chat"},
            }
        }
        channel_layers.backends.clear()
        widget, token = chat
        try:

            async def run() -> dict:
                socket, _h, _s = await connect_visitor(widget, token)
                await socket.send_json_to({"type": "message", "client_id": "a", "body": "Hi"})
                await until(socket, "ack")
                ticket = await sync_to_async(Ticket.objects.get)()
                # A second application instance: its own consumer app and channel layer object.
                channel_layers.backends.clear()
                desk = agent_socket(agent)
                await desk.connect()
                await desk.send_json_to({"type": "watch", "ticket": ticket.pk})
                await desk.receive_json_from(timeout=5)
                await socket.send_json_to({"type": "message", "client_id": "b", "body": "Ping"})
                seen = await desk.receive_json_from(timeout=5)
                await desk.disconnect()
                await socket.disconnect()
                return seen

            seen = async_to_sync(run)()
            assert seen["payload"]["body"] == "Ping"
        finally:
            channel_layers.backends.clear()
