"""process_message: stored bytes -> customer, ticket, message, attachments, verdict."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

import pytest
import time_machine

from sevai.accounts.models import Team
from sevai.customers.models import Customer
from sevai.mail import parsing
from sevai.mail.models import Attachment, InboundMessage, Mailbox, MessageReference, OutboundEmail
from sevai.mail.processing import process_message
from sevai.mail.store import store_raw
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
_numbers = itertools.count(1)


def build_mail(
    *,
    sender: str = "Maral Petrosyan <maral@customer.example>",
    to: str = "support@desk.example",
    subject: str = "Parcel 4521 has not arrived",
    body: str = "Hello, my parcel 4521 has not arrived yet. Can you check where it is?",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    cc: str | None = None,
    date: datetime = T0,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """Real RFC 822 bytes, as a mail client would send them."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = f"<{message_id or f'm{next(_numbers)}.{id(body)}@customer.example'}>"
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        msg["References"] = " ".join(f"<{r}>" for r in references)
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, content_type, payload in attachments:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def deliver(raw: bytes, mailbox: Mailbox | None = None, source: str = "imap") -> InboundMessage:
    inbound, _created = store_raw(raw, mailbox=mailbox, source=source)
    return process_message(inbound.pk)


@pytest.fixture
def mailbox() -> Mailbox:
    team = Team.objects.create(name="Support", slug="support")
    return Mailbox.objects.create(name="Support", address="support@desk.example", team=team)


