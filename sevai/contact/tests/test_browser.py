"""The embedded form in a real browser, inside an iframe on another site (Playwright + Debian's
chromium): it must work without our cookies and answer inside the frame."""

from __future__ import annotations

import pytest

from sevai.brands.models import Brand
from sevai.contact import spam
from sevai.contact.tests.factories import BrandFactory
from sevai.tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def brand(db) -> Brand:  # type: ignore[no-untyped-def]
    return BrandFactory(name="Parcel Help", slug="parcel-help")


def test_a_visitor_sends_the_embedded_form_from_another_sites_page(
    live_server, browser, brand: Brand, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)  # a robot types fast; no sleeping in tests
    page = browser.new_page()
    # The host page has no origin of its own (about:blank): the frame is third-party to it.
    frame_url = f"{live_server.url}/contact/parcel-help/embed/?lang=hy"
    page.set_content(f'<iframe src="{frame_url}" title="Contact" width="700" height="900">')
    frame = page.frame_locator("iframe")
    frame.locator("#id_name").fill("Mariam Petrosyan")
    frame.locator("#id_email").fill("mariam@mail.example")
    frame.locator("#id_subject").fill("Parcel to Yerevan")
    frame.locator("#id_message").fill("Where is my parcel?")
    frame.locator("button[type=submit]").click()
    frame.locator(".contact-sent").wait_for()
    ticket = Ticket.objects.get()
    assert f"#{ticket.number}" in frame.locator(".contact-sent").inner_text()
    assert ticket.language == "hy"
    assert ticket.customer.name == "Mariam Petrosyan"
