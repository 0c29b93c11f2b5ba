"""A valid contact request becomes a web-form ticket, with its files and an acknowledgement."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from sevai.brands.models import Brand
from sevai.contact import actions
from sevai.contact.tests.factories import ContactCategoryFactory, form_data, row_counts, upload
from sevai.customers.models import Customer, Identity
from sevai.mail.models import Mailbox, OutboundEmail
from sevai.testing.factories import CustomerFactory, TeamFactory
from sevai.tickets.models import Channel, Message, Ticket

pytestmark = pytest.mark.django_db


def submit(client: Client, url: str, **overrides: object) -> Ticket:
    response = client.post(url, form_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Ticket.objects.get()


class TestOpeningTheTicket:
    def test_a_new_customer_gets_a_web_form_ticket_in_the_page_language(
        self, client: Client, brand: Brand
    ):
        ticket = submit(client, "/contact/parcel-help/?lang=hy")
        assert ticket.channel == Channel.WEB_FORM
        assert ticket.subject == "Parcel to Yerevan"
        assert ticket.language == "hy"
        customer = ticket.customer
        assert customer.name == "Mariam Petrosyan"
        assert customer.language == "hy"
        assert customer.identities.get().value == "mariam@mail.example"
        message = ticket.messages.get(kind=Message.Kind.CUSTOMER)  # (the assistant may add a note)
        assert message.channel == Channel.WEB_FORM
        assert message.author_customer == customer
        assert message.body == "Hello,\nmy parcel 4471 has not arrived. Where is it?"

    def test_a_known_address_reuses_the_customer_and_keeps_their_name_and_language(
        self, client: Client, brand: Brand
    ):
        known = CustomerFactory(name="Mariam P.", language="ta", email="mariam@mail.example")
        ticket = submit(client, "/contact/parcel-help/", email=" Mariam@Mail.Example ")
        assert ticket.customer == known
        assert Customer.objects.count() == 1
        known.refresh_from_db()
        assert (known.name, known.language) == ("Mariam P.", "ta")
        assert ticket.language == "en"

    def test_the_topic_tags_the_ticket_and_routes_it_to_its_team(
        self, client: Client, brand: Brand
    ):
        billing = TeamFactory(name="Billing")
        brand.team = TeamFactory(name="Front desk")
        brand.save()
        topic = ContactCategoryFactory(brand=brand, name="Refunds", tag="refund", team=billing)
        ticket = submit(client, "/contact/parcel-help/", category=str(topic.pk))
        assert [t.name for t in ticket.tags.all()] == ["refund"]
        assert ticket.team == billing

    def test_a_topic_without_a_team_leaves_the_ticket_with_the_brands_team(
        self, client: Client, brand: Brand
    ):
        brand.team = TeamFactory(name="Front desk")
        brand.save()
        topic = ContactCategoryFactory(brand=None, name="Delivery", tag="")
        ticket = submit(client, "/contact/parcel-help/", category=str(topic.pk))
        assert ticket.team == brand.team
        assert list(ticket.tags.all()) == []

    def test_the_default_address_uses_the_default_brand(self, client: Client):
        response = client.post("/contact/", form_data())
        assert response.status_code == 302
        assert response["Location"].startswith("/contact/support/sent/")
        assert Ticket.objects.get().channel == Channel.WEB_FORM

    def test_attachments_are_stored_on_the_first_message(self, client: Client, brand: Brand):
        files = [
            upload("label.pdf", 300, "application/pdf"),
            upload("photo.jpg", 500, "image/jpeg"),
        ]
        ticket = submit(client, "/contact/parcel-help/", attachments=files)
        stored = ticket.messages.get(kind=Message.Kind.CUSTOMER).attachments.order_by("filename")
        assert [(a.filename, a.size, a.content_type) for a in stored] == [
            ("label.pdf", 300, "application/pdf"),
            ("photo.jpg", 500, "image/jpeg"),
        ]
        assert stored[0].file.read() == b"x" * 300


class TestAcknowledgement:
    def test_the_acknowledgement_is_queued_in_the_customers_language(
        self, client: Client, brand: Brand, mailbox: Mailbox
    ):
        ticket = submit(client, "/contact/parcel-help/?lang=ta")
        ack = OutboundEmail.objects.get()
        assert ack.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT
        assert ack.ticket == ticket
        assert ack.to == ["mariam@mail.example"]
        assert ack.mailbox == mailbox
        with translation.override("ta"):
            tamil = gettext("Ticket number")
        assert tamil != "Ticket number"
        assert tamil in ack.body_text
        assert f"#{ticket.number}" in ack.body_text

    def test_a_known_customer_is_acknowledged_in_their_own_language(
        self, client: Client, brand: Brand, mailbox: Mailbox
    ):
        CustomerFactory(name="Mariam", language="hy", email="mariam@mail.example")
        submit(client, "/contact/parcel-help/?lang=en")
        with translation.override("hy"):
            armenian = gettext("Ticket number")
        assert armenian in OutboundEmail.objects.get().body_text

    def test_the_brands_own_mailbox_acknowledges(self, client: Client, brand: Brand, mailbox):
        own = Mailbox.objects.create(name="Brand", address="hello@brand.example")
        brand.support_email = "Hello@Brand.example"
        brand.save()
        submit(client, "/contact/parcel-help/")
        assert OutboundEmail.objects.get().mailbox == own

    def test_the_confirmation_says_an_email_was_sent(
        self, client: Client, brand: Brand, mailbox: Mailbox
    ):
        response = client.post("/contact/parcel-help/", form_data(), follow=True)
        ticket = Ticket.objects.get()
        html = response.content.decode()
        assert f"#{ticket.number}" in html
        assert "We have sent you a confirmation by email." in html

    def test_without_a_mailbox_nothing_is_queued_and_no_email_is_promised(
        self, client: Client, brand: Brand
    ):
        response = client.post("/contact/parcel-help/", form_data(), follow=True)
        ticket = Ticket.objects.get()
        html = response.content.decode()
        assert OutboundEmail.objects.count() == 0
        assert f"#{ticket.number}" in html
        assert "by email" not in html.split("<main", 1)[1]

    def test_no_acknowledgement_when_the_mailbox_has_them_turned_off(
        self, client: Client, brand: Brand, mailbox: Mailbox
    ):
        mailbox.send_acknowledgement = False
        mailbox.save()
        response = client.post("/contact/parcel-help/", form_data(), follow=True)
        assert OutboundEmail.objects.count() == 0
        assert "We have sent you a confirmation by email." not in response.content.decode()


class TestAllOrNothing:
    def test_a_failure_after_the_ticket_was_opened_leaves_nothing_behind(
        self, brand: Brand, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
    ):
        def broken_storage(*args: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(actions, "attach_uploads", broken_storage)
        before = row_counts()
        with pytest.raises(OSError):
            actions.submit_contact_request(
                brand=brand,
                name="Mariam",
                email="mariam@mail.example",
                subject="Parcel",
                message="Where is it?",
                language="hy",
                files=[upload("label.pdf")],
            )
        assert row_counts() == before

    def test_the_action_refuses_forbidden_files_itself(self, brand: Brand):
        before = row_counts()
        with pytest.raises(ValidationError, match="not accepted"):
            actions.submit_contact_request(
                brand=brand,
                name="Mariam",
                email="mariam@mail.example",
                subject="Parcel",
                message="Where is it?",
                language="en",
                files=[upload("setup.exe")],
            )
        assert row_counts() == before
        assert not Identity.objects.exists()


class TestConfirmationPage:
    def test_it_shows_the_request_number_from_the_signed_receipt(
        self, client: Client, brand: Brand
    ):
        response = client.post("/contact/parcel-help/?lang=tl", form_data())
        location = urlsplit(response["Location"])
        assert location.path == "/contact/parcel-help/sent/"
        assert parse_qs(location.query)["lang"] == ["tl"]
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert f"#{Ticket.objects.get().number}" in page.content.decode()
        assert page["Content-Language"] == "tl"

    def test_someone_elses_ticket_cannot_be_shown(self, client: Client, brand: Brand):
        other = CustomerFactory()
        ticket = actions.submit_contact_request(
            brand=brand,
            name="Other",
            email=other.primary_contact,
            subject="Private",
            message="My private request",
            language="en",
        ).ticket
        number = str(ticket.number)
        for query in (
            f"?r={number}",
            f"?ticket={ticket.pk}",
            f"?n={number}",
            "?r=eyJuIjoxMDAwMSwiYSI6dHJ1ZX0:forged:signature",
        ):
            page = client.get(f"/contact/parcel-help/sent/{query}")
            assert page.status_code == 200
            assert number not in page.content.decode(), query

    def test_a_receipt_is_refused_once_it_has_expired(self, client: Client, brand: Brand):
        import time_machine

        with time_machine.travel("2026-03-02 09:00Z", tick=False) as traveller:
            location = client.post("/contact/parcel-help/", form_data())["Location"]
            number = str(Ticket.objects.get().number)
            assert number in client.get(location).content.decode()
            traveller.shift(25 * 3600)
            assert number not in client.get(location).content.decode()
