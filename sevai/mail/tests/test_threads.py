"""Threading: In-Reply-To / References first, then the subject token, else a new ticket."""

from __future__ import annotations

import pytest

from sevai.mail.models import InboundMessage, Mailbox, MessageReference, OutboundEmail
from sevai.mail.parsed import ParsedEmail
from sevai.mail.tests.test_processing import build_mail, deliver
from sevai.mail.threads import Rule, find_thread, subject_tokens
from sevai.testing.factories import CustomerFactory, TicketFactory, UserFactory
from sevai.tickets import actions as tickets
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@desk.example")


@pytest.fixture
def ticket() -> Ticket:
    return TicketFactory(customer=CustomerFactory(email="maral@customer.example"))


def sent_reply(ticket: Ticket, message_id: str) -> None:
    """What the outbox records when Sevai sends an agent's reply."""
    reply = tickets.reply(ticket, "We have sent it again.", actor=UserFactory())
    MessageReference.objects.create(
        message_id=message_id, ticket=ticket, ticket_message=reply, outbound=True
    )


class TestSubjectTokens:
    def test_it_reads_digits_in_brackets_only(self) -> None:
        assert subject_tokens("Re: [#10234] Parcel [#10234] and [#7]") == [10234, 7]
        assert subject_tokens("Order #10234 [#12a] [# 5] [#]") == []
        assert subject_tokens("Re: [#١٢٣] Arabic-Indic digits") == []


class TestThreadingByReferences:
    def test_a_reply_with_in_reply_to_lands_on_the_same_ticket(
        self, mailbox: Mailbox, ticket: Ticket
    ) -> None:
        sent_reply(ticket, "reply-1@desk.example")
        inbound = deliver(build_mail(subject="Re: Parcel", in_reply_to="reply-1@desk.example"))
        assert inbound.ticket == ticket
        assert ticket.messages.count() == 3
        threading = inbound.verdict["threading"]
        assert threading["rule"] == Rule.IN_REPLY_TO
        reply_id = ticket.messages.get(kind="reply").pk
        assert threading["detail"] == (
            f"In-Reply-To <reply-1@desk.example> matches reply #{reply_id} "
            f"on ticket #{ticket.number}"
        )

    def test_references_match_when_in_reply_to_is_unknown(self, ticket: Ticket) -> None:
        sent_reply(ticket, "reply-1@desk.example")
        raw = build_mail(
            in_reply_to="unknown@elsewhere.example",
            references=["reply-1@desk.example", "unknown@elsewhere.example"],
        )
        inbound = deliver(raw)
        assert inbound.ticket == ticket
        assert inbound.verdict["threading"]["rule"] == Rule.REFERENCES

    def test_a_customer_message_id_is_remembered_for_later_replies(self, mailbox: Mailbox) -> None:
        first = deliver(build_mail(message_id="first@customer.example"), mailbox)
        second = deliver(build_mail(subject="More", references=["first@customer.example"]))
        assert second.ticket == first.ticket
        assert "message #" in second.verdict["threading"]["detail"]

    def test_a_cc_recipient_answering_is_the_author_on_the_same_ticket(
        self, ticket: Ticket
    ) -> None:
        sent_reply(ticket, "reply-1@desk.example")
        raw = build_mail(
            sender="Ani Hakobyan <ani@customer.example>", in_reply_to="reply-1@desk.example"
        )
        inbound = deliver(raw)
        assert inbound.ticket == ticket
        message = inbound.ticket_message
        assert message.author_customer != ticket.customer
        assert message.author_customer.identities.get().value == "ani@customer.example"

    def test_a_merged_ticket_passes_replies_to_its_target(self, ticket: Ticket) -> None:
        target = TicketFactory(customer=ticket.customer)
        sent_reply(ticket, "reply-1@desk.example")
        tickets.merge_tickets(ticket, target, actor=UserFactory())
        inbound = deliver(build_mail(in_reply_to="reply-1@desk.example"))
        assert inbound.ticket == target
        assert inbound.verdict["action"] == "added_to_ticket"


