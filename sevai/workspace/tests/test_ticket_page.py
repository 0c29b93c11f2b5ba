"""The ticket page: conversation, timeline, customer panel, htmx actions, query counts."""

from __future__ import annotations

import pytest

from sevai.testing.factories import CustomerFactory, TeamFactory, TicketFactory, UserFactory
from sevai.tickets import actions
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


class TestTicketPage:
    def test_shows_conversation_notes_distinctly_and_the_timeline(self, agent_client, agent):
        ticket = TicketFactory(body="Hindi pa dumarating ang parcel ko.")
        actions.add_note(ticket, "Courier says the van broke down.", actor=agent)
        actions.reply(ticket, "Pasensya na po, inaayos na namin.", actor=agent)
        html = agent_client.get(f"/tickets/{ticket.number}/").content.decode()
        assert "Hindi pa dumarating ang parcel ko." in html
        assert 'class="msg msg-note"' in html and "Courier says the van broke down." in html
        assert 'class="msg msg-reply"' in html
        assert 'class="event-reply"' in html and 'class="event-note"' in html

    def test_side_panel_lists_all_other_tickets_of_the_customer_on_every_channel(
        self, agent_client
    ):
        customer = CustomerFactory()
        by_chat = TicketFactory(customer=customer, channel="chat", subject="Chat about COD")
        by_form = TicketFactory(customer=customer, channel="web_form", subject="Form refund")
        current = TicketFactory(customer=customer)
        TicketFactory(subject="Somebody else's ticket")
        others = agent_client.get(f"/tickets/{current.number}/").context["other_tickets"]
        assert {t.number for t in others} == {by_chat.number, by_form.number}

    def test_a_status_the_customer_changed_names_the_customer_in_the_timeline(self, agent_client):
        import re

        customer = CustomerFactory(name="Anahit Petrosyan")
        ticket = TicketFactory(customer=customer)
        actions.change_status(ticket, "solved", actor=None, by_customer=customer)
        html = agent_client.get(f"/tickets/{ticket.number}/").content.decode()
        solved = re.search(r'<li class="event-status"><strong>([^<]*)</strong>', html)
        assert solved is not None and solved.group(1) == "Anahit Petrosyan"

    def test_unknown_ticket_is_404(self, agent_client):
        assert agent_client.get("/tickets/99999999/").status_code == 404

    def test_anonymous_visitors_are_sent_to_login(self, client):
        ticket = TicketFactory()
        response = client.get(f"/tickets/{ticket.number}/")
        assert response.status_code == 302 and "/login/" in response["Location"]


class TestTicketActions:
    def test_reply_through_htmx_returns_the_refreshed_ticket(self, agent_client):
        ticket = TicketFactory()
        response = agent_client.post(
            f"/tickets/{ticket.number}/compose/",
            {"kind": "reply", "body": "We found your parcel.", "status": "pending"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert b"We found your parcel." in response.content
        assert b"<html" not in response.content
        ticket.refresh_from_db()
        assert ticket.status == "pending"

    def test_without_htmx_the_reply_redirects_back(self, agent_client):
        ticket = TicketFactory()
        response = agent_client.post(
            f"/tickets/{ticket.number}/compose/", {"kind": "note", "body": "Checked."}
        )
        assert response.status_code == 302
        assert ticket.messages.filter(kind="note").exists()

    def test_an_empty_reply_is_refused_and_nothing_is_written(self, agent_client):
        ticket = TicketFactory()
        response = agent_client.post(
            f"/tickets/{ticket.number}/compose/",
            {"kind": "reply", "body": "  "},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 422
        assert ticket.messages.count() == 1

    def test_a_light_agent_gets_403_for_a_public_reply_but_can_note(self, light_client):
        ticket = TicketFactory()
        url = f"/tickets/{ticket.number}/compose/"
        denied = light_client.post(url, {"kind": "reply", "body": "Hi"}, HTTP_HX_REQUEST="true")
        assert denied.status_code == 403
        assert not ticket.messages.filter(kind=Message.Kind.REPLY).exists()
        light_client.post(url, {"kind": "note", "body": "FYI"}, HTTP_HX_REQUEST="true")
        assert ticket.messages.filter(kind=Message.Kind.NOTE).exists()

    def test_properties_change_each_lands_in_the_timeline(self, agent_client, agent):
        team = TeamFactory(name="Deliveries")
        colleague = UserFactory(first_name="Tigran", last_name="Hakobyan")
        ticket = TicketFactory()
        agent_client.post(
            f"/tickets/{ticket.number}/properties/",
            {
                "status": "on_hold",
                "priority": "urgent",
                "team": team.pk,
                "assignee": colleague.pk,
                "tags": "customs, delay",
            },
            HTTP_HX_REQUEST="true",
        )
        ticket.refresh_from_db()
        assert (ticket.status, ticket.priority, ticket.team, ticket.assignee) == (
            "on_hold", "urgent", team, colleague,
        )  # fmt: skip
        kinds = set(ticket.events.values_list("kind", flat=True))
        assert {"status", "priority", "team", "assigned", "tags"} <= kinds

    def test_assign_to_me_and_solve_buttons(self, agent_client, agent):
        ticket = TicketFactory()
        agent_client.post(f"/tickets/{ticket.number}/assign-to-me/", HTTP_HX_REQUEST="true")
        agent_client.post(f"/tickets/{ticket.number}/solve/", HTTP_HX_REQUEST="true")
        ticket.refresh_from_db()
        assert ticket.assignee == agent and ticket.status == "solved"

    def test_merge_redirects_to_the_target(self, agent_client):
        target, duplicate = TicketFactory(), TicketFactory()
        response = agent_client.post(
            f"/tickets/{duplicate.number}/merge/", {"number": target.number},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        assert response["HX-Redirect"] == f"/tickets/{target.number}/"
        assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == target.pk

    def test_merge_into_a_missing_ticket_is_a_clear_error(self, agent_client):
        ticket = TicketFactory()
        response = agent_client.post(
            f"/tickets/{ticket.number}/merge/", {"number": 424242}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 422
        assert b"There is no ticket #424242" in response.content

    def test_link_and_unlink(self, agent_client):
        a, b = TicketFactory(), TicketFactory()
        agent_client.post(f"/tickets/{a.number}/links/", {"number": b.number})
        assert agent_client.get(f"/tickets/{b.number}/").context["links"] == [a]
        agent_client.post(f"/tickets/{a.number}/links/{b.number}/delete/")
        assert agent_client.get(f"/tickets/{b.number}/").context["links"] == []


class TestTicketPageQueryCount:
    @pytest.mark.parametrize("n", [1, 25])
    def test_the_ticket_page_uses_the_same_number_of_queries_for_any_size(
        self, agent_client, agent, django_assert_num_queries, n
    ):
        customer = CustomerFactory()
        ticket = TicketFactory(customer=customer)
        for i in range(n):
            actions.add_customer_message(ticket, f"message {i}", channel="email")
            actions.add_note(ticket, f"note {i}", actor=agent)
            TicketFactory(customer=customer)
        actions.link_tickets(ticket, TicketFactory(), actor=agent)
        agent_client.get(f"/tickets/{ticket.number}/")
        with django_assert_num_queries(16):
            agent_client.get(f"/tickets/{ticket.number}/")
