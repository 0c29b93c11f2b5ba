"""The inbox: views, filters, sorting, bulk actions, saved views, query counts."""

from __future__ import annotations

import pytest

from sevai.testing.factories import (
    CustomerFactory,
    OrganizationFactory,
    TeamFactory,
    TicketFactory,
    UserFactory,
)
from sevai.tickets import actions
from sevai.tickets.models import SavedView, Ticket

pytestmark = pytest.mark.django_db


def numbers(response) -> list[int]:
    return [t.number for t in response.context["tickets"]]


class TestInboxViews:
    def test_my_open_tickets_shows_only_mine_and_open(self, agent_client, agent):
        mine = actions.assign_ticket(TicketFactory(), agent, actor=agent)
        solved = actions.assign_ticket(TicketFactory(), agent, actor=agent)
        actions.change_status(solved, "solved", actor=agent)
        TicketFactory()
        response = agent_client.get("/inbox/?view=mine")
        assert numbers(response) == [mine.number]

    def test_unassigned_pending_and_solved_views(self, agent_client, agent):
        unassigned = TicketFactory()
        pending = actions.change_status(TicketFactory(), "pending", actor=agent)
        solved = actions.change_status(TicketFactory(), "solved", actor=agent)
        assert unassigned.number in numbers(agent_client.get("/inbox/?view=unassigned"))
        assert numbers(agent_client.get("/inbox/?view=pending")) == [pending.number]
        assert numbers(agent_client.get("/inbox/?view=solved")) == [solved.number]

    def test_filters_by_team_channel_language_tag_and_organization(self, agent_client, agent):
        team = TeamFactory(name="Billing")
        org = OrganizationFactory(name="Ararat Trading")
        hit = TicketFactory(
            team=team,
            channel="chat",
            customer=CustomerFactory(organization=org, language="hy"),
            language="hy",  # the body is English: detection alone would say "en"
        )
        actions.set_tags(hit, ["refund"], actor=agent)
        TicketFactory(channel="chat")
        TicketFactory(team=team)
        query = f"team={team.pk}&channel=chat&language=hy&tag=refund&organization={org.pk}"
        assert numbers(agent_client.get(f"/inbox/?{query}")) == [hit.number]

    def test_empty_filter_fields_mean_any(self, agent_client):
        chat = TicketFactory(channel="chat")
        TicketFactory(channel="email")
        response = agent_client.get("/inbox/?view=open&status=&priority=&team=&channel=chat&tag=")
        assert numbers(response) == [chat.number]

    def test_sorting_by_priority_puts_urgent_first(self, agent_client):
        low = TicketFactory(priority="low")
        urgent = TicketFactory(priority="urgent")
        normal = TicketFactory()
        got = numbers(agent_client.get("/inbox/?sort=-priority"))
        assert got == [urgent.number, normal.number, low.number]

    def test_pages_of_fifty(self, agent_client):
        for _ in range(51):
            TicketFactory()
        first = agent_client.get("/inbox/")
        second = agent_client.get("/inbox/?page=2")
        assert len(first.context["tickets"]) == 50 and first.context["has_next"]
        assert len(second.context["tickets"]) == 1 and not second.context["has_next"]

    def test_htmx_requests_get_only_the_list(self, agent_client):
        TicketFactory()
        response = agent_client.get("/inbox/", HTTP_HX_REQUEST="true")
        assert b"<html" not in response.content
        assert b'class="tickets"' in response.content

    def test_internal_notes_are_not_used_as_the_preview(self, agent_client, agent):
        ticket = TicketFactory(body="Where is my parcel?")
        actions.add_note(ticket, "SECRET internal remark", actor=agent)
        response = agent_client.get("/inbox/")
        assert b"SECRET internal remark" not in response.content
        assert b"Where is my parcel?" in response.content


class TestBulkActions:
    def test_bulk_assign_close_and_tag(self, agent_client, agent):
        colleague = UserFactory()
        a, b = TicketFactory(), TicketFactory()
        post = {"ticket": [a.number, b.number], "action": "assign", "assignee": colleague.pk}
        agent_client.post("/inbox/bulk/", post)
        assert set(Ticket.objects.values_list("assignee", flat=True)) == {colleague.pk}
        agent_client.post("/inbox/bulk/", {"ticket": [a.number], "action": "tag", "tag": "Cod"})
        assert list(a.tags.values_list("name", flat=True)) == ["cod"]
        agent_client.post("/inbox/bulk/", {"ticket": [a.number, b.number], "action": "close"})
        assert set(Ticket.objects.values_list("status", flat=True)) == {"solved"}

    def test_bulk_without_selection_changes_nothing(self, agent_client):
        ticket = TicketFactory()
        response = agent_client.post("/inbox/bulk/", {"action": "close"})
        assert response.status_code == 302
        ticket.refresh_from_db()
        assert ticket.status == "new"

    def test_light_agents_cannot_bulk_close(self, light_client):
        ticket = TicketFactory()
        light_client.post("/inbox/bulk/", {"ticket": [ticket.number], "action": "close"})
        ticket.refresh_from_db()
        assert ticket.status == "new"


class TestSavedViews:
    def test_saving_a_view_keeps_its_filters(self, agent_client, agent):
        response = agent_client.post(
            "/inbox/views/",
            {"name": "Urgent chats", "query": "view=open&channel=chat&priority=urgent&x=1"},
        )
        saved = SavedView.objects.get()
        assert saved.query == "view=open&channel=chat&priority=urgent"
        assert response["Location"].endswith(f"?saved={saved.pk}")
        chat = TicketFactory(channel="chat", priority="urgent")
        TicketFactory(channel="email", priority="urgent")
        assert numbers(agent_client.get(f"/inbox/?saved={saved.pk}")) == [chat.number]

    def test_a_private_view_of_someone_else_is_not_found(self, agent_client):
        other = UserFactory()
        saved = SavedView.objects.create(owner=other, name="Mine", query="view=open")
        assert agent_client.get(f"/inbox/?saved={saved.pk}").status_code == 404


class TestInboxQueryCount:
    @pytest.mark.parametrize("n", [1, 40])
    def test_the_inbox_uses_the_same_number_of_queries_for_any_size(
        self, agent_client, django_assert_num_queries, n, agent
    ):
        team = TeamFactory()
        org = OrganizationFactory()
        for i in range(n):
            ticket = TicketFactory(team=team, customer=CustomerFactory(organization=org))
            actions.set_tags(ticket, [f"t{i % 3}"], actor=agent)
            actions.assign_ticket(ticket, agent, actor=agent)
        agent_client.get("/inbox/")  # warm the sidebar counts cache
        with django_assert_num_queries(9):
            response = agent_client.get("/inbox/")
        assert len(response.context["tickets"]) == n