class TestThreadingBySubjectToken:
    def test_the_subject_token_finds_the_ticket(self, ticket: Ticket) -> None:
        inbound = deliver(build_mail(subject=f"Re: [#{ticket.number}] Parcel"))
        assert inbound.ticket == ticket
        assert inbound.verdict["threading"] == {
            "rule": Rule.SUBJECT_TOKEN,
            "detail": f"subject token [#{ticket.number}]",
            "ticket_id": ticket.pk,
            "ticket_number": ticket.number,
        }

    def test_a_stranger_cannot_post_into_a_ticket_by_its_number(self, ticket: Ticket) -> None:
        raw = build_mail(
            sender="someone@elsewhere.example", subject=f"Re: [#{ticket.number}] Parcel"
        )
        inbound = deliver(raw)
        assert inbound.ticket != ticket
        assert inbound.verdict["threading"]["rule"] == Rule.NEW
        assert "ignored" in inbound.verdict["threading"]["detail"]

    def test_someone_cced_earlier_may_use_the_token(self, ticket: Ticket) -> None:
        sent_reply(ticket, "reply-1@desk.example")
        deliver(build_mail(in_reply_to="reply-1@desk.example", cc="ani@customer.example"))
        raw = build_mail(sender="ani@customer.example", subject=f"[#{ticket.number}] Also me")
        assert deliver(raw).ticket == ticket

    def test_references_win_over_the_token(self, ticket: Ticket) -> None:
        other = TicketFactory(customer=ticket.customer)
        sent_reply(ticket, "reply-1@desk.example")
        raw = build_mail(subject=f"Re: [#{other.number}]", in_reply_to="reply-1@desk.example")
        assert deliver(raw).ticket == ticket


class TestFindThreadReadsOnly:
    def test_no_reference_and_no_token_means_a_new_ticket(self, ticket: Ticket) -> None:
        match = find_thread(ParsedEmail(subject="Order #4521", in_reply_to=["x@y"]))
        assert match.ticket is None
        assert match.rule == Rule.NEW
        assert InboundMessage.objects.count() == 0


class TestRepliesByMail:
    def _ticket_with_reference(self, status: str) -> Ticket:
        ticket = TicketFactory(customer=CustomerFactory(email="maral@customer.example"))
        Ticket.objects.filter(pk=ticket.pk).update(status=status)
        MessageReference.objects.create(
            message_id="reply-1@desk.example",
            ticket=ticket,
            ticket_message=ticket.messages.get(),
            outbound=True,
        )
        ticket.refresh_from_db()
        return ticket

    def test_reply_to_solved_ticket_reopens_it(self, mailbox: Mailbox) -> None:
        ticket = self._ticket_with_reference(Ticket.Status.SOLVED)
        inbound = deliver(build_mail(in_reply_to="reply-1@desk.example"), mailbox)
        ticket.refresh_from_db()
        assert inbound.ticket == ticket
        assert ticket.status == Ticket.Status.OPEN
        assert ticket.reopen_count == 1
        assert ticket.messages.count() == 2
        assert inbound.verdict["action"] == "added_to_ticket"
        assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).exists()

    def test_reply_to_closed_ticket_opens_a_linked_follow_up(self, mailbox: Mailbox) -> None:
        ticket = self._ticket_with_reference(Ticket.Status.CLOSED)
        inbound = deliver(build_mail(in_reply_to="reply-1@desk.example"), mailbox)
        follow_up = inbound.ticket
        assert follow_up != ticket
        assert follow_up.customer == ticket.customer
        assert inbound.verdict["action"] == "follow_up"
        assert inbound.verdict["threading"]["ticket_number"] == ticket.number
        assert ticket.messages.count() == 1
        linked = {*follow_up.links_out.values_list("target_id", flat=True)}
        linked |= {*follow_up.links_in.values_list("source_id", flat=True)}
        assert ticket.pk in linked
