"""The public "Did this answer your question?" page behind the signed links: GET never acts
(mail scanners follow links), POST with CSRF records the answer once, a bad token is a 404,
and requests per client address are limited."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from sevai.assistant import public_views
from sevai.assistant.actions import respond_to_customer
from sevai.assistant.models import Turn
from sevai.assistant.presentation import feedback_url
from sevai.assistant.queries import feedback_token
from sevai.assistant.tests.kb import OFF_TOPIC_QUESTION, TRACKING_QUESTION, parcel_kb
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets.models import Channel, Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counters live in the cache, which outlives a test's database: each test counts under
    its own prefix (cache.clear() would flush a Redis shared by all workers)."""
    monkeypatch.setattr(public_views, "KEY_PREFIX", f"assistant-feedback-{uuid.uuid4().hex}")


def ask(question: str) -> Turn:
    customer = CustomerFactory(email="mariam@mail.example")
    ticket = TicketFactory(
        customer=customer, subject=question, body=question, channel=Channel.WEB_FORM
    )
    turn = respond_to_customer(ticket.messages.get())
    assert turn is not None
    return turn


@pytest.fixture
def answered() -> Turn:
    parcel_kb()
    turn = ask(TRACKING_QUESTION)
    assert turn.outcome == Turn.Outcome.ANSWERED
    return turn


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


class TestTheLinkPage:
    def test_opening_the_link_asks_and_changes_nothing(self, answered: Turn):
        client = csrf_client()
        for answer in ("yes", "no"):
            response = client.get(f"{feedback_url(answered)}?answer={answer}")
            assert response.status_code == 200
            html = response.content.decode()
            assert "Did this answer your question?" in html
            assert "Yes, close my request" in html and "No, I still need a person" in html
            assert answered.answer_text.splitlines()[0] in html
            assert 'href="http://' in html and "/help/" in html  # the article
            assert response["Cache-Control"].startswith("max-age=0")
        answered.refresh_from_db()
        assert answered.feedback == ""
        assert answered.ticket.status == Ticket.Status.PENDING

    def test_yes_solves_the_request_and_the_page_then_says_so(self, answered: Turn):
        client = csrf_client()
        url = feedback_url(answered)
        token = csrf_token(client.get(url).content.decode())
        response = client.post(url, {"helpful": "yes", "csrfmiddlewaretoken": token})
        assert (response.status_code, response["Location"]) == (302, url)
        answered.refresh_from_db()
        assert answered.feedback == Turn.Feedback.YES
        assert Ticket.objects.get().status == Ticket.Status.SOLVED
        html = client.get(url).content.decode()
        assert "We marked your request as solved" in html
        assert "<form" not in html.split("assistant-answer")[1]

    def test_no_hands_off_to_a_person_and_says_when_they_will_answer(self, answered: Turn):
        client = csrf_client()
        url = feedback_url(answered)
        token = csrf_token(client.get(url).content.decode())
        client.post(url, {"helpful": "no", "csrfmiddlewaretoken": token})
        answered.refresh_from_db()
        assert answered.feedback == Turn.Feedback.NO
        handed_off = Turn.objects.get(outcome=Turn.Outcome.HANDED_OFF)
        assert handed_off.reason == Turn.Reason.NOT_HELPFUL
        assert Message.objects.filter(kind=Message.Kind.NOTE, body=handed_off.summary).exists()
        assert "A person will answer you by email" in client.get(url).content.decode()

    def test_only_the_first_answer_counts(self, answered: Turn):
        client = Client()
        url = feedback_url(answered)
        client.post(url, {"helpful": "yes"})
        client.post(url, {"helpful": "no"})
        answered.refresh_from_db()
        assert answered.feedback == Turn.Feedback.YES
        assert not Turn.objects.filter(outcome=Turn.Outcome.HANDED_OFF).exists()

    def test_a_post_without_the_csrf_token_is_refused(self, answered: Turn):
        response = csrf_client().post(feedback_url(answered), {"helpful": "yes"})
        assert response.status_code == 403
        answered.refresh_from_db()
        assert answered.feedback == ""

    def test_a_bad_or_forged_token_is_a_404(self, answered: Turn):
        client = Client()
        good = feedback_token(answered)
        for token in ("nope", good[:-3] + "abc", f"{answered.pk}"):
            assert client.get(f"/assistant/feedback/{token}/").status_code == 404
            response = client.post(f"/assistant/feedback/{token}/", {"helpful": "yes"})
            assert response.status_code == 404
        answered.refresh_from_db()
        assert answered.feedback == ""

    def test_a_hand_off_has_no_feedback_page(self, db: None):
        parcel_kb()
        turn = ask(OFF_TOPIC_QUESTION)
        assert turn.outcome == Turn.Outcome.HANDED_OFF
        assert Client().get(f"/assistant/feedback/{feedback_token(turn)}/").status_code == 404

    def test_too_many_requests_from_one_address_are_refused(
        self, answered: Turn, monkeypatch: pytest.MonkeyPatch
    ):
        monkeypatch.setattr(public_views, "FEEDBACK_PER_IP", 2)
        client = Client()
        url = feedback_url(answered)
        assert [client.get(url).status_code for _ in range(2)] == [200, 200]
        assert client.get(url).status_code == 429
        assert client.post(url, {"helpful": "yes"}).status_code == 429
        assert client.get("/assistant/feedback/nope/").status_code == 429  # bad ones count too
        answered.refresh_from_db()
        assert answered.feedback == ""
        other = Client(REMOTE_ADDR="192.0.2.7")
        assert other.get(url).status_code == 200
