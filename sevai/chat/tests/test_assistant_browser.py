"""A visitor on a Tagalog shop page asks the chat widget, gets the virtual assistant's answer
with its help-center article and says it helped; then asks something off-topic and is handed
to a person; the agent opens the ticket and reads the hand-off summary. Real browser, real
ASGI server (HTTP + WebSockets), real assistant."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from sevai.assistant.models import Turn
from sevai.assistant.tests.kb import OFF_TOPIC_QUESTION_TL, TRACKING_QUESTION_TL, parcel_kb
from sevai.chat.strings import widget_strings
from sevai.chat.tests.factories import ChatWidgetFactory
from sevai.testing.factories import UserFactory
from sevai.tickets.models import Message, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_tagalog_question_is_answered_then_an_off_topic_one_goes_to_a_person(
    asgi_server,
    browser,
    shop_site,
):
    parcel_kb()
    agent = UserFactory(username="meena", first_name="Meena", is_available=True)
    agent.set_password("correct horse battery")
    agent.save()
    widget = ChatWidgetFactory(team_name="Parcel help")
    with translation.override("tl"):
        words = widget_strings(widget)  # the widget's words on a Tagalog page
    errors: list[str] = []

    shop_context, desk_context = browser.new_context(), browser.new_context()
    shop, desk = shop_context.new_page(), desk_context.new_page()
    for page in (shop, desk):
        page.set_default_timeout(30_000)  # the first answer loads the embedding model
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: msg.type == "error" and errors.append(f"{msg.text} {msg.location['url']}"),
        )

    shop.goto(shop_site(asgi_server.url, widget.key, lang="tl"))
    shop.get_by_role("button", name=words["open"]).click()
    chat = shop.get_by_role("dialog", name="Parcel help")
    chat.get_by_role("button", name=words["skip"]).click()
    chat.get_by_role("textbox", name=words["placeholder"]).fill(TRACKING_QUESTION_TL)
    chat.get_by_role("button", name=words["send"]).click()

    # The answer comes from the assistant, with the Tagalog article and the question.
    log = chat.get_by_role("log")
    answer = log.locator(".assistant")
    expect(answer).to_contain_text(words["assistant"])
    article = answer.get_by_role("link", name="Paano i-track ang padala")
    expect(article).to_have_attribute(
        "href", re.compile(r"/help/[^/]+/tl/paano-i-track-ang-padala/$")
    )
    expect(answer).to_contain_text(words["ask"])
    answer.get_by_role("button", name=words["yes"]).click()
    expect(answer.get_by_text(words["solved"])).to_be_visible()
    expect(answer.get_by_role("button")).to_have_count(0)
    ticket = Ticket.objects.get()
    assert ticket.status == Ticket.Status.SOLVED
    assert Turn.objects.get().feedback == Turn.Feedback.YES

    # Something the help center does not cover: a person is asked to take over.
    chat.get_by_role("textbox", name=words["placeholder"]).fill(OFF_TOPIC_QUESTION_TL)
    chat.get_by_role("button", name=words["send"]).click()
    expect(log.locator(".assistant")).to_have_count(2)
    handed_off = Turn.objects.get(outcome=Turn.Outcome.HANDED_OFF)
    notice = handed_off.answer
    assert notice is not None
    expect(log.locator(".assistant").last).to_contain_text(notice.body)

    # The agent opens the ticket and reads the assistant's hand-off summary.
    desk.goto(f"{asgi_server.url}/login/")
    desk.get_by_label("Username").fill("meena")
    desk.get_by_label("Password").fill("correct horse battery")
    desk.get_by_role("button", name="Log in").click()
    desk.wait_for_url(re.compile(r"/inbox/"))
    desk.goto(f"{asgi_server.url}/tickets/{ticket.number}/")
    note = desk.locator(".msg-note").filter(has_text="Internal note")
    expect(note).to_contain_text("Assistant")
    summary = Message.objects.get(kind=Message.Kind.NOTE).body
    expect(note).to_contain_text(summary.splitlines()[0])
    expect(note).to_contain_text(OFF_TOPIC_QUESTION_TL)
    assert errors == []
