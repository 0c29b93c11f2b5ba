"""The assistant on email (only for the mailboxes chosen in its settings): a new ticket from a
mail is answered by email through the outbox, with the article and two signed "Did this
answer your question?" links; replies on a ticket and other mailboxes are left to people."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from sevai.accounts.models import Team
from sevai.assistant.models import Turn
from sevai.assistant.queries import assistant_settings
from sevai.assistant.tests.kb import OFF_TOPIC_QUESTION, TRACKING_QUESTION, parcel_kb
from sevai.mail.models import Mailbox, OutboundEmail
from sevai.mail.tests.test_processing import build_mail, deliver
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox() -> Mailbox:
    team = Team.objects.create(name="Support", slug="support")
    return Mailbox.objects.create(
        name="Support", address="support@desk.example", team=team, send_acknowledgement=False
    )


@pytest.fixture
def answering(mailbox: Mailbox) -> Mailbox:
    parcel_kb()
    assistant_settings().email_mailboxes.add(mailbox)
    return mailbox


def mail_in(mailbox: Mailbox, body: str, captured, **kwargs: object) -> Ticket:  # type: ignore[no-untyped-def]
    with captured(execute=True):
        inbound = deliver(build_mail(subject=body[:60], body=body, **kwargs), mailbox)  # type: ignore[arg-type]
    assert inbound.ticket is not None
    return inbound.ticket


class TestAnsweringByEmail:
    def test_a_new_ticket_is_answered_by_email_with_the_article_and_feedback_links(
        self, answering: Mailbox, django_capture_on_commit_callbacks
    ):
        ticket = mail_in(answering, TRACKING_QUESTION, django_capture_on_commit_callbacks)
        turn = Turn.objects.get()
        assert turn.outcome == Turn.Outcome.ANSWERED
        mail = OutboundEmail.objects.get(kind=OutboundEmail.Kind.REPLY)
        assert mail.ticket_message == turn.answer
        assert mail.to == ["maral@customer.example"]
        assert f"[#{ticket.number}]" in mail.subject
        text = mail.body_text
        assert turn.answer_text.splitlines()[0] in text
        assert "Track a parcel" in text and f"{settings.BASE_URL}/help/" in text
        assert "Did this answer your question?" in text
        links = re.findall(rf"{re.escape(settings.BASE_URL)}/assistant/feedback/\S+", text)
        assert [link.rsplit("answer=", 1)[1] for link in links] == ["yes", "no"]
        assert all(link in mail.body_html.replace("&amp;", "&") for link in links)

    def test_following_the_mailed_link_changes_nothing_until_the_button_is_pressed(
        self, answering: Mailbox, django_capture_on_commit_callbacks
    ):
        mail_in(answering, TRACKING_QUESTION, django_capture_on_commit_callbacks)
        text = OutboundEmail.objects.get(kind=OutboundEmail.Kind.REPLY).body_text
        yes = re.findall(r"http\S+/assistant/feedback/\S+answer=yes", text)[0]
        path = yes.removeprefix(settings.BASE_URL)
        client = Client()
        page = client.get(path)
        assert page.status_code == 200 and "Yes, close my request" in page.content.decode()
        assert Turn.objects.get().feedback == ""
        client.post(path, {"helpful": "yes"})
        assert Turn.objects.get().feedback == Turn.Feedback.YES
        assert Ticket.objects.get().status == Ticket.Status.SOLVED

    def test_a_question_it_cannot_answer_gets_no_mail_but_a_note_for_a_person(
        self, answering: Mailbox, django_capture_on_commit_callbacks
    ):
        mail_in(answering, OFF_TOPIC_QUESTION, django_capture_on_commit_callbacks)
        turn = Turn.objects.get()
        assert turn.outcome == Turn.Outcome.HANDED_OFF
        assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.REPLY).exists()
        assert Message.objects.get(kind=Message.Kind.NOTE).body == turn.summary

    def test_a_reply_on_an_existing_ticket_is_left_to_people(
        self, mailbox: Mailbox, django_capture_on_commit_callbacks
    ):
        parcel_kb()
        first = "first@customer.example"
        mail_in(mailbox, "Hello!", django_capture_on_commit_callbacks, message_id=first)
        assistant_settings().email_mailboxes.add(mailbox)  # on only from now
        mail_in(mailbox, TRACKING_QUESTION, django_capture_on_commit_callbacks, in_reply_to=first)
        assert Ticket.objects.count() == 1
        assert not Turn.objects.exists()

    def test_a_mailbox_not_chosen_in_the_settings_is_left_to_people(
        self, mailbox: Mailbox, django_capture_on_commit_callbacks
    ):
        parcel_kb()
        mail_in(mailbox, TRACKING_QUESTION, django_capture_on_commit_callbacks)
        assert not Turn.objects.exists()
        assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.REPLY).exists()

    def test_an_agents_reply_email_has_no_feedback_links(
        self, mailbox: Mailbox, django_capture_on_commit_callbacks, agent
    ):
        from sevai.tickets.actions.messages import reply

        ticket = mail_in(mailbox, TRACKING_QUESTION, django_capture_on_commit_callbacks)
        reply(ticket, "It is on its way.", actor=agent)
        mail = OutboundEmail.objects.get(kind=OutboundEmail.Kind.REPLY)
        assert "Did this answer your question?" not in mail.body_text
        assert "/assistant/feedback/" not in mail.body_html
