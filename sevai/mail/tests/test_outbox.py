"""Replies, acknowledgements and solved notices are queued in the outbox with the change."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from sevai.accounts.models import User
from sevai.customers.models import Identity
from sevai.mail.models import InboundMessage, Mailbox, MessageReference, OutboundEmail
from sevai.mail.outbox import (
    Skip,
    mailbox_for,
    queue_acknowledgement,
    reply_email_problem,
)
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions
from sevai.tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox.objects.create(name="Parcel Help", address="help@desk.example")


def inbound(ticket: Ticket, mailbox: Mailbox, message_id: str = "") -> InboundMessage:
    raw = f"Message-ID: <{message_id or ticket.pk}>\r\n\r\nhello\r\n".encode()
    return InboundMessage.objects.create(
        mailbox=mailbox,
        source=InboundMessage.Source.IMAP,
        raw=raw,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        message_id=message_id,
        ticket=ticket,
    )


class TestReplyIsQueuedWithTheReply:
    def test_a_public_reply_writes_one_pending_outbox_row_to_the_customer(
        self, agent: User, mailbox: Mailbox
    ):
        customer = CustomerFactory(email="mariam@mail.example")
        ticket = TicketFactory(customer=customer, subject="Parcel to Yerevan")
        message = actions.reply(ticket, "It is on its way.", actor=agent)
        [outbound] = OutboundEmail.objects.all()
        assert outbound.kind == OutboundEmail.Kind.REPLY
        assert outbound.state == OutboundEmail.State.PENDING
        assert outbound.ticket_message == message
        assert outbound.mailbox == mailbox
        assert outbound.to == ["mariam@mail.example"]
        assert outbound.cc == []
        assert outbound.subject == f"Re: Parcel to Yerevan [#{ticket.number}]"
        assert "It is on its way." in outbound.body_text
        assert message.outbound_mail.get() == outbound
        reference = MessageReference.objects.get(message_id=outbound.message_id)
        assert (reference.ticket, reference.ticket_message, reference.outbound) == (
            ticket,
            message,
            True,
        )

    def test_a_rolled_back_reply_leaves_no_outbox_row(self, agent: User, mailbox: Mailbox):
        ticket = TicketFactory()
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.reply(ticket, "This will be undone.", actor=agent)
            assert OutboundEmail.objects.count() == 1
            raise RuntimeError("the request failed after the reply")
        assert OutboundEmail.objects.count() == 0
        assert MessageReference.objects.filter(outbound=True).count() == 0

    def test_the_send_task_is_enqueued_only_when_the_reply_commits(
        self, agent: User, mailbox: Mailbox, django_capture_on_commit_callbacks
    ):
        ticket = TicketFactory()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            actions.reply(ticket, "On its way.", actor=agent)
        assert not DBTaskResult.objects.filter(task_path__endswith="send_outbound_email").exists()
        for callback in callbacks:
            callback()
        outbound = OutboundEmail.objects.get()
        task = DBTaskResult.objects.get(task_path="sevai.mail.sending.send_outbound_email")
        assert task.args_kwargs["args"] == [outbound.pk]

    def test_internal_notes_never_create_outbound_mail(self, agent: User, mailbox: Mailbox):
        ticket = TicketFactory()
        actions.add_note(ticket, "Customer sounds upset; call the hub.", actor=agent)
        assert OutboundEmail.objects.count() == 0

    def test_light_agents_cannot_reply_so_no_mail_is_queued(
        self, light_agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory()
        with pytest.raises(PermissionDenied):
            actions.reply(ticket, "Hello", actor=light_agent)
        assert OutboundEmail.objects.count() == 0

    def test_chat_tickets_produce_no_email_even_when_the_customer_has_an_address(
        self, agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory(channel=Channel.CHAT)
        actions.reply(ticket, "Hi! Let me check.", actor=agent)
        assert OutboundEmail.objects.count() == 0
        assert reply_email_problem(ticket) == ""

    @pytest.mark.parametrize("channel", [Channel.WEB_FORM, Channel.PORTAL, Channel.API])
    def test_web_form_portal_and_api_customers_are_answered_by_email(
        self, agent: User, mailbox: Mailbox, channel: str
    ):
        ticket = TicketFactory(channel=channel, customer=CustomerFactory(email="aru@mail.example"))
        actions.reply(ticket, "Thanks, we are on it.", actor=agent)
        assert OutboundEmail.objects.get().to == ["aru@mail.example"]

    def test_without_a_mailbox_nothing_is_queued_and_the_agent_is_told(self, agent: User):
        ticket = TicketFactory()
        actions.reply(ticket, "Hello", actor=agent)
        assert OutboundEmail.objects.count() == 0
        assert "No mailbox" in reply_email_problem(ticket)

    def test_an_undeliverable_address_is_skipped_with_the_reason(
        self, agent: User, mailbox: Mailbox
    ):
        customer = CustomerFactory(email="gone@mail.example")
        Identity.objects.filter(customer=customer).update(undeliverable=True)
        ticket = TicketFactory(customer=customer)
        actions.reply(ticket, "Hello", actor=agent)
        assert OutboundEmail.objects.count() == 0
        assert "gone@mail.example" in reply_email_problem(ticket)

    def test_another_deliverable_address_of_the_customer_is_used_instead(
        self, agent: User, mailbox: Mailbox
    ):
        customer = CustomerFactory(email="gone@mail.example")
        Identity.objects.filter(customer=customer).update(undeliverable=True)
        Identity.objects.create(customer=customer, kind="email", value="new@mail.example")
        ticket = TicketFactory(customer=customer)
        actions.reply(ticket, "Hello", actor=agent)
        assert OutboundEmail.objects.get().to == ["new@mail.example"]
        assert reply_email_problem(ticket) == ""

    def test_a_customer_without_an_email_address_gets_no_mail(self, agent: User, mailbox: Mailbox):
        customer = CustomerFactory()
        customer.identities.update(kind="phone", value="+37410000000")
        ticket = TicketFactory(customer=customer, channel=Channel.WEB_FORM)
        actions.reply(ticket, "Hello", actor=agent)
        assert OutboundEmail.objects.count() == 0
        assert "no email address" in reply_email_problem(ticket)

    def test_the_address_the_customer_last_wrote_from_comes_first(
        self, agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory(customer=CustomerFactory(email="first@mail.example"))
        colleague = CustomerFactory(email="colleague@mail.example")
        actions.add_customer_message(ticket, "Any news?", channel="email", customer=colleague)
        actions.reply(ticket, "Yes, tomorrow.", actor=agent)
        assert OutboundEmail.objects.get().to == ["colleague@mail.example"]

    def test_a_ticket_from_one_of_our_own_mailboxes_is_not_mailed_back(
        self, agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory(customer=CustomerFactory(email="help@desk.example"))
        actions.reply(ticket, "Hello", actor=agent)
        assert OutboundEmail.objects.count() == 0


class TestChoosingTheMailbox:
    def test_the_mailbox_the_last_mail_came_to(self, mailbox: Mailbox):
        other = Mailbox.objects.create(name="Billing", address="billing@desk.example")
        ticket = TicketFactory()
        inbound(ticket, other, "a@mail.example")
        assert mailbox_for(ticket) == other

    def test_else_the_first_active_mailbox_by_creation(self, mailbox: Mailbox):
        Mailbox.objects.filter(pk=mailbox.pk).update(is_active=False)
        zed = Mailbox.objects.create(name="Zed", address="zed@desk.example")
        Mailbox.objects.create(name="AAA sorts first by name", address="aaa@desk.example")
        assert mailbox_for(TicketFactory()) == zed

    def test_a_deactivated_mailbox_the_mail_came_to_is_passed_over(self, mailbox: Mailbox):
        old = Mailbox.objects.create(name="Old", address="old@desk.example", is_active=False)
        ticket = TicketFactory()
        inbound(ticket, old, "a@mail.example")
        assert mailbox_for(ticket) == mailbox

    def test_no_mailbox_at_all(self, db: None):
        assert mailbox_for(TicketFactory()) is None


class TestThreadingHeaders:
    def test_in_reply_to_is_the_customers_latest_message_and_references_end_with_it(
        self, agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory(external_id="first@mail.example")
        MessageReference.objects.create(
            message_id="first@mail.example", ticket=ticket, ticket_message=ticket.messages.get()
        )
        actions.reply(ticket, "Checking.", actor=agent)
        actions.add_customer_message(
            ticket, "Thanks!", channel="email", external_id="second@mail.example"
        )
        MessageReference.objects.create(message_id="second@mail.example", ticket=ticket)
        actions.reply(ticket, "It arrives tomorrow.", actor=agent)
        first_reply, second_reply = OutboundEmail.objects.order_by("pk")
        assert first_reply.in_reply_to == "first@mail.example"
        assert first_reply.references == "first@mail.example"
        assert second_reply.in_reply_to == "second@mail.example"
        assert second_reply.references.split() == [
            "first@mail.example",
            first_reply.message_id,
            "second@mail.example",
        ]

    def test_the_message_id_names_the_ticket_and_message_at_the_mailbox_domain(
        self, agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory()
        message = actions.reply(ticket, "Hello", actor=agent)
        mid = OutboundEmail.objects.get().message_id
        assert mid.startswith(f"sevai.{ticket.number}.{message.pk}.")
        assert mid.endswith("@desk.example")
        assert "<" not in mid


class TestAcknowledgement:
    def test_opening_a_ticket_alone_queues_nothing(self, mailbox: Mailbox):
        TicketFactory()
        assert OutboundEmail.objects.count() == 0

    def test_a_new_ticket_by_mail_is_acknowledged_in_the_customers_language(self, mailbox: Mailbox):
        customer = CustomerFactory(language="ta", email="kavitha@mail.example")
        ticket = TicketFactory(customer=customer, subject="பார்சல்", external_id="in@mail.example")
        queued = queue_acknowledgement(ticket, ticket.messages.get(), mailbox)
        outbound = queued.outbound
        assert outbound is not None
        assert outbound.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT
        assert outbound.ticket_message is None
        assert outbound.to == ["kavitha@mail.example"]
        assert outbound.in_reply_to == "in@mail.example"
        assert outbound.message_id.startswith(f"sevai.{ticket.number}.ack.")
        assert 'lang="ta"' in outbound.body_html
        assert "டிக்கெட் எண்" in outbound.body_text  # "Ticket number", already translated
        assert f"#{ticket.number}" in outbound.body_text

    def test_an_english_customer_is_told_what_happens_next(self, mailbox: Mailbox):
        ticket = TicketFactory(customer=CustomerFactory(name="Ana", language="en"))
        outbound = queue_acknowledgement(ticket, ticket.messages.get(), mailbox).outbound
        assert outbound is not None
        assert "Hello Ana," in outbound.body_text
        assert f"We received your request and gave it the number #{ticket.number}." in (
            outbound.body_text
        )
        assert "what happens next" in outbound.body_text
        assert 'lang="en"' in outbound.body_html

    def test_not_when_the_mailbox_does_not_acknowledge(self, mailbox: Mailbox):
        mailbox.send_acknowledgement = False
        ticket = TicketFactory()
        queued = queue_acknowledgement(ticket, ticket.messages.get(), mailbox)
        assert (queued.outbound, queued.skipped) == (None, Skip.DISABLED)
        assert OutboundEmail.objects.count() == 0


class TestSolvedNotice:
    def test_solving_an_email_ticket_queues_a_notice_in_the_customers_language(
        self, agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory(customer=CustomerFactory(language="hy"))
        actions.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
        outbound = OutboundEmail.objects.get()
        assert outbound.kind == OutboundEmail.Kind.SOLVED
        assert 'lang="hy"' in outbound.body_html
        assert "Հայտի համար" in outbound.body_text  # "Ticket number" in Armenian

    def test_the_ticket_language_is_used_when_the_customer_has_none(
        self, agent: User, mailbox: Mailbox
    ):
        ticket = TicketFactory(customer=CustomerFactory(language=""), language="fil")
        actions.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
        assert 'lang="tl"' in OutboundEmail.objects.get().body_html

    def test_an_unknown_language_falls_back_to_english(self, agent: User, mailbox: Mailbox):
        ticket = TicketFactory(customer=CustomerFactory(language="de"))
        actions.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
        outbound = OutboundEmail.objects.get()
        assert 'lang="en"' in outbound.body_html
        assert "We marked your request as solved." in outbound.body_text

    def test_other_status_changes_send_nothing(self, agent: User, mailbox: Mailbox):
        ticket = TicketFactory()
        actions.change_status(ticket, Ticket.Status.PENDING, actor=agent)
        actions.change_status(ticket, Ticket.Status.ON_HOLD, actor=agent)
        assert OutboundEmail.objects.count() == 0

    @pytest.mark.parametrize("channel", [Channel.CHAT, Channel.WEB_FORM])
    def test_only_email_tickets_get_the_notice(self, agent: User, mailbox: Mailbox, channel: str):
        ticket = TicketFactory(channel=channel)
        actions.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
        assert OutboundEmail.objects.count() == 0

    def test_without_a_mailbox_nothing_is_queued(self, agent: User):
        ticket = TicketFactory()
        actions.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
        assert OutboundEmail.objects.count() == 0

    def test_a_reply_that_solves_sends_one_mail_that_says_so(self, agent: User, mailbox: Mailbox):
        ticket = TicketFactory()
        actions.reply(ticket, "Refund done.", actor=agent, status=Ticket.Status.SOLVED)
        outbound = OutboundEmail.objects.get()
        assert outbound.kind == OutboundEmail.Kind.REPLY
        assert "Refund done." in outbound.body_text
        assert "We marked your request as solved." in outbound.body_text
