"""The tickets REST API, continued: messages, the timeline, merging, linking and tags."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sevai.accounts.models import User
from sevai.testing.api import api_client
from sevai.testing.factories import TicketFactory
from sevai.tickets import actions
from sevai.tickets.models import Message, Ticket, TicketLink
from sevai.tickets.tests.test_api_tickets import URL, post, snapshot


@pytest.fixture
def api(agent: User) -> Client:
    return api_client(agent)


class TestListMessages:
    def test_lists_messages_oldest_first_with_notes_marked_internal(
        self, api: Client, agent: User
    ) -> None:
        ticket = TicketFactory()
        actions.reply(ticket, "We are on it.", actor=agent)
        actions.add_note(ticket, "Courier says Tuesday.", actor=agent)
        response = api.get(f"{URL}/{ticket.number}/messages")
        assert response.status_code == 200
        items = response.json()["items"]
        assert [(m["kind"], m["is_internal"]) for m in items] == [
            ("customer", False),
            ("reply", False),
            ("note", True),
        ]
        assert items[0]["author_customer"]["id"] == ticket.customer_id
        assert items[2]["author_user"]["username"] == "asha"

    def test_pages_of_messages_follow_the_cursor(self, api: Client, agent: User) -> None:
        ticket = TicketFactory()
        for n in range(3):
            actions.add_note(ticket, f"note {n}", actor=agent)
        first = api.get(f"{URL}/{ticket.number}/messages?limit=3").json()
        rest = api.get(f"{URL}/{ticket.number}/messages?cursor={first['next_cursor']}").json()
        assert [m["body"] for m in rest["items"]] == ["note 2"]
        assert rest["next_cursor"] is None

    def test_an_unknown_ticket_is_a_404(self, api: Client) -> None:
        assert api.get(f"{URL}/424242/messages").status_code == 404

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(
        self, api: Client, agent: User, django_assert_num_queries: Any, n: int
    ) -> None:
        ticket = TicketFactory()
        for _ in range(n):
            actions.reply(ticket, "Reply", actor=agent)
        with django_assert_num_queries(5):
            api.get(f"{URL}/{ticket.number}/messages?limit=200")


class TestAddMessage:
    def test_an_agent_replies_and_sets_the_status_in_one_step(
        self, api: Client, agent: User
    ) -> None:
        ticket = TicketFactory()
        response = post(
            api, f"{URL}/{ticket.number}/messages", {"body": "Sent today.", "status": "pending"}
        )
        assert response.status_code == 201, response.content
        assert response.json()["kind"] == "reply"
        assert response.json()["author_user"]["id"] == agent.pk
        ticket.refresh_from_db()
        assert (ticket.status, ticket.message_count) == ("pending", 2)

    def test_an_agent_adds_an_internal_note(self, api: Client) -> None:
        ticket = TicketFactory()
        response = post(api, f"{URL}/{ticket.number}/messages", {"body": "FYI", "kind": "note"})
        assert response.status_code == 201
        assert (response.json()["kind"], response.json()["is_internal"]) == ("note", True)
        assert response.json()["channel"] == "internal"

    def test_a_light_agent_cannot_reply_publicly(self, light_agent: User) -> None:
        ticket = TicketFactory()
        before = snapshot()
        response = post(api_client(light_agent), f"{URL}/{ticket.number}/messages", {"body": "Hi"})
        assert response.status_code == 403
        assert "Light agents" in response.json()["error"]
        assert snapshot() == before

    def test_a_light_agent_can_add_a_note(self, light_agent: User) -> None:
        ticket = TicketFactory()
        client = api_client(light_agent)
        response = post(client, f"{URL}/{ticket.number}/messages", {"body": "Hm", "kind": "note"})
        assert response.status_code == 201
        assert ticket.messages.filter(kind=Message.Kind.NOTE, author_user=light_agent).exists()

    def test_a_light_agents_note_cannot_change_the_status(self, light_agent: User) -> None:
        ticket = TicketFactory()
        before = snapshot()
        response = post(
            api_client(light_agent),
            f"{URL}/{ticket.number}/messages",
            {"body": "Hm", "kind": "note", "status": "solved"},
        )
        assert response.status_code == 403
        assert snapshot() == before

    @pytest.mark.parametrize(
        ("payload", "status"),
        [
            ("not json", 400),
            ({"body": "Hi", "kind": "shout"}, 422),
            ({"body": "Hi", "to": "everyone"}, 422),
            ({"body": 12}, 422),
            ({"body": ""}, 422),
            ({"body": "   "}, 422),
            ({"body": "Hi", "status": "gone"}, 422),
            ({}, 422),
        ],
    )
    def test_bad_input_is_a_clear_error_and_adds_nothing(
        self, api: Client, payload: Any, status: int
    ) -> None:
        ticket = TicketFactory()
        before = snapshot()
        response = api.post(
            f"{URL}/{ticket.number}/messages", payload, content_type="application/json"
        )
        assert response.status_code == status, response.content
        assert response.json()["error"]
        assert snapshot() == before

    def test_a_closed_ticket_cannot_be_answered(self, api: Client, agent: User) -> None:
        ticket = TicketFactory()
        actions.change_status(ticket, "closed", actor=agent)
        before = snapshot()
        response = post(api, f"{URL}/{ticket.number}/messages", {"body": "Late"})
        assert response.status_code == 422
        assert "closed" in response.json()["error"]
        assert snapshot() == before


class TestTimeline:
    def test_lists_events_oldest_first_with_their_actor(self, api: Client, agent: User) -> None:
        ticket = TicketFactory()
        actions.change_priority(ticket, "high", actor=agent)
        items = api.get(f"{URL}/{ticket.number}/events").json()["items"]
        assert [e["kind"] for e in items] == ["created", "priority"]
        assert items[1]["actor"]["id"] == agent.pk
        assert items[1]["data"] == {"before": "normal", "after": "high"}

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(
        self, api: Client, agent: User, django_assert_num_queries: Any, n: int
    ) -> None:
        ticket = TicketFactory()
        for i in range(n):
            actions.change_priority(ticket, "high" if i % 2 == 0 else "low", actor=agent)
        with django_assert_num_queries(4):
            api.get(f"{URL}/{ticket.number}/events?limit=200")


class TestMergeAndLink:
    def test_merging_moves_the_messages_and_returns_the_ticket_kept(self, api: Client) -> None:
        duplicate, kept = TicketFactory(), TicketFactory()
        response = post(api, f"{URL}/{duplicate.number}/merge", {"into": kept.number})
        assert response.status_code == 200, response.content
        assert (response.json()["number"], response.json()["message_count"]) == (kept.number, 2)
        duplicate.refresh_from_db()
        assert (duplicate.status, duplicate.merged_into_id) == ("closed", kept.pk)
        merged = api.get(f"{URL}/{duplicate.number}").json()
        assert merged["merged_into"] == kept.number

    @pytest.mark.parametrize("into", ["self", 424242, "abc"])
    def test_a_bad_merge_changes_nothing(self, api: Client, into: object) -> None:
        ticket = TicketFactory()
        before = snapshot()
        target = ticket.number if into == "self" else into
        response = post(api, f"{URL}/{ticket.number}/merge", {"into": target})
        assert response.status_code == 422
        assert response.json()["error"]
        assert snapshot() == before

    def test_merging_an_unknown_ticket_is_a_404(self, api: Client) -> None:
        kept = TicketFactory()
        assert post(api, f"{URL}/424242/merge", {"into": kept.number}).status_code == 404

    def test_a_light_agent_cannot_merge(self, light_agent: User) -> None:
        a, b = TicketFactory(), TicketFactory()
        before = snapshot()
        response = post(api_client(light_agent), f"{URL}/{a.number}/merge", {"into": b.number})
        assert response.status_code == 403
        assert snapshot() == before

    def test_linking_twice_creates_one_link(self, api: Client) -> None:
        a, b = TicketFactory(), TicketFactory()
        first = post(api, f"{URL}/{a.number}/links", {"number": b.number})
        again = post(api, f"{URL}/{b.number}/links", {"number": a.number})
        assert first.status_code == 201
        assert first.json() == {"number": a.number, "other": b.number, "created": True}
        assert again.status_code == 200
        assert again.json()["created"] is False
        assert TicketLink.objects.count() == 1

    @pytest.mark.parametrize("payload", [{"number": "self"}, {"number": 424242}, {"id": 1}])
    def test_a_bad_link_changes_nothing(self, api: Client, payload: dict[str, object]) -> None:
        ticket = TicketFactory()
        if payload.get("number") == "self":
            payload = {"number": ticket.number}
        before = snapshot()
        response = post(api, f"{URL}/{ticket.number}/links", payload)
        assert response.status_code == 422
        assert snapshot() == before


class TestTags:
    def test_lists_tags_by_name_with_ticket_counts(self, api: Client) -> None:
        TicketFactory(tags=("refund", "vip"))
        TicketFactory(tags=("refund",))
        body = api.get("/api/v1/tags").json()
        assert [(t["name"], t["ticket_count"]) for t in body["items"]] == [
            ("refund", 2),
            ("vip", 1),
        ]

    def test_tag_pages_follow_the_cursor(self, api: Client) -> None:
        TicketFactory(tags=("a", "b", "c"))
        first = api.get("/api/v1/tags?limit=2").json()
        rest = api.get(f"/api/v1/tags?limit=2&cursor={first['next_cursor']}").json()
        assert [t["name"] for t in first["items"] + rest["items"]] == ["a", "b", "c"]
        assert rest["next_cursor"] is None

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any, n: int) -> None:
        TicketFactory(tags=[f"tag {i}" for i in range(n)])
        with django_assert_num_queries(3):
            response = api.get("/api/v1/tags?limit=200")
        assert len(response.json()["items"]) == n
        assert Ticket.objects.count() == 1
