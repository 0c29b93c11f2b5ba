"""Mail details on the ticket page: attachments, how a mail was understood, delivery state."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from django.test import Client
from django.utils import timezone

from sevai.accounts.models import User
from sevai.mail.actions import store_attachments
from sevai.mail.models import Attachment, InboundMessage, Mailbox, OutboundEmail
from sevai.mail.parsed import ParsedAttachment
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions
from sevai.tickets.models import Message, Ticket
from sevai.workspace.tests.test_accessibility import Audit

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
_serial = itertools.count(1)

VERDICT = {
    "sender": {"address": "maral@customer.example", "name": "Maral", "customer": "existing"},
    "threading": {"rule": "in-reply-to", "detail": "In-Reply-To <abc@desk> matches a reply"},
    "noise": {"kind": "normal", "reason": "no auto-reply headers"},
    "action": "added_to_ticket",
    "folded": "> On Monday you wrote:\n> Your parcel left the hub.",
}


def customer_mail(ticket: Ticket, body: str = "The parcel is still not here.", **fields) -> Message:
    message = actions.add_customer_message(ticket, body, channel="email", **fields)
    raw = f"Message-ID: <m{next(_serial)}@customer.example>\r\n\r\n{body}".encode()
    InboundMessage.objects.create(
        source="imap", raw=raw, size=len(raw), sha256=hashlib.sha256(raw).hexdigest(),
        message_id=f"m{next(_serial)}@customer.example", state="processed", ticket=ticket,
        ticket_message=message, verdict=VERDICT, flags=[],
    )  # fmt: skip
    return message


def attach(message: Message) -> list[Attachment]:
    return store_attachments(
        message,
        [
            ParsedAttachment("photo.png", "image/png", PNG, content_id="photo1", inline=True),
            ParsedAttachment("invoice.pdf", "application/pdf", b"%PDF-1.4 " + b"x" * 2000),
            ParsedAttachment("page.html", "text/html", b"<script>alert(1)</script>"),
            ParsedAttachment("huge.zip", "application/zip", b"z" * 3000),
        ],
        max_bytes=2100,
    )


def reply_with_mail(ticket: Ticket, agent: User, **fields) -> OutboundEmail:
    message = actions.reply(ticket, "We sent a new parcel.", actor=agent)
    mailbox, _created = Mailbox.objects.get_or_create(
        address="help@desk.example", defaults={"name": "Help"}
    )
    values = {
        "kind": "reply", "to": ["maral@customer.example"], "subject": "Re: parcel",
        "message_id": f"r{next(_serial)}@desk.example", "body_text": message.body,
        "next_attempt_at": timezone.now(),
    } | fields  # fmt: skip
    message.outbound_mail.all().delete()  # whatever the outbox queued: this test decides
    return OutboundEmail.objects.create(
        mailbox=mailbox, ticket=ticket, ticket_message=message, **values
    )


def page(client: Client, ticket: Ticket) -> str:
    response = client.get(f"/tickets/{ticket.number}/")
    assert response.status_code == 200
    return response.content.decode()


class TestAttachmentsOnTheTicketPage:
    def test_attachments_are_listed_and_cid_images_shown_inline(self, agent_client: Client):
        ticket = TicketFactory()
        photo, invoice, html, huge = attach(customer_mail(ticket))
        html_page = page(agent_client, ticket)
        assert f'<img src="/mail/attachments/{photo.pk}/" alt="photo.png"' in html_page
        assert f'href="/mail/attachments/{invoice.pk}/" download>invoice.pdf</a>' in html_page
        assert f'<img src="/mail/attachments/{html.pk}/"' not in html_page
        assert f'<img src="/mail/attachments/{invoice.pk}/"' not in html_page
        assert "<script>alert(1)</script>" not in html_page

    def test_an_attachment_that_was_not_kept_says_why_and_has_no_link(self, agent_client):
        ticket = TicketFactory()
        huge = attach(customer_mail(ticket))[-1]
        assert huge.skipped_reason
        html_page = page(agent_client, ticket)
        assert "huge.zip" in html_page and "not kept:" in html_page
        assert f"/mail/attachments/{huge.pk}/" not in html_page

    def test_the_mail_html_is_never_rendered_and_remote_images_never_loaded(self, agent_client):
        ticket = TicketFactory()
        customer_mail(
            ticket, body_html='<p>Hi</p><img src="https://tracker.example/pixel.gif">'
            "<script>steal()</script>",
        )  # fmt: skip
        html_page = page(agent_client, ticket)
        assert "tracker.example" not in html_page and "steal()" not in html_page


class TestAttachmentDownload:
    def test_an_agent_downloads_the_stored_file_as_an_attachment(self, agent_client: Client):
        invoice = attach(customer_mail(TicketFactory()))[1]
        response = agent_client.get(f"/mail/attachments/{invoice.pk}/")
        assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
        assert response["Content-Disposition"] == 'attachment; filename="invoice.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/octet-stream"

    def test_html_is_never_served_as_html_but_images_keep_their_type(self, agent_client):
        photo, _invoice, html, _huge = attach(customer_mail(TicketFactory()))
        response = agent_client.get(f"/mail/attachments/{html.pk}/")
        assert response["Content-Type"] == "application/octet-stream"
        assert "sandbox" in response["Content-Security-Policy"]
        assert agent_client.get(f"/mail/attachments/{photo.pk}/")["Content-Type"] == "image/png"

    def test_a_filename_cannot_break_the_header(self, agent_client):
        message = customer_mail(TicketFactory())
        [odd] = store_attachments(
            message,
            [ParsedAttachment('../a"b\r\nX-Evil: 1.txt', "text/plain", b"hi")],
            max_bytes=100,
        )
        response = agent_client.get(f"/mail/attachments/{odd.pk}/")
        assert response.status_code == 200
        assert "\n" not in response["Content-Disposition"]
        assert "X-Evil" not in response.headers or response.headers.get("X-Evil") is None

    def test_an_attachment_that_was_not_kept_is_404(self, agent_client):
        huge = attach(customer_mail(TicketFactory()))[-1]
        assert agent_client.get(f"/mail/attachments/{huge.pk}/").status_code == 404

    def test_anonymous_visitors_are_sent_to_login(self, client: Client):
        photo = attach(customer_mail(TicketFactory()))[0]
        response = client.get(f"/mail/attachments/{photo.pk}/")
        assert response.status_code == 302 and "/login/" in response["Location"]


class TestHowTheEmailWasUnderstood:
    def test_the_verdict_shows_sender_identity_threading_noise_and_quoted_text(
        self, agent_client: Client
    ):
        ticket = TicketFactory()
        customer_mail(ticket)
        html_page = page(agent_client, ticket)
        assert "How this email was understood" in html_page
        assert "Maral &lt;maral@customer.example&gt;" in html_page
        assert "A known customer" in html_page
        assert "In-Reply-To header: In-Reply-To &lt;abc@desk&gt; matches a reply" in html_page
        assert "A person's mail: no auto-reply headers" in html_page
        assert "Show quoted text" in html_page
        assert "&gt; On Monday you wrote:" in html_page

    def test_messages_that_did_not_come_by_mail_have_no_such_block(self, agent_client, agent):
        ticket = TicketFactory()
        actions.add_note(ticket, "Checked with the courier.", actor=agent)
        assert "How this email was understood" not in page(agent_client, ticket)

    def test_only_admins_get_the_link_to_the_original_mail(
        self, agent_client: Client, admin_client_: Client
    ):
        ticket = TicketFactory()
        customer_mail(ticket)
        assert "original (.eml)" not in page(agent_client, ticket)
        assert "original (.eml)" in page(admin_client_, ticket)


class TestDeliveryState:
    def test_a_reply_that_failed_permanently_is_shown_in_red_with_the_error(
        self, agent_client: Client, agent: User
    ):
        ticket = TicketFactory()
        reply_with_mail(
            ticket, agent, state="failed", permanent_failure=True,
            last_error="550 5.1.1 <maral@customer.example>: mailbox unknown",
        )  # fmt: skip
        html_page = page(agent_client, ticket)
        assert '<strong class="error" role="alert">Email not delivered (failed permanently)' in (
            html_page
        )
        assert "550 5.1.1 &lt;maral@customer.example&gt;: mailbox unknown" in html_page

    def test_pending_and_sent_replies_say_so(self, agent_client: Client, agent: User):
        ticket = TicketFactory()
        reply_with_mail(ticket, agent, state="pending", attempts=2, last_error="timed out")
        reply_with_mail(ticket, agent, state="sent", sent_at=timezone.now())
        html_page = page(agent_client, ticket)
        assert "Email waiting to be sent · 2 attempts so far" in html_page
        assert "Email sent to maral@customer.example" in html_page


class TestAccessibleMailDetails:
    def test_the_ticket_page_with_every_mail_detail_stays_accessible(self, agent_client, agent):
        ticket = TicketFactory()
        attach(customer_mail(ticket))
        reply_with_mail(ticket, agent, state="failed", last_error="refused")
        audit = Audit()
        audit.feed(page(agent_client, ticket))
        assert audit.unlabelled() == [] and audit.images_without_alt == 0
        assert audit.h1 == 1 and audit.main == 1


class TestTicketPageQueryCountWithMail:
    @pytest.mark.parametrize("n", [1, 25])
    def test_mail_details_add_no_queries_per_message(
        self, agent_client: Client, agent: User, django_assert_num_queries, n: int
    ):
        ticket = TicketFactory(customer=CustomerFactory())
        for _ in range(n):
            attach(customer_mail(ticket))
            reply_with_mail(ticket, agent, state="failed", last_error="refused")
        agent_client.get(f"/tickets/{ticket.number}/")
        with django_assert_num_queries(15):  # as in workspace/tests/test_ticket_page.py
            agent_client.get(f"/tickets/{ticket.number}/")
