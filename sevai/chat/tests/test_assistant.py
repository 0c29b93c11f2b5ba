"""The virtual assistant in the chat: its answer reaches the widget as an "assistant" message
with the article it came from, the visitor's Yes / No over the socket, hand-offs, and the
agents' view of its messages."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from django.conf import settings

from sevai.assistant.models import AssistantSettings, Turn
from sevai.assistant.tests.kb import (
    OFF_TOPIC_QUESTION_TL,
    TRACKING_QUESTION_TL,
    parcel_kb,
)
from sevai.chat.actions.conversations import start_conversation
from sevai.chat.identity import visitor_token
from sevai.chat.models import ChatEntry
from sevai.chat.tests.factories import ChatWidgetFactory
from sevai.chat.tests.test_sockets import visitor
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 30  # seconds: the first answer in a process loads the embedding model


async def connect(widget: Any, token: str, last_seq: int = 0) -> tuple[Any, dict]:
    socket = visitor(widget, token)
    connected, _code = await socket.connect()
    assert connected
    await socket.send_json_to({"type": "hello", "last_seq": last_seq})
    history = await socket.receive_json_from(timeout=WAIT)
    await socket.receive_json_from(timeout=WAIT)  # status
    return socket, history


async def until(socket: WebsocketCommunicator, kind: str, author: str = "") -> dict:
    for _ in range(20):
        data = await socket.receive_json_from(timeout=WAIT)
        if data.get("type") == kind and (not author or data.get("author") == author):
            return data
    raise AssertionError(f"no {kind}")


async def from_assistant(socket: WebsocketCommunicator, seconds: float = 1.5) -> list[dict]:
    """The assistant's messages that arrive within `seconds` (to show it kept quiet)."""
    seen = []
    while not await socket.receive_nothing(timeout=seconds):
        data = await socket.receive_json_from(timeout=WAIT)
        if data.get("author") == "assistant":
            seen.append(data)
    return seen


async def ask(socket: WebsocketCommunicator, body: str, client_id: str) -> dict:
    await socket.send_json_to({"type": "message", "client_id": client_id, "body": body})
    return await until(socket, "message", author="assistant")


@pytest.fixture
def chat() -> tuple[Any, str]:
    parcel_kb()
    widget = ChatWidgetFactory()
    return widget, visitor_token(start_conversation(widget, language="tl"))


class TestAnswers:
    def test_the_answer_comes_as_an_assistant_message_with_its_article(self, chat):
        widget, token = chat

        async def run() -> dict:
            socket, _history = await connect(widget, token)
            answer = await ask(socket, TRACKING_QUESTION_TL, "q-1")
            await socket.disconnect()
            return answer

        answer = async_to_sync(run)()
        turn = Turn.objects.get()
        assert turn.outcome == Turn.Outcome.ANSWERED
        assert answer["body"] == turn.answer_text
        assert answer["assistant"] == {
            "turn": turn.pk,
            "article": {
                "title": "Paano i-track ang padala",
                "url": f"{settings.BASE_URL}/help/{widget.brand.slug}/tl/paano-i-track-ang-padala/",
                "fallback_language": False,
            },
            "ask_feedback": True,
            "feedback": "",
        }
        assert ChatEntry.objects.get(message=turn.answer).author == ChatEntry.Author.ASSISTANT

    def test_a_reconnecting_widget_gets_the_answer_and_its_state_again(self, chat):
        widget, token = chat

        async def run() -> tuple[dict, dict]:
            socket, _history = await connect(widget, token)
            answer = await ask(socket, TRACKING_QUESTION_TL, "q-1")
            await socket.disconnect()
            again, history = await connect(widget, token)
            await again.disconnect()
            return answer, history

        answer, history = async_to_sync(run)()
        replayed = history["messages"][-1]
        assert (replayed["author"], replayed["assistant"]) == ("assistant", answer["assistant"])

    def test_off_topic_hands_off_and_the_visitor_is_told_a_person_will_answer(self, chat):
        widget, token = chat

        async def run() -> dict:
            socket, _history = await connect(widget, token)
            notice = await ask(socket, OFF_TOPIC_QUESTION_TL, "q-1")
            await socket.disconnect()
            return notice

        notice = async_to_sync(run)()
        turn = Turn.objects.get()
        assert turn.outcome == Turn.Outcome.HANDED_OFF
        assert notice["assistant"] == {
            "turn": turn.pk,
            "article": None,
            "ask_feedback": False,
            "feedback": "",
        }
        assert notice["body"] == turn.answer.body
        note = Message.objects.get(kind=Message.Kind.NOTE)
        assert note.body == turn.summary
        assert not ChatEntry.objects.filter(message=note).exists()  # never shown to the visitor

    def test_switched_off_for_chat_it_keeps_quiet(self, chat):
        widget, token = chat
        AssistantSettings.objects.update_or_create(pk=1, defaults={"on_chat": False})

        async def run() -> list[dict]:
            socket, _history = await connect(widget, token)
            await socket.send_json_to(
                {"type": "message", "client_id": "q-1", "body": TRACKING_QUESTION_TL}
            )
            await until(socket, "ack")
            said = await from_assistant(socket)
            await socket.disconnect()
            return said

        assert async_to_sync(run)() == []
        assert not Turn.objects.exists()

    def test_a_resent_message_is_answered_once(self, chat):
        widget, token = chat

        async def run() -> None:
            socket, _history = await connect(widget, token)
            await ask(socket, TRACKING_QUESTION_TL, "same")
            await socket.send_json_to(
                {"type": "message", "client_id": "same", "body": TRACKING_QUESTION_TL}
            )
            await until(socket, "ack")
            assert await from_assistant(socket) == []
            await socket.disconnect()

        async_to_sync(run)()
        assert Turn.objects.count() == 1


