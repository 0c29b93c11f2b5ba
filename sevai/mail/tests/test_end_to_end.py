"""Email end to end with real servers: Dovecot (IMAP) in, aiosmtpd (SMTP) out, and the real
background worker in between. A customer's mail becomes a ticket, the agent's reply reaches
the customer with threading headers, and the customer's answer lands on the same ticket."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from sevai.lib.crypto import encrypt
from sevai.mail.models import InboundMessage, Mailbox, OutboundEmail
from sevai.mail.tests.smtp_server import running_smtp_server
from sevai.mail.transports.imap import poll_mailbox
from sevai.testing.factories import UserFactory
from sevai.tickets import actions
from sevai.tickets.models import Message, Ticket
from sevai.workspace.background import make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def run_background_worker() -> None:
    """Run the real database-queue worker until the queue is empty."""
    worker = make_worker(interval=0)
    worker.batch = True
    worker.run()


def customer_mail(*, subject: str, body: str, in_reply_to: str = "") -> tuple[bytes, str]:
    mail = EmailMessage()
    mail["From"] = "Kavya Raman <kavya.raman@mail.example>"
    mail["To"] = "help@desk.example"
    mail["Subject"] = subject
    mail["Message-ID"] = message_id = make_msgid(domain="mail.example")
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
        mail["References"] = in_reply_to
    mail.set_content(body)
    return mail.as_bytes(policy=policy.SMTP), message_id.strip("<>")  # CRLF, as IMAP has it


def test_mail_in_ticket_reply_out_and_the_answer_threads_back(dovecot):
    with running_smtp_server() as smtp:
        folder = dovecot.new_folder("E2E")
        mailbox = Mailbox.objects.create(
            name="Parcel Help",
            address="help@desk.example",
            imap_host=dovecot.host,
            imap_port=dovecot.port,
            imap_security=Mailbox.Security.NONE,
            imap_username=dovecot.user,
            imap_password_encrypted=encrypt(dovecot.password),
            imap_folder=folder,
            smtp_host=smtp.host,
            smtp_port=smtp.port,
            smtp_security=Mailbox.Security.NONE,
        )
        agent = UserFactory(username="meena", first_name="Meena", last_name="Iyer")

        # 1. The customer writes; IMAP delivers it; the worker turns it into a ticket.
        raw, first_id = customer_mail(
            subject="பார்சல் MX4821 இன்னும் வரவில்லை",
            body="வணக்கம், என் பார்சல் MX4821 மூன்று நாட்களாக வரவில்லை. தயவுசெய்து பாருங்கள்.",
        )
        dovecot.append(raw, folder)
        assert poll_mailbox(mailbox).stored == 1
        run_background_worker()
        inbound = InboundMessage.objects.get()
        assert bytes(inbound.raw) == raw
        ticket = Ticket.objects.get()
        assert inbound.state == InboundMessage.State.PROCESSED and inbound.ticket == ticket
        assert ticket.channel == "email"
        assert ticket.customer.identities.filter(value="kavya.raman@mail.example").exists()
        assert "மூன்று நாட்களாக" in ticket.messages.get().body
        acknowledgements = [
            e for e in smtp.received if f"[#{ticket.number}]" in e.message["Subject"]
        ]
        assert len(acknowledgements) == 1  # "we received your request"

        # 2. The agent replies; the outbox row is sent over SMTP with threading headers.
        actions.reply(ticket, "உங்கள் பார்சல் நாளை வந்து சேரும்.", actor=agent)
        run_background_worker()
        outbound = OutboundEmail.objects.get(kind=OutboundEmail.Kind.REPLY)
        assert outbound.state == OutboundEmail.State.SENT
        sent = [
            e for e in smtp.received if e.message["Message-ID"].strip("<>") == outbound.message_id
        ]
        assert len(sent) == 1
        reply_mail = sent[0].message
        assert sent[0].rcpt_tos == ["kavya.raman@mail.example"]
        assert reply_mail["In-Reply-To"].strip("<>") == first_id
        assert first_id in reply_mail["References"]
        assert f"[#{ticket.number}]" in reply_mail["Subject"]
        assert (
            reply_mail["Reply-To"].endswith("help@desk.example>")
            or reply_mail["Reply-To"] == "help@desk.example"
        )

        # 3. The customer answers the reply; it lands on the same ticket.
        answer, _answer_id = customer_mail(
            subject=f"Re: {reply_mail['Subject']}",
            body="நன்றி! நாளை வீட்டில் இருப்பேன்.",
            in_reply_to=reply_mail["Message-ID"],
        )
        dovecot.append(answer, folder)
        assert poll_mailbox(mailbox).stored == 1
        run_background_worker()
        assert Ticket.objects.count() == 1
        customer_messages = ticket.messages.filter(kind=Message.Kind.CUSTOMER)
        assert customer_messages.count() == 2
        assert customer_messages.last().body.startswith("நன்றி!")
        latest = InboundMessage.objects.order_by("-pk").first()
        assert latest.verdict["threading"]["rule"]