class TestNewTicketFromMail:
    def test_a_new_mail_opens_a_ticket_for_the_sender(self, mailbox: Mailbox) -> None:
        raw = build_mail(message_id="first@customer.example")
        inbound = deliver(raw, mailbox)
        assert inbound.state == InboundMessage.State.PROCESSED
        ticket = inbound.ticket
        assert ticket is not None
        assert ticket.subject == "Parcel 4521 has not arrived"
        assert ticket.channel == "email"
        assert ticket.team == mailbox.team
        assert ticket.customer.identities.get().value == "maral@customer.example"
        assert ticket.customer.name == "Maral Petrosyan"
        message = inbound.ticket_message
        assert message is not None and message.ticket == ticket
        assert message.body.startswith("Hello, my parcel 4521 has not arrived yet.")
        assert message.author_customer == ticket.customer
        assert message.external_id == "first@customer.example"
        assert MessageReference.objects.get(message_id="first@customer.example").ticket == ticket
        assert bytes(inbound.raw) == raw

    def test_a_new_ticket_by_mail_is_acknowledged_once(self, mailbox: Mailbox) -> None:
        inbound = deliver(build_mail(message_id="first@customer.example"), mailbox)
        ack = OutboundEmail.objects.get()
        assert ack.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT
        assert ack.ticket == inbound.ticket
        assert ack.to == ["maral@customer.example"]
        assert ack.in_reply_to.strip("<>") == "first@customer.example"
        assert inbound.verdict["acknowledgement"] == "queued"
        process_message(inbound.pk)
        assert OutboundEmail.objects.count() == 1

    def test_a_known_sender_keeps_their_customer(self, mailbox: Mailbox) -> None:
        customer = CustomerFactory(email="maral@customer.example")
        inbound = deliver(build_mail(sender="MARAL@Customer.Example"), mailbox)
        assert inbound.ticket.customer == customer
        assert inbound.verdict["sender"]["customer"] == "existing"
        assert inbound.verdict["sender"]["customer_id"] == customer.pk

    def test_the_verdict_explains_the_decision(self, mailbox: Mailbox) -> None:
        inbound = deliver(build_mail(cc="Ani <ani@customer.example>"), mailbox)
        verdict = inbound.verdict
        assert verdict["sender"]["address"] == "maral@customer.example"
        assert verdict["sender"]["customer"] == "new"
        assert verdict["cc"] == ["ani@customer.example"]
        assert verdict["noise"]["kind"] == "normal"
        assert verdict["noise"]["reason"]
        assert verdict["threading"]["rule"] == "new"
        assert verdict["threading"]["detail"] == "no reference or token: new ticket"
        assert verdict["action"] == "new_ticket"
        assert verdict["ticket"]["number"] == inbound.ticket.number
        assert verdict["text"]["visible_chars"] > 0

    @pytest.mark.parametrize(
        ("sender", "subject", "body", "filename", "content_type", "payload"),
        [
            (
                "கவிதா சுப்பிரமணியம் <kavitha@customer.example>",
                "என் பார்சல் இன்னும் வரவில்லை",
                "வணக்கம், என் ஆர்டர் 4521 இன்னும் வரவில்லை. தயவுசெய்து சரிபார்க்கவும்.",
                "ரசீது.pdf",
                "application/pdf",
                PDF,
            ),
            (
                "Jose Dela Cruz <jose@customer.example>",
                "Hindi pa dumarating ang order ko",
                "Magandang araw po, hindi pa dumarating ang order ko na 4521. Salamat po.",
                "larawan ng kahon.png",
                "image/png",
                PNG,
            ),
            (
                "Մարալ Պետրոսյան <maral@customer.example>",
                "Պատվերս դեռ չի ստացվել",
                "Բարեւ Ձեզ, իմ 4521 պատվերը դեռ չի ստացվել։ Խնդրում եմ ստուգել։",
                "հաշիվ.txt",
                "text/plain",
                "Հաշիվ 4521".encode(),
            ),
            (
                "Sam Carter <sam@customer.example>",
                "Invoice question",
                "Hi, the invoice for order 4521 shows the wrong address.",
                "invoice.pdf",
                "application/pdf",
                PDF,
            ),
        ],
    )
    def test_multilingual_mail_with_an_attachment(
        self,
        mailbox: Mailbox,
        sender: str,
        subject: str,
        body: str,
        filename: str,
        content_type: str,
        payload: bytes,
    ) -> None:
        raw = build_mail(
            sender=sender,
            subject=subject,
            body=body,
            attachments=[(filename, content_type, payload)],
        )
        inbound = deliver(raw, mailbox)
        assert inbound.state == InboundMessage.State.PROCESSED, inbound.flags
        ticket = inbound.ticket
        assert ticket.subject == subject
        assert ticket.customer.name == sender.split(" <")[0]
        assert inbound.ticket_message.body == body
        attachment = Attachment.objects.get(message=inbound.ticket_message)
        assert attachment.filename == filename
        assert attachment.size == len(payload)
        assert attachment.file.read() == payload
        assert attachment.file.name.isascii()
        assert inbound.verdict["attachments"][0]["filename"] == filename

    def test_an_attachment_over_the_limit_is_recorded_without_content(
        self, mailbox: Mailbox, settings
    ) -> None:
        settings.MAIL_MAX_ATTACHMENT_BYTES = 10
        raw = build_mail(attachments=[("scan.pdf", "application/pdf", PDF)])
        inbound = deliver(raw, mailbox)
        attachment = Attachment.objects.get()
        assert attachment.skipped_reason
        assert not attachment.file
        assert attachment.size == len(PDF)
        assert inbound.verdict["attachments"][0]["skipped"] == attachment.skipped_reason

    def test_quoted_text_is_folded_and_kept_in_the_verdict(self, mailbox: Mailbox) -> None:
        body = (
            "Thanks, it arrived today.\n\n"
            "On Mon, 2 Mar 2026 at 09:00, Sevai Support <support@desk.example> wrote:\n"
            "> We have sent your parcel again.\n"
            "> Regards, Asha\n"
        )
        inbound = deliver(build_mail(body=body), mailbox)
        assert inbound.ticket_message.body == "Thanks, it arrived today."
        assert "We have sent your parcel again." in inbound.verdict["folded"]
        assert inbound.verdict["text"]["folded_chars"] > 0

    def test_live_mail_is_timed_by_arrival_not_by_its_date(self, mailbox: Mailbox) -> None:
        with time_machine.travel(T0 + timedelta(days=3), tick=False):
            inbound = deliver(build_mail(date=T0 - timedelta(days=400)), mailbox)
        assert inbound.ticket_message.created_at == T0 + timedelta(days=3)


