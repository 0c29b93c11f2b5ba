"""An agent works a ticket in a real browser (Playwright + Debian's chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sevai.testing.factories import CustomerFactory, TeamFactory, TicketFactory, UserFactory
from sevai.tickets.models import Event, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk():
    team = TeamFactory(name="Deliveries")
    agent = UserFactory(username="meena", first_name="Meena", last_name="Iyer")
    agent.set_password("correct horse battery")
    agent.save()
    colleague = UserFactory(username="paolo", first_name="Paolo", last_name="Reyes")
    chat = TicketFactory(
        channel="chat",
        subject="Nasaan na ang parcel ko?",
        body="Tatlong araw na po akong naghihintay sa parcel ko.",
        customer=CustomerFactory(name="Maria Santos", language="tl"),
        team=team,
    )
    TicketFactory(channel="email", subject="Invoice paid twice")
    return agent, colleague, chat


def test_agent_filters_opens_notes_replies_reassigns_and_sees_the_timeline(
    live_server,
    browser,
    desk,
):
    agent, colleague, chat = desk
    page = browser.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("meena")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/inbox/"))

    # Filter the inbox to chats (htmx swaps the list, no full reload).
    page.get_by_label("Channel").select_option("chat")
    page.wait_for_url(re.compile(r"channel=chat"))
    rows = page.locator("tr[data-row]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nasaan na ang parcel ko?")

    # Open the ticket.
    page.get_by_role("link", name="Nasaan na ang parcel ko?").click()
    page.wait_for_url(re.compile(rf"/tickets/{chat.number}/"))

    # Internal note, with the keyboard shortcut n.
    page.locator("body").press("n")
    expect(page.locator("input[name=kind]")).to_have_value("note")
    page.locator("#composer-body").fill("@paolo can you call the Cebu hub?")
    page.get_by_role("button", name="Send").click()
    page.locator(".msg-note", has_text="can you call the Cebu hub").wait_for()

    # Public reply.
    page.get_by_role("tab", name=re.compile("Public reply")).click()
    page.locator("#composer-body").fill("Pasensya na po, tinitingnan na namin ngayon.")
    page.get_by_role("button", name="Send").click()
    page.locator(".msg-reply", has_text="tinitingnan na namin").wait_for()

    # Reassign to a colleague.
    page.get_by_label("Assignee").select_option(label="Paolo Reyes")
    page.get_by_role("button", name="Update").click()
    page.locator("#timeline", has_text="reassigned").wait_for()

    timeline = page.locator("#timeline").inner_text()
    assert "added an internal note" in timeline
    assert "replied to the customer" in timeline
    assert "mentioned Paolo Reyes" in timeline
    assert re.search(r"reassigned from nobody to Paolo Reyes", timeline)

    ticket = Ticket.objects.get(pk=chat.pk)
    assert ticket.assignee == colleague
    assert ticket.status == "pending"  # the reply's default "then set status"
    kinds = set(Event.objects.filter(ticket=ticket).values_list("kind", flat=True))
    assert {"note", "reply", "mention", "assigned"} <= kinds
    assert errors == []
    page.close()
