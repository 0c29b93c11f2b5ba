"""A visitor chats from a shop's page with an agent in the workspace, in two real browser
contexts over a real ASGI server (HTTP + WebSockets)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sevai.chat.tests.factories import ChatWidgetFactory
from sevai.mail.models import Mailbox, OutboundEmail
from sevai.testing.factories import UserFactory
from sevai.tickets.models import Ticket

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("assistant_off"),
]


def test_visitor_and_agent_chat_survive_a_reload_and_fall_back_to_email(
    asgi_server, browser, shop_site
):
    agent = UserFactory(username="meena", first_name="Meena", is_available=True)
    agent.set_password("correct horse battery")
    agent.save()
    Mailbox.objects.create(name="Support", address="help@desk.example", is_active=True)
    widget = ChatWidgetFactory(team_name="Parcel help")
    errors: list[str] = []

    desk_context, shop_context = browser.new_context(), browser.new_context()
    desk, shop = desk_context.new_page(), shop_context.new_page()
    for page in (desk, shop):
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: msg.type == "error" and errors.append(f"{msg.text} {msg.location['url']}"),
        )

    desk.goto(f"{asgi_server.url}/login/")
    desk.get_by_label("Username").fill("meena")
    desk.get_by_label("Password").fill("correct horse battery")
    desk.get_by_role("button", name="Log in").click()
    desk.wait_for_url(re.compile(r"/inbox/"))

    # The visitor opens the chat, skips the optional form and asks.
    shop.goto(shop_site(asgi_server.url, widget.key))
    shop.get_by_role("button", name="Chat with us").click()
    chat = shop.get_by_role("dialog", name="Parcel help")
    chat.get_by_role("button", name="Skip").click()
    chat.get_by_role("textbox", name="Write a message…").fill("Where is my parcel SV123?")
    chat.get_by_role("button", name="Send").click()
    log = chat.get_by_role("log")
    expect(log).to_contain_text("Where is my parcel SV123?")

    # The chat shows up in the agent's inbox without a reload; the agent opens and answers.
    desk.get_by_role("link", name="Where is my parcel SV123?").click()
    ticket = Ticket.objects.get()
    desk.wait_for_url(re.compile(rf"/tickets/{ticket.number}/"))
    composer = desk.locator("#composer-body")
    composer.fill("It is with the courier in Chennai.")
    expect(chat.get_by_text("Parcel help is typing…")).to_be_visible()
    desk.get_by_role("button", name=re.compile("Send")).click()
    expect(log).to_contain_text("It is with the courier in Chennai.")

    # The visitor writes again; the agent sees it arrive live on the open ticket.
    chat.get_by_role("textbox", name="Write a message…").fill("Thanks! When will it arrive?")
    chat.get_by_role("textbox", name="Write a message…").press("Enter")
    expect(desk.locator(".conversation")).to_contain_text("Thanks! When will it arrive?")

    # A reload mid-conversation loses nothing and doubles nothing.
    shop.reload()
    chat = shop.get_by_role("dialog", name="Parcel help")
    log = chat.get_by_role("log")
    for text in (
        "Where is my parcel SV123?",
        "It is with the courier in Chennai.",
        "Thanks! When will it arrive?",
    ):
        expect(log.get_by_text(text)).to_have_count(1)

    # The agent goes offline; the visitor's next message is answered by email.
    desk.goto(f"{asgi_server.url}/settings/profile/")
    desk.get_by_label("Available for chat").uncheck()
    desk.get_by_role("button", name="Save profile").click()
    chat.get_by_role("textbox", name="Write a message…").fill("Hello? Are you still there?")
    chat.get_by_role("button", name="Send").click()
    expect(chat.get_by_text(re.compile("No one is available right now"))).to_be_visible()
    chat.get_by_role("textbox", name="Your email address").fill("priya@example.in")
    chat.get_by_role("button", name="Send me the answer by email").click()
    expect(chat.get_by_text("Thanks! We will answer you at priya@example.in.")).to_be_visible()

    desk.goto(f"{asgi_server.url}/tickets/{ticket.number}/")
    expect(desk.locator(".conversation")).to_contain_text("Hello? Are you still there?")
    desk.locator("#composer-body").fill("Sorry for the wait: it arrives tomorrow.")
    desk.get_by_role("button", name=re.compile("Send")).click()
    expect(desk.locator(".conversation")).to_contain_text("it arrives tomorrow")
    mail = OutboundEmail.objects.get()
    assert mail.to == ["priya@example.in"]
    assert f"[#{ticket.number}]" in mail.subject
    assert Ticket.objects.count() == 1  # the same ticket all along
    assert errors == []
