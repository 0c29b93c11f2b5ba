"""Portal sign-in links go out through the outbox like ticket mail, but belong to no ticket,
and the secret link does not stay in the outbox once the mail is sent or given up on."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from sevai.customers.models import Customer
from sevai.mail.models import Mailbox, OutboundEmail
from sevai.mail.outbox import LINK_REMOVED, Skip, queue_portal_link
from sevai.mail.sending import send_outbound
from sevai.mail.tests.smtp_server import SmtpServer, mailbox_for_server, running_smtp_server
from sevai.testing.factories import CustomerFactory

pytestmark = pytest.mark.django_db
URL = "https://desk.example/portal/login/s3cret-token-for-tests/"
TIMEOUT = 5.0


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def customer() -> Customer:
    return CustomerFactory(name="Mariam", email="mariam@mail.example", language="hy")


class TestQueueing:
    def test_it_writes_a_ticketless_row_in_the_language_asked_for(self, customer: Customer):
        mailbox = Mailbox.objects.create(name="Parcel Help", address="help@desk.example")
        queued = queue_portal_link(customer, URL, "ta", minutes=20)
        outbound = queued.outbound
        assert outbound is not None
        assert (outbound.kind, outbound.ticket, outbound.mailbox) == ("portal_link", None, mailbox)
        assert outbound.to == ["mariam@mail.example"]
        assert (outbound.language, outbound.in_reply_to, outbound.references) == ("ta", "", "")
        assert outbound.body_text.startswith("வணக்கம் Mariam,")
        assert URL in outbound.body_text
        assert f'href="{URL}"' in outbound.body_html
        assert "20" in outbound.body_text
        assert "#" not in outbound.body_text  # no ticket number footer
        assert str(outbound) == "portal_link for no ticket (pending)"

    def test_an_unsupported_language_falls_back_to_the_customers(self, customer: Customer):
        Mailbox.objects.create(name="Parcel Help", address="help@desk.example")
        outbound = queue_portal_link(customer, URL, "xx").outbound
        assert outbound is not None
        assert outbound.language == "hy"

    def test_it_goes_to_the_address_named_else_the_primary_one(self, customer: Customer):
        Mailbox.objects.create(name="Parcel Help", address="help@desk.example")
        customer.identities.create(kind="email", value="mariam@work.example")
        assert queue_portal_link(customer, URL, "en", address="Mariam@Work.example").address == (
            "mariam@work.example"
        )
        assert queue_portal_link(customer, URL, "en", address="x@y.example").address == (
            "mariam@mail.example"
        )

    def test_nothing_is_queued_without_a_mailbox_or_a_deliverable_address(self, customer: Customer):
        assert queue_portal_link(customer, URL, "en").skipped == Skip.NO_MAILBOX
        Mailbox.objects.create(name="Parcel Help", address="help@desk.example")
        no_email = Customer.objects.create(name="Phone only")
        assert queue_portal_link(no_email, URL, "en").skipped == Skip.NO_ADDRESS
        customer.identities.update(undeliverable=True)
        assert queue_portal_link(customer, URL, "en").skipped == Skip.UNDELIVERABLE
        assert OutboundEmail.objects.count() == 0


class TestSending:
    def test_it_arrives_without_ticket_headers_and_the_link_is_then_forgotten(
        self, smtp: SmtpServer, customer: Customer, caplog: pytest.LogCaptureFixture
    ):
        mailbox = mailbox_for_server(smtp)
        outbound = queue_portal_link(customer, URL, "en", minutes=20).outbound
        assert outbound is not None
        with caplog.at_level(logging.DEBUG):
            assert send_outbound(outbound.pk, timeout=TIMEOUT) == "sent"
        [envelope] = smtp.received
        message = envelope.message
        assert envelope.rcpt_tos == ["mariam@mail.example"]
        assert message["From"] == f"{mailbox.name} <{mailbox.address}>"
        assert message["Subject"] == "Your sign-in link"
        assert message["X-Sevai-Ticket"] is None
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Content-Language"] == "en"
        assert URL in message.get_body(("plain",)).get_content()
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.SENT
        assert (outbound.body_text, outbound.body_html) == (LINK_REMOVED, "")
        ours = [r.getMessage() for r in caplog.records if r.name.startswith("sevai")]
        assert ours  # the sender did log the sending
        assert not [line for line in ours if "s3cret-token" in line]

    def test_a_link_mail_given_up_on_is_forgotten_too(self, smtp: SmtpServer, customer: Customer):
        mailbox_for_server(smtp)
        smtp.answer_rcpt("550 5.1.1 no such user")
        outbound = queue_portal_link(customer, URL, "en").outbound
        assert outbound is not None
        assert send_outbound(outbound.pk, timeout=TIMEOUT) == "failed"
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.FAILED
        assert URL not in outbound.body_text + outbound.body_html

    def test_a_link_mail_to_be_retried_keeps_its_link(self, smtp: SmtpServer, customer: Customer):
        mailbox_for_server(smtp)
        smtp.answer_rcpt("451 4.3.0 try later")
        outbound = queue_portal_link(customer, URL, "en").outbound
        assert outbound is not None
        assert send_outbound(outbound.pk, timeout=TIMEOUT) == "retry"
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.PENDING
        assert URL in outbound.body_text