class TestNoise:
    def test_auto_reply_is_recorded_and_never_reopens_or_answers(self, mailbox: Mailbox) -> None:
        ticket = TicketFactory(customer=CustomerFactory(email="maral@customer.example"))
        Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.SOLVED)
        MessageReference.objects.create(message_id="reply-1@desk.example", ticket=ticket)
        raw = build_mail(
            subject="Out of office: Re: Parcel",
            body="I am out of the office until Monday.",
            in_reply_to="reply-1@desk.example",
            headers={"Auto-Submitted": "auto-replied"},
        )
        inbound = deliver(raw, mailbox)
        ticket.refresh_from_db()
        assert inbound.state == InboundMessage.State.IGNORED
        assert inbound.ticket == ticket
        assert inbound.ticket_message is None
        assert inbound.verdict["noise"]["kind"] == "auto_reply"
        assert inbound.verdict["action"] == "ignored"
        assert ticket.status == Ticket.Status.SOLVED
        assert ticket.messages.count() == 1
        assert OutboundEmail.objects.count() == 0

    def test_bounce_marks_the_identity_undeliverable(self, mailbox: Mailbox) -> None:
        customer = CustomerFactory(email="nobody@customer.example")
        inbound = deliver(bounce_for("nobody@customer.example"), mailbox)
        assert inbound.state == InboundMessage.State.IGNORED
        assert inbound.verdict["noise"]["kind"] == "bounce"
        assert inbound.verdict["undeliverable"] == ["nobody@customer.example"]
        assert customer.identities.get().undeliverable
        assert Ticket.objects.count() == 0

    def test_mail_from_our_own_address_is_ignored(self, mailbox: Mailbox) -> None:
        inbound = deliver(build_mail(sender="Support <Support@desk.example>"), mailbox)
        assert inbound.state == InboundMessage.State.IGNORED
        assert "own address" in inbound.verdict["reason"]
        assert Ticket.objects.count() == 0
        assert Customer.objects.count() == 0

    def test_too_many_mails_from_one_sender_are_flagged_as_a_loop(
        self, mailbox: Mailbox, settings
    ) -> None:
        settings.MAIL_LOOP_LIMIT_PER_HOUR = 3
        with time_machine.travel(T0, tick=False) as clock:
            states = []
            for n in range(4):
                clock.shift(timedelta(minutes=5))
                states.append(deliver(build_mail(subject=f"Ticket {n}"), mailbox).state)
        assert states == ["processed"] * 3 + ["flagged"]
        flagged = InboundMessage.objects.get(state="flagged")
        assert flagged.flags[0].startswith("possible mail loop")
        assert flagged.ticket is None
        assert Ticket.objects.count() == 3

    def test_the_loop_count_forgets_mail_older_than_an_hour(
        self, mailbox: Mailbox, settings
    ) -> None:
        settings.MAIL_LOOP_LIMIT_PER_HOUR = 1
        with time_machine.travel(T0, tick=False) as clock:
            deliver(build_mail(subject="One"), mailbox)
            clock.shift(timedelta(minutes=61))
            assert deliver(build_mail(subject="Two"), mailbox).state == "processed"


class TestFailuresKeepTheMail:
    def test_a_crash_while_parsing_yields_a_flagged_ticket(
        self, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def explode(raw: bytes) -> None:
            raise RuntimeError("the parser fell over")

        monkeypatch.setattr(parsing, "parse_email", explode)
        raw = build_mail(subject="Պատվերս", body="Բարեւ Ձեզ, պատվերս չի ստացվել։")
        inbound = deliver(raw, mailbox)
        assert inbound.state == InboundMessage.State.FLAGGED
        assert inbound.flags[0].startswith("parse error: RuntimeError: the parser fell over")
        assert "the parser fell over" in inbound.error
        assert bytes(inbound.raw) == raw
        ticket = inbound.ticket
        assert ticket.subject == "Պատվերս"
        assert ticket.customer.identities.get().value == "maral@customer.example"
        assert "պատվերս չի ստացվել" in inbound.ticket_message.body

    def test_unreadable_bytes_still_make_a_ticket(
        self, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(parsing, "parse_email", lambda raw: 1 / 0)
        inbound = deliver(b"\x00\xff\xfe garbage without headers", mailbox)
        assert inbound.state == InboundMessage.State.FLAGGED
        assert inbound.ticket.subject == "(unreadable message)"
        assert inbound.ticket.customer.name == "Unknown sender"

    def test_processing_twice_does_nothing_the_second_time(self, mailbox: Mailbox) -> None:
        inbound = deliver(build_mail(), mailbox)
        again = process_message(inbound.pk)
        assert again.state == InboundMessage.State.PROCESSED
        assert Ticket.objects.count() == 1
        assert Message.objects.count() == 1


def bounce_for(recipient: str, status: str = "5.1.1") -> bytes:
    """An RFC 3464 delivery status notification, as Postfix writes it."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>\r\n"
        "To: support@desk.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {format_datetime(T0)}\r\n"
        f"Message-ID: <bounce.{next(_numbers)}@mx.customer.example>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"\r\n'
        "\r\n"
        "--B0UND\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n"
        "\r\n"
        f"<{recipient}>: host mx.customer.example said: 550 {status} User unknown\r\n"
        "\r\n"
        "--B0UND\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.customer.example\r\n"
        "\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Original-Recipient: rfc822;{recipient}\r\n"
        "Action: failed\r\n"
        f"Status: {status}\r\n"
        f"Diagnostic-Code: smtp; 550 {status} <{recipient}>: User unknown\r\n"
        "\r\n"
        "--B0UND\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        "From: Support <support@desk.example>\r\n"
        f"To: {recipient}\r\n"
        "Subject: Re: [#1] Parcel\r\n"
        "Message-ID: <reply-9@desk.example>\r\n"
        "\r\n"
        "--B0UND--\r\n"
    ).encode()
