"""Signing in to the portal with a link sent by email: asking, mailing, spending, limits."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from sevai.brands.models import Brand
from sevai.customers.actions import merge_customers
from sevai.customers.models import Customer
from sevai.mail.models import Mailbox, OutboundEmail
from sevai.portal import actions, limits
from sevai.portal.models import MagicLink
from sevai.portal.pages import SESSION_KEY
from sevai.portal.tests.factories import mailed_link
from sevai.testing.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SAME_ANSWER = "If we know this address, we sent you a link."


def ask(client: Client, email: str, query: str = "") -> OutboundEmail | None:
    response = client.post(f"/portal/{query}", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/portal/sent/"
    return OutboundEmail.objects.filter(kind=OutboundEmail.Kind.PORTAL_LINK).first()


class TestAskingForALink:
    def test_the_sign_in_page_asks_for_an_email_address(self, client: Client):
        response = client.get("/portal/")
        assert response.status_code == 200
        assert b'type="email"' in response.content
        assert b"csrfmiddlewaretoken" in response.content

    def test_a_known_address_gets_one_mail_with_the_link(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        with time_machine.travel(T0, tick=False):
            outbound = ask(client, "mariam@mail.example")
        assert outbound is not None
        assert (outbound.ticket, outbound.to, outbound.mailbox) == (
            None,
            ["mariam@mail.example"],
            mailbox,
        )
        assert outbound.state == OutboundEmail.State.PENDING
        url, token = mailed_link(outbound)
        assert url == f"http://127.0.0.1:8000/portal/login/{token}/"
        assert url in outbound.body_html
        link = MagicLink.objects.get()
        assert link.customer == customer
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert (link.created_at, link.expires_at) == (T0, T0 + timedelta(minutes=20))
        assert link.used_at is None
        assert link.requested_ip == "127.0.0.1"

    def test_the_answer_page_says_the_same_for_everyone(self, client: Client):
        response = client.get("/portal/sent/")
        assert SAME_ANSWER in response.content.decode()

    def test_an_unknown_address_gets_the_same_answer_and_nothing_is_made(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        known = client.post("/portal/", {"email": "mariam@mail.example"})
        unknown = client.post("/portal/", {"email": "nobody@mail.example"})
        assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
        assert MagicLink.objects.count() == 1
        assert OutboundEmail.objects.count() == 1

    def test_the_address_is_matched_whatever_its_case(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        outbound = ask(client, "  Mariam@MAIL.example ")
        assert outbound is not None
        assert outbound.to == ["mariam@mail.example"]

    def test_the_link_goes_to_the_address_typed_when_the_customer_has_several(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        customer.identities.create(kind="email", value="mariam@work.example")
        outbound = ask(client, "mariam@work.example")
        assert outbound is not None
        assert outbound.to == ["mariam@work.example"]

    def test_the_raw_token_is_stored_nowhere_in_the_link_table(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        outbound = ask(client, "mariam@mail.example")
        assert outbound is not None
        _url, token = mailed_link(outbound)
        row = MagicLink.objects.values().get()
        assert all(token not in str(value) for value in row.values())

    def test_the_mail_is_written_in_the_language_of_the_page(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        outbound = ask(client, "mariam@mail.example", query="?lang=ta")
        assert outbound is not None
        assert outbound.language == "ta"
        assert outbound.body_text.startswith("வணக்கம் Mariam,")
        assert '<html lang="ta">' in outbound.body_html

    def test_the_link_keeps_the_brand_of_the_page(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        Brand.objects.create(name="Parcel Help", slug="parcel", is_default=True)
        Brand.objects.create(name="Tea Shop", slug="tea")
        outbound = ask(client, "mariam@mail.example", query="?brand=tea")
        assert outbound is not None
        url, token = mailed_link(outbound)
        assert url == f"http://127.0.0.1:8000/portal/login/{token}/?brand=tea"
        assert "Tea Shop" in client.get(url).content.decode()

    def test_without_a_mailbox_no_link_is_made_and_the_answer_is_the_same(
        self, client: Client, customer: Customer
    ):
        assert ask(client, "mariam@mail.example") is None
        assert MagicLink.objects.count() == 0

    def test_an_address_that_bounced_gets_no_link(
        self, client: Client, customer: Customer, mailbox: Mailbox
    ):
        customer.identities.update(undeliverable=True)
        assert ask(client, "mariam@mail.example") is None
        assert MagicLink.objects.count() == 0

    def test_a_malformed_address_is_refused_with_a_message(self, client: Client):
        response = client.post("/portal/", {"email": "not an address"})
        assert response.status_code == 400
        assert b"errorlist" in response.content
        assert MagicLink.objects.count() == 0

    def test_an_address_of_a_merged_customer_signs_in_the_surviving_one(
        self, agent, mailbox: Mailbox
    ):
        duplicate = CustomerFactory(email="old@mail.example")
        survivor = CustomerFactory(email="new@mail.example")
        merge_customers(duplicate, survivor, actor=agent)
        link = actions.request_sign_in_link("old@mail.example", ip="127.0.0.1", language="en")
        assert link is not None
        assert link.customer == survivor


class TestRateLimit:
    def test_one_address_asked_for_too_often_is_refused_known_or_not(
        self, client: Client, customer: Customer, mailbox: Mailbox, settings
    ):
        settings.PORTAL_LINKS_PER_ADDRESS = 2
        settings.PORTAL_LINKS_PER_IP = 0
        for email in ("mariam@mail.example", "nobody@mail.example"):
            for _ in range(2):
                assert client.post("/portal/", {"email": email}).status_code == 302
            refused = client.post("/portal/", {"email": email.upper()})
            assert refused.status_code == 429
            assert "wait an hour" in refused.content.decode()
        assert MagicLink.objects.count() == 2

    def test_one_client_asking_for_many_addresses_is_refused(
        self, client: Client, customer: Customer, mailbox: Mailbox, settings
    ):
        settings.PORTAL_LINKS_PER_IP = 3
        for n in range(3):
            assert client.post("/portal/", {"email": f"guess{n}@mail.example"}).status_code == 302
        assert client.post("/portal/", {"email": "mariam@mail.example"}).status_code == 429
        assert MagicLink.objects.count() == 0
        elsewhere = client.post(
            "/portal/", {"email": "mariam@mail.example"}, REMOTE_ADDR="10.0.0.9"
        )
        assert elsewhere.status_code == 302
        assert MagicLink.objects.count() == 1

    def test_a_limit_of_zero_is_off(self, client: Client, settings):
        settings.PORTAL_LINKS_PER_IP = 0
        settings.PORTAL_LINKS_PER_ADDRESS = 0
        for _ in range(40):
            assert client.post("/portal/", {"email": "nobody@mail.example"}).status_code == 302

    def test_ipv6_clients_are_counted_by_their_64(self):
        assert limits.client_network("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
        assert limits.client_network("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
        assert limits.client_network("192.0.2.7") == "192.0.2.7"


def signed_in_customer_id(client: Client) -> object:
    return client.session.get(SESSION_KEY)


@pytest.fixture
def link_url(client: Client, customer: Customer, mailbox: Mailbox) -> str:
    with time_machine.travel(T0, tick=False):
        outbound = ask(client, "mariam@mail.example")
    assert outbound is not None
    url, _token = mailed_link(outbound)
    return url.removeprefix("http://127.0.0.1:8000")


class TestUsingALink:
    def test_opening_the_link_only_shows_a_button_and_spends_nothing(
        self, client: Client, link_url: str
    ):
        with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
            for _ in range(2):  # a mail scanner, then the customer
                response = client.get(link_url)
                assert response.status_code == 200
                assert b'<form method="post"' in response.content
        assert MagicLink.objects.get().used_at is None
        assert signed_in_customer_id(client) is None

    def test_pressing_sign_in_signs_the_customer_in_under_a_new_session_key(
        self, client: Client, link_url: str, customer: Customer
    ):
        with time_machine.travel(T0 + timedelta(minutes=19), tick=False):
            client.get(link_url)
            before = client.session.session_key
            response = client.post(link_url)
            assert (response.status_code, response["Location"]) == (302, "/portal/requests/")
            assert signed_in_customer_id(client) == customer.pk
            assert client.session.session_key != before
            assert "_auth_user_id" not in client.session  # not a Django user
        assert MagicLink.objects.get().used_at == T0 + timedelta(minutes=19)

    def test_a_used_link_is_refused_the_second_time(
        self, client: Client, link_url: str, customer: Customer
    ):
        with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
            client.post(link_url)
            other = Client()
            assert b"no longer works" in other.get(link_url).content
            response = other.post(link_url)
        assert response.status_code == 200
        assert b"no longer works" in response.content
        assert signed_in_customer_id(other) is None

    def test_an_expired_link_is_refused(self, client: Client, link_url: str):
        with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
            assert b"no longer works" in client.get(link_url).content
            response = client.post(link_url)
        assert b"no longer works" in response.content
        assert b'name="email"' in response.content  # offers a new link
        assert signed_in_customer_id(client) is None
        assert MagicLink.objects.get().used_at is None

    def test_a_made_up_token_is_refused(self, client: Client, customer: Customer):
        response = client.post("/portal/login/" + "x" * 43 + "/")
        assert b"no longer works" in response.content
        assert signed_in_customer_id(client) is None

    def test_a_link_wins_only_once(self, customer: Customer, mailbox: Mailbox):
        link = actions.request_sign_in_link("mariam@mail.example", ip=None, language="en")
        assert link is not None
        [outbound] = OutboundEmail.objects.all()
        _url, token = mailed_link(outbound)
        assert actions.use_sign_in_link(token) == customer
        assert actions.use_sign_in_link(token) is None

    def test_an_agent_signed_in_in_the_same_browser_stays_signed_in(
        self, agent_client: Client, customer: Customer, mailbox: Mailbox
    ):
        link = ask(agent_client, "mariam@mail.example")
        assert link is not None
        url, _token = mailed_link(link)
        agent_client.post(url)
        assert signed_in_customer_id(agent_client) == customer.pk
        assert agent_client.get("/portal/requests/").wsgi_request.user.is_authenticated

    def test_a_signed_in_customer_is_sent_from_the_sign_in_page_to_their_requests(
        self, client_for: Client
    ):
        response = client_for.get("/portal/")
        assert (response.status_code, response["Location"]) == (302, "/portal/requests/")

    def test_signing_out_forgets_the_customer(self, client_for: Client):
        response = client_for.post("/portal/sign-out/")
        assert (response.status_code, response["Location"]) == (302, "/portal/")
        assert signed_in_customer_id(client_for) is None
        assert client_for.get("/portal/requests/")["Location"] == "/portal/"

    def test_a_session_of_a_customer_merged_since_shows_the_survivors_requests(
        self, agent, client_for: Client, customer: Customer
    ):
        survivor = CustomerFactory()
        ticket = TicketFactory(customer=survivor, subject="Parcel to Gyumri")
        merge_customers(customer, survivor, actor=agent)
        response = client_for.get("/portal/requests/")
        assert ticket.subject in response.content.decode()


class TestSecrecy:
    def test_the_link_never_reaches_the_logs(
        self, client: Client, customer: Customer, mailbox: Mailbox, caplog
    ):
        with caplog.at_level(logging.DEBUG):
            outbound = ask(client, "mariam@mail.example")
            assert outbound is not None
            url, token = mailed_link(outbound)
            client.get(url)
            client.post(url)
            Client().post(url)  # refused: already used
        assert caplog.records  # the flow does log
        assert token not in caplog.text


class TestCsrf:
    def test_posts_without_the_csrf_token_are_refused(self, customer: Customer, mailbox: Mailbox):
        client = Client(enforce_csrf_checks=True)
        assert client.post("/portal/", {"email": "mariam@mail.example"}).status_code == 403
        assert MagicLink.objects.count() == 0
