"""Filtered ticket search after the ticket changed: status, assignee, merges, reindexing.

PostgreSQL keeps copies of the ticket's status, assignee and creation time on each index
row (sevai/search/index.py); every search here looks for a word of the ticket's FIRST
message, whose row was written before the change, so a copy left stale fails the test.
SQLite joins the ticket for these filters; the same tests pin the same results there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from sevai.search.index import reindex_all
from sevai.search.tests.test_ticket_search import ids
from sevai.testing.factories import TicketFactory, UserFactory
from sevai.tickets import actions
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def index_rows(ticket: Ticket) -> set[tuple[str, int | None, datetime]]:
    """PostgreSQL's copies of the ticket's columns on its index rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, assignee_id, created_at FROM search_message WHERE ticket_id = %s",
            [ticket.pk],
        )
        return set(cursor.fetchall())


def assert_rows_follow(ticket: Ticket) -> None:
    if connection.vendor != "postgresql":
        return
    ticket.refresh_from_db()
    assert index_rows(ticket) == {(ticket.status, ticket.assignee_id, ticket.created_at)}


@pytest.fixture
def ticket() -> Ticket:
    return TicketFactory(body="The zebra print kettle never came.")


class TestAssigneeFilter:
    def test_reassigning_moves_the_ticket_to_the_new_assignee(self, ticket, agent) -> None:
        other = UserFactory()
        actions.assign_ticket(ticket, agent, actor=agent)
        assert ids("zebra", assignee_id=agent.pk) == [ticket.pk]
        actions.assign_ticket(ticket, other, actor=agent)
        assert ids("zebra", assignee_id=agent.pk) == []
        assert ids("zebra", assignee_id=other.pk) == [ticket.pk]
        assert_rows_follow(ticket)

    def test_unassigning_removes_it_from_the_filter(self, ticket, agent) -> None:
        actions.assign_ticket(ticket, agent, actor=agent)
        actions.assign_ticket(ticket, None, actor=agent)
        assert ids("zebra", assignee_id=agent.pk) == []
        assert ids("zebra") == [ticket.pk]
        assert_rows_follow(ticket)

    def test_bulk_assignment_in_the_inbox_updates_the_filter(
        self, ticket, agent, agent_client
    ) -> None:
        second = TicketFactory(body="Another zebra parcel")
        post = {"ticket": [ticket.number, second.number], "action": "assign", "assignee": agent.pk}
        agent_client.post("/inbox/bulk/", post)
        assert sorted(ids("zebra", assignee_id=agent.pk)) == sorted([ticket.pk, second.pk])
        assert_rows_follow(ticket)


class TestStatusFilter:
    def test_solving_moves_the_ticket_to_solved(self, ticket, agent) -> None:
        assert ids("zebra", status="new") == [ticket.pk]
        actions.change_status(ticket, "solved", actor=agent)
        assert ids("zebra", status="new") == []
        assert ids("zebra", status="solved") == [ticket.pk]
        assert_rows_follow(ticket)

    def test_bulk_close_in_the_inbox_updates_the_filter(self, ticket, agent_client) -> None:
        agent_client.post("/inbox/bulk/", {"ticket": [ticket.number], "action": "close"})
        assert ids("zebra", status="solved") == [ticket.pk]
        assert_rows_follow(ticket)

    def test_assigning_a_new_ticket_opens_it(self, ticket, agent) -> None:
        actions.assign_ticket(ticket, agent, actor=agent)
        assert ids("zebra", status="open") == [ticket.pk]
        assert ids("zebra", status="new") == []

    def test_agent_reply_opens_a_new_ticket(self, ticket, agent) -> None:
        actions.reply(ticket, "We are looking into it.", actor=agent)
        assert ids("zebra", status="open") == [ticket.pk]
        assert_rows_follow(ticket)

    def test_customer_message_reopens_a_solved_ticket(self, ticket, agent) -> None:
        actions.change_status(ticket, "solved", actor=agent)
        actions.add_customer_message(ticket, "Still nothing here.", channel="email")
        assert ids("zebra", status="solved") == []
        assert ids("zebra", status="open") == [ticket.pk]
        assert_rows_follow(ticket)

    def test_update_ticket_applies_status_and_assignee_together(self, ticket, agent) -> None:
        actions.update_ticket(ticket, actor=agent, status="pending", assignee=agent)
        assert ids("zebra", status="pending", assignee_id=agent.pk) == [ticket.pk]
        assert_rows_follow(ticket)


class TestMergedTickets:
    def test_moved_messages_take_the_target_status_and_assignee(self, agent) -> None:
        other = UserFactory()
        target = TicketFactory(body="Where is my order?")
        duplicate = TicketFactory(body="The zebra print kettle never came.")
        actions.assign_ticket(duplicate, other, actor=agent)
        actions.assign_ticket(target, agent, actor=agent)
        actions.change_status(target, "pending", actor=agent)
        actions.merge_tickets(duplicate, target, actor=agent)
        assert ids("zebra", assignee_id=agent.pk) == [target.pk]
        assert ids("zebra", assignee_id=other.pk) == []
        assert ids("zebra", status="pending") == [target.pk]
        assert ids("zebra", status="open") == []
        assert_rows_follow(target)

    def test_moved_messages_take_the_target_creation_time(self, agent) -> None:
        target = TicketFactory(body="Where is my order?", at=datetime(2026, 4, 1, tzinfo=UTC))
        duplicate = TicketFactory(body="zebra kettle", at=datetime(2026, 3, 2, tzinfo=UTC))
        actions.merge_tickets(duplicate, target, actor=agent)
        assert ids("zebra", created_from=date(2026, 3, 15)) == [target.pk]
        assert ids("zebra", created_to=date(2026, 3, 15)) == []
        assert_rows_follow(target)


class TestReindex:
    def test_reindexing_copies_the_current_ticket_columns(self, ticket, agent) -> None:
        actions.assign_ticket(ticket, agent, actor=agent)
        actions.change_status(ticket, "pending", actor=agent)
        assert reindex_all() == 1
        assert ids("zebra", status="pending", assignee_id=agent.pk) == [ticket.pk]
        assert_rows_follow(ticket)
