"""Accessible markup on every workspace page: labelled controls, landmarks, headings, alt text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from sevai.testing.factories import CustomerFactory, OrganizationFactory, TicketFactory
from sevai.tickets import actions

pytestmark = pytest.mark.django_db

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset"}


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.label_depth = 0
        self.h1 = 0
        self.main = 0
        self.html_lang: str | None = None
        self.images_without_alt = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main += 1
        elif tag == "img" and "alt" not in a:
            self.images_without_alt += 1
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and (a.get("type") or "text") in UNLABELLED_TYPES:
                return
            self.controls.append({**a, "_wrapped": "yes" if self.label_depth else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1

    def unlabelled(self) -> list[str]:
        return [
            str(c.get("name") or c.get("id"))
            for c in self.controls
            if not (
                c.get("_wrapped")
                or c.get("aria-label")
                or c.get("aria-labelledby")
                or (c.get("id") and c["id"] in self.label_for)
            )
        ]


def audit(client: Client, url: str) -> Audit:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Audit()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def pages(agent):
    org = OrganizationFactory()
    customer = CustomerFactory(organization=org)
    ticket = TicketFactory(customer=customer)
    actions.add_note(ticket, "A note", actor=agent)
    return [
        "/inbox/",
        "/inbox/?view=mine",
        f"/tickets/{ticket.number}/",
        "/customers/",
        f"/customers/{customer.pk}/",
        "/organizations/",
        f"/organizations/{org.pk}/",
        "/search/?q=parcel",
        "/notifications/",
        "/settings/profile/",
        "/settings/tokens/",
    ]


class TestAccessibleMarkup:
    def test_every_agent_page_labels_its_controls_and_has_landmarks(self, agent_client, pages):
        for url in pages:
            result = audit(agent_client, url)
            assert result.unlabelled() == [], url
            assert result.html_lang, url
            assert result.main == 1, url
            assert result.h1 == 1, url
            assert result.images_without_alt == 0, url

    def test_admin_pages_too(self, admin_client_):
        for url in ["/settings/users/", "/settings/webhooks/"]:
            result = audit(admin_client_, url)
            assert result.unlabelled() == [], url
            assert result.h1 == 1, url

    def test_the_login_page(self, client):
        result = audit(client, "/login/")
        assert result.unlabelled() == []
        assert result.main == 1 and result.h1 == 1
