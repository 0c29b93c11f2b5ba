"""Conversations: who the visitor is, their messages on a chat ticket, agents' replies."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sevai.chat.actions.conversations import (
    identify_visitor,
    mark_read,
    post_visitor_message,
    start_conversation,
)
from sevai.chat.identity import conversation_for_token, user_hash, verified_user_id, visitor_token
from sevai.chat.models import ChatEntry, ChatWidget
from sevai.chat.queries import entries_after
from sevai.chat.tests.factories import ChatWidgetFactory
from sevai.customers.models import Customer, Identity
from sevai.testing.factories import CustomerFactory, TeamFactory
from sevai.tickets.actions.lifecycle import change_status
from sevai.tickets.actions.messages import add_note, reply
from sevai.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


class TestStarting:
    def test_anonymous_visitor_gets_a_conversation_and_a_token_that_finds_it(self):
        widget = ChatWidgetFactory()
        conversation = start_conversation(widget, language="ta")
        assert conversation.customer is None
        assert conversation_for_token(widget, visitor_token(conversation)) == conversation

    def test_a_forged_or_foreign_token_finds_nothing(self):
        widget, other = ChatWidgetFactory(), ChatWidgetFactory()
        token = visitor_token(start_conversation(widget))
        assert conversation_for_token(other, token) is None
        assert conversation_for_token(widget, token[:-2] + "xx") is None
        assert conversation_for_token(widget, "") is None

    def test_pre_chat_email_links_the_chat_to_the_known_customer(self):
        customer = CustomerFactory(email="meena@example.com")
        conversation = start_conversation(
            ChatWidgetFactory(), name="Meena", email="Meena@Example.com"
        )
        assert conversation.customer == customer

    def test_required_pre_chat_form_refuses_an_anonymous_start(self):
        widget = ChatWidgetFactory(pre_chat=ChatWidget.PreChat.REQUIRED)
        with pytest.raises(ValidationError):
            start_conversation(widget)

    def test_a_bad_email_is_refused(self):
        with pytest.raises(ValidationError):
            start_conversation(ChatWidgetFactory(), email="not an address")

    def test_signed_user_identity_is_checked(self):
        widget = ChatWidgetFactory()
        assert verified_user_id(widget, "42", user_hash(widget, "42")) == "42"
        assert verified_user_id(widget, "43", user_hash(widget, "42")) == ""
        other = ChatWidgetFactory()
        assert verified_user_id(widget, "42", user_hash(other, "42")) == ""

    def test_a_verified_site_user_is_the_same_customer_every_time(self):
        widget = ChatWidgetFactory()
        first = start_conversation(widget, user_id="42", name="Ana")
        second = start_conversation(widget, user_id="42")
        assert first.customer == second.customer
        assert first.customer.identities.get().kind == Identity.Kind.EXTERNAL


class TestVisitorMessages:
    def test_first_message_opens_a_chat_ticket_for_the_widgets_team(self):
        team = TeamFactory()
        conversation = start_conversation(ChatWidgetFactory(team=team), language="ta")
        entry, created = post_visitor_message(conversation, "என் பார்சல் எங்கே?", client_id="c1")
        ticket = Ticket.objects.get()
        assert created and entry.seq == 1
        assert (ticket.channel, ticket.team, ticket.language) == ("chat", team, "ta")
        assert ticket.messages.get().body == "என் பார்சல் எங்கே?"
        assert ticket.customer.identities.get().kind == Identity.Kind.CHAT

    def test_a_resent_client_id_is_stored_once(self):
        conversation = start_conversation(ChatWidgetFactory())
        first, created = post_visitor_message(conversation, "Hello", client_id="same")
        again, created_again = post_visitor_message(conversation, "Hello", client_id="same")
        assert (created, created_again) == (True, False)
        assert again.pk == first.pk
        assert Message.objects.count() == 1

    def test_sequence_numbers_follow_the_order_of_both_sides(self, agent):
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "Saan na ang padala ko?", client_id="a")
        ticket = Ticket.objects.get()
        reply(ticket, "Nasa Cebu na po ito.", actor=agent)
        add_note(ticket, "internal: courier delayed", actor=agent)
        post_visitor_message(conversation, "Salamat!", client_id="b")
        seqs = [(e["seq"], e["author"], e["body"]) for e in entries_after(conversation, 0)]
        assert seqs == [
            (1, "visitor", "Saan na ang padala ko?"),
            (2, "agent", "Nasa Cebu na po ito."),
            (3, "visitor", "Salamat!"),
        ]

    def test_missed_entries_are_those_after_the_last_seen_number(self, agent):
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "one", client_id="1")
        reply(Ticket.objects.get(), "two", actor=agent)
        assert [e["body"] for e in entries_after(conversation, 1)] == ["two"]

    def test_notes_never_reach_the_visitor(self, agent):
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "hi", client_id="1")
        add_note(Ticket.objects.get(), "secret note", actor=agent)
        assert "secret note" not in str(entries_after(conversation, 0))
        assert ChatEntry.objects.count() == 1

    def test_a_message_after_the_ticket_closed_opens_a_linked_follow_up(self, agent):
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "first", client_id="1")
        old = Ticket.objects.get()
        change_status(old, "closed", actor=agent)
        post_visitor_message(conversation, "I have another question", client_id="2")
        conversation.refresh_from_db()
        assert conversation.ticket != old
        assert conversation.ticket.links_out.exists() or old.links_out.exists()

    def test_too_long_a_message_is_refused_and_nothing_is_stored(self):
        conversation = start_conversation(ChatWidgetFactory())
        with pytest.raises(ValidationError):
            post_visitor_message(conversation, "x" * 6000, client_id="1")
        assert not Ticket.objects.exists()


class TestIdentifying:
    def test_an_anonymous_visitor_giving_a_known_address_joins_that_customer(self):
        known = CustomerFactory(email="aram@example.am")
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "Բարեւ", client_id="1")
        identify_visitor(conversation, email="aram@example.am", follow_up=True)
        conversation.refresh_from_db()
        assert conversation.customer == known
        assert Ticket.objects.get().customer == known
        assert conversation.email_follow_up

    def test_a_new_address_is_added_to_the_visitor(self):
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "hi", client_id="1")
        identify_visitor(conversation, name="Liza", email="liza@example.ph")
        customer = Customer.objects.get(identities__value="liza@example.ph")
        assert customer.name == "Liza"
        assert Ticket.objects.get().customer == customer

    def test_follow_up_needs_an_address(self):
        conversation = start_conversation(ChatWidgetFactory())
        with pytest.raises(ValidationError):
            identify_visitor(conversation, follow_up=True)


class TestReadReceipts:
    def test_read_position_only_moves_forward_and_never_past_the_end(self, agent):
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "a", client_id="1")
        post_visitor_message(conversation, "b", client_id="2")
        assert mark_read(conversation, 99, by_visitor=False) == 2
        assert mark_read(conversation, 1, by_visitor=False) == 2


class TestEmailFollowUp:
    def test_a_visitor_who_left_an_address_gets_the_reply_by_email(self, agent):
        from sevai.mail.models import Mailbox, OutboundEmail

        Mailbox.objects.create(name="Support", address="help@desk.example", is_active=True)
        conversation = start_conversation(ChatWidgetFactory())
        post_visitor_message(conversation, "Anyone there?", client_id="1")
        identify_visitor(conversation, email="nare@example.am", follow_up=True)
        ticket = Ticket.objects.get()
        reply(ticket, "Sorry for the wait: your parcel is in Yerevan.", actor=agent)
        mail = OutboundEmail.objects.get()
        assert mail.to == ["nare@example.am"]
        assert f"[#{ticket.number}]" in mail.subject
        assert "Yerevan" in mail.body_text

    def test_without_a_follow_up_a_chat_reply_is_not_emailed(self, agent):
        from sevai.mail.models import Mailbox, OutboundEmail

        Mailbox.objects.create(name="Support", address="help@desk.example", is_active=True)
        conversation = start_conversation(ChatWidgetFactory(), email="nare@example.am")
        post_visitor_message(conversation, "Hi", client_id="1")
        reply(Ticket.objects.get(), "Hello!", actor=agent)
        assert not OutboundEmail.objects.exists()
