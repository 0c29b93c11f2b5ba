"""The search page and the top-bar quick search: wiring, filters, snippets, query counts."""

from __future__ import annotations

import pytest

from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions

pytestmark = pytest.mark.django_db


def numbers(response) -> list[int]:
    return [row["ticket"].number for row in response.context["rows"]]


class TestSearchPage:
    def test_login_is_required(self, client):
        assert client.get("/search/?q=parcel").status_code == 302

    def test_results_show_a_marked_escaped_snippet(self, agent_client):
        ticket = TicketFactory(subject="பார்சல் வரவில்லை", body="<b>என் பார்சலுக்கு</b> என்ன ஆனது?")
        response = agent_client.get("/search/?q=பார்சலை")
        assert response.status_code == 200
        assert numbers(response) == [ticket.number]
        html = response.content.decode()
        assert "&lt;b&gt;என் <mark>பார்சலுக்கு</mark>&lt;/b&gt;" in html

    def test_filters_narrow_the_results(self, agent_client, agent):
        mine = actions.assign_ticket(
            TicketFactory(body="Saan na ang padala ko?", channel="chat"), agent, actor=agent
        )
        TicketFactory(body="Saan na ang padala ko?", channel="chat")
        TicketFactory(body="Saan na ang padala ko?", channel="email")
        response = agent_client.get("/search/?q=padala&assignee=me&channel=chat&status=")
        assert numbers(response) == [mine.number]

    def test_customer_filter_takes_an_email(self, agent_client):
        customer = CustomerFactory(email="ani@mail.example")
        hit = TicketFactory(customer=customer, body="Որտե՞ղ է իմ ծանրոցը։")
        TicketFactory(body="Որտե՞ղ է իմ ծանրոցը։")
        response = agent_client.get("/search/?q=ծանրոց&customer=ani@mail.example")
        assert numbers(response) == [hit.number]
        assert numbers(agent_client.get("/search/?q=ծանրոց&customer=nobody@x.example")) == []

    def test_dates_filter_without_words(self, agent_client):
        from datetime import UTC, datetime

        old = TicketFactory(at=datetime(2025, 1, 5, 12, tzinfo=UTC))
        TicketFactory(at=datetime(2025, 2, 5, 12, tzinfo=UTC))
        response = agent_client.get("/search/?created_from=2025-01-01&created_to=2025-01-31")
        assert numbers(response) == [old.number]

    def test_invalid_filter_shows_the_error_and_no_results(self, agent_client):
        TicketFactory(body="parcel")
        response = agent_client.get("/search/?q=parcel&created_from=not-a-date")
        assert response.status_code == 200
        assert numbers(response) == []
        assert response.context["form"].errors

    def test_more_results_link_pages_with_a_cursor(self, agent_client, monkeypatch):
        monkeypatch.setattr("sevai.workspace.views.search.PAGE_SIZE", 2)
        tickets = [TicketFactory(body=f"delivery {i}") for i in range(3)]
        first = agent_client.get("/search/?q=delivery")
        assert len(numbers(first)) == 2 and first.context["next_cursor"] == "2"
        second = agent_client.get("/search/?q=delivery&cursor=2")
        assert second.context["next_cursor"] is None
        assert sorted(numbers(first) + numbers(second)) == sorted(t.number for t in tickets)

    def test_a_ticket_number_jumps_to_the_ticket(self, agent_client):
        ticket = TicketFactory()
        response = agent_client.get(f"/search/?q=%23{ticket.number}")
        assert response.status_code == 302
        assert response["Location"].endswith(f"/tickets/{ticket.number}/")


class TestTopBarSearch:
    def test_partial_lists_tickets_and_customers(self, agent_client):
        ticket = TicketFactory(
            body="Ipinadala na po ba?", customer=CustomerFactory(name="Maria Santos")
        )
        response = agent_client.get("/search/?partial=1&q=padala")
        assert b"<html" not in response.content
        assert [t.number for t in response.context["tickets"]] == [ticket.number]
        by_name = agent_client.get("/search/?partial=1&q=Maria", HTTP_HX_REQUEST="true")
        assert [t.number for t in by_name.context["tickets"]] == [ticket.number]
        assert [c.name for c in by_name.context["customers"]] == ["Maria Santos"]

    def test_number_comes_first_in_the_partial(self, agent_client):
        ticket = TicketFactory()
        response = agent_client.get(f"/search/?partial=1&q={ticket.number}")
        assert response.context["tickets"][0] == ticket


class TestSearchQueryCounts:
    @pytest.mark.parametrize("n", [1, 30])
    def test_search_page_query_count_is_flat(self, agent_client, django_assert_num_queries, n):
        for i in range(n):
            TicketFactory(body=f"My parcel {i} was not delivered")
        agent_client.get("/search/?q=delivered")  # warm the cached sidebar counts
        # session, user, customers, agents, text hits, customer hits, bodies, tickets,
        # notification count, saved views
        with django_assert_num_queries(10):
            response = agent_client.get("/search/?q=delivered")
        assert len(response.context["rows"]) == n

    @pytest.mark.parametrize("n", [1, 30])
    def test_filtered_search_query_count_is_flat(
        self, agent_client, agent, django_assert_num_queries, n
    ):
        customer = CustomerFactory(email="filter@mail.example")
        for i in range(n):
            ticket = TicketFactory(
                customer=customer, body=f"Parcel {i} delivered late", channel="chat"
            )
            actions.assign_ticket(ticket, agent, actor=agent)
        url = (
            "/search/?q=parcel&status=open&assignee=me&channel=chat&language=en"
            "&created_from=2000-01-01&created_to=2100-01-01&customer=filter@mail.example"
        )
        agent_client.get(url)
        # as above, plus the customer's identity for the customer filter
        with django_assert_num_queries(11):
            response = agent_client.get(url)
        assert len(response.context["rows"]) == n

    @pytest.mark.parametrize("n", [1, 30])
    def test_top_bar_query_count_is_flat(self, agent_client, django_assert_num_queries, n):
        for i in range(n):
            TicketFactory(body=f"Parcel {i} is late")
        agent_client.get("/search/?partial=1&q=parcel")  # warm the cached sidebar counts
        with django_assert_num_queries(9):
            response = agent_client.get("/search/?partial=1&q=parcel")
        assert len(response.context["tickets"]) == min(n, 20)
