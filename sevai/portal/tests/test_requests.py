"""A signed-in customer's requests: only their own, never internal notes, replies, files,
"solved" and new requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from sevai.accounts.models import User
from sevai.brands.queries import default_brand
from sevai.customers.models import Customer
from sevai.mail.models import Attachment, Mailbox, OutboundEmail
from sevai.portal.tests.factories import attach, upload
from sevai.testing.factories import CustomerFactory, TeamFactory, TicketFactory
from sevai.tickets import actions
from sevai.tickets.models import Channel, Event, Message, Ticket, TicketLink

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOTE = "Internal: customer is on the fraud watch list, do not refund."


class TestOnlyTheirOwn:
    def test_anonymous_visitors_are_sent_to_the_sign_in_page(self, client: Client):
        for url in ("/portal/requests/", "/portal/requests/new/", "/portal/requests/10001/"):
            assert client.get(url)["Location"] == "/portal/"

    def test_another_customers_ticket_is_a_404_everywhere(
        self, client_for: Client, other_customer: Customer, agent: User
    ):
        theirs = TicketFactory(customer=other_customer, subject="Tigran's parcel")
        message = theirs.messages.get()
        attachment = attach(message)
        n = theirs.number
        assert client_for.get(f"/portal/requests/{n}/").status_code == 404
        assert client_for.post(f"/portal/requests/{n}/reply/", {"body": "Hi"}).status_code == 404
        assert client_for.post(f"/portal/requests/{n}/solve/").status_code == 404
        download = client_for.get(f"/portal/requests/{n}/files/{attachment.pk}/")
        assert download.status_code == 404
        theirs.refresh_from_db()
        assert (theirs.status, theirs.message_count) == (Ticket.Status.NEW, 1)
        assert "Tigran" not in client_for.get("/portal/requests/").content.decode()

    def test_a_ticket_number_that_does_not_exist_is_a_404(self, client_for: Client):
        assert client_for.get("/portal/requests/99999/").status_code == 404

    def test_a_file_of_their_own_reached_through_another_ticket_number_is_a_404(
        self, client_for: Client, customer: Customer
    ):
        first, second = TicketFactory(customer=customer), TicketFactory(customer=customer)
        attachment = attach(first.messages.get())
        url = f"/portal/requests/{second.number}/files/{attachment.pk}/"
        assert client_for.get(url).status_code == 404


class TestConversation:
    def test_notes_never_appear_but_messages_and_public_replies_do(
        self, client_for: Client, customer: Customer, agent: User
    ):
        ticket = TicketFactory(customer=customer, subject="Parcel to Yerevan")
        actions.add_note(ticket, NOTE, actor=agent)
        actions.reply(ticket, "Your parcel left the hub this morning.", actor=agent)
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        assert "Parcel to Yerevan" in html
        assert "my parcel has not arrived yet" in html
        assert "Your parcel left the hub this morning." in html
        assert "fraud watch list" not in html
        assert "Internal" not in html

    def test_a_notes_file_cannot_be_downloaded(
        self, client_for: Client, customer: Customer, agent: User
    ):
        ticket = TicketFactory(customer=customer)
        note = actions.add_note(ticket, NOTE, actor=agent)
        attachment = attach(note, "fraud-report.pdf")
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        assert "fraud-report.pdf" not in html
        url = f"/portal/requests/{ticket.number}/files/{attachment.pk}/"
        assert client_for.get(url).status_code == 404

    def test_their_own_file_downloads_as_an_attachment(
        self, client_for: Client, customer: Customer
    ):
        ticket = TicketFactory(customer=customer)
        attachment = attach(ticket.messages.get(), "label.pdf", b"%PDF-1.4 the label")
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        url = f"/portal/requests/{ticket.number}/files/{attachment.pk}/"
        assert f'href="{url}"' in html
        response = client_for.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 the label"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_a_file_that_was_not_kept_is_listed_but_not_linked(
        self, client_for: Client, customer: Customer
    ):
        ticket = TicketFactory(customer=customer)
        skipped = Attachment.objects.create(
            message=ticket.messages.get(),
            filename="huge.iso",
            content_type="application/octet-stream",
            size=1,
            sha256="0" * 64,
            skipped_reason="too large",
        )
        html = client_for.get(f"/portal/requests/{ticket.number}/").content.decode()
        assert "huge.iso" in html
        url = f"/portal/requests/{ticket.number}/files/{skipped.pk}/"
        assert url not in html
        assert client_for.get(url).status_code == 404

    def test_a_ticket_merged_into_another_of_theirs_leads_there(
        self, client_for: Client, customer: Customer, agent: User
    ):
        duplicate, kept = TicketFactory(customer=customer), TicketFactory(customer=customer)
        actions.merge_tickets(duplicate, kept, actor=agent)
        response = client_for.get(f"/portal/requests/{duplicate.number}/")
        assert response["Location"] == f"/portal/requests/{kept.number}/"
        listed = client_for.get("/portal/requests/").content.decode()
        assert f"#{kept.number}" in listed
        assert f"#{duplicate.number}" not in listed


class TestList:
    def test_tickets_from_every_channel_newest_activity_first_with_plain_status_words(
        self, client_for: Client, customer: Customer, other_customer: Customer, agent: User
    ):
        subjects = {}
        for n, channel in enumerate([Channel.EMAIL, Channel.CHAT, Channel.WEB_FORM, Channel.API]):
            ticket = TicketFactory(
                customer=customer, channel=channel, subject=f"Via {channel}", at=T0 + timedelta(n)
            )
            subjects[channel] = ticket
        TicketFactory(customer=other_customer, subject="Someone else's parcel")
        actions.change_status(subjects[Channel.EMAIL], Ticket.Status.PENDING, actor=agent)
        actions.change_status(subjects[Channel.CHAT], Ticket.Status.SOLVED, actor=agent)
        html = client_for.get("/portal/requests/").content.decode()
        order = [html.index(f"Via {c}") for c in (Channel.CHAT, Channel.EMAIL)]
        assert order == sorted(order)  # both changed just now: newest activity first
        assert html.index(f"Via {Channel.API}") < html.index(f"Via {Channel.WEB_FORM}")
        assert "Someone else" not in html
        assert "Waiting for you" in html  # pending
        assert "Waiting for us" in html  # new
        assert "Solved" in html

    def test_tickets_of_a_customer_merged_into_them_are_listed(
        self, client_for: Client, customer: Customer, agent: User
    ):
        from sevai.customers.actions import merge_customers

        duplicate = CustomerFactory()
        ticket = TicketFactory(customer=duplicate, subject="Sent from my other address")
        merge_customers(duplicate, customer, actor=agent)
        assert ticket.subject in client_for.get("/portal/requests/").content.decode()

    def test_long_lists_are_paginated(self, client_for: Client, customer: Customer):
        for n in range(21):
            TicketFactory(customer=customer, subject=f"Parcel {n:02d}", at=T0 + timedelta(n))
        first = client_for.get("/portal/requests/").content.decode()
        second = client_for.get("/portal/requests/?page=2").content.decode()
        assert "Parcel 20" in first and "Parcel 01" in first and "Parcel 00" not in first
        assert "Parcel 00" in second and "Parcel 20" not in second
        assert 'rel="next"' in first and 'rel="prev"' in second

    @pytest.mark.parametrize("n", [1, 25])
    def test_the_list_query_count_is_flat(
        self, client_for: Client, customer: Customer, django_assert_num_queries, n: int
    ):
        default_brand()
        for _ in range(n):
            TicketFactory(customer=customer)
        # session, customer, brand, count, page
        with django_assert_num_queries(5):
            assert client_for.get("/portal/requests/").status_code == 200

    @pytest.mark.parametrize("n", [1, 12])
    def test_the_conversation_query_count_is_flat(
        self, client_for: Client, customer: Customer, agent: User, django_assert_num_queries, n
    ):
        default_brand()
        ticket = TicketFactory(customer=customer)
        attach(ticket.messages.get())
        for i in range(n):
            message = actions.reply(ticket, f"Reply {i}", actor=agent)
            attach(message, f"photo-{i}.pdf")
            actions.add_note(ticket, f"Note {i}", actor=agent)
        # session, customer, brand, ticket, messages with authors, attachments
        with django_assert_num_queries(6):
            assert client_for.get(f"/portal/requests/{ticket.number}/").status_code == 200


class TestReplying:
    def test_a_reply_lands_on_the_ticket_from_the_portal_with_its_files(
        self, client_for: Client, customer: Customer
    ):
        ticket = TicketFactory(customer=customer)
        response = client_for.post(
            f"/portal/requests/{ticket.number}/reply/",
            {"body": "Here is the label.", "attachments": [upload("label.pdf"), upload("b.pdf")]},
        )
        message = ticket.messages.order_by("-id").first()
        assert message is not None
        assert response["Location"] == f"/portal/requests/{ticket.number}/#message-{message.pk}"
        assert (message.kind, message.channel, message.author_customer) == (
            Message.Kind.CUSTOMER,
            Channel.PORTAL,
            customer,
        )
        assert message.body == "Here is the label."
        assert sorted(a.filename for a in message.attachments.all()) == ["b.pdf", "label.pdf"]

    def test_a_refused_file_keeps_the_whole_reply_out(self, client_for: Client, customer: Customer):
        ticket = TicketFactory(customer=customer)
        response = client_for.post(
            f"/portal/requests/{ticket.number}/reply/",
            {"body": "Run this.", "attachments": [upload("setup.exe", b"MZ")]},
        )
        assert response.status_code == 400
        assert "files of this type are not accepted" in response.content.decode()
        assert ticket.messages.count() == 1
        assert Attachment.objects.count() == 0

    def test_an_empty_reply_is_refused(self, client_for: Client, customer: Customer):
        ticket = TicketFactory(customer=customer)
        response = client_for.post(f"/portal/requests/{ticket.number}/reply/", {"body": "  "})
        assert response.status_code == 400
        assert ticket.messages.count() == 1

    def test_a_reply_to_a_solved_ticket_reopens_it(
        self, client_for: Client, customer: Customer, agent: User
    ):
        ticket = TicketFactory(customer=customer)
        actions.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
        client_for.post(f"/portal/requests/{ticket.number}/reply/", {"body": "Not yet!"})
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.OPEN

    def test_a_reply_to_a_closed_ticket_opens_a_linked_follow_up_and_goes_there(
        self, client_for: Client, customer: Customer, agent: User
    ):
        ticket = TicketFactory(customer=customer, subject="Broken kettle")
        actions.change_status(ticket, Ticket.Status.CLOSED, actor=agent)
        response = client_for.post(
            f"/portal/requests/{ticket.number}/reply/", {"body": "It broke again."}
        )
        follow_up = Ticket.objects.exclude(pk=ticket.pk).get()
        assert (follow_up.channel, follow_up.customer, follow_up.subject) == (
            Channel.PORTAL,
            customer,
            "Broken kettle",
        )
        assert response["Location"].startswith(f"/portal/requests/{follow_up.number}/#message-")
        assert TicketLink.objects.filter(source=ticket, target=follow_up).exists()


class TestMarkingSolved:
    def test_the_customer_marks_it_solved_and_the_timeline_says_they_did(
        self, client_for: Client, customer: Customer, mailbox: Mailbox
    ):
        ticket = TicketFactory(customer=customer)
        response = client_for.post(f"/portal/requests/{ticket.number}/solve/")
        assert response["Location"] == f"/portal/requests/{ticket.number}/"
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.SOLVED
        event = ticket.events.get(kind=Event.Kind.STATUS)
        assert event.actor is None
        assert event.data == {"before": "new", "after": "solved", "by_customer": customer.pk}
        # they said so themselves: no "we marked your request as solved" mail
        assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.SOLVED).exists()

    def test_the_button_is_offered_only_while_the_request_is_open(
        self, client_for: Client, customer: Customer, agent: User
    ):
        ticket = TicketFactory(customer=customer)
        page = f"/portal/requests/{ticket.number}/"
        assert "Mark as solved" in client_for.get(page).content.decode()
        actions.change_status(ticket, Ticket.Status.CLOSED, actor=agent)
        assert "Mark as solved" not in client_for.get(page).content.decode()
        client_for.post(f"/portal/requests/{ticket.number}/solve/")
        ticket.refresh_from_db()
        assert ticket.status == Ticket.Status.CLOSED


class TestNewRequest:
    def test_a_new_request_lands_in_the_inbox_from_the_portal_in_the_page_language(
        self, client_for: Client, customer: Customer
    ):
        brand = default_brand()
        brand.team = TeamFactory(name="Parcels")
        brand.save()
        assert client_for.get("/portal/requests/new/").status_code == 200
        response = client_for.post(
            "/portal/requests/new/?lang=hy",
            {
                "subject": "Parcel stuck in customs",
                "body": "It has been a week.",
                "attachments": [upload("invoice.pdf")],
            },
        )
        ticket = Ticket.objects.get()
        assert response["Location"] == f"/portal/requests/{ticket.number}/"
        assert (ticket.channel, ticket.customer, ticket.language) == (
            Channel.PORTAL,
            customer,
            "hy",
        )
        assert ticket.team is not None and ticket.team.name == "Parcels"
        message = ticket.messages.get(kind=Message.Kind.CUSTOMER)  # (and the assistant's note)
        assert message.body == "It has been a week."
        assert [a.filename for a in message.attachments.all()] == ["invoice.pdf"]

    def test_a_request_without_a_message_is_refused(self, client_for: Client):
        response = client_for.post("/portal/requests/new/", {"subject": "Hello", "body": ""})
        assert response.status_code == 400
        assert Ticket.objects.count() == 0
