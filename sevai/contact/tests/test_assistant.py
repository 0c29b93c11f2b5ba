"""The assistant on the contact form: once a request is stored it may answer it, and the
signed confirmation shows the answer with "Did this answer your question?" (POST forms with
CSRF; in the embeddable form a link to the feedback page, since a framed page has no CSRF
cookie); otherwise the usual confirmation."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import Client

from sevai.assistant.models import AssistantSettings, Turn
from sevai.assistant.tests.kb import OFF_TOPIC_QUESTION, TRACKING_QUESTION, parcel_kb
from sevai.brands.models import Brand
from sevai.contact.tests.factories import form_data
from sevai.contact.views import RECEIPT_SALT
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kb(db: None) -> None:
    parcel_kb()


def send(client: Client, question: str, url: str = "/contact/parcel-help/") -> str:
    form = client.get(url).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    token = {"csrfmiddlewaretoken": found.group(1)} if found else {}  # none in the embed
    response = client.post(url, form_data(subject=question, message=question, **token))
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def feedback_form(html: str) -> str:
    found = re.search(r'<form method="post" action="([^"]+)" class="assistant-buttons">', html)
    assert found, html
    return found.group(1).replace("&amp;", "&")


class TestConfirmation:
    def test_an_answered_request_shows_the_answer_its_article_and_the_question(self, brand: Brand):
        client = Client(enforce_csrf_checks=True)
        page = client.get(send(client, TRACKING_QUESTION))
        html = page.content.decode()
        turn = Turn.objects.get()
        assert turn.outcome == Turn.Outcome.ANSWERED
        assert turn.answer_text.splitlines()[0] in html
        assert f'/help/{brand.slug}/en/track-a-parcel/">Track a parcel</a>' in html
        assert "Did this answer your question?" in html
        assert "Yes, close my request" in html and "No, I still need a person" in html
        assert feedback_form(html).startswith("/assistant/feedback/")
        assert f"#{turn.ticket.number}" in html
        assert "We will get back to you as soon as we can." not in html

    def test_yes_closes_the_request_and_the_page_says_so(self, brand: Brand):
        client = Client(enforce_csrf_checks=True)
        html = client.get(send(client, TRACKING_QUESTION)).content.decode()
        action = feedback_form(html)
        done = client.post(action, {"helpful": "yes", "csrfmiddlewaretoken": csrf_token(html)})
        assert done.status_code == 302
        assert Ticket.objects.get().status == Ticket.Status.SOLVED
        assert Turn.objects.get().feedback == Turn.Feedback.YES
        assert "We marked your request as solved" in client.get(done["Location"]).content.decode()

    def test_no_leaves_it_to_a_person_with_a_summary(self, brand: Brand):
        client = Client(enforce_csrf_checks=True)
        html = client.get(send(client, TRACKING_QUESTION)).content.decode()
        client.post(feedback_form(html), {"helpful": "no", "csrfmiddlewaretoken": csrf_token(html)})
        handed_off = Turn.objects.get(outcome=Turn.Outcome.HANDED_OFF)
        assert handed_off.reason == Turn.Reason.NOT_HELPFUL
        assert Message.objects.filter(kind=Message.Kind.NOTE, body=handed_off.summary).exists()
        assert Ticket.objects.get().status == Ticket.Status.OPEN

    def test_the_feedback_page_keeps_the_confirmations_language(self, brand: Brand):
        client = Client()
        html = client.get(send(client, TRACKING_QUESTION, "/contact/parcel-help/?lang=hy"))
        action = feedback_form(html.content.decode())
        assert parse_qs(urlsplit(action).query)["lang"] == ["hy"]

    def test_a_question_it_cannot_answer_gets_the_usual_confirmation(self, brand: Brand):
        client = Client()
        html = client.get(send(client, OFF_TOPIC_QUESTION)).content.decode()
        assert Turn.objects.get().outcome == Turn.Outcome.HANDED_OFF
        assert "We will get back to you as soon as we can." in html
        assert "Did this answer your question?" not in html

    def test_switched_off_for_the_contact_form_it_keeps_quiet(self, brand: Brand):
        AssistantSettings.objects.update_or_create(pk=1, defaults={"on_web_form": False})
        client = Client()
        html = client.get(send(client, TRACKING_QUESTION)).content.decode()
        assert not Turn.objects.exists()
        assert "We will get back to you as soon as we can." in html

    def test_a_receipt_naming_another_requests_answer_shows_nothing(self, brand: Brand):
        client = Client()
        send(client, TRACKING_QUESTION)
        turn = Turn.objects.get()
        forged = signing.dumps({"n": turn.ticket.number + 1, "a": False, "t": turn.pk}, salt="x")
        html = client.get(f"/contact/parcel-help/sent/?r={forged}").content.decode()
        assert turn.answer_text.splitlines()[0] not in html
        other = signing.dumps(
            {"n": turn.ticket.number + 1, "a": False, "t": turn.pk}, salt=RECEIPT_SALT
        )
        html = client.get(f"/contact/parcel-help/sent/?r={other}").content.decode()
        assert turn.answer_text.splitlines()[0] not in html


class TestEmbedded:
    def test_the_framed_confirmation_links_to_the_feedback_page_in_a_new_window(self, brand: Brand):
        client = Client(enforce_csrf_checks=True)  # a framed form gets no CSRF cookie
        location = send(client, TRACKING_QUESTION, "/contact/parcel-help/embed/")
        page = client.get(location)
        html = page.content.decode()
        assert "X-Frame-Options" not in page
        assert Turn.objects.get().answer_text.splitlines()[0] in html
        assert "Did this answer your question?" in html
        assert "<form" not in html
        link = re.search(r'<a href="(/assistant/feedback/[^"]+)" target="_blank"', html)
        assert link is not None
        assert client.get(link.group(1).replace("&amp;", "&")).status_code == 200