class TestFeedback:
    def test_yes_solves_the_ticket_and_the_widget_gets_the_new_state(self, chat):
        widget, token = chat

        async def run() -> dict:
            socket, _history = await connect(widget, token)
            answer = await ask(socket, TRACKING_QUESTION_TL, "q-1")
            turn = answer["assistant"]["turn"]
            await socket.send_json_to({"type": "feedback", "turn": turn, "helpful": True})
            state = await until(socket, "feedback")
            await socket.disconnect()
            return state

        state = async_to_sync(run)()
        turn = Turn.objects.get()
        assert state["turn"] == turn.pk
        assert (state["feedback"], state["ask_feedback"]) == ("yes", False)
        assert turn.feedback == Turn.Feedback.YES
        assert Ticket.objects.get().status == Ticket.Status.SOLVED

    def test_no_hands_off_and_the_visitor_gets_the_notice(self, chat):
        widget, token = chat

        async def run() -> tuple[dict, dict]:
            socket, _history = await connect(widget, token)
            answer = await ask(socket, TRACKING_QUESTION_TL, "q-1")
            turn = answer["assistant"]["turn"]
            await socket.send_json_to({"type": "feedback", "turn": turn, "helpful": False})
            seen = [await socket.receive_json_from(timeout=WAIT) for _ in range(2)]
            await socket.disconnect()
            by_type = {s["type"]: s for s in seen}
            return by_type["feedback"], by_type["message"]

        state, notice = async_to_sync(run)()
        answered, handed_off = Turn.objects.order_by("pk")
        assert (state["feedback"], answered.feedback) == ("no", Turn.Feedback.NO)
        assert handed_off.reason == Turn.Reason.NOT_HELPFUL
        assert notice["author"] == "assistant"
        assert notice["assistant"]["turn"] == handed_off.pk
        assert Message.objects.filter(kind=Message.Kind.NOTE, body=handed_off.summary).exists()

    def test_an_answer_on_another_conversation_cannot_be_rated(self, chat):
        widget, token = chat
        other = visitor_token(start_conversation(widget, language="tl"))

        async def run() -> dict:
            theirs, _history = await connect(widget, other)
            answer = await ask(theirs, TRACKING_QUESTION_TL, "q-1")
            await theirs.disconnect()
            socket, _history = await connect(widget, token)
            turn = answer["assistant"]["turn"]
            await socket.send_json_to({"type": "feedback", "turn": turn, "helpful": True})
            refused = await socket.receive_json_from(timeout=WAIT)
            await socket.disconnect()
            return refused

        refused = async_to_sync(run)()
        assert (refused["type"], refused["code"]) == ("error", "invalid")
        assert Turn.objects.get().feedback == ""
        assert Ticket.objects.get().status != Ticket.Status.SOLVED


class TestAgentsView:
    def test_the_ticket_page_shows_the_assistants_reply_and_note_as_the_assistants(
        self, chat, agent_client
    ):
        widget, token = chat

        async def run() -> None:
            socket, _history = await connect(widget, token)
            await ask(socket, OFF_TOPIC_QUESTION_TL, "q-1")
            await socket.disconnect()

        async_to_sync(run)()
        ticket = Ticket.objects.get()
        html = agent_client.get(f"/tickets/{ticket.number}/").content.decode()
        conversation = html.split('<ol class="conversation">')[1].split("</ol>")[0]
        assert conversation.count("<strong>Assistant</strong>") == 2  # the note and the notice
        assert "Unknown sender" not in conversation

    def test_an_agents_reply_is_still_the_agents(self, chat, agent):
        from sevai.tickets.actions.messages import reply

        widget, token = chat
        AssistantSettings.objects.update_or_create(pk=1, defaults={"on_chat": False})

        async def run() -> dict:
            socket, _history = await connect(widget, token)
            await socket.send_json_to({"type": "message", "client_id": "a", "body": "Hi"})
            await until(socket, "ack")
            ticket = await sync_to_async(Ticket.objects.get)()
            await sync_to_async(reply)(ticket, "Hello!", actor=agent)
            message = await until(socket, "message", author="agent")
            await socket.disconnect()
            return message

        message = async_to_sync(run)()
        assert "assistant" not in message
