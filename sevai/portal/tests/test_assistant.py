"""The assistant in the portal: a new request may be answered at once, on the request page,
with "Did this answer your question?" buttons that only work on the customer's own ticket."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sevai.assistant.models import AssistantSettings, Turn
from sevai.assistant.tests.kb import OFF_TOPIC_QUESTION, TRACKING_QUESTION, parcel_kb
from sevai.brands.queries import default_brand
from sevai.customers.models import Customer
from sevai.portal.tests.factories import portal_client
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kb(db: None) -> None:
    parcel_kb()


def new_request(client: Client, question: str) -> Ticket:
    response = client.post("/portal/requests/new/", {"subject": question, "body": question})
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/portal/requests/{ticket.number}/"
    return ticket


def feedback_action(html: str) -> str:
    found = re.search(r'<form method="post" action="([^"]+)" class="assistant-buttons">', html)
    assert found, html
    return found.group(1)


class TestAnswerOnTheRequestPage:
    def test_a_new_request_shows_the_assistants_answer_with_its_article_and_buttons(
        self, client_for: Client
    ):
        ticket = new_request(client_for, TRACKING_QUESTION)
        turn = Turn.objects.get()
        assert (turn.outcome, turn.channel) == (Turn.Outcome.ANSWERED, "portal")
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        assert "Virtual assistant" in html
        assert turn.answer_text.splitlines()[0] in html
        slug = default_brand().slug
        assert f'/help/{slug}/en/track-a-parcel/">Track a parcel</a>' in html
        assert "Did this answer your question?" in html
        assert feedback_action(html) == f"/portal/requests/{ticket.number}/assistant/{turn.pk}/"

    def test_yes_solves_the_request(self, client_for: Client):
        ticket = new_request(client_for, TRACKING_QUESTION)
        turn = Turn.objects.get()
        response = client_for.post(
            f"/portal/requests/{ticket.number}/assistant/{turn.pk}/", {"helpful": "yes"}
        )
        assert response["Location"] == f"/portal/requests/{ticket.number}/#message-{turn.answer_id}"
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.SOLVED
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        assert "We marked your request as solved" in html
        assert 'class="assistant-buttons"' not in html

    def test_no_hands_it_to_a_person(self, client_for: Client):
        ticket = new_request(client_for, TRACKING_QUESTION)
        turn = Turn.objects.get()
        client_for.post(f"/portal/requests/{ticket.number}/assistant/{turn.pk}/", {"helpful": "no"})
        handed_off = Turn.objects.get(outcome=Turn.Outcome.HANDED_OFF)
        assert Message.objects.filter(kind=Message.Kind.NOTE, body=handed_off.summary).exists()
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        assert "A person will answer you by email" in html
        assert handed_off.summary not in html  # the note stays internal

    def test_a_question_it_cannot_answer_shows_no_answer(self, client_for: Client):
        ticket = new_request(client_for, OFF_TOPIC_QUESTION)
        assert Turn.objects.get().outcome == Turn.Outcome.HANDED_OFF
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        assert "Did this answer your question?" not in html
        assert "The assistant handed" not in html

    def test_switched_off_for_the_portal_it_keeps_quiet(self, client_for: Client):
        AssistantSettings.objects.update_or_create(pk=1, defaults={"on_portal": False})
        new_request(client_for, TRACKING_QUESTION)
        assert not Turn.objects.exists()


class TestOnlyTheirOwn:
    def test_someone_elses_answer_is_a_404_and_stays_unanswered(
        self, client_for: Client, other_customer: Customer
    ):
        theirs = new_request(portal_client(other_customer), TRACKING_QUESTION)
        turn = Turn.objects.get()
        url = f"/portal/requests/{theirs.number}/assistant/{turn.pk}/"
        assert client_for.post(url, {"helpful": "yes"}).status_code == 404
        turn.refresh_from_db()
        assert turn.feedback == ""

    def test_an_answer_of_another_ticket_under_their_own_number_is_a_404(
        self, client_for: Client, other_customer: Customer
    ):
        new_request(portal_client(other_customer), TRACKING_QUESTION)
        turn = Turn.objects.get()
        client_for.post("/portal/requests/new/", {"subject": "Hi", "body": "Hello there"})
        mine = Ticket.objects.exclude(pk=turn.ticket_id).get()
        url = f"/portal/requests/{mine.number}/assistant/{turn.pk}/"
        assert client_for.post(url, {"helpful": "yes"}).status_code == 404

    def test_only_post_is_accepted(self, client_for: Client):
        ticket = new_request(client_for, TRACKING_QUESTION)
        turn = Turn.objects.get()
        url = f"/portal/requests/{ticket.number}/assistant/{turn.pk}/"
        assert client_for.get(url).status_code == 405
        assert Turn.objects.get().feedback == ""

    def test_signed_out_visitors_are_sent_to_sign_in(self, client: Client, client_for: Client):
        ticket = new_request(client_for, TRACKING_QUESTION)
        turn = Turn.objects.get()
        url = f"/portal/requests/{ticket.number}/assistant/{turn.pk}/"
        assert client.post(url, {"helpful": "yes"})["Location"] == "/portal/"
