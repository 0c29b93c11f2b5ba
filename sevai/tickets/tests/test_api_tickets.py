"""The tickets REST API: /api/v1/tickets and /api/v1/tags."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.test import Client

from sevai.accounts.actions import create_api_token, revoke_api_token
from sevai.accounts.models import User
from sevai.customers.models import Customer, Identity
from sevai.lib.cursor import encode_cursor
from sevai.testing.api import api_client
from sevai.testing.factories import (
    CustomerFactory,
    OrganizationFactory,
    TeamFactory,
    TicketFactory,
    UserFactory,
)
from sevai.tickets import actions
from sevai.tickets.models import Channel, Event, Message, Ticket, TicketLink
from sevai.tickets.schemas import ChannelName, MessageOut, Priority, Status

URL = "/api/v1/tickets"


@pytest.fixture
def api(agent: User) -> Client:
    return api_client(agent)


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def snapshot() -> dict[str, object]:
    """Everything an endpoint could write, to prove a refused request changed nothing."""
    return {
        "tickets": list(
            Ticket.objects.order_by("pk").values_list(
                "pk", "status", "priority", "assignee_id", "team_id", "merged_into_id", "updated_at"
            )
        ),
        "tags": sorted(Ticket.tags.through.objects.values_list("ticket_id", "tag_id")),
        "messages": Message.objects.count(),
        "events": Event.objects.count(),
        "customers": Customer.objects.count(),
        "identities": Identity.objects.count(),
        "links": TicketLink.objects.count(),
    }


def cursor_of(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


class TestAuthentication:
    def test_missing_token_is_a_401_json_error(self, db: None) -> None:
        response = Client().get(URL)
        assert response.status_code == 401
        assert response.json() == {"error": "Missing, unknown or revoked API token."}

    def test_unknown_token_is_a_401(self, db: None) -> None:
        client = Client(headers={"authorization": "Bearer sev_not-a-real-token"})
        assert client.get(URL).status_code == 401

    def test_revoked_token_is_a_401_and_writes_nothing(self, agent: User) -> None:
        token, raw = create_api_token(agent, "old")
        revoke_api_token(token, actor=agent)
        ticket = TicketFactory()
        before = snapshot()
        client = Client(headers={"authorization": f"Bearer {raw}"})
        response = patch(client, f"{URL}/{ticket.number}", {"status": "solved"})
        assert response.status_code == 401
        assert "error" in response.json()
        assert snapshot() == before

    def test_another_users_revoked_token_stays_refused(self, agent: User, api: Client) -> None:
        other = UserFactory()
        token, raw = create_api_token(other, "laptop")
        revoke_api_token(token, actor=other)
        assert Client(headers={"authorization": f"Bearer {raw}"}).get(URL).status_code == 401
        assert api.get(URL).status_code == 200


class TestListTickets:
    def test_lists_newest_first_with_customer_team_assignee_and_tags(
        self, api: Client, agent: User
    ) -> None:
        team = TeamFactory(name="Billing")
        older = TicketFactory()
        newer = TicketFactory(team=team, tags=("refund",), priority="high")
        actions.assign_ticket(newer, agent, actor=agent)
        body = api.get(URL).json()
        assert [t["number"] for t in body["items"]] == [newer.number, older.number]
        assert body["next_cursor"] is None
        item = body["items"][0]
        assert item["team"] == {"id": team.pk, "name": "Billing"}
        assert item["assignee"] == {"id": agent.pk, "username": "asha", "name": "Asha Raman"}
        assert item["tags"] == ["refund"]
        assert item["status"] == "open"
        assert item["customer"]["contact"] == f"customer{newer.customer_id}@mail.example"

    def test_filters_narrow_the_list(self, api: Client, agent: User) -> None:
        team = TeamFactory()
        org = OrganizationFactory()
        plain = TicketFactory()
        busy = TicketFactory(
            team=team,
            priority="urgent",
            channel=Channel.CHAT,
            tags=("vip",),
            customer=CustomerFactory(organization=org, language="ta"),
            language="ta",  # the body is English: detection alone would say "en"
        )
        actions.assign_ticket(busy, agent, actor=agent)
        actions.change_status(plain, "pending", actor=agent)

        def numbers(query: str) -> list[int]:
            response = api.get(f"{URL}?{query}")
            assert response.status_code == 200, response.content
            return [t["number"] for t in response.json()["items"]]

        assert numbers("status=open&status=pending") == [busy.number, plain.number]
        assert numbers("status=pending") == [plain.number]
        assert numbers("priority=urgent") == [busy.number]
        assert numbers(f"team_id={team.pk}") == [busy.number]
        assert numbers(f"assignee_id={agent.pk}") == [busy.number]
        assert numbers("assignee_id=none") == [plain.number]
        assert numbers("channel=chat") == [busy.number]
        assert numbers("language=ta") == [busy.number]
        assert numbers("tag=VIP") == [busy.number]
        assert numbers(f"organization_id={org.pk}") == [busy.number]
        assert numbers(f"customer_id={plain.customer_id}") == [plain.number]

    @pytest.mark.parametrize(
        "query", ["status=stuck", "priority=meh", "assignee_id=nobody", "limit=0", "limit=201"]
    )
    def test_bad_query_parameters_are_a_422(self, api: Client, query: str) -> None:
        response = api.get(f"{URL}?{query}")
        assert response.status_code == 422
        assert response.json()["error"] == "The request is not valid."

    def test_cursors_walk_every_ticket_once_even_as_new_ones_arrive(self, api: Client) -> None:
        tickets = TicketFactory.create_batch(5)
        first = api.get(f"{URL}?limit=2").json()
        TicketFactory()  # arrives meanwhile: it is newer, so it belongs before page one
        second = api.get(f"{URL}?limit=2&cursor={first['next_cursor']}").json()
        third = api.get(f"{URL}?limit=2&cursor={second['next_cursor']}").json()
        seen = [t["number"] for page in (first, second, third) for t in page["items"]]
        assert seen == [t.number for t in reversed(tickets)]
        assert third["next_cursor"] is None

    def test_a_page_past_the_end_is_empty(self, api: Client) -> None:
        ticket = TicketFactory()
        response = api.get(f"{URL}?cursor={encode_cursor({'id': ticket.pk})}")
        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}

    @pytest.mark.parametrize(
        "cursor",
        [
            "not base64 at all!",
            cursor_of("not json"),
            cursor_of('{"name": "x"}'),
            cursor_of('{"id": "5"}'),
            cursor_of('{"id": true}'),
            cursor_of("[5]"),
            "A" * 600,
        ],
    )
    def test_a_tampered_cursor_is_a_400(self, api: Client, cursor: str) -> None:
        TicketFactory()
        response = api.get(f"{URL}?cursor={cursor}")
        assert response.status_code == 400
        assert response.json()["error"].startswith("Invalid cursor")

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(
        self, api: Client, agent: User, django_assert_num_queries: Any, n: int
    ) -> None:
        team = TeamFactory()
        org = OrganizationFactory()
        for _ in range(n):
            ticket = TicketFactory(team=team, tags=("a", "b"), customer__organization=org)
            actions.assign_ticket(ticket, agent, actor=agent)
        with django_assert_num_queries(5):
            response = api.get(URL)
        assert len(response.json()["items"]) == n


class TestCreateTicket:
    def test_opens_a_ticket_for_a_new_customer_by_email(self, api: Client) -> None:
        response = post(
            api,
            URL,
            {
                "customer_email": "Mira@Example.org",
                "customer_name": "Mira",
                "subject": "Where is my order?",
                "body": "It has been two weeks.",
                "tags": ["Orders"],
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["channel"] == "api"
        assert body["tags"] == ["orders"]
        assert body["customer"]["name"] == "Mira"
        assert body["customer"]["contact"] == "mira@example.org"
        ticket = Ticket.objects.get(number=body["number"])
        assert ticket.messages.get().body == "It has been two weeks."

    def test_reuses_the_customer_behind_a_known_email(self, api: Client) -> None:
        customer = CustomerFactory(email="known@example.org")
        response = post(
            api, URL, {"customer_email": "KNOWN@example.org", "subject": "Hi", "body": "Again"}
        )
        assert response.status_code == 201
        assert response.json()["customer"]["id"] == customer.pk
        assert Customer.objects.count() == 1

    def test_opens_for_a_customer_id_with_team_priority_and_language(self, api: Client) -> None:
        customer = CustomerFactory()
        team = TeamFactory()
        response = post(
            api,
            URL,
            {
                "customer_id": customer.pk,
                "subject": "Refund",
                "body": "Please refund me.",
                "priority": "high",
                "team_id": team.pk,
                "language": "hy",
                "channel": "phone",
            },
        )
        assert response.status_code == 201
        body = response.json()
        assert (body["priority"], body["team"]["id"], body["language"], body["channel"]) == (
            "high",
            team.pk,
            "hy",
            "phone",
        )

    @pytest.mark.parametrize(
        ("payload", "status"),
        [
            ("{not json", 400),
            ("[1, 2]", 422),
            ({"customer_email": "a@b.example", "subject": "s", "body": "b", "colour": "red"}, 422),
            ({"customer_email": "a@b.example", "subject": "s", "body": ["b"]}, 422),
            ({"customer_email": "a@b.example", "subject": "s", "body": "b", "priority": "x"}, 422),
            ({"customer_id": "one", "subject": "s", "body": "b"}, 422),
            ({"subject": "s", "body": "b"}, 422),
            ({"customer_id": 1, "customer_email": "a@b.example", "subject": "s", "body": "b"}, 422),
            ({"customer_id": 999, "subject": "s", "body": "b"}, 422),
            ({"customer_email": "not-an-email", "subject": "s", "body": "b"}, 422),
            ({"customer_email": "a@b.example", "subject": "s", "body": "b", "team_id": 999}, 422),
            ({"customer_email": "new@b.example", "subject": "s", "body": "   "}, 422),
        ],
    )
    def test_bad_input_is_a_clear_error_and_creates_nothing(
        self, api: Client, payload: Any, status: int
    ) -> None:
        before = snapshot()
        response = api.post(URL, payload, content_type="application/json")
        assert response.status_code == status, response.content
        assert response.json()["error"]
        assert snapshot() == before

    def test_a_light_agent_cannot_open_tickets(self, light_agent: User) -> None:
        response = post(
            api_client(light_agent),
            URL,
            {"customer_email": "a@b.example", "subject": "s", "body": "b"},
        )
        assert response.status_code == 403
        assert "Light agents" in response.json()["error"]
        assert Customer.objects.count() == 0


class TestGetTicket:
    def test_shows_a_ticket_with_its_links(self, api: Client, agent: User) -> None:
        ticket, other = TicketFactory(), TicketFactory()
        actions.link_tickets(ticket, other, actor=agent)
        body = api.get(f"{URL}/{ticket.number}").json()
        assert (body["number"], body["linked"], body["merged_into"]) == (
            ticket.number,
            [other.number],
            None,
        )

    def test_an_unknown_ticket_is_a_404_json_error(self, api: Client) -> None:
        response = api.get(f"{URL}/424242")
        assert response.status_code == 404
        assert response.json() == {"error": "Ticket #424242 not found."}

    def test_a_non_numeric_number_is_a_422(self, api: Client) -> None:
        assert api.get(f"{URL}/abc").status_code == 422


class TestUpdateTicket:
    def test_changes_several_fields_each_with_its_own_event(self, api: Client, agent: User) -> None:
        ticket = TicketFactory(tags=("old",))
        team = TeamFactory()
        response = patch(
            api,
            f"{URL}/{ticket.number}",
            {
                "status": "pending",
                "priority": "urgent",
                "assignee_id": agent.pk,
                "team_id": team.pk,
                "tags": ["new", "Other"],
            },
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "pending"
        assert body["priority"] == "urgent"
        assert body["assignee"]["id"] == agent.pk
        assert body["team"]["id"] == team.pk
        assert body["tags"] == ["new", "other"]
        kinds = set(ticket.events.values_list("kind", flat=True))
        assert {"status", "priority", "assigned", "team", "tags"} <= kinds

    def test_null_unassigns_and_left_out_fields_stay(self, api: Client, agent: User) -> None:
        ticket = TicketFactory(priority="high")
        actions.assign_ticket(ticket, agent, actor=agent)
        body = patch(api, f"{URL}/{ticket.number}", {"assignee_id": None}).json()
        assert body["assignee"] is None
        assert body["priority"] == "high"

    @pytest.mark.parametrize(
        "payload",
        [
            "{broken",
            {"status": "stuck"},
            {"status": None},
            {"tags": "vip"},
            {"assignee_id": 999},
            {"team_id": 999},
            {"subject": "new subject"},
            {"priority": "high", "status": "solved", "assignee_id": "me"},
        ],
    )
    def test_bad_input_changes_nothing(self, api: Client, payload: Any) -> None:
        ticket = TicketFactory()
        before = snapshot()
        response = api.patch(f"{URL}/{ticket.number}", payload, content_type="application/json")
        assert response.status_code in (400, 422)
        assert response.json()["error"]
        assert snapshot() == before

    def test_a_failing_step_rolls_back_the_earlier_ones(self, api: Client, agent: User) -> None:
        ticket = TicketFactory()
        actions.change_status(ticket, "closed", actor=agent)
        before = snapshot()
        response = patch(api, f"{URL}/{ticket.number}", {"priority": "high", "status": "open"})
        assert response.status_code == 422
        assert "closed" in response.json()["error"]
        assert snapshot() == before

    def test_a_light_agent_gets_a_403_and_nothing_changes(self, light_agent: User) -> None:
        ticket = TicketFactory()
        before = snapshot()
        response = patch(api_client(light_agent), f"{URL}/{ticket.number}", {"priority": "low"})
        assert response.status_code == 403
        assert snapshot() == before

    def test_an_unknown_ticket_is_a_404(self, api: Client) -> None:
        assert patch(api, f"{URL}/424242", {"priority": "low"}).status_code == 404


class TestSchemaChoices:
    def test_literal_types_match_the_model_choices(self) -> None:
        assert set(Status.__args__) == set(Ticket.Status.values)
        assert set(Priority.__args__) == set(Ticket.Priority.values)
        assert set(ChannelName.__args__) == set(Channel.values)
        assert set(MessageOut.model_fields["kind"].annotation.__args__) == set(Message.Kind.values)
