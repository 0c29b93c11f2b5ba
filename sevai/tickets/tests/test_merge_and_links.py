"""Merging duplicate tickets and linking related ones."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sevai.search.index import ticket_ids_matching_text
from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions
from sevai.tickets.models import Event, Ticket

pytestmark = pytest.mark.django_db


class TestMergingTickets:
    def test_messages_move_and_the_duplicate_closes_pointing_to_the_target(self, agent):
        customer = CustomerFactory()
        target = TicketFactory(customer=customer, body="Parcel 1 missing")
        duplicate = TicketFactory(customer=customer, body="Wrote again about my zebra parcel")
        actions.set_tags(duplicate, ["lost"], actor=agent)
        actions.merge_tickets(duplicate, target, actor=agent)
        duplicate.refresh_from_db()
        target.refresh_from_db()
        assert duplicate.status == Ticket.Status.CLOSED
        assert duplicate.merged_into == target
        assert target.messages.count() == 2
        assert target.message_count == 2
        assert list(target.tags.values_list("name", flat=True)) == ["lost"]
        assert target.events.filter(kind=Event.Kind.MERGED_FROM).exists()
        assert duplicate.events.filter(kind=Event.Kind.MERGED).exists()

    def test_search_finds_moved_messages_on_the_target(self, agent):
        target, duplicate = TicketFactory(), TicketFactory(body="zebra crossing parcel")
        actions.merge_tickets(duplicate, target, actor=agent)
        assert ticket_ids_matching_text("zebra") == [target.pk]

    def test_a_ticket_cannot_be_merged_into_itself(self, agent):
        ticket = TicketFactory()
        with pytest.raises(ValidationError):
            actions.merge_tickets(ticket, ticket, actor=agent)

    def test_a_customer_message_on_a_merged_ticket_lands_on_the_target(self, agent):
        target, duplicate = TicketFactory(), TicketFactory()
        actions.merge_tickets(duplicate, target, actor=agent)
        message = actions.add_customer_message(duplicate, "Any news?", channel="email")
        assert message.ticket_id == target.pk


class TestLinkingTickets:
    def test_linking_is_symmetric_recorded_and_idempotent(self, agent):
        a, b = TicketFactory(), TicketFactory()
        assert actions.link_tickets(b, a, actor=agent) is True
        assert actions.link_tickets(a, b, actor=agent) is False
        assert a.events.filter(kind="linked").count() == 1
        assert b.events.filter(kind="linked").count() == 1
        assert actions.unlink_tickets(a, b, actor=agent) is True
        assert a.events.filter(kind="unlinked").exists()
