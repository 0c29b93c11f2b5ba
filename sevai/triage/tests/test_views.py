"""The triage card on the ticket page, the correction form and the API."""

from __future__ import annotations

import pytest
from django.test import Client

from sevai.testing.factories import TicketFactory
from sevai.triage.models import TicketPrediction

pytestmark = pytest.mark.django_db


class TestTicketCard:
    def test_the_ticket_page_loads_the_card_lazily(self, agent_client: Client) -> None:
        ticket = TicketFactory()
        response = agent_client.get(f"/tickets/{ticket.number}/")
        assert response.status_code == 200
        assert f"/triage/tickets/{ticket.number}/".encode() in response.content

    def test_the_card_shows_flags_and_makes_a_missing_prediction(
        self, agent_client: Client
    ) -> None:
        ticket = TicketFactory(body="Kailangan ko na po agad! Walang kwenta ang serbisyo ninyo")
        response = agent_client.get(f"/triage/tickets/{ticket.number}/")
        assert response.status_code == 200
        assert b"Urgent" in response.content and b"Angry" in response.content
        assert TicketPrediction.objects.get(ticket=ticket).is_urgent

    def test_an_agent_corrects_topic_and_priority(self, agent_client: Client) -> None:
        ticket = TicketFactory(tags=("refund",))
        response = agent_client.post(
            f"/triage/tickets/{ticket.number}/correct/", {"topic": "refund", "priority": "high"}
        )
        assert response.status_code == 200
        prediction = TicketPrediction.objects.get(ticket=ticket)
        assert (prediction.corrected_topic, prediction.corrected_priority) == ("refund", "high")
        ticket.refresh_from_db()
        assert ticket.priority == "high"

    def test_a_light_agent_sees_the_card_but_cannot_correct(self, light_agent) -> None:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(light_agent)
        ticket = TicketFactory(tags=("refund",))
        assert b"Correct" not in client.get(f"/triage/tickets/{ticket.number}/").content
        response = client.post(f"/triage/tickets/{ticket.number}/correct/", {"priority": "high"})
        assert response.status_code == 403


class TestApi:
    @pytest.fixture
    def api(self, agent) -> Client:  # type: ignore[no-untyped-def]
        from sevai.accounts.actions import create_api_token

        _token, secret = create_api_token(agent, "test")
        return Client(headers={"Authorization": f"Bearer {secret}"})

    def test_get_and_correct_a_tickets_triage(self, api: Client) -> None:
        ticket = TicketFactory(body="Please cancel my account, this is unacceptable")
        response = api.get(f"/api/v1/tickets/{ticket.number}/triage")
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["churn_risk"]["raised"] and data["angry"]["raised"]
        assert data["language"] == "en"
        response = api.post(
            f"/api/v1/tickets/{ticket.number}/triage",
            {"topic": "cancellation", "priority": "urgent"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["corrected_topic"] == "cancellation"
        ticket.refresh_from_db()
        assert ticket.priority == "urgent"
        assert api.get("/api/v1/tickets/999999/triage").status_code == 404
