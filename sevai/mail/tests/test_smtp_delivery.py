"""Sending the outbox through a real SMTP server (aiosmtpd on 127.0.0.1): delivery, outages,
rejections, claims and crash recovery."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from sevai.accounts.models import User
from sevai.mail import outbox
from sevai.mail.models import Mailbox, OutboundEmail
from sevai.mail.sending import backoff, requeue_due_outbound, send_outbound
from sevai.mail.tests.smtp_server import (
    SmtpServer,
    mailbox_for_server,
    running_smtp_server,
    self_signed_tls,
)
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TIMEOUT = 5.0


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def mailbox(smtp: SmtpServer) -> Mailbox:
    return mailbox_for_server(smtp)


def queued_reply(agent: User, body: str = "Your parcel arrives tomorrow.") -> OutboundEmail:
    customer = CustomerFactory(name="Mariam", email="mariam@mail.example")
    ticket = TicketFactory(customer=customer, subject="Parcel", external_id="first@mail.example")
    actions.reply(ticket, body, actor=agent)
    return OutboundEmail.objects.get()


def send(outbound: OutboundEmail) -> str:
    return send_outbound(outbound.pk, timeout=TIMEOUT)


def send_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="sevai.mail.sending.send_outbound_email"))


class TestDelivery:
    def test_the_reply_arrives_with_threading_headers_and_both_parts(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User
    ):
        agent.signature = "Asha\nParcel Help"
        agent.save(update_fields=["signature"])
        outbound = queued_reply(agent)
        assert send(outbound) == "sent"
        [envelope] = smtp.received
        assert envelope.mail_from == "help@desk.example"
        assert envelope.rcpt_tos == ["mariam@mail.example"]
        message = envelope.message
        number = outbound.ticket.number
        assert message["From"] == "Parcel Help <help@desk.example>"
        assert message["To"] == "Mariam <mariam@mail.example>"
        assert message["Reply-To"] == "Parcel Help <help@desk.example>"
        assert message["Subject"] == f"Re: Parcel [#{number}]"
        assert message["Message-ID"] == f"<{outbound.message_id}>"
        assert message["Message-ID"].startswith(f"<sevai.{number}.")
        assert message["In-Reply-To"] == "<first@mail.example>"
        assert message["References"] == "<first@mail.example>"
        assert message["Content-Language"] == "en"
        assert message["Date"]
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        html = message.get_body(("html",)).get_content()
        assert text.startswith("Your parcel arrives tomorrow.\n\n-- \nAsha\nParcel Help\n")
        assert "<p>Your parcel arrives tomorrow.</p>" in html
        assert "Asha<br>Parcel Help" in html
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.SENT
        assert (outbound.attempts, outbound.last_error) == (1, "")
        assert outbound.sent_at is not None

    def test_a_tamil_customer_gets_the_tamil_template(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User
    ):
        customer = CustomerFactory(language="ta")
        ticket = TicketFactory(customer=customer)
        actions.change_status(ticket, "solved", actor=agent)
        assert send(OutboundEmail.objects.get()) == "sent"
        message = smtp.received[0].message
        assert message["Content-Language"] == "ta"
        assert 'lang="ta"' in message.get_body(("html",)).get_content()
        assert "டிக்கெட் எண்" in message.get_body(("plain",)).get_content()

    def test_it_logs_in_when_a_username_is_set_and_never_logs_the_password(
        self, caplog: pytest.LogCaptureFixture, agent: User
    ):
        with running_smtp_server(login=("desk", "s3cret-pw")) as server:
            mailbox_for_server(server, smtp_username="desk", password="s3cret-pw")
            outbound = queued_reply(agent)
            with caplog.at_level(logging.DEBUG):
                assert send(outbound) == "sent"
        assert server.handler.logins == [("desk", "s3cret-pw")]
        assert len(server.received) == 1
        assert "s3cret-pw" not in caplog.text

    def test_a_wrong_password_is_retried_not_given_up(
        self, caplog: pytest.LogCaptureFixture, agent: User
    ):
        with running_smtp_server(login=("desk", "right")) as server:
            mailbox_for_server(server, smtp_username="desk", password="wrong-pw")
            outbound = queued_reply(agent)
            with caplog.at_level(logging.DEBUG):
                assert send(outbound) == "retry"
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.PENDING
        assert "login failed: 535" in outbound.last_error
        assert "wrong-pw" not in caplog.text + outbound.last_error


class TestEncryption:
    def test_starttls(self, tmp_path: Path, agent: User):
        server_tls, client_tls = self_signed_tls(tmp_path)
        with running_smtp_server(starttls=server_tls) as server:
            mailbox_for_server(server, smtp_security=Mailbox.Security.STARTTLS)
            outbound = queued_reply(agent)
            assert send_outbound(outbound.pk, timeout=TIMEOUT, context=client_tls) == "sent"
        assert len(server.received) == 1

    def test_implicit_tls(self, tmp_path: Path, agent: User):
        server_tls, client_tls = self_signed_tls(tmp_path)
        with running_smtp_server(implicit_tls=server_tls) as server:
            mailbox_for_server(server, smtp_security=Mailbox.Security.TLS)
            outbound = queued_reply(agent)
            assert send_outbound(outbound.pk, timeout=TIMEOUT, context=client_tls) == "sent"
        assert len(server.received) == 1

    def test_an_untrusted_certificate_is_not_accepted(self, tmp_path: Path, agent: User):
        server_tls, _client_tls = self_signed_tls(tmp_path)
        with running_smtp_server(implicit_tls=server_tls) as server:
            mailbox_for_server(server, smtp_security=Mailbox.Security.TLS)
            outbound = queued_reply(agent)
            assert send(outbound) == "retry"
        outbound.refresh_from_db()
        assert "CERTIFICATE_VERIFY_FAILED" in outbound.last_error
        assert server.received == []

    def test_starttls_is_never_silently_dropped(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User
    ):
        Mailbox.objects.filter(pk=mailbox.pk).update(smtp_security=Mailbox.Security.STARTTLS)
        outbound = queued_reply(agent)
        assert send(outbound) == "retry"
        outbound.refresh_from_db()
        assert "does not offer STARTTLS" in outbound.last_error
        assert smtp.received == []


class TestTemporaryFailures:
    def test_an_outage_leaves_it_pending_with_backoff_and_the_next_attempt_sends_it(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User
    ):
        with time_machine.travel(T0, tick=False) as traveller:
            outbound = queued_reply(agent)
            smtp.stop()  # connection refused
            assert send(outbound) == "retry"
            outbound.refresh_from_db()
            assert outbound.state == OutboundEmail.State.PENDING
            assert outbound.attempts == 1
            assert outbound.next_attempt_at == T0 + backoff(1) == T0 + timedelta(seconds=30)
            assert "Connection" in outbound.last_error or "refused" in outbound.last_error
            [retry] = send_tasks()
            assert retry.run_after == outbound.next_attempt_at
            assert retry.args_kwargs["args"] == [outbound.pk]

            smtp.start()
            assert send(outbound) == "skipped"  # not due yet
            traveller.move_to(T0 + timedelta(seconds=31))
            assert send(outbound) == "sent"
        outbound.refresh_from_db()
        assert (outbound.state, outbound.attempts, outbound.last_error) == ("sent", 2, "")
        assert len(smtp.received) == 1

    @pytest.mark.parametrize(
        ("where", "reply"),
        [
            ("rcpt", "451 4.3.0 Try again later"),
            ("rcpt", "421 4.7.0 Too many connections"),
            ("data", "451 4.3.0 Mail server temporarily rejected message"),
        ],
    )
    def test_4xx_answers_are_retried(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User, where: str, reply: str
    ):
        outbound = queued_reply(agent)
        smtp.answer_rcpt(reply) if where == "rcpt" else smtp.answer_data(reply)
        assert send(outbound) == "retry"
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.PENDING
        assert not outbound.permanent_failure
        assert reply.split()[0] in outbound.last_error

    def test_backoff_doubles_up_to_an_hour(self):
        assert [backoff(n).total_seconds() for n in range(1, 10)] == [
            30,
            60,
            120,
            240,
            480,
            960,
            1920,
            3600,
            3600,
        ]

    def test_it_gives_up_after_the_last_attempt(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User, settings
    ):
        settings.MAIL_SEND_MAX_ATTEMPTS = 2
        smtp.answer_rcpt("451 4.3.0 Try again later")
        with time_machine.travel(T0, tick=False) as traveller:
            outbound = queued_reply(agent)
            assert send(outbound) == "retry"
            traveller.move_to(T0 + timedelta(minutes=5))
            assert send(outbound) == "failed"
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.FAILED
        assert outbound.permanent_failure
        assert outbound.attempts == 2
        assert outbound.last_error.startswith("gave up after 2 attempts: ")


class TestPermanentFailures:
    @pytest.mark.parametrize("where", ["rcpt", "data"])
    def test_a_550_marks_it_failed_for_good_with_the_error(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User, where: str
    ):
        outbound = queued_reply(agent)
        reply = "550 5.1.1 <mariam@mail.example>: Recipient address rejected"
        smtp.answer_rcpt(reply) if where == "rcpt" else smtp.answer_data(reply)
        assert send(outbound) == "failed"
        outbound.refresh_from_db()
        assert outbound.state == OutboundEmail.State.FAILED
        assert outbound.permanent_failure
        assert outbound.attempts == 1
        assert "550" in outbound.last_error
        assert "Recipient address rejected" in outbound.last_error
        assert send_tasks() == []  # no retry
        # The agent sees it on the message.
        message = outbound.ticket_message
        assert message is not None
        assert message.outbound_mail.get().last_error == outbound.last_error


class TestClaims:
    def test_sending_twice_sends_once(self, smtp: SmtpServer, mailbox: Mailbox, agent: User):
        outbound = queued_reply(agent)
        assert send(outbound) == "sent"
        assert send(outbound) == "skipped"
        assert len(smtp.received) == 1

    def test_a_row_another_worker_holds_is_skipped(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User
    ):
        with time_machine.travel(T0, tick=False):
            outbound = queued_reply(agent)
            assert outbox.claim_outbound(outbound.pk, now=T0) is not None
            assert send(outbound) == "skipped"
        assert smtp.received == []

    def test_a_crash_while_sending_is_recovered_by_the_requeue_job(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User
    ):
        with time_machine.travel(T0, tick=False) as traveller:
            outbound = queued_reply(agent)
            assert outbox.claim_outbound(outbound.pk, now=T0) is not None  # then the worker died
            assert requeue_due_outbound.call() == 0  # the lease still holds
            traveller.move_to(T0 + outbox.SENDING_LEASE + timedelta(seconds=1))
            assert requeue_due_outbound.call() == 1
            outbound.refresh_from_db()
            assert outbound.state == OutboundEmail.State.PENDING
            [task] = send_tasks()
            assert task.args_kwargs["args"] == [outbound.pk]
            assert send(outbound) == "sent"
        assert len(smtp.received) == 1

    def test_the_requeue_job_picks_up_due_pending_rows_only(
        self, smtp: SmtpServer, mailbox: Mailbox, agent: User
    ):
        with time_machine.travel(T0, tick=False) as traveller:
            outbound = queued_reply(agent)
            smtp.stop()
            send(outbound)
            DBTaskResult.objects.all().delete()
            assert requeue_due_outbound.call() == 0  # backing off
            traveller.move_to(T0 + timedelta(minutes=1))
            assert requeue_due_outbound.call() == 1
            assert len(send_tasks()) == 1
