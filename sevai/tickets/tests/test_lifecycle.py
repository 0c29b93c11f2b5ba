"""The ticket lifecycle: statuses, replies, reopening, events in the timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sevai.testing.factories import CustomerFactory, TeamFactory, TicketFactory, UserFactory
from sevai.tickets import actions
from sevai.tickets.models import Event, Message, Notification, Ticket

pytestmark = pytest.mark.django_db


def kinds(ticket: Ticket) -> list[str]:
    return list(ticket.events.order_by("created_at", "id").values_list("kind", flat=True))


class TestOpeningTickets:
    def test_open_ticket_writes_the_first_message_and_a_created_event(self):
        customer = CustomerFactory(language="ta")
        ticket = actions.open_ticket(
            customer=customer, subject="பார்சல் எங்கே?", body="என் பார்சல் இன்னும் வரவில்லை.",
            channel="email",
        )  # fmt: skip
        assert ticket.status == Ticket.Status.NEW
        assert ticket.language == "ta"
        assert ticket.message_count == 1
        message = ticket.messages.get()
        assert message.kind == Message.Kind.CUSTOMER
        assert message.author_customer == customer
        assert kinds(ticket) == ["created"]

    def test_ticket_numbers_are_unique_and_increase(self):
        first, second = TicketFactory(), TicketFactory()
        assert first.number >= 10001
        assert second.number == first.number + 1

    def test_an_empty_message_is_refused_and_nothing_is_created(self):
        customer = CustomerFactory()
        with pytest.raises(ValidationError):
            actions.open_ticket(customer=customer, subject="x", body="   ", channel="email")
        assert Ticket.objects.count() == 0

    def test_an_unknown_channel_is_refused(self):
        with pytest.raises(ValidationError):
            actions.open_ticket(
                customer=CustomerFactory(), subject="x", body="hello", channel="pigeon"
            )

    def test_the_database_rejects_an_invalid_status(self):
        ticket = TicketFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Ticket.objects.filter(pk=ticket.pk).update(status="lost")


class TestReplying:
    def test_first_reply_sets_first_response_and_opens_a_new_ticket(self, agent):
        ticket = TicketFactory()
        actions.reply(ticket, "We are checking with the depot.", actor=agent)
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.OPEN
        assert ticket.first_response_at is not None
        assert ticket.message_count == 2
        assert kinds(ticket) == ["created", "reply", "status"]

    def test_reply_can_set_pending_in_the_same_step(self, agent):
        ticket = TicketFactory()
        actions.reply(ticket, "Could you send the tracking number?", actor=agent, status="pending")
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.PENDING

    def test_a_light_agent_cannot_reply_publicly(self, light_agent):
        ticket = TicketFactory()
        with pytest.raises(PermissionDenied):
            actions.reply(ticket, "Hi!", actor=light_agent)
        assert ticket.messages.count() == 1

    def test_a_light_agent_can_add_an_internal_note(self, light_agent):
        ticket = TicketFactory()
        note = actions.add_note(ticket, "Courier confirmed the delay.", actor=light_agent)
        assert note.is_internal

    def test_a_note_mentioning_a_colleague_notifies_them(self, agent):
        colleague = UserFactory(username="tigran")
        ticket = TicketFactory()
        actions.add_note(ticket, "@tigran can you call the depot in Yerevan?", actor=agent)
        assert Notification.objects.filter(user=colleague, ticket=ticket, kind="mention").exists()
        assert "mention" in kinds(ticket)

    def test_a_mention_of_nobody_notifies_nobody(self, agent):
        ticket = TicketFactory()
        actions.add_note(ticket, "email me at ops@example.com", actor=agent)
        assert Notification.objects.count() == 0


class TestStatusChanges:
    def test_solving_records_when_and_an_event(self, agent):
        ticket = actions.change_status(TicketFactory(), "solved", actor=agent)
        assert ticket.solved_at is not None
        event = ticket.events.get(kind=Event.Kind.STATUS)
        assert event.data == {"before": "new", "after": "solved"}
        assert event.actor == agent

    def test_unchanged_status_writes_no_event(self, agent):
        ticket = actions.change_status(TicketFactory(), "new", actor=agent)
        assert kinds(ticket) == ["created"]

    def test_customer_reply_to_a_solved_ticket_reopens_it(self, agent):
        ticket = actions.change_status(TicketFactory(), "solved", actor=agent)
        actions.add_customer_message(ticket, "It still has not arrived.", channel="email")
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.OPEN
        assert ticket.reopen_count == 1
        assert ticket.solved_at is None
        assert "reopened" in kinds(ticket)

    def test_customer_reply_to_a_closed_ticket_opens_a_linked_follow_up(self, agent):
        ticket = TicketFactory()
        actions.change_status(ticket, "closed", actor=agent)
        message = actions.add_customer_message(ticket, "Another question.", channel="email")
        follow_up = message.ticket
        assert follow_up.pk != ticket.pk
        assert (
            follow_up.links_out.filter(target=ticket).exists()
            or follow_up.links_in.filter(source=ticket).exists()
        )

    def test_a_closed_ticket_cannot_change_status(self, agent):
        ticket = actions.change_status(TicketFactory(), "closed", actor=agent)
        with pytest.raises(ValidationError):
            actions.change_status(ticket, "open", actor=agent)

    def test_a_light_agent_cannot_change_status(self, light_agent):
        with pytest.raises(PermissionDenied):
            actions.change_status(TicketFactory(), "solved", actor=light_agent)


class TestAssignmentAndTransfers:
    def test_assigning_records_who_and_notifies_the_assignee(self, agent):
        colleague = UserFactory()
        ticket = actions.assign_ticket(TicketFactory(), colleague, actor=agent)
        event = ticket.events.get(kind=Event.Kind.ASSIGNED)
        assert event.data["after_id"] == colleague.pk
        assert ticket.status == Ticket.Status.OPEN
        assert Notification.objects.filter(user=colleague, kind="assigned").exists()

    def test_moving_between_teams_counts_as_a_transfer(self, agent):
        deliveries, billing = TeamFactory(name="Deliveries"), TeamFactory(name="Billing")
        ticket = TicketFactory(team=deliveries)
        ticket = actions.transfer_ticket(ticket, billing, actor=agent)
        assert ticket.transfer_count == 1
        event = ticket.events.get(kind=Event.Kind.TEAM)
        assert event.data == {"before": "Deliveries", "after": "Billing"}

    def test_first_team_assignment_is_not_a_transfer(self, agent):
        ticket = actions.transfer_ticket(TicketFactory(), TeamFactory(), actor=agent)
        assert ticket.transfer_count == 0

    def test_tags_are_normalised_and_changes_recorded(self, agent):
        ticket = actions.set_tags(TicketFactory(), ["Refund ", "refund", "COD"], actor=agent)
        assert sorted(ticket.tags.values_list("name", flat=True)) == ["cod", "refund"]
        event = ticket.events.get(kind=Event.Kind.TAGS)
        assert event.data == {"added": ["cod", "refund"], "removed": []}

    def test_update_ticket_writes_one_event_per_change_in_one_transaction(self, agent):
        team = TeamFactory()
        ticket = actions.update_ticket(
            TicketFactory(), actor=agent, status="pending", priority="high", team=team,
            assignee=agent, tags=["vip"],
        )  # fmt: skip
        assert ticket.status == "pending" and ticket.priority == "high"
        assert {"priority", "team", "assigned", "tags", "status"} <= set(kinds(ticket))

    def test_a_failing_change_in_update_ticket_rolls_back_the_others(self, agent):
        ticket = actions.change_status(TicketFactory(), "closed", actor=agent)
        with pytest.raises(ValidationError):
            actions.update_ticket(ticket, actor=agent, priority="urgent", status="open")
        ticket.refresh_from_db()
        assert ticket.priority == "normal"


class TestRecordingPastChanges:
    def test_every_action_can_record_when_a_change_happened(self, agent):
        from datetime import UTC, datetime

        when = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
        ticket = TicketFactory(at=when)
        actions.assign_ticket(ticket, agent, actor=agent, at=when)
        actions.set_tags(ticket, ["import"], actor=agent, at=when)
        actions.change_priority(ticket, "high", actor=agent, at=when)
        actions.transfer_ticket(ticket, TeamFactory(), actor=agent, at=when)
        ticket = actions.change_status(ticket, "solved", actor=agent, at=when)
        assert ticket.updated_at == when and ticket.solved_at == when
        assert set(ticket.events.values_list("created_at", flat=True)) == {when}
